//! `ALTER TABLE` statements sqlparser 0.63 rejects because one subcommand uses syntax it
//! lacks: `ALTER COLUMN c DROP IDENTITY [IF EXISTS]`, `ALTER COLUMN c TYPE t COLLATE x`, and
//! PostgreSQL 18 `ADD COLUMN ... GENERATED ALWAYS AS (expr) [VIRTUAL]`.
//!
//! The statement is split into its subcommands at top-level commas. Each subcommand is matched
//! by its own token pattern, or re-parsed alone by sqlparser as `ALTER TABLE <name> <subcommand>`
//! and recognised like any parsed statement, so a multi-subcommand statement gets every form.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;
use sqlparser::tokenizer::Token;

use super::fallback::Cursor;
use super::forms::Form;
use super::model::RelationRef;
use super::recognize::{recognize, FormHit};
use super::rules::TargetRole;
use super::split::SpannedToken;
use super::ColumnTypeLookup;

/// The text tokens were read from: `text` starts at byte `base` of the original input.
pub(crate) struct Source<'a> {
    pub text: &'a str,
    pub base: usize,
}

impl Source<'_> {
    /// The text from the first to the last of `tokens`.
    fn slice(&self, tokens: &[SpannedToken]) -> Option<&str> {
        let (first, last) = (tokens.first()?, tokens.last()?);
        self.text
            .get(first.start.checked_sub(self.base)?..last.end.checked_sub(self.base)?)
    }
}

/// Recognises an `ALTER TABLE` subcommand by subcommand; `None` if any subcommand is neither
/// matched by a pattern nor parsed by sqlparser, or no rule describes it.
pub(crate) fn recognize_alter_table(
    source: &Source<'_>,
    tokens: &[SpannedToken],
    lookup: Option<&dyn ColumnTypeLookup>,
) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat_all(&["ALTER", "TABLE"]) {
        return None;
    }
    c.eat_all(&["IF", "EXISTS"]);
    c.eat("ONLY");
    let table = c.name()?;
    c.eat_token(&Token::Mul);
    let head = source.slice(tokens.get(..c.pos)?)?;
    let mut hits = Vec::new();
    for sub in split_top_level(tokens.get(c.pos..)?) {
        let found = drop_identity(sub, &table)
            .or_else(|| virtual_generated_column(sub, &table))
            .or_else(|| type_with_collation(source, head, sub, lookup))
            .or_else(|| reparse(&format!("{head} {}", source.slice(sub)?), lookup))?;
        hits.extend(found);
    }
    (!hits.is_empty()).then_some(hits)
}

/// Splits at commas outside parentheses and brackets; `None` parts are never empty.
fn split_top_level(tokens: &[SpannedToken]) -> Vec<&[SpannedToken]> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0usize, 0usize);
    for (i, t) in tokens.iter().enumerate() {
        match t.token {
            Token::LParen | Token::LBracket => depth += 1,
            Token::RParen | Token::RBracket => depth = depth.saturating_sub(1),
            Token::Comma if depth == 0 => {
                parts.push(tokens.get(start..i).unwrap_or_default());
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(tokens.get(start..).unwrap_or_default());
    parts
}

/// Parses one `ALTER TABLE` statement with sqlparser and recognises it.
fn reparse(sql: &str, lookup: Option<&dyn ColumnTypeLookup>) -> Option<Vec<FormHit>> {
    let statements = Parser::parse_sql(&PostgreSqlDialect {}, sql).ok()?;
    match statements.as_slice() {
        [statement] => recognize(statement, lookup).ok(),
        _ => None,
    }
}

/// `ALTER [COLUMN] c DROP IDENTITY [IF EXISTS]`.
fn drop_identity(sub: &[SpannedToken], table: &str) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(sub);
    if !c.eat("ALTER") {
        return None;
    }
    c.eat("COLUMN");
    c.name()?;
    if !c.eat_all(&["DROP", "IDENTITY"]) {
        return None;
    }
    c.eat_all(&["IF", "EXISTS"]);
    let hit = FormHit::new(
        Form::AlterColumnDropIdentity,
        vec![(TargetRole::Table, RelationRef::named(table))],
    )
    .assuming(
        "DROP IDENTITY also drops the identity's sequence (ACCESS EXCLUSIVE on it, not modelled)",
    );
    c.at_end().then(|| vec![hit])
}

/// `ALTER [COLUMN] c [SET DATA] TYPE t COLLATE x [USING ...]`: re-parsed without the COLLATE
/// clause so the type change is judged as usual; where it needs no rewrite, the collation
/// change still rebuilds the column's indexes.
fn type_with_collation(
    source: &Source<'_>,
    head: &str,
    sub: &[SpannedToken],
    lookup: Option<&dyn ColumnTypeLookup>,
) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(sub);
    if !c.eat("ALTER") {
        return None;
    }
    let keyword = |t: &SpannedToken, word: &str| matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word));
    // The COLLATE of the new type, not one inside the USING expression.
    let collate = sub
        .iter()
        .take_while(|t| !keyword(t, "USING"))
        .position(|t| keyword(t, "COLLATE"))?;
    let mut after = Cursor {
        tokens: sub,
        pos: collate + 1,
    };
    after.name()?;
    let before = source.slice(sub.get(..collate)?)?;
    let rest = sub
        .get(after.pos..)
        .and_then(|rest| source.slice(rest))
        .unwrap_or("");
    let hits = reparse(&format!("{head} {before} {rest}"), lookup)?;
    let is_type_change = |h: &FormHit| {
        matches!(
            h.form,
            Form::AlterColumnTypeNoRewrite | Form::AlterColumnTypeRewrite
        )
    };
    if hits.len() != 1 || !hits.iter().all(is_type_change) {
        return None;
    }
    Some(
        hits.into_iter()
            .map(|mut hit| {
                if hit.form == Form::AlterColumnTypeNoRewrite {
                    hit.form = Form::AlterColumnTypeCollation;
                    hit.assumptions.push(
                        "COLLATE: the table is not rewritten, but indexes on the column are rebuilt if the collation changes (assumed)"
                            .to_string(),
                    );
                }
                hit
            })
            .collect(),
    )
}

/// `ADD [COLUMN] [IF NOT EXISTS] c <type> ... GENERATED ALWAYS AS (expr) [VIRTUAL]`
/// (sqlparser 0.63 requires STORED).
fn virtual_generated_column(sub: &[SpannedToken], table: &str) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(sub);
    if !c.eat("ADD") {
        return None;
    }
    c.eat("COLUMN");
    c.eat_all(&["IF", "NOT", "EXISTS"]);
    c.name()?;
    while !c.at_end() {
        if c.eat_all(&["GENERATED", "ALWAYS", "AS"]) {
            c.group()?;
            c.eat("VIRTUAL");
            let hit = FormHit::new(
                Form::AddColumnGeneratedVirtual,
                vec![(TargetRole::Table, RelationRef::named(table))],
            );
            return c.at_end().then(|| vec![hit]);
        }
        if c.group().is_none() {
            c.pos += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::split::split_statements;

    fn forms_with(sql: &str, lookup: Option<&dyn ColumnTypeLookup>) -> Option<Vec<Form>> {
        let piece = split_statements(sql).into_iter().next()?;
        let source = Source { text: sql, base: 0 };
        recognize_alter_table(&source, &piece.tokens, lookup)
            .map(|hits| hits.into_iter().map(|h| h.form).collect())
    }

    fn forms(sql: &str) -> Option<Vec<Form>> {
        forms_with(sql, None)
    }

    #[test]
    fn drop_identity_alone_and_with_other_subcommands() {
        assert_eq!(
            forms(r#"ALTER TABLE "t" ALTER COLUMN "id" DROP IDENTITY IF EXISTS"#),
            Some(vec![Form::AlterColumnDropIdentity])
        );
        assert_eq!(
            forms("ALTER TABLE ONLY t ALTER id DROP IDENTITY, ALTER COLUMN c SET DEFAULT 1, ADD COLUMN d int[] DEFAULT ARRAY[1, 2]"),
            Some(vec![Form::AlterColumnDropIdentity, Form::SetDefault, Form::AddColumnDefaultNonVolatile])
        );
        assert_eq!(
            forms("ALTER TABLE t ALTER COLUMN id DROP IDENTITY junk"),
            None
        );
        assert_eq!(
            forms("ALTER TABLE t SET TABLESPACE x, ALTER COLUMN id DROP IDENTITY"),
            None
        );
    }

    #[test]
    fn collate_is_judged_by_the_type_change() {
        let sql = r#"ALTER TABLE "s" ALTER COLUMN "c" TYPE varchar(30) COLLATE "case_insensitive""#;
        assert_eq!(
            forms(sql),
            Some(vec![Form::AlterColumnTypeRewrite]),
            "old type unknown: rewrite assumed"
        );
        let same = |_: &str, _: &str| Some("character varying(30)".to_string());
        assert_eq!(
            forms_with(sql, Some(&same)),
            Some(vec![Form::AlterColumnTypeCollation])
        );
        let narrower = |_: &str, _: &str| Some("character varying(40)".to_string());
        assert_eq!(
            forms_with(sql, Some(&narrower)),
            Some(vec![Form::AlterColumnTypeRewrite])
        );
        assert_eq!(
            forms(
                r#"ALTER TABLE s ALTER COLUMN c SET DATA TYPE text COLLATE pg_catalog."C" USING c::text"#
            ),
            Some(vec![Form::AlterColumnTypeRewrite])
        );
        assert_eq!(
            forms("ALTER TABLE s ALTER COLUMN c TYPE text COLLATE"),
            None
        );
    }

    #[test]
    fn virtual_generated_columns() {
        let sql = "ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (a + 1) VIRTUAL";
        assert_eq!(forms(sql), Some(vec![Form::AddColumnGeneratedVirtual]));
        assert_eq!(
            forms("ALTER TABLE t ADD c int GENERATED ALWAYS AS (a + 1)"),
            Some(vec![Form::AddColumnGeneratedVirtual])
        );
        assert_eq!(
            forms("ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (a + 1), ADD COLUMN d int"),
            Some(vec![
                Form::AddColumnGeneratedVirtual,
                Form::AddColumnNullable
            ])
        );
        assert_eq!(
            forms("ALTER TABLE t ADD COLUMN c int GENERATED ALWAYS AS (a + 1) VIRTUAL junk"),
            None
        );
    }

    #[test]
    fn not_alter_table_or_empty() {
        assert_eq!(forms("ALTER INDEX i DROP IDENTITY"), None);
        assert_eq!(forms("ALTER TABLE t"), None);
        assert_eq!(forms("ALTER TABLE t ,"), None);
    }
}
