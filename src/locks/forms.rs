//! The statement forms the classifier recognises. Each rule in `lock_rules/*.toml` names
//! exactly one form (by its key); a form may have several rules for disjoint version ranges.

use std::fmt;

macro_rules! forms {
    ($($(#[doc = $doc:literal])* $variant:ident => $key:literal,)*) => {
        /// A statement form: one kind of statement (or `ALTER TABLE` subcommand) whose locking
        /// behaviour is described by a rule.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Form {
            $($(#[doc = $doc])* $variant,)*
        }

        impl Form {
            /// Every form, in declaration order.
            pub const ALL: &'static [Form] = &[$(Form::$variant,)*];

            /// The key used for this form in rule files, e.g. `"alter_table.drop_column"`.
            pub fn key(self) -> &'static str {
                match self {
                    $(Form::$variant => $key,)*
                }
            }
        }
    };
}

forms! {
    /// `ADD COLUMN` without DEFAULT, NOT NULL, identity, serial or generation.
    AddColumnNullable => "alter_table.add_column.nullable",
    /// `ADD COLUMN ... DEFAULT <non-volatile expr>` (constant or STABLE such as `now()`), NOT NULL or not.
    AddColumnDefaultNonVolatile => "alter_table.add_column.default_nonvolatile",
    /// `ADD COLUMN ... DEFAULT <volatile expr>` (`random()`, `gen_random_uuid()`, `clock_timestamp()`, ...).
    AddColumnDefaultVolatile => "alter_table.add_column.default_volatile",
    /// `ADD COLUMN ... NOT NULL` without a DEFAULT.
    AddColumnNotNullNoDefault => "alter_table.add_column.not_null_no_default",
    /// `ADD COLUMN ... serial/bigserial/smallserial`.
    AddColumnSerial => "alter_table.add_column.serial",
    /// `ADD COLUMN ... GENERATED {ALWAYS|BY DEFAULT} AS IDENTITY`.
    AddColumnIdentity => "alter_table.add_column.identity",
    /// `ADD COLUMN ... GENERATED ALWAYS AS (expr) STORED`.
    AddColumnGeneratedStored => "alter_table.add_column.generated_stored",
    /// `ADD COLUMN ... GENERATED ALWAYS AS (expr) [VIRTUAL]` (PostgreSQL 18).
    AddColumnGeneratedVirtual => "alter_table.add_column.generated_virtual",
    /// `ADD COLUMN ... REFERENCES other (col)` without a DEFAULT.
    AddColumnReferences => "alter_table.add_column.references",
    /// `ADD COLUMN ... DEFAULT ... REFERENCES other (col)`.
    AddColumnReferencesWithDefault => "alter_table.add_column.references_with_default",
    /// `DROP COLUMN`.
    DropColumn => "alter_table.drop_column",
    /// `ALTER COLUMN ... TYPE` where the conversion is known not to rewrite.
    AlterColumnTypeNoRewrite => "alter_table.alter_column_type.no_rewrite",
    /// `ALTER COLUMN ... TYPE` that rewrites the table (or whose old type is unknown).
    AlterColumnTypeRewrite => "alter_table.alter_column_type.rewrite",
    /// `ALTER COLUMN ... TYPE ... COLLATE c` where the type conversion is known not to rewrite:
    /// indexes on the column are rebuilt when the collation changes.
    AlterColumnTypeCollation => "alter_table.alter_column_type.collation",
    /// `ALTER COLUMN ... SET DEFAULT`.
    SetDefault => "alter_table.alter_column.set_default",
    /// `ALTER COLUMN ... DROP DEFAULT`.
    DropDefault => "alter_table.alter_column.drop_default",
    /// `ALTER COLUMN ... SET NOT NULL`.
    SetNotNull => "alter_table.alter_column.set_not_null",
    /// `ALTER COLUMN ... DROP NOT NULL`.
    DropNotNull => "alter_table.alter_column.drop_not_null",
    /// `ALTER COLUMN ... ADD GENERATED ... AS IDENTITY` on an existing column.
    AlterColumnAddIdentity => "alter_table.alter_column.add_identity",
    /// `ALTER COLUMN ... DROP IDENTITY [IF EXISTS]`.
    AlterColumnDropIdentity => "alter_table.alter_column.drop_identity",
    /// `ADD [CONSTRAINT c] CHECK (...)`.
    AddCheck => "alter_table.add_check",
    /// `ADD [CONSTRAINT c] CHECK (...) NOT VALID`.
    AddCheckNotValid => "alter_table.add_check_not_valid",
    /// `ADD [CONSTRAINT c] FOREIGN KEY ... REFERENCES ...` (any DEFERRABLE setting).
    AddForeignKey => "alter_table.add_foreign_key",
    /// `ADD [CONSTRAINT c] FOREIGN KEY ... NOT VALID`.
    AddForeignKeyNotValid => "alter_table.add_foreign_key_not_valid",
    /// `ADD [CONSTRAINT c] UNIQUE (...)`.
    AddUnique => "alter_table.add_unique",
    /// `ADD [CONSTRAINT c] PRIMARY KEY (...)`.
    AddPrimaryKey => "alter_table.add_primary_key",
    /// `ADD CONSTRAINT c UNIQUE USING INDEX i`.
    AddUniqueUsingIndex => "alter_table.add_unique_using_index",
    /// `ADD CONSTRAINT c PRIMARY KEY USING INDEX i`.
    AddPrimaryKeyUsingIndex => "alter_table.add_primary_key_using_index",
    /// `ADD [CONSTRAINT c] EXCLUDE USING ...`.
    AddExclude => "alter_table.add_exclude",
    /// `VALIDATE CONSTRAINT c`.
    ValidateConstraint => "alter_table.validate_constraint",
    /// `DROP CONSTRAINT c`.
    DropConstraint => "alter_table.drop_constraint",
    /// `ALTER TABLE ... RENAME TO ...`.
    RenameTable => "alter_table.rename_table",
    /// `ALTER TABLE ... RENAME COLUMN ... TO ...`.
    RenameColumn => "alter_table.rename_column",
    /// `ALTER TABLE ... RENAME CONSTRAINT ... TO ...`.
    RenameConstraint => "alter_table.rename_constraint",
    /// `ALTER TABLE ... {ENABLE|DISABLE} TRIGGER ...`.
    EnableDisableTrigger => "alter_table.enable_disable_trigger",
    /// `ALTER INDEX ... RENAME TO ...`.
    RenameIndex => "alter_index.rename",
    /// `CREATE [UNIQUE] INDEX` (not concurrently).
    CreateIndex => "create_index",
    /// `CREATE [UNIQUE] INDEX CONCURRENTLY`.
    CreateIndexConcurrently => "create_index.concurrently",
    /// `DROP INDEX` (not concurrently).
    DropIndex => "drop_index",
    /// `DROP INDEX CONCURRENTLY`.
    DropIndexConcurrently => "drop_index.concurrently",
    /// `REINDEX INDEX i`.
    ReindexIndex => "reindex.index",
    /// `REINDEX TABLE t`.
    ReindexTable => "reindex.table",
    /// `REINDEX INDEX CONCURRENTLY i`.
    ReindexIndexConcurrently => "reindex.index_concurrently",
    /// `REINDEX TABLE CONCURRENTLY t`.
    ReindexTableConcurrently => "reindex.table_concurrently",
    /// `ALTER TABLE p DETACH PARTITION c` (not concurrently).
    DetachPartition => "alter_table.detach_partition",
    /// `ALTER TABLE p DETACH PARTITION c CONCURRENTLY` (PostgreSQL 14+).
    DetachPartitionConcurrently => "alter_table.detach_partition_concurrently",
    /// `CLUSTER t [USING i]` (one named table).
    Cluster => "cluster",
    /// `VACUUM [options] t [, ...]` without FULL.
    Vacuum => "vacuum",
    /// `VACUUM FULL t` / `VACUUM (FULL) t`.
    VacuumFull => "vacuum.full",
    /// `REFRESH MATERIALIZED VIEW v [WITH DATA]`.
    RefreshMaterializedView => "refresh_materialized_view",
    /// `REFRESH MATERIALIZED VIEW CONCURRENTLY v`.
    RefreshMaterializedViewConcurrently => "refresh_materialized_view.concurrently",
    /// `LOCK [TABLE] t IN ACCESS SHARE MODE`.
    LockTableAccessShare => "lock_table.access_share",
    /// `LOCK [TABLE] t IN ROW SHARE MODE`.
    LockTableRowShare => "lock_table.row_share",
    /// `LOCK [TABLE] t IN ROW EXCLUSIVE MODE`.
    LockTableRowExclusive => "lock_table.row_exclusive",
    /// `LOCK [TABLE] t IN SHARE UPDATE EXCLUSIVE MODE`.
    LockTableShareUpdateExclusive => "lock_table.share_update_exclusive",
    /// `LOCK [TABLE] t IN SHARE MODE`.
    LockTableShare => "lock_table.share",
    /// `LOCK [TABLE] t IN SHARE ROW EXCLUSIVE MODE`.
    LockTableShareRowExclusive => "lock_table.share_row_exclusive",
    /// `LOCK [TABLE] t IN EXCLUSIVE MODE`.
    LockTableExclusive => "lock_table.exclusive",
    /// `LOCK [TABLE] t [IN ACCESS EXCLUSIVE MODE]` (the default mode).
    LockTableAccessExclusive => "lock_table.access_exclusive",
    /// `ALTER SYSTEM {SET|RESET} ...`.
    AlterSystem => "alter_system",
    /// `CREATE DATABASE`.
    CreateDatabase => "create_database",
    /// `DROP DATABASE`.
    DropDatabase => "drop_database",
    /// `CREATE TABLE` (with or without REFERENCES clauses).
    CreateTable => "create_table",
    /// `DROP TABLE`.
    DropTable => "drop_table",
    /// `TRUNCATE`.
    Truncate => "truncate",
    /// `CREATE TRIGGER`.
    CreateTrigger => "create_trigger",
    /// `DROP TRIGGER`.
    DropTrigger => "drop_trigger",
    /// `COMMENT ON {TABLE|COLUMN|INDEX|...}`.
    CommentOn => "comment_on",
    /// `ALTER TYPE ... ADD VALUE`.
    AlterTypeAddValue => "alter_type.add_value",
    /// `CREATE SEQUENCE`.
    CreateSequence => "create_sequence",
    /// `ALTER SEQUENCE` (options other than OWNED BY).
    AlterSequence => "alter_sequence",
    /// `ALTER SEQUENCE ... OWNED BY t.c`.
    AlterSequenceOwnedBy => "alter_sequence.owned_by",
    /// `DROP SEQUENCE`.
    DropSequence => "drop_sequence",
    /// `CREATE EXTENSION`.
    CreateExtension => "create_extension",
    /// `DROP EXTENSION`.
    DropExtension => "drop_extension",
    /// `CREATE COLLATION`.
    CreateCollation => "create_collation",
    /// `DROP COLLATION`.
    DropCollation => "drop_collation",
    /// `ANALYZE t` (one or more named tables).
    Analyze => "analyze",
    /// `UPDATE`.
    Update => "dml.update",
    /// `DELETE`.
    Delete => "dml.delete",
    /// `INSERT ... VALUES`.
    Insert => "dml.insert",
    /// `INSERT ... SELECT`.
    InsertSelect => "dml.insert_select",
    /// `SELECT` (e.g. `SELECT setval(...)` in RunSQL).
    Select => "dml.select",
    /// `SET` / `RESET` of a session or transaction setting.
    SessionSet => "session.set",
    /// `SET CONSTRAINTS ... {IMMEDIATE|DEFERRED}` (transaction control).
    SetConstraints => "session.set_constraints",
    /// `BEGIN` / `START TRANSACTION` (transaction control).
    TransactionBegin => "transaction.begin",
    /// `COMMIT` / `END` (transaction control).
    TransactionCommit => "transaction.commit",
    /// `ROLLBACK` / `ABORT` (transaction control).
    TransactionRollback => "transaction.rollback",
    /// `SAVEPOINT s` (transaction control).
    Savepoint => "transaction.savepoint",
    /// `RELEASE [SAVEPOINT] s` (transaction control).
    ReleaseSavepoint => "transaction.release_savepoint",
    /// `ROLLBACK TO [SAVEPOINT] s` (transaction control).
    RollbackToSavepoint => "transaction.rollback_to_savepoint",
}

impl Form {
    /// Looks a form up by its rule-file key.
    pub fn from_key(key: &str) -> Option<Form> {
        Form::ALL.iter().copied().find(|f| f.key() == key)
    }

    /// Whether the form is transaction control rather than DDL or DML: it opens, ends or
    /// partly undoes the transaction, or decides when deferred constraints are checked. Such a
    /// statement carries a [`TransactionControl`](super::TransactionControl).
    pub fn is_transaction_control(self) -> bool {
        matches!(
            self,
            Form::SetConstraints
                | Form::TransactionBegin
                | Form::TransactionCommit
                | Form::TransactionRollback
                | Form::Savepoint
                | Form::ReleaseSavepoint
                | Form::RollbackToSavepoint
        )
    }
}

impl fmt::Display for Form {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

impl<'de> serde::Deserialize<'de> for Form {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Form::from_key(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown statement form {s:?}")))
    }
}

impl serde::Serialize for Form {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.key())
    }
}

#[cfg(test)]
mod tests {
    use super::Form;
    use std::collections::HashSet;

    #[test]
    fn keys_are_unique_and_round_trip() {
        let mut seen = HashSet::new();
        for f in Form::ALL {
            assert!(seen.insert(f.key()), "duplicate key {}", f.key());
            assert_eq!(Form::from_key(f.key()), Some(*f));
        }
        assert_eq!(Form::from_key("alter_table.nope"), None);
    }
}
