//! Classifying SQL text: split into statements, recognise each statement's forms, and apply
//! the lock rules for the target PostgreSQL version.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::parser::Parser;

use super::alter_split::{recognize_alter_table, Source};
use super::fallback::{guess_table, recognize_tokens};
use super::model::{ClassifiedStatement, LockEffect, Recognizer, RelationRef, Unclassified};
use super::modes::LockMode;
use super::normalize::blank_tablespace_clauses;
use super::recognize::{recognize, FormHit};
use super::resolve::settle_locks;
use super::rules::{RuleSet, TargetRole, TransactionUse};
use super::split::{neutralize_placeholders, split_statements, Piece};
use super::utility::recognize_utility;
use super::{ColumnTypeLookup, SchemaLookup};

/// Normalises a version given either as a major version (`15`) or as
/// `server_version_num` (`150004`) to the major version.
pub fn pg_major(version: u32) -> u32 {
    if version >= 10_000 {
        version / 10_000
    } else {
        version
    }
}

/// Classifies SQL against a rule set for one PostgreSQL version, optionally consulting the
/// known schema for column types.
pub struct Classifier<'a> {
    rules: &'a RuleSet,
    pg_major: u32,
    column_types: Option<&'a dyn ColumnTypeLookup>,
    schema: Option<&'a dyn SchemaLookup>,
}

impl<'a> Classifier<'a> {
    /// A classifier for `pg_version` (major version like `15`, or `server_version_num`).
    pub fn new(rules: &'a RuleSet, pg_version: u32) -> Self {
        Classifier {
            rules,
            pg_major: pg_major(pg_version),
            column_types: None,
            schema: None,
        }
    }

    /// Uses `lookup` to find a column's current type (needed to tell whether
    /// `ALTER COLUMN ... TYPE` rewrites). Without it the worst case (rewrite) is assumed.
    pub fn with_column_types(mut self, lookup: &'a dyn ColumnTypeLookup) -> Self {
        self.column_types = Some(lookup);
        self
    }

    /// Uses `schema` to settle the table of a named index and the kind of a named constraint
    /// (`DROP INDEX i`, `ALTER TABLE t DROP CONSTRAINT c`). Without it they stay described by
    /// name, the referenced-table lock of a constraint conditional on its being a foreign key.
    pub fn with_schema(mut self, schema: &'a dyn SchemaLookup) -> Self {
        self.schema = Some(schema);
        self
    }

    /// Splits `sql` into statements and classifies each one.
    pub fn classify(&self, sql: &str) -> Vec<ClassifiedStatement> {
        split_statements(sql)
            .iter()
            .map(|piece| self.classify_piece(sql, piece))
            .collect()
    }

    fn classify_piece(&self, sql: &str, piece: &Piece) -> ClassifiedStatement {
        let mut statement = blank_statement(sql, piece);
        if let Some(message) = &piece.tokenizer_error {
            return worst_case(
                statement,
                Unclassified::ParseError {
                    message: message.clone(),
                },
                guess_table(&piece.tokens).into_iter().collect(),
            );
        }
        if let Some(hits) = recognize_utility(&piece.tokens) {
            return self.apply_rules(statement, hits, Recognizer::UtilityPattern);
        }
        let (parse_text, placeholders) = neutralize_placeholders(sql, piece);
        if placeholders > 0 {
            statement.assumptions.push(format!(
                "{placeholders} DB-API placeholder(s) (%s) read as query parameters"
            ));
        }
        let (parse_text, removed) = blank_tablespace_clauses(&parse_text, piece);
        statement.assumptions.extend(removed);
        let parsed = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(&parse_text)
            .and_then(|mut p| p.parse_statements());
        let (hits, recognizer) = match parsed {
            Ok(statements) if statements.len() == 1 => {
                match statements.first().map(|s| recognize(s, self.column_types)) {
                    Some(Ok(hits)) => (hits, Recognizer::Parser),
                    Some(Err(no_rule)) => {
                        return worst_case(
                            statement,
                            Unclassified::NoRule {
                                statement: no_rule.statement,
                            },
                            no_rule.relations,
                        );
                    }
                    None => return unreachable_parse(statement, piece),
                }
            }
            Ok(_) => return unreachable_parse(statement, piece),
            Err(error) => match recognize_tokens(&piece.tokens).or_else(|| {
                let source = Source {
                    text: &parse_text,
                    base: piece.span.start,
                };
                recognize_alter_table(&source, &piece.tokens, self.column_types)
            }) {
                Some(hits) => (hits, Recognizer::TokenPattern),
                None => {
                    let tables = guess_table(&piece.tokens).into_iter().collect();
                    return worst_case(
                        statement,
                        Unclassified::ParseError {
                            message: error.to_string(),
                        },
                        tables,
                    );
                }
            },
        };
        self.apply_rules(statement, hits, recognizer)
    }

    fn apply_rules(
        &self,
        mut statement: ClassifiedStatement,
        hits: Vec<FormHit>,
        recognizer: Recognizer,
    ) -> ClassifiedStatement {
        if recognizer == Recognizer::TokenPattern {
            statement.assumptions.push(
                "sqlparser cannot parse this statement; recognised by token pattern".to_string(),
            );
        }
        let mut transaction = TransactionUse::Allowed;
        for hit in &hits {
            let Some(rule) = self.rules.find(hit.form, self.pg_major) else {
                let tables = hit
                    .targets
                    .iter()
                    .filter_map(|(_, r)| r.name().map(str::to_string))
                    .collect();
                return worst_case(
                    statement,
                    Unclassified::NoRuleForVersion {
                        form: hit.form,
                        pg_major: self.pg_major,
                    },
                    tables,
                );
            };
            if !statement.rule_ids.contains(&rule.id) {
                statement.rule_ids.push(rule.id.clone());
            }
            statement.forms.push(hit.form);
            if hit.control.is_some() {
                statement.transaction_control = hit.control.clone();
            }
            statement.rewrite |= rule.rewrite;
            statement.scan |= rule.scan;
            if rule.transaction == TransactionUse::Forbidden {
                transaction = TransactionUse::Forbidden;
            }
            for spec in &rule.locks {
                for (role, relation) in hit.targets.iter().filter(|(role, _)| *role == spec.target)
                {
                    add_lock(
                        &mut statement.locks,
                        LockEffect {
                            relation: relation.clone(),
                            role: *role,
                            mode: spec.mode,
                            condition: spec.condition.clone(),
                        },
                    );
                }
            }
            for assumption in &hit.assumptions {
                if !statement.assumptions.contains(assumption) {
                    statement.assumptions.push(assumption.clone());
                }
            }
        }
        if let Some(schema) = self.schema {
            statement.locks = settle_locks(std::mem::take(&mut statement.locks), schema);
        }
        statement.transaction = Some(transaction);
        statement.recognized_by = Some(recognizer);
        statement
    }
}

/// Adds a lock, keeping one entry per (relation, condition) with the strongest mode.
pub(crate) fn add_lock(locks: &mut Vec<LockEffect>, lock: LockEffect) {
    match locks
        .iter_mut()
        .find(|l| l.relation == lock.relation && l.condition == lock.condition)
    {
        Some(existing) => existing.mode = existing.mode.max(lock.mode),
        None => locks.push(lock),
    }
}

fn blank_statement(sql: &str, piece: &Piece) -> ClassifiedStatement {
    ClassifiedStatement {
        text: sql
            .get(piece.span.start..piece.span.end)
            .unwrap_or_default()
            .to_string(),
        span: piece.span,
        rule_ids: Vec::new(),
        forms: Vec::new(),
        locks: Vec::new(),
        rewrite: false,
        scan: false,
        transaction: None,
        transaction_control: None,
        recognized_by: None,
        unclassified: None,
        assumptions: Vec::new(),
    }
}

/// An unclassified statement: ACCESS EXCLUSIVE, rewrite and scan assumed on every table it
/// names, and said so.
fn worst_case(
    mut statement: ClassifiedStatement,
    reason: Unclassified,
    tables: Vec<String>,
) -> ClassifiedStatement {
    if tables.is_empty() {
        statement
            .assumptions
            .push("unclassified and no table could be read from it: its locks are unknown (none modelled)".to_string());
    } else {
        statement.assumptions.push(format!(
            "unclassified: assuming the worst (ACCESS EXCLUSIVE, rewrite and full scan) on {}",
            tables.join(", ")
        ));
        statement.rewrite = true;
        statement.scan = true;
    }
    statement.locks = tables
        .into_iter()
        .map(|name| LockEffect {
            relation: RelationRef::Named { name },
            role: TargetRole::Table,
            mode: LockMode::AccessExclusive,
            condition: None,
        })
        .collect();
    statement.unclassified = Some(reason);
    statement
}

/// A piece holds exactly one statement by construction; if the parser still returns a
/// different count, report it rather than guess.
fn unreachable_parse(statement: ClassifiedStatement, piece: &Piece) -> ClassifiedStatement {
    let tables = guess_table(&piece.tokens).into_iter().collect();
    worst_case(
        statement,
        Unclassified::ParseError {
            message: "expected exactly one statement".to_string(),
        },
        tables,
    )
}

/// Classifies `sql` with the built-in PostgreSQL rules. `pg_version` is a major version
/// (`15`) or a `server_version_num` (`150004`).
///
/// Every statement of the input is returned, in order, with its text and byte span; a
/// statement that cannot be parsed or has no rule is returned unclassified with the reason
/// and a worst-case guess (ACCESS EXCLUSIVE on any table it names).
pub fn classify_statements(sql: &str, pg_version: u32) -> Vec<ClassifiedStatement> {
    match RuleSet::postgresql() {
        Ok(rules) => Classifier::new(rules, pg_version).classify(sql),
        Err(error) => split_statements(sql)
            .iter()
            .map(|piece| {
                let tables = guess_table(&piece.tokens).into_iter().collect();
                worst_case(
                    blank_statement(sql, piece),
                    Unclassified::RulesUnavailable {
                        message: error.to_string(),
                    },
                    tables,
                )
            })
            .collect(),
    }
}
