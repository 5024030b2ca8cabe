//! Transaction-control statements (`BEGIN`, `COMMIT`, `ROLLBACK`, savepoints,
//! `SET CONSTRAINTS`): recognised like other forms so they are classified (no table lock), and
//! tagged with the [`TransactionControl`] they perform so a transaction model can follow them.

use sqlparser::ast::Statement;
use sqlparser::tokenizer::Token;

use super::forms::Form;
use super::model::TransactionControl;
use super::recognize::{ident, FormHit};
use super::split::SpannedToken;

fn control(form: Form, control: TransactionControl) -> FormHit {
    let mut hit = FormHit::new(form, Vec::new());
    hit.control = Some(control);
    hit
}

/// The transaction-control hit of a parsed statement: `None` when the statement is not
/// transaction control, `Some(Err(what))` for variants no rule covers (a `BEGIN ... END`
/// block of another dialect, `BEGIN` or `COMMIT` with a modifier).
pub(crate) fn from_statement(statement: &Statement) -> Option<Result<FormHit, String>> {
    Some(match statement {
        Statement::StartTransaction {
            modifier: None,
            statements,
            exception: None,
            has_end_keyword: false,
            ..
        } if statements.is_empty() => {
            Ok(control(Form::TransactionBegin, TransactionControl::Begin))
        }
        Statement::StartTransaction { .. } => {
            Err("BEGIN block / BEGIN with a modifier".to_string())
        }
        Statement::Commit {
            chain,
            modifier: None,
            ..
        } => Ok(control(
            Form::TransactionCommit,
            TransactionControl::Commit { chain: *chain },
        )),
        Statement::Commit { .. } => Err("COMMIT with a modifier".to_string()),
        Statement::Rollback {
            chain,
            savepoint: None,
        } => Ok(control(
            Form::TransactionRollback,
            TransactionControl::Rollback { chain: *chain },
        )),
        Statement::Rollback {
            savepoint: Some(name),
            ..
        } => Ok(control(
            Form::RollbackToSavepoint,
            TransactionControl::RollbackToSavepoint { name: ident(name) },
        )),
        Statement::Savepoint { name } => Ok(control(
            Form::Savepoint,
            TransactionControl::Savepoint { name: ident(name) },
        )),
        Statement::ReleaseSavepoint { name } => Ok(control(
            Form::ReleaseSavepoint,
            TransactionControl::ReleaseSavepoint { name: ident(name) },
        )),
        _ => return None,
    })
}

fn is_word(token: Option<&SpannedToken>, word: &str) -> bool {
    matches!(token.map(|t| &t.token), Some(Token::Word(w)) if w.quote_style.is_none() && w.value.eq_ignore_ascii_case(word))
}

/// `SET CONSTRAINTS {ALL | name [, ...]} {IMMEDIATE | DEFERRED}` (sqlparser 0.63 cannot parse
/// it); `None` unless the statement is exactly that.
pub(crate) fn set_constraints(tokens: &[SpannedToken]) -> Option<Vec<FormHit>> {
    if !(is_word(tokens.first(), "SET") && is_word(tokens.get(1), "CONSTRAINTS")) {
        return None;
    }
    let (last, names) = tokens.get(2..)?.split_last()?;
    let immediate = if is_word(Some(last), "IMMEDIATE") {
        true
    } else if is_word(Some(last), "DEFERRED") {
        false
    } else {
        return None;
    };
    let all = names.len() == 1 && is_word(names.first(), "ALL");
    // name [, name ...]: possibly qualified names separated by commas.
    let list = !names.is_empty()
        && names.split(|t| t.token == Token::Comma).all(|name| {
            !name.is_empty()
                && name.iter().enumerate().all(|(i, t)| match &t.token {
                    Token::Word(_) => i % 2 == 0,
                    Token::Period => i % 2 == 1,
                    _ => false,
                })
                && name.len() % 2 == 1
        });
    (all || list).then(|| {
        vec![control(
            Form::SetConstraints,
            TransactionControl::SetConstraints { immediate },
        )]
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::split::split_statements;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn parsed(sql: &str) -> Option<Result<(Form, Option<TransactionControl>), String>> {
        let statements = Parser::parse_sql(&PostgreSqlDialect {}, sql).ok()?;
        from_statement(statements.first()?).map(|r| r.map(|hit| (hit.form, hit.control)))
    }

    fn set(sql: &str) -> Option<TransactionControl> {
        let tokens = split_statements(sql)
            .into_iter()
            .next()
            .map(|p| p.tokens)
            .unwrap_or_default();
        set_constraints(&tokens)
            .and_then(|hits| hits.into_iter().next())
            .and_then(|h| h.control)
    }

    #[test]
    fn begin_commit_rollback_and_savepoints() {
        use TransactionControl::*;
        assert_eq!(
            parsed("BEGIN"),
            Some(Ok((Form::TransactionBegin, Some(Begin))))
        );
        assert_eq!(
            parsed("START TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
            Some(Ok((Form::TransactionBegin, Some(Begin))))
        );
        assert_eq!(
            parsed("END"),
            Some(Ok((Form::TransactionCommit, Some(Commit { chain: false }))))
        );
        assert_eq!(
            parsed("COMMIT AND CHAIN"),
            Some(Ok((Form::TransactionCommit, Some(Commit { chain: true }))))
        );
        assert_eq!(
            parsed("ABORT"),
            Some(Ok((
                Form::TransactionRollback,
                Some(Rollback { chain: false })
            )))
        );
        assert_eq!(
            parsed("SAVEPOINT \"S\""),
            Some(Ok((Form::Savepoint, Some(Savepoint { name: "S".into() }))))
        );
        assert_eq!(
            parsed("RELEASE sp"),
            Some(Ok((
                Form::ReleaseSavepoint,
                Some(ReleaseSavepoint { name: "sp".into() })
            )))
        );
        assert_eq!(
            parsed("ROLLBACK TO SAVEPOINT Sp"),
            Some(Ok((
                Form::RollbackToSavepoint,
                Some(RollbackToSavepoint { name: "sp".into() })
            )))
        );
        assert_eq!(parsed("SELECT 1"), None);
    }

    #[test]
    fn block_state_after_each_statement() {
        assert!(TransactionControl::Begin.block_open_after());
        assert!(!TransactionControl::Commit { chain: false }.block_open_after());
        assert!(TransactionControl::Rollback { chain: true }.block_open_after());
        assert!(TransactionControl::RollbackToSavepoint { name: "s".into() }.block_open_after());
    }

    #[test]
    fn set_constraints_needs_a_target_and_a_mode() {
        assert_eq!(
            set("SET CONSTRAINTS ALL IMMEDIATE"),
            Some(TransactionControl::SetConstraints { immediate: true })
        );
        assert_eq!(
            set("SET CONSTRAINTS \"a\", s.b DEFERRED"),
            Some(TransactionControl::SetConstraints { immediate: false })
        );
        assert_eq!(set("SET CONSTRAINTS IMMEDIATE"), None);
        assert_eq!(set("SET CONSTRAINTS a b IMMEDIATE"), None);
        assert_eq!(set("SET CONSTRAINTS a, IMMEDIATE"), None);
        assert_eq!(set("SET CONSTRAINTS ALL"), None);
    }
}
