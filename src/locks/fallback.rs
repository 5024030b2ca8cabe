//! Token patterns for PostgreSQL statements that sqlparser 0.63 cannot parse (REINDEX,
//! DROP INDEX CONCURRENTLY, ALTER SEQUENCE, CREATE SEQUENCE with options in another order than
//! sqlparser's, ANALYZE with options or several tables, SET CONSTRAINTS), and a best-effort
//! table guess for statements nothing recognises. ALTER TABLE subcommands sqlparser lacks are
//! in `alter_split`.

use sqlparser::tokenizer::Token;

use super::forms::Form;
use super::model::RelationRef;
use super::recognize::FormHit;
use super::rules::TargetRole;
use super::split::SpannedToken;
use super::txn_control::set_constraints;

/// A cursor over a statement's tokens (whitespace already removed).
pub(crate) struct Cursor<'a> {
    pub tokens: &'a [SpannedToken],
    pub pos: usize,
}

impl<'a> Cursor<'a> {
    pub(crate) fn new(tokens: &'a [SpannedToken]) -> Self {
        Cursor { tokens, pos: 0 }
    }

    pub(crate) fn peek(&self) -> Option<&'a Token> {
        self.tokens.get(self.pos).map(|t| &t.token)
    }

    pub(crate) fn at_end(&self) -> bool {
        self.pos >= self.tokens.len()
    }

    pub(crate) fn is_word(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Token::Word(w)) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
    }

    /// Consumes the keyword if it is next.
    pub(crate) fn eat(&mut self, word: &str) -> bool {
        let found = self.is_word(word);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes a sequence of keywords, all or nothing.
    pub(crate) fn eat_all(&mut self, words: &[&str]) -> bool {
        let start = self.pos;
        if words.iter().all(|w| self.eat(w)) {
            return true;
        }
        self.pos = start;
        false
    }

    pub(crate) fn eat_token(&mut self, token: &Token) -> bool {
        let found = self.peek() == Some(token);
        if found {
            self.pos += 1;
        }
        found
    }

    /// Consumes a possibly qualified name (`a`, `"A"`, `s.a`), normalised like the parser path.
    pub(crate) fn name(&mut self) -> Option<String> {
        let mut parts = Vec::new();
        loop {
            match self.peek() {
                Some(Token::Word(w)) => {
                    parts.push(if w.quote_style.is_some() {
                        w.value.clone()
                    } else {
                        w.value.to_lowercase()
                    });
                    self.pos += 1;
                }
                _ => return None,
            }
            if !self.eat_token(&Token::Period) {
                return Some(parts.join("."));
            }
        }
    }

    /// Consumes a numeric literal, optionally signed.
    pub(crate) fn number(&mut self) -> Option<()> {
        let start = self.pos;
        let _ = self.eat_token(&Token::Minus) || self.eat_token(&Token::Plus);
        if matches!(self.peek(), Some(Token::Number(..))) {
            self.pos += 1;
            return Some(());
        }
        self.pos = start;
        None
    }

    /// Skips a parenthesised group if one is next; returns the tokens inside it.
    pub(crate) fn group(&mut self) -> Option<&'a [SpannedToken]> {
        if self.peek() != Some(&Token::LParen) {
            return None;
        }
        let open = self.pos;
        let mut depth = 0usize;
        while let Some(token) = self.peek() {
            self.pos += 1;
            match token {
                Token::LParen => depth += 1,
                Token::RParen => {
                    depth -= 1;
                    if depth == 0 {
                        return self.tokens.get(open + 1..self.pos - 1);
                    }
                }
                _ => {}
            }
        }
        None
    }
}

fn hit(form: Form, targets: Vec<(TargetRole, RelationRef)>) -> FormHit {
    FormHit::new(form, targets)
}

/// Recognises statements sqlparser rejects; `None` when no pattern matches exactly.
pub(crate) fn recognize_tokens(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    reindex(tokens)
        .or_else(|| drop_index_concurrently(tokens))
        .or_else(|| alter_sequence(tokens))
        .or_else(|| create_sequence(tokens))
        .or_else(|| analyze(tokens))
        .or_else(|| set_constraints(tokens))
}

fn reindex(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat("REINDEX") {
        return None;
    }
    let options_concurrently = c.group().is_some_and(|inner| {
        inner.iter().any(
            |t| matches!(&t.token, Token::Word(w) if w.value.eq_ignore_ascii_case("CONCURRENTLY")),
        )
    });
    let is_index = if c.eat("INDEX") {
        true
    } else if c.eat("TABLE") {
        false
    } else {
        return None;
    };
    let concurrently = c.eat("CONCURRENTLY") || options_concurrently;
    let name = c.name()?;
    if !c.at_end() {
        return None;
    }
    let form = match (is_index, concurrently) {
        (true, false) => Form::ReindexIndex,
        (true, true) => Form::ReindexIndexConcurrently,
        (false, false) => Form::ReindexTable,
        (false, true) => Form::ReindexTableConcurrently,
    };
    let targets = if is_index {
        vec![
            (
                TargetRole::Table,
                RelationRef::TableOfIndex {
                    index: name.clone(),
                },
            ),
            (TargetRole::Index, RelationRef::named(name)),
        ]
    } else {
        vec![
            (TargetRole::Table, RelationRef::named(name.clone())),
            (
                TargetRole::Index,
                RelationRef::IndexesOfTable { table: name },
            ),
        ]
    };
    Some(vec![hit(form, targets)])
}

fn drop_index_concurrently(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat_all(&["DROP", "INDEX", "CONCURRENTLY"]) {
        return None;
    }
    c.eat_all(&["IF", "EXISTS"]);
    let mut hits = Vec::new();
    loop {
        let name = c.name()?;
        hits.push(hit(
            Form::DropIndexConcurrently,
            vec![
                (
                    TargetRole::Table,
                    RelationRef::TableOfIndex {
                        index: name.clone(),
                    },
                ),
                (TargetRole::Index, RelationRef::named(name)),
            ],
        ));
        if !c.eat_token(&Token::Comma) {
            break;
        }
    }
    let _ = c.eat("CASCADE") || c.eat("RESTRICT");
    c.at_end().then_some(hits)
}

fn alter_sequence(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat_all(&["ALTER", "SEQUENCE"]) {
        return None;
    }
    c.eat_all(&["IF", "EXISTS"]);
    let sequence = c.name()?;
    let mut owner: Option<String> = None;
    while !c.at_end() {
        if c.eat_all(&["OWNED", "BY"]) {
            if c.eat("NONE") {
                continue;
            }
            let column = c.name()?;
            owner = column.rsplit_once('.').map(|(table, _)| table.to_string());
        } else {
            c.pos += 1;
        }
    }
    let mut targets = vec![(TargetRole::Sequence, RelationRef::named(sequence))];
    let form = match owner {
        Some(table) => {
            targets.push((TargetRole::Table, RelationRef::named(table)));
            Form::AlterSequenceOwnedBy
        }
        None => Form::AlterSequence,
    };
    Some(vec![hit(form, targets)])
}

/// `CREATE [TEMP | UNLOGGED] SEQUENCE [IF NOT EXISTS] s <options in any order>`: PostgreSQL
/// accepts the options in any order, sqlparser 0.63 only in one.
fn create_sequence(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat("CREATE") {
        return None;
    }
    let _ = c.eat("TEMPORARY") || c.eat("TEMP") || c.eat("UNLOGGED");
    if !c.eat("SEQUENCE") {
        return None;
    }
    c.eat_all(&["IF", "NOT", "EXISTS"]);
    let sequence = c.name()?;
    let mut owned = false;
    while !c.at_end() {
        if c.eat_all(&["NO", "MINVALUE"])
            || c.eat_all(&["NO", "MAXVALUE"])
            || c.eat_all(&["NO", "CYCLE"])
            || c.eat("CYCLE")
        {
            continue;
        }
        if c.eat("AS") {
            c.name()?;
        } else if c.eat("INCREMENT") {
            c.eat("BY");
            c.number()?;
        } else if c.eat("START") {
            c.eat("WITH");
            c.number()?;
        } else if c.eat("MINVALUE") || c.eat("MAXVALUE") || c.eat("CACHE") {
            c.number()?;
        } else if c.eat_all(&["OWNED", "BY"]) {
            owned |= !c.eat("NONE") && c.name().is_some();
        } else {
            return None;
        }
    }
    let hit = hit(
        Form::CreateSequence,
        vec![(TargetRole::Sequence, RelationRef::named(sequence))],
    );
    Some(vec![match owned {
        true => hit.assuming("OWNED BY in CREATE SEQUENCE also takes ACCESS SHARE on the owning table (not modelled)"),
        false => hit,
    }])
}

/// `ANALYZE [VERBOSE] [(options)] t [(columns)] [, ...]` (sqlparser 0.63 parses only one table
/// without options). Without a table (every table of the database) it is not recognised.
fn analyze(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !(c.eat("ANALYZE") || c.eat("ANALYSE")) {
        return None;
    }
    c.eat("VERBOSE");
    c.group();
    let mut hits = Vec::new();
    loop {
        let table = c.name()?;
        c.group();
        hits.push(hit(
            Form::Analyze,
            vec![(TargetRole::Table, RelationRef::named(table))],
        ));
        if !c.eat_token(&Token::Comma) {
            break;
        }
    }
    c.at_end().then_some(hits)
}

/// The table an unrecognised statement most likely acts on, read from its leading keywords.
pub(crate) fn guess_table(tokens: &[SpannedToken]) -> Option<String> {
    let mut c = Cursor::new(tokens);
    if c.eat_all(&["ALTER", "TABLE"])
        || c.eat_all(&["DROP", "TABLE"])
        || c.eat("TRUNCATE")
        || c.eat("LOCK")
    {
        c.eat("TABLE");
        c.eat_all(&["IF", "EXISTS"]);
        c.eat("ONLY");
        return c.name();
    }
    if c.eat_all(&["REFRESH", "MATERIALIZED", "VIEW"]) {
        c.eat("CONCURRENTLY");
        return c.name();
    }
    if c.eat("UPDATE") || c.eat_all(&["DELETE", "FROM"]) || c.eat_all(&["INSERT", "INTO"]) {
        c.eat("ONLY");
        return c.name();
    }
    if c.eat("CREATE") {
        // CREATE [UNIQUE] INDEX ... ON [ONLY] t / CREATE [CONSTRAINT] TRIGGER ... ON t
        while !c.at_end() {
            if c.eat("ON") {
                c.eat("ONLY");
                return c.name();
            }
            c.pos += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::split::split_statements;

    fn tokens(sql: &str) -> Vec<SpannedToken> {
        split_statements(sql)
            .into_iter()
            .next()
            .map(|p| p.tokens)
            .unwrap_or_default()
    }

    fn forms(sql: &str) -> Option<Vec<Form>> {
        recognize_tokens(&tokens(sql)).map(|hits| hits.into_iter().map(|h| h.form).collect())
    }

    #[test]
    fn reindex_variants() {
        assert_eq!(forms("REINDEX INDEX i"), Some(vec![Form::ReindexIndex]));
        assert_eq!(
            forms("REINDEX TABLE CONCURRENTLY public.t"),
            Some(vec![Form::ReindexTableConcurrently])
        );
        assert_eq!(
            forms("REINDEX (VERBOSE, CONCURRENTLY) INDEX i"),
            Some(vec![Form::ReindexIndexConcurrently])
        );
        assert_eq!(forms("REINDEX SCHEMA public"), None);
        assert_eq!(forms("REINDEX INDEX i junk"), None);
    }

    #[test]
    fn drop_index_concurrently_and_sequences() {
        assert_eq!(
            forms("DROP INDEX CONCURRENTLY IF EXISTS \"I\""),
            Some(vec![Form::DropIndexConcurrently])
        );
        assert_eq!(
            forms("ALTER SEQUENCE s OWNED BY t.id"),
            Some(vec![Form::AlterSequenceOwnedBy])
        );
        assert_eq!(
            forms("ALTER SEQUENCE s OWNED BY NONE"),
            Some(vec![Form::AlterSequence])
        );
        assert_eq!(
            forms("ALTER SEQUENCE IF EXISTS s RESTART WITH 5"),
            Some(vec![Form::AlterSequence])
        );
        assert_eq!(
            forms("SET CONSTRAINTS \"fk\" IMMEDIATE"),
            Some(vec![Form::SetConstraints])
        );
    }

    #[test]
    fn create_sequence_options_in_any_order() {
        assert_eq!(
            forms("CREATE SEQUENCE IF NOT EXISTS s START WITH 1000 INCREMENT BY 1"),
            Some(vec![Form::CreateSequence])
        );
        assert_eq!(
            forms("CREATE TEMP SEQUENCE s CACHE 5 NO CYCLE AS bigint MINVALUE -10 OWNED BY t.id"),
            Some(vec![Form::CreateSequence])
        );
        assert_eq!(forms("CREATE SEQUENCE s START WITH"), None);
        assert_eq!(forms("CREATE SEQUENCE s FROB 1"), None);
    }

    #[test]
    fn analyze_with_options_and_several_tables() {
        let hits = recognize_tokens(&tokens(
            "ANALYZE (VERBOSE, SKIP_LOCKED) a (x, y), public.\"B\"",
        ))
        .unwrap_or_default();
        let tables: Vec<String> = hits
            .iter()
            .flat_map(|h| h.targets.iter().map(|(_, r)| r.to_string()))
            .collect();
        assert_eq!(tables, vec!["a", "public.B"]);
        assert_eq!(forms("ANALYZE VERBOSE t"), Some(vec![Form::Analyze]));
        assert_eq!(forms("ANALYZE (VERBOSE)"), None);
        assert_eq!(forms("ANALYZE t junk"), None);
    }

    #[test]
    fn table_guesses() {
        assert_eq!(
            guess_table(&tokens("ALTER TABLE IF EXISTS ONLY \"T\" FROB")),
            Some("T".into())
        );
        assert_eq!(
            guess_table(&tokens("CREATE INDEX i ON public.t USING frob (x)")),
            Some("public.t".into())
        );
        assert_eq!(
            guess_table(&tokens("UPDATE t SET a = %s WHERE ???")),
            Some("t".into())
        );
        assert_eq!(
            guess_table(&tokens("REFRESH MATERIALIZED VIEW s.mv WITH NO DATA")),
            Some("s.mv".into())
        );
        assert_eq!(guess_table(&tokens("DO $$ BEGIN END $$")), None);
    }
}
