//! Clauses removed from the text handed to sqlparser because sqlparser 0.63 cannot parse them
//! and they do not change locking. A removed clause is overwritten with spaces, so byte
//! offsets stay valid, and the statement records what was removed as an assumption.

use sqlparser::tokenizer::Token;

use super::split::{Piece, SpannedToken};

fn is_word(token: Option<&SpannedToken>, word: &str) -> bool {
    matches!(token.map(|t| &t.token), Some(Token::Word(w)) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

fn is_name(token: Option<&SpannedToken>) -> bool {
    matches!(token.map(|t| &t.token), Some(Token::Word(_)))
}

/// Token index ranges (inclusive) of tablespace clauses that only choose where new files go:
/// `USING INDEX TABLESPACE ts` of a PRIMARY KEY / UNIQUE / EXCLUDE constraint anywhere, and
/// the top-level `TABLESPACE ts` of `CREATE [UNIQUE] INDEX`. (`ALTER ... SET TABLESPACE`,
/// which moves existing data, is never touched.)
fn tablespace_clauses(tokens: &[SpannedToken]) -> Vec<(usize, usize)> {
    let create_index = is_word(tokens.first(), "CREATE")
        && (is_word(tokens.get(1), "INDEX")
            || (is_word(tokens.get(1), "UNIQUE") && is_word(tokens.get(2), "INDEX")));
    let mut ranges = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    while i < tokens.len() {
        match tokens.get(i).map(|t| &t.token) {
            Some(Token::LParen) => depth += 1,
            Some(Token::RParen) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let at = |k: usize, word: &str| is_word(tokens.get(i + k), word);
        if at(0, "USING") && at(1, "INDEX") && at(2, "TABLESPACE") && is_name(tokens.get(i + 3)) {
            ranges.push((i, i + 3));
            i += 4;
            continue;
        }
        let after_set = i > 0 && is_word(tokens.get(i - 1), "SET");
        if create_index
            && depth == 0
            && !after_set
            && at(0, "TABLESPACE")
            && is_name(tokens.get(i + 1))
        {
            ranges.push((i, i + 1));
            i += 2;
            continue;
        }
        i += 1;
    }
    ranges
}

/// Blanks the tablespace clauses of `piece` in `text` (the piece's text, starting at byte
/// `piece.span.start` of the input). Returns the new text and the assumptions to record.
pub(crate) fn blank_tablespace_clauses(text: &str, piece: &Piece) -> (String, Vec<String>) {
    let ranges = tablespace_clauses(&piece.tokens);
    if ranges.is_empty() {
        return (text.to_string(), Vec::new());
    }
    let base = piece.span.start;
    let mut bytes = text.as_bytes().to_vec();
    let mut removed = Vec::new();
    for (first, last) in ranges {
        let (Some(from), Some(to)) = (piece.tokens.get(first), piece.tokens.get(last)) else {
            continue;
        };
        let (Some(from), Some(to)) = (from.start.checked_sub(base), to.end.checked_sub(base))
        else {
            continue;
        };
        if let (Some(clause), Some(slot)) = (text.get(from..to), bytes.get_mut(from..to)) {
            removed.push(clause.to_string());
            slot.fill(b' ');
        }
    }
    let assumptions = removed
        .into_iter()
        .map(|clause| format!("{clause}: ignored; it only chooses the tablespace of a new index and does not change locking"))
        .collect();
    // Whole tokens were overwritten with ASCII spaces, so the text stays valid UTF-8.
    (String::from_utf8_lossy(&bytes).into_owned(), assumptions)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::split::split_statements;

    fn blanked(sql: &str) -> (String, usize) {
        let piece = split_statements(sql)
            .into_iter()
            .next()
            .expect("one statement");
        let (text, assumptions) = blank_tablespace_clauses(sql, &piece);
        assert_eq!(text.len(), sql.len());
        (
            text.split_whitespace().collect::<Vec<_>>().join(" "),
            assumptions.len(),
        )
    }

    #[test]
    fn index_tablespaces_are_blanked() {
        assert_eq!(
            blanked(
                r#"CREATE INDEX "i" ON "t" ("c" varchar_pattern_ops) TABLESPACE "pg_default" WHERE c > 'é'"#
            ),
            (
                r#"CREATE INDEX "i" ON "t" ("c" varchar_pattern_ops) WHERE c > 'é'"#.to_string(),
                1
            )
        );
        assert_eq!(
            blanked(
                r#"CREATE TABLE t ("code" varchar(16) NOT NULL PRIMARY KEY USING INDEX TABLESPACE "x", u int UNIQUE USING INDEX TABLESPACE y)"#
            ),
            (
                r#"CREATE TABLE t ("code" varchar(16) NOT NULL PRIMARY KEY , u int UNIQUE )"#
                    .to_string(),
                2
            )
        );
    }

    #[test]
    fn other_tablespace_clauses_are_kept() {
        for sql in [
            "ALTER TABLE t SET TABLESPACE x",
            "ALTER INDEX i SET TABLESPACE x",
            "CREATE TABLE t (id int) TABLESPACE x",
            "ALTER TABLE t ADD CONSTRAINT u UNIQUE USING INDEX tablespace",
            "CREATE INDEX i ON t (tablespace)",
        ] {
            assert_eq!(blanked(sql), (sql.to_string(), 0), "{sql}");
        }
    }
}
