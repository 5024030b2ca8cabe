//! The lock-safe form of the statements Django generates: the same schema change, staged so
//! that no long lock blocks traffic. Each statement is rewritten (index builds
//! `CONCURRENTLY`, constraints `NOT VALID` then `VALIDATE`, `SET NOT NULL` behind a validated
//! `CHECK`), with the statements that undo it where they can be derived.

/// One statement's staged form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Staged {
    pub forward: Vec<String>,
    /// What undoes `forward` (in order), if it can be derived.
    pub reverse: Option<Vec<String>>,
    /// Whether anything was rewritten.
    pub changed: bool,
}

/// Words of a statement as Django writes it: keywords, `"quoted"` identifiers, punctuation,
/// as slices of the text (no word is copied: each shape below splits the statement again).
fn words(sql: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = sql.char_indices().peekable();
    while let Some(&(start, ch)) = chars.peek() {
        if ch.is_whitespace() {
            chars.next();
        } else if ch == '"' {
            chars.next();
            // Up to the closing quote, or to the end when there is none.
            let end = chars
                .by_ref()
                .find(|&(_, c)| c == '"')
                .map_or(sql.len(), |(at, _)| at + 1);
            out.push(&sql[start..end]);
        } else if ch.is_alphanumeric() || ch == '_' {
            let mut end = sql.len();
            while let Some(&(at, c)) = chars.peek() {
                if c.is_alphanumeric() || c == '_' || c == '.' {
                    chars.next();
                } else {
                    end = at;
                    break;
                }
            }
            out.push(&sql[start..end]);
        } else {
            chars.next();
            out.push(&sql[start..start + ch.len_utf8()]);
        }
    }
    out
}

fn is(word: Option<&&str>, keyword: &str) -> bool {
    word.is_some_and(|w| w.eq_ignore_ascii_case(keyword))
}

/// `CREATE [UNIQUE] INDEX "name" ...` → the name and the text after `INDEX`.
fn create_index(sql: &str) -> Option<(String, usize)> {
    let w = words(sql);
    let unique = is(w.get(1), "UNIQUE");
    let at = if unique { 2 } else { 1 };
    if !is(w.first(), "CREATE") || !is(w.get(at), "INDEX") || is(w.get(at + 1), "CONCURRENTLY") {
        return None;
    }
    let name = w.get(at + 1)?.to_string();
    let index_keyword = sql.to_ascii_uppercase().find("INDEX")? + "INDEX".len();
    Some((name, index_keyword))
}

/// `ALTER TABLE "t" ADD CONSTRAINT "n" <kind> ...` → table, constraint, kind.
fn add_constraint(sql: &str) -> Option<(String, String, String)> {
    let w = words(sql);
    (is(w.first(), "ALTER")
        && is(w.get(1), "TABLE")
        && is(w.get(3), "ADD")
        && is(w.get(4), "CONSTRAINT"))
    .then(|| {
        (
            w[2].to_string(),
            w.get(5).map(|name| name.to_string()).unwrap_or_default(),
            w.get(6)
                .map(|kind| kind.to_ascii_uppercase())
                .unwrap_or_default(),
        )
    })
    .filter(|(_, name, kind)| !name.is_empty() && !kind.is_empty())
}

/// `ALTER TABLE "t" ALTER COLUMN "c" SET NOT NULL` (one subcommand) → table, column.
pub(crate) fn set_not_null(sql: &str) -> Option<(String, String)> {
    let w = words(sql);
    let shape = w.len() == 9
        && is(w.first(), "ALTER")
        && is(w.get(1), "TABLE")
        && is(w.get(3), "ALTER")
        && is(w.get(4), "COLUMN")
        && is(w.get(6), "SET")
        && is(w.get(7), "NOT")
        && is(w.get(8), "NULL");
    shape.then(|| (w[2].to_string(), w[5].to_string()))
}

/// `ALTER TABLE "t" ADD COLUMN "c" ...` → table, column.
pub(crate) fn add_column(sql: &str) -> Option<(String, String)> {
    let w = words(sql);
    (is(w.first(), "ALTER")
        && is(w.get(1), "TABLE")
        && is(w.get(3), "ADD")
        && is(w.get(4), "COLUMN"))
    .then(|| {
        (
            w[2].to_string(),
            w.get(5).map(|name| name.to_string()).unwrap_or_default(),
        )
    })
}

/// `ALTER TABLE "t" ALTER COLUMN "c" DROP DEFAULT` → table, column.
pub(crate) fn drop_default(sql: &str) -> Option<(String, String)> {
    let w = words(sql);
    let shape = is(w.first(), "ALTER")
        && is(w.get(1), "TABLE")
        && is(w.get(3), "ALTER")
        && is(w.get(4), "COLUMN")
        && is(w.get(6), "DROP")
        && is(w.get(7), "DEFAULT");
    shape.then(|| (w[2].to_string(), w[5].to_string()))
}

/// `ALTER TABLE "old" RENAME TO "new"` → old, new.
pub(crate) fn rename_table(sql: &str) -> Option<(String, String)> {
    let w = words(sql);
    (is(w.first(), "ALTER")
        && is(w.get(1), "TABLE")
        && is(w.get(3), "RENAME")
        && is(w.get(4), "TO"))
    .then(|| {
        (
            w[2].to_string(),
            w.get(5).map(|name| name.to_string()).unwrap_or_default(),
        )
    })
}

/// `"name"` without its quotes (names Django writes are quoted).
pub(crate) fn unquote(name: &str) -> &str {
    name.strip_prefix('"')
        .and_then(|n| n.strip_suffix('"'))
        .unwrap_or(name)
}

/// A name for the unique constraint that replaces an inline `UNIQUE` of `table.column`:
/// PostgreSQL's own `t_c_key` when it fits the 63-byte identifier limit, else cut to fit at a
/// character boundary (Django introspects unique constraints, so the name is free to choose).
fn inline_unique_name(table: &str, column: &str) -> String {
    let mut name = format!("{}_{}_key", unquote(table), unquote(column));
    if name.len() > 63 {
        let mut cut = 63 - "_key".len();
        while !name.is_char_boundary(cut) {
            cut -= 1;
        }
        name.truncate(cut);
        name.push_str("_key");
    }
    format!("\"{name}\"")
}

/// The staged form of one statement.
pub(crate) fn stage(sql: &str) -> Staged {
    let same = |reverse: Option<Vec<String>>| Staged {
        forward: vec![sql.to_string()],
        reverse,
        changed: false,
    };
    if let Some((name, after_index)) = create_index(sql) {
        return Staged {
            forward: vec![format!(
                "{} CONCURRENTLY{}",
                &sql[..after_index],
                &sql[after_index..]
            )],
            reverse: Some(vec![format!("DROP INDEX CONCURRENTLY IF EXISTS {name}")]),
            changed: true,
        };
    }
    if super::rules::starts_with_words(sql, &["SET"]) {
        // `SET CONSTRAINTS ... IMMEDIATE` and session settings leave nothing to undo.
        return same(Some(Vec::new()));
    }
    if let Some(rest) = sql.strip_prefix("DROP INDEX IF EXISTS ") {
        return Staged {
            forward: vec![format!("DROP INDEX CONCURRENTLY IF EXISTS {rest}")],
            reverse: None,
            changed: true,
        };
    }
    if let Some((table, name, kind)) = add_constraint(sql) {
        let drop = format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {name}");
        match kind.as_str() {
            "FOREIGN" | "CHECK" if !super::rules::has_word(sql, "VALID") => {
                return Staged {
                    forward: vec![
                        format!("{sql} NOT VALID"),
                        format!("ALTER TABLE {table} VALIDATE CONSTRAINT {name}"),
                    ],
                    reverse: Some(vec![drop]),
                    changed: true,
                }
            }
            "UNIQUE" => {
                let columns = sql.find('(').map(|at| &sql[at..]).unwrap_or("");
                if !columns.is_empty()
                    && !super::rules::has_word(sql, "USING")
                    && !super::rules::has_word(sql, "INCLUDE")
                {
                    return Staged {
                        forward: vec![
                            format!("CREATE UNIQUE INDEX CONCURRENTLY {name} ON {table} {columns}"),
                            format!("ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE USING INDEX {name}"),
                        ],
                        reverse: Some(vec![drop]),
                        changed: true,
                    };
                }
            }
            _ => {}
        }
        return same(Some(vec![drop]));
    }
    if let Some((table, column)) = set_not_null(sql) {
        let check = format!("\"{}_{}_notnull\"", unquote(&table), unquote(&column));
        return Staged {
            forward: vec![
                format!("ALTER TABLE {table} ADD CONSTRAINT {check} CHECK ({column} IS NOT NULL) NOT VALID"),
                format!("ALTER TABLE {table} VALIDATE CONSTRAINT {check}"),
                sql.to_string(),
                format!("ALTER TABLE {table} DROP CONSTRAINT {check}"),
            ],
            reverse: Some(vec![
                format!("ALTER TABLE {table} DROP CONSTRAINT IF EXISTS {check}"),
                format!("ALTER TABLE {table} ALTER COLUMN {column} DROP NOT NULL"),
            ]),
            changed: true,
        };
    }
    if let Some((table, column)) = add_column(sql) {
        let drop = format!("ALTER TABLE {table} DROP COLUMN {column}");
        let w = words(sql);
        if let Some(at) = w
            .iter()
            .position(|word| word.eq_ignore_ascii_case("UNIQUE"))
        {
            let _ = at;
            let name = inline_unique_name(&table, &column);
            let without = remove_word(sql, "UNIQUE");
            return Staged {
                forward: vec![
                    without,
                    format!("CREATE UNIQUE INDEX CONCURRENTLY {name} ON {table} ({column})"),
                    format!("ALTER TABLE {table} ADD CONSTRAINT {name} UNIQUE USING INDEX {name}"),
                ],
                reverse: Some(vec![drop]),
                changed: true,
            };
        }
        return same(Some(vec![drop]));
    }
    same(None)
}

/// The text without the first whole-word occurrence of `word` outside quotes.
fn remove_word(sql: &str, word: &str) -> String {
    let upper = sql.to_ascii_uppercase();
    let mut search = 0;
    while let Some(found) = upper[search..].find(word) {
        let start = search + found;
        let end = start + word.len();
        let quotes_before = sql[..start].matches('"').count();
        let boundary_before = start == 0 || !sql.as_bytes()[start - 1].is_ascii_alphanumeric();
        let boundary_after = end == sql.len() || !sql.as_bytes()[end].is_ascii_alphanumeric();
        if quotes_before % 2 == 0 && boundary_before && boundary_after {
            let trimmed_start = if start > 0 && sql.as_bytes()[start - 1] == b' ' {
                start - 1
            } else {
                start
            };
            return format!("{}{}", &sql[..trimmed_start], &sql[end..]);
        }
        search = end;
    }
    sql.to_string()
}

/// The staged forms of a list of statements, with the reverse of the whole list when every
/// statement's reverse is known (undone in reverse order).
pub(crate) fn stage_all(statements: &[&str]) -> (Vec<String>, Option<Vec<String>>, bool) {
    let staged: Vec<Staged> = statements.iter().map(|sql| stage(sql)).collect();
    let changed = staged.iter().any(|s| s.changed);
    let forward = staged
        .iter()
        .flat_map(|s| s.forward.iter().cloned())
        .collect();
    let reverse =
        staged
            .iter()
            .rev()
            .map(|s| s.reverse.clone())
            .try_fold(Vec::new(), |mut all, reverse| {
                // Statements that only adjust what a later reverse removes anyway (a default on
                // an added column) have no reverse of their own and need none.
                all.extend(reverse?);
                Some(all)
            });
    (forward, reverse, changed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_builds_become_concurrent() {
        let staged = stage(r#"CREATE INDEX "shop_order_note_6a1b" ON "shop_order" ("note")"#);
        assert_eq!(
            staged.forward,
            [r#"CREATE INDEX CONCURRENTLY "shop_order_note_6a1b" ON "shop_order" ("note")"#]
        );
        assert_eq!(
            staged.reverse.unwrap(),
            [r#"DROP INDEX CONCURRENTLY IF EXISTS "shop_order_note_6a1b""#]
        );
        let unique = stage(r#"CREATE UNIQUE INDEX "u" ON "t" ("a")"#);
        assert_eq!(
            unique.forward,
            [r#"CREATE UNIQUE INDEX CONCURRENTLY "u" ON "t" ("a")"#]
        );
    }

    #[test]
    fn constraints_are_added_not_valid_then_validated() {
        let staged = stage(
            r#"ALTER TABLE "b" ADD CONSTRAINT "b_a_id_fk" FOREIGN KEY ("a_id") REFERENCES "a" ("id") DEFERRABLE INITIALLY DEFERRED"#,
        );
        assert_eq!(staged.forward.len(), 2);
        assert!(staged.forward[0].ends_with("DEFERRABLE INITIALLY DEFERRED NOT VALID"));
        assert_eq!(
            staged.forward[1],
            r#"ALTER TABLE "b" VALIDATE CONSTRAINT "b_a_id_fk""#
        );
        let unique = stage(r#"ALTER TABLE "t" ADD CONSTRAINT "t_a_b_uniq" UNIQUE ("a", "b")"#);
        assert_eq!(
            unique.forward,
            [
                r#"CREATE UNIQUE INDEX CONCURRENTLY "t_a_b_uniq" ON "t" ("a", "b")"#,
                r#"ALTER TABLE "t" ADD CONSTRAINT "t_a_b_uniq" UNIQUE USING INDEX "t_a_b_uniq""#
            ]
        );
    }

    #[test]
    fn set_not_null_goes_behind_a_validated_check() {
        let staged = stage(r#"ALTER TABLE "t" ALTER COLUMN "c" SET NOT NULL"#);
        assert_eq!(staged.forward.len(), 4);
        assert_eq!(
            staged.forward[0],
            r#"ALTER TABLE "t" ADD CONSTRAINT "t_c_notnull" CHECK ("c" IS NOT NULL) NOT VALID"#
        );
        assert_eq!(
            staged.forward[2],
            r#"ALTER TABLE "t" ALTER COLUMN "c" SET NOT NULL"#
        );
    }

    #[test]
    fn inline_unique_of_an_added_column_is_built_concurrently() {
        let staged = stage(r#"ALTER TABLE "t" ADD COLUMN "code" varchar(10) NULL UNIQUE"#);
        assert_eq!(
            staged.forward[0],
            r#"ALTER TABLE "t" ADD COLUMN "code" varchar(10) NULL"#
        );
        assert_eq!(
            staged.forward[1],
            r#"CREATE UNIQUE INDEX CONCURRENTLY "t_code_key" ON "t" ("code")"#
        );
    }

    #[test]
    fn long_inline_unique_names_are_cut_at_a_character_boundary() {
        let name = inline_unique_name(&format!("\"{}\"", "é".repeat(40)), "\"code\"");
        let bare = unquote(&name);
        assert!(bare.len() <= 63, "{bare}");
        assert!(bare.ends_with("_key"), "{bare}");
        assert_eq!(inline_unique_name("\"t\"", "\"c\""), "\"t_c_key\"");
    }

    #[test]
    fn reverse_of_a_list_is_known_only_when_each_part_is() {
        let (_, reverse, changed) = stage_all(&[
            r#"ALTER TABLE "t" ADD COLUMN "c" integer NULL"#,
            r#"CREATE INDEX "i" ON "t" ("c")"#,
        ]);
        assert!(changed);
        assert_eq!(
            reverse.unwrap(),
            [
                r#"DROP INDEX CONCURRENTLY IF EXISTS "i""#,
                r#"ALTER TABLE "t" DROP COLUMN "c""#
            ]
        );
        let (_, reverse, _) = stage_all(&[r#"UPDATE "t" SET "c" = 1"#]);
        assert_eq!(reverse, None);
    }
}
