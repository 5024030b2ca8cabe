//! The classifier's output types.

use std::fmt;

use super::forms::Form;
use super::modes::LockMode;
use super::rules::{TargetRole, TransactionUse};
use super::split::SourceSpan;

/// A relation a lock applies to, as far as the statement text identifies it. Names are as
/// written, unquoted identifiers folded to lower case, schema kept if given (`public.t`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RelationRef {
    /// A relation named in the statement.
    Named {
        /// Its name.
        name: String,
    },
    /// The table an index belongs to (`DROP INDEX` names only the index).
    TableOfIndex {
        /// The index name.
        index: String,
    },
    /// Every index of `table` (`REINDEX TABLE`).
    IndexesOfTable {
        /// The table.
        table: String,
    },
    /// The table a foreign-key constraint references; nothing if the constraint is not a
    /// foreign key.
    ReferencedByConstraint {
        /// The constrained table.
        table: String,
        /// The constraint name.
        constraint: String,
    },
    /// The tables that foreign keys of `table` reference (only those on `column` if given).
    ReferencedByForeignKeys {
        /// The table owning the foreign keys.
        table: String,
        /// Restrict to foreign keys using this column.
        column: Option<String>,
    },
    /// The tables whose foreign keys reference `table`.
    ReferencingForeignKeys {
        /// The referenced table.
        table: String,
    },
    /// The tables the query of materialized view `view` reads.
    ReadByView {
        /// The materialized view.
        view: String,
    },
}

impl RelationRef {
    /// A relation named in the statement.
    pub fn named(name: impl Into<String>) -> RelationRef {
        RelationRef::Named { name: name.into() }
    }

    /// The name, if the statement names the relation directly.
    pub fn name(&self) -> Option<&str> {
        match self {
            RelationRef::Named { name } => Some(name),
            _ => None,
        }
    }
}

impl fmt::Display for RelationRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RelationRef::Named { name } => f.write_str(name),
            RelationRef::TableOfIndex { index } => write!(f, "table of index {index}"),
            RelationRef::IndexesOfTable { table } => write!(f, "each index of {table}"),
            RelationRef::ReferencedByConstraint { table, constraint } => {
                // The rule's condition says "if the constraint is a foreign key".
                write!(f, "table referenced by {table}.{constraint}")
            }
            RelationRef::ReferencedByForeignKeys {
                table,
                column: Some(column),
            } => {
                write!(f, "tables referenced by foreign keys on {table}.{column}")
            }
            RelationRef::ReferencedByForeignKeys {
                table,
                column: None,
            } => {
                write!(f, "tables referenced by foreign keys of {table}")
            }
            RelationRef::ReferencingForeignKeys { table } => {
                write!(f, "tables with foreign keys to {table}")
            }
            RelationRef::ReadByView { view } => write!(f, "tables read by {view}'s query"),
        }
    }
}

/// One lock a statement takes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct LockEffect {
    /// The relation locked.
    pub relation: RelationRef,
    /// Its role in the statement.
    pub role: TargetRole,
    /// The strongest mode taken on it (held until the transaction ends).
    pub mode: LockMode,
    /// When the lock is only taken in some cases.
    pub condition: Option<String>,
}

/// What a transaction-control statement does to the transaction it runs in. Such statements
/// take no table lock themselves, but decide how long the locks of the others are held.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TransactionControl {
    /// `BEGIN` / `START TRANSACTION`: opens a transaction block (inside one: a warning, no effect).
    Begin,
    /// `COMMIT` / `END`: ends the block and releases its locks; with `AND CHAIN` a new block
    /// starts at once.
    Commit {
        /// `AND CHAIN` was given.
        chain: bool,
    },
    /// `ROLLBACK` / `ABORT`: undoes the block and releases its locks; `AND CHAIN` as for COMMIT.
    Rollback {
        /// `AND CHAIN` was given.
        chain: bool,
    },
    /// `SAVEPOINT name`.
    Savepoint {
        /// The savepoint name.
        name: String,
    },
    /// `RELEASE [SAVEPOINT] name`: forgets the savepoint; every lock stays held.
    ReleaseSavepoint {
        /// The savepoint name.
        name: String,
    },
    /// `ROLLBACK TO [SAVEPOINT] name`: undoes the work since the savepoint and releases the
    /// locks taken since it; the block stays open.
    RollbackToSavepoint {
        /// The savepoint name.
        name: String,
    },
    /// `SET CONSTRAINTS {ALL | name, ...} {IMMEDIATE | DEFERRED}`: when deferrable constraints
    /// are checked; `IMMEDIATE` also runs the checks pending so far, at this statement.
    SetConstraints {
        /// `IMMEDIATE` (else `DEFERRED`).
        immediate: bool,
    },
}

impl TransactionControl {
    /// Whether a transaction block is open after the statement, if one was open before it.
    pub fn block_open_after(&self) -> bool {
        !matches!(
            self,
            TransactionControl::Commit { chain: false }
                | TransactionControl::Rollback { chain: false }
        )
    }
}

/// How the statement was understood.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Recognizer {
    /// sqlparser parsed it.
    Parser,
    /// sqlparser could not parse it; a token pattern of this crate recognised it.
    TokenPattern,
    /// A PostgreSQL utility statement (VACUUM, CLUSTER, LOCK, REFRESH MATERIALIZED VIEW, ...)
    /// read by this crate's keyword pattern, whichever way sqlparser would parse it.
    UtilityPattern,
}

/// Why a statement could not be classified.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Unclassified {
    /// sqlparser rejected the statement and no token pattern matched.
    ParseError {
        /// sqlparser's (or the tokenizer's) message.
        message: String,
    },
    /// Parsed, but no rule covers this kind of statement.
    NoRule {
        /// What the statement is, e.g. `CREATE VIEW` or `ALTER TABLE ... SET TABLESPACE`.
        statement: String,
    },
    /// The form is known but no rule covers it on this PostgreSQL version.
    NoRuleForVersion {
        /// The form.
        form: Form,
        /// The major version asked for.
        pg_major: u32,
    },
    /// The built-in rule file failed to load (it is validated by the test suite).
    RulesUnavailable {
        /// The loader's message.
        message: String,
    },
}

impl fmt::Display for Unclassified {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unclassified::ParseError { message } => write!(f, "could not parse: {message}"),
            Unclassified::NoRule { statement } => write!(f, "no lock rule for {statement}"),
            Unclassified::NoRuleForVersion { form, pg_major } => {
                write!(f, "no lock rule for {form} on PostgreSQL {pg_major}")
            }
            Unclassified::RulesUnavailable { message } => {
                write!(f, "lock rules unavailable: {message}")
            }
        }
    }
}

/// One statement of the input with its lock effects.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ClassifiedStatement {
    /// The statement text as written (without the terminating semicolon).
    pub text: String,
    /// Where it is in the input.
    pub span: SourceSpan,
    /// Ids of the rules that matched (several for a multi-subcommand `ALTER TABLE`).
    pub rule_ids: Vec<String>,
    /// The forms recognised, in statement order.
    pub forms: Vec<Form>,
    /// Locks taken: per relation, the strongest mode (conditional locks listed separately).
    pub locks: Vec<LockEffect>,
    /// Whether a table is rewritten.
    pub rewrite: bool,
    /// Whether all rows of a table are read.
    pub scan: bool,
    /// Whether it may run inside a transaction block; `None` when unclassified.
    pub transaction: Option<TransactionUse>,
    /// Set when the statement is transaction control (`BEGIN`, `COMMIT`, `SAVEPOINT`,
    /// `SET CONSTRAINTS`...), not DDL or DML: what it does to the transaction.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub transaction_control: Option<TransactionControl>,
    /// How it was recognised; `None` when unclassified.
    pub recognized_by: Option<Recognizer>,
    /// Set when the statement could not be classified (its locks are then a worst-case guess).
    pub unclassified: Option<Unclassified>,
    /// Assumptions made (unknown old column type, unknown function volatility, worst cases...).
    pub assumptions: Vec<String>,
}

impl ClassifiedStatement {
    /// Whether a rule matched.
    pub fn is_classified(&self) -> bool {
        self.unclassified.is_none()
    }

    /// The strongest unconditional lock mode the statement takes on any relation.
    pub fn strongest_lock(&self) -> Option<LockMode> {
        self.locks
            .iter()
            .filter(|l| l.condition.is_none())
            .map(|l| l.mode)
            .max()
    }
}
