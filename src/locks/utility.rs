//! Keyword patterns for PostgreSQL utility statements: `VACUUM`, `CLUSTER`, `LOCK`,
//! `REFRESH MATERIALIZED VIEW`, `ALTER SYSTEM`, `CREATE`/`DROP DATABASE` and
//! `ALTER TABLE ... DETACH PARTITION`. sqlparser 0.63 parses some of them only in other
//! dialects' shapes (or not at all), so they are read here before the parser is tried.
//!
//! A statement that starts like one of these but does not match its pattern exactly (a bare
//! `VACUUM` of every table, `CLUSTER` without a table, `REFRESH ... WITH NO DATA`) is left to
//! the parser path, which reports it unclassified.

use sqlparser::tokenizer::Token;

use super::fallback::Cursor;
use super::forms::Form;
use super::model::RelationRef;
use super::modes::LockMode;
use super::recognize::FormHit;
use super::rules::TargetRole;
use super::split::SpannedToken;

/// Recognises a utility statement; `None` when no pattern matches exactly.
pub(crate) fn recognize_utility(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    vacuum(tokens)
        .or_else(|| cluster(tokens))
        .or_else(|| lock_table(tokens))
        .or_else(|| refresh_materialized_view(tokens))
        .or_else(|| server_level(tokens))
        .or_else(|| detach_partition(tokens))
}

fn on_table(form: Form, name: String) -> FormHit {
    FormHit::new(form, vec![(TargetRole::Table, RelationRef::named(name))])
}

/// Whether the word is `false`/`off`/`0`, the values that turn a VACUUM option off.
fn is_off(token: Option<&SpannedToken>) -> bool {
    match token.map(|t| &t.token) {
        Some(Token::Word(w)) => {
            w.value.eq_ignore_ascii_case("false") || w.value.eq_ignore_ascii_case("off")
        }
        Some(Token::Number(n, _)) => n == "0",
        _ => false,
    }
}

/// `VACUUM [FULL] [FREEZE] [VERBOSE] [ANALYZE] t [(cols)] [, ...]` or
/// `VACUUM (option [value], ...) t [, ...]`.
fn vacuum(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat("VACUUM") {
        return None;
    }
    let full = if let Some(options) = c.group() {
        let keyword = |t: &SpannedToken| matches!(&t.token, Token::Word(w) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case("FULL"));
        options
            .iter()
            .position(keyword)
            .is_some_and(|i| !is_off(options.get(i + 1)))
    } else {
        let full = c.eat("FULL");
        for word in ["FREEZE", "VERBOSE", "ANALYZE", "ANALYSE"] {
            c.eat(word);
        }
        full
    };
    let form = if full { Form::VacuumFull } else { Form::Vacuum };
    let mut hits = Vec::new();
    loop {
        hits.push(on_table(form, c.name()?));
        c.group();
        if !c.eat_token(&Token::Comma) {
            break;
        }
    }
    c.at_end().then_some(hits)
}

/// `CLUSTER [VERBOSE | (options)] t [USING i]`.
fn cluster(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat("CLUSTER") {
        return None;
    }
    if c.group().is_none() {
        c.eat("VERBOSE");
    }
    let table = c.name()?;
    if c.eat("USING") {
        c.name()?;
    }
    let hit = FormHit::new(
        Form::Cluster,
        vec![
            (TargetRole::Table, RelationRef::named(table.clone())),
            (TargetRole::Index, RelationRef::IndexesOfTable { table }),
        ],
    );
    c.at_end().then(|| vec![hit])
}

fn lock_form(mode: LockMode) -> Form {
    match mode {
        LockMode::AccessShare => Form::LockTableAccessShare,
        LockMode::RowShare => Form::LockTableRowShare,
        LockMode::RowExclusive => Form::LockTableRowExclusive,
        LockMode::ShareUpdateExclusive => Form::LockTableShareUpdateExclusive,
        LockMode::Share => Form::LockTableShare,
        LockMode::ShareRowExclusive => Form::LockTableShareRowExclusive,
        LockMode::Exclusive => Form::LockTableExclusive,
        LockMode::AccessExclusive => Form::LockTableAccessExclusive,
    }
}

/// `LOCK [TABLE] [ONLY] t [*] [, ...] [IN <mode> MODE] [NOWAIT]`.
fn lock_table(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat("LOCK") {
        return None;
    }
    c.eat("TABLE");
    let mut tables = Vec::new();
    loop {
        c.eat("ONLY");
        tables.push(c.name()?);
        c.eat_token(&Token::Mul);
        if !c.eat_token(&Token::Comma) {
            break;
        }
    }
    let mut mode = LockMode::AccessExclusive;
    if c.eat("IN") {
        mode = LockMode::ALL.into_iter().find(|m| {
            let mut words: Vec<&str> = m.sql_name().split(' ').collect();
            words.push("MODE");
            c.eat_all(&words)
        })?;
    }
    c.eat("NOWAIT");
    let hits = tables
        .into_iter()
        .map(|t| on_table(lock_form(mode), t))
        .collect();
    c.at_end().then_some(hits)
}

/// `REFRESH MATERIALIZED VIEW [CONCURRENTLY] v [WITH DATA]`.
fn refresh_materialized_view(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat_all(&["REFRESH", "MATERIALIZED", "VIEW"]) {
        return None;
    }
    let form = if c.eat("CONCURRENTLY") {
        Form::RefreshMaterializedViewConcurrently
    } else {
        Form::RefreshMaterializedView
    };
    let view = c.name()?;
    c.eat_all(&["WITH", "DATA"]);
    let hit = FormHit::new(
        form,
        vec![
            (TargetRole::Table, RelationRef::named(view.clone())),
            (TargetRole::SourceTable, RelationRef::ReadByView { view }),
        ],
    );
    c.at_end().then(|| vec![hit])
}

/// `ALTER SYSTEM ...`, `CREATE DATABASE ...`, `DROP DATABASE ...`: no table of the database
/// is touched, whatever the options.
fn server_level(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    let form = if c.eat_all(&["ALTER", "SYSTEM"]) {
        Form::AlterSystem
    } else if c.eat_all(&["CREATE", "DATABASE"]) {
        Form::CreateDatabase
    } else if c.eat_all(&["DROP", "DATABASE"]) {
        Form::DropDatabase
    } else {
        return None;
    };
    (!c.at_end()).then(|| vec![FormHit::new(form, vec![])])
}

/// `ALTER TABLE [IF EXISTS] p DETACH PARTITION c [CONCURRENTLY]`.
fn detach_partition(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    let mut c = Cursor::new(tokens);
    if !c.eat_all(&["ALTER", "TABLE"]) {
        return None;
    }
    c.eat_all(&["IF", "EXISTS"]);
    let parent = c.name()?;
    if !c.eat_all(&["DETACH", "PARTITION"]) {
        return None;
    }
    let partition = c.name()?;
    let form = if c.eat("CONCURRENTLY") {
        Form::DetachPartitionConcurrently
    } else {
        Form::DetachPartition
    };
    let hit = FormHit::new(
        form,
        vec![
            (TargetRole::Table, RelationRef::named(parent)),
            (TargetRole::Partition, RelationRef::named(partition)),
        ],
    );
    c.at_end().then(|| vec![hit])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::split::split_statements;

    fn forms(sql: &str) -> Option<Vec<Form>> {
        let tokens = split_statements(sql)
            .into_iter()
            .next()
            .map(|p| p.tokens)
            .unwrap_or_default();
        recognize_utility(&tokens).map(|hits| hits.into_iter().map(|h| h.form).collect())
    }

    #[test]
    fn each_pattern_matches_exactly_its_statements() {
        use Form::*;
        let cases: &[(&str, Option<&[Form]>)] = &[
            ("VACUUM t", Some(&[Vacuum])),
            (
                "VACUUM VERBOSE ANALYZE a (x), public.b",
                Some(&[Vacuum, Vacuum]),
            ),
            ("VACUUM FULL \"T\"", Some(&[VacuumFull])),
            ("VACUUM (FULL, ANALYZE) t", Some(&[VacuumFull])),
            ("VACUUM (FULL false) t", Some(&[Vacuum])),
            ("VACUUM (FULL 0, VERBOSE) t", Some(&[Vacuum])),
            // Every table of the database: not modelled.
            ("VACUUM", None),
            ("VACUUM FULL", None),
            ("VACUUM t junk", None),
            ("CLUSTER t USING t_pkey", Some(&[Cluster])),
            ("CLUSTER VERBOSE public.t", Some(&[Cluster])),
            ("CLUSTER", None),
            // Pre-8.3 syntax.
            ("CLUSTER i ON t", None),
            ("LOCK t", Some(&[LockTableAccessExclusive])),
            (
                "LOCK TABLE ONLY a, b * IN SHARE MODE NOWAIT",
                Some(&[LockTableShare, LockTableShare]),
            ),
            (
                "LOCK TABLE t IN SHARE ROW EXCLUSIVE MODE",
                Some(&[LockTableShareRowExclusive]),
            ),
            (
                "LOCK TABLE t IN SHARE UPDATE EXCLUSIVE MODE",
                Some(&[LockTableShareUpdateExclusive]),
            ),
            ("LOCK TABLE t IN ROW SHARE MODE", Some(&[LockTableRowShare])),
            ("LOCK TABLE t IN FROB MODE", None),
            ("LOCK TABLE t IN SHARE", None),
            (
                "REFRESH MATERIALIZED VIEW CONCURRENTLY mv",
                Some(&[RefreshMaterializedViewConcurrently]),
            ),
            (
                "REFRESH MATERIALIZED VIEW s.mv WITH DATA",
                Some(&[RefreshMaterializedView]),
            ),
            ("REFRESH MATERIALIZED VIEW mv WITH NO DATA", None),
            ("ALTER SYSTEM SET work_mem = '8MB'", Some(&[AlterSystem])),
            (
                "CREATE DATABASE d TEMPLATE template0",
                Some(&[CreateDatabase]),
            ),
            (
                "DROP DATABASE IF EXISTS d WITH (FORCE)",
                Some(&[DropDatabase]),
            ),
            ("DROP DATABASE", None),
            (
                "ALTER TABLE p DETACH PARTITION p_1 CONCURRENTLY",
                Some(&[DetachPartitionConcurrently]),
            ),
            (
                "ALTER TABLE IF EXISTS p DETACH PARTITION s.p_1",
                Some(&[DetachPartition]),
            ),
            ("ALTER TABLE p DETACH PARTITION p_1 FINALIZE", None),
            ("ALTER TABLE p ADD COLUMN c int", None),
        ];
        for (sql, want) in cases {
            assert_eq!(forms(sql).as_deref(), *want, "{sql}");
        }
    }
}
