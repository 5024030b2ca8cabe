//! Migration operations of `django.db.migrations` and `django.contrib.postgres.operations`.

use serde::Serialize;

use super::{Field, Span, Value};

/// One entry of `Migration.operations`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    pub kind: OperationKind,
    pub span: Span,
    /// Set when the call is to a subclass of `kind`'s class defined in the migration file
    /// itself (`class FakeAddIndex(migrations.AddIndex)`), whose overrides were understood.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subclass: Option<LocalSubclass>,
}

/// A subclass of a built-in operation defined in the migration file, with what its overrides
/// change. Subclasses overriding anything else stay [`OperationKind::Unknown`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LocalSubclass {
    pub name: String,
    pub database: DatabaseWork,
}

/// What the subclass's `database_forwards` does compared with its base's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DatabaseWork {
    /// Not overridden, or overridden with a plain `super().database_forwards(...)`.
    Inherited,
    /// `super().database_forwards(...)` inside `try:` whose handlers only `pass`: the same SQL,
    /// with failures swallowed.
    InheritedIgnoringErrors,
    /// An empty body (`pass` or a docstring): the operation changes the state only.
    Nothing,
}

/// The SQL of a `RunSQL`: Django accepts a string, or a list of strings and `(sql, params)` pairs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SqlStatements {
    pub items: Vec<SqlItem>,
}

/// One string handed to `RunSQL`, with its parameters if it came as `(sql, params)`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SqlItem {
    pub sql: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    pub span: Span,
}

/// Each known operation with its arguments bound by name, as Django's `__init__` binds them.
///
/// Model and field names keep the case written in the file; Django lower-cases them when it
/// builds the state, and so does the `state` stage.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "operation")]
pub enum OperationKind {
    CreateModel {
        name: String,
        fields: Vec<(String, Field)>,
        options: Vec<(String, Value)>,
        bases: Vec<Value>,
        managers: Vec<(String, Value)>,
    },
    DeleteModel {
        name: String,
    },
    RenameModel {
        old_name: String,
        new_name: String,
    },
    AlterModelTable {
        name: String,
        table: Option<String>,
    },
    AlterModelTableComment {
        name: String,
        table_comment: Option<String>,
    },
    AlterUniqueTogether {
        name: String,
        unique_together: Vec<Vec<String>>,
    },
    AlterIndexTogether {
        name: String,
        index_together: Vec<Vec<String>>,
    },
    AlterOrderWithRespectTo {
        name: String,
        order_with_respect_to: Option<String>,
    },
    AlterModelOptions {
        name: String,
        options: Vec<(String, Value)>,
    },
    AlterModelManagers {
        name: String,
        managers: Vec<(String, Value)>,
    },
    AddField {
        model_name: String,
        name: String,
        field: Field,
        preserve_default: bool,
    },
    RemoveField {
        model_name: String,
        name: String,
    },
    AlterField {
        model_name: String,
        name: String,
        field: Field,
        preserve_default: bool,
    },
    RenameField {
        model_name: String,
        old_name: String,
        new_name: String,
    },
    /// `index` is the `models.Index(...)` (or `GinIndex(...)`, ...) call.
    AddIndex {
        model_name: String,
        index: Value,
    },
    RemoveIndex {
        model_name: String,
        name: String,
    },
    RenameIndex {
        model_name: String,
        new_name: String,
        old_name: Option<String>,
        old_fields: Option<Vec<String>>,
    },
    /// `constraint` is the `UniqueConstraint(...)`/`CheckConstraint(...)`/... call.
    AddConstraint {
        model_name: String,
        constraint: Value,
    },
    RemoveConstraint {
        model_name: String,
        name: String,
    },
    AlterConstraint {
        model_name: String,
        name: String,
        constraint: Value,
    },
    RunSQL {
        sql: SqlStatements,
        reverse_sql: Option<SqlStatements>,
        state_operations: Vec<Operation>,
        elidable: bool,
    },
    RunPython {
        code: Value,
        reverse_code: Option<Value>,
        atomic: Option<bool>,
        elidable: bool,
    },
    SeparateDatabaseAndState {
        database_operations: Vec<Operation>,
        state_operations: Vec<Operation>,
    },
    AddIndexConcurrently {
        model_name: String,
        index: Value,
    },
    RemoveIndexConcurrently {
        model_name: String,
        name: String,
    },
    AddConstraintNotValid {
        model_name: String,
        constraint: Value,
    },
    ValidateConstraint {
        model_name: String,
        name: String,
    },
    /// `CreateExtension(name)` and its named subclasses (`HStoreExtension()` → `hstore`).
    CreateExtension {
        name: String,
    },
    CreateCollation {
        name: String,
        locale: String,
        provider: String,
        deterministic: bool,
    },
    RemoveCollation {
        name: String,
        locale: String,
        provider: String,
        deterministic: bool,
    },
    /// An operation class migguard does not know, or whose arguments are not statically known.
    /// Kept with its name and reason, never dropped; later stages report it as not analysed.
    Unknown {
        class: String,
        reason: String,
    },
}

impl OperationKind {
    /// The class name as Django spells it (`AddField`), or the unknown class's dotted name.
    pub fn class_name(&self) -> &str {
        match self {
            OperationKind::CreateModel { .. } => "CreateModel",
            OperationKind::DeleteModel { .. } => "DeleteModel",
            OperationKind::RenameModel { .. } => "RenameModel",
            OperationKind::AlterModelTable { .. } => "AlterModelTable",
            OperationKind::AlterModelTableComment { .. } => "AlterModelTableComment",
            OperationKind::AlterUniqueTogether { .. } => "AlterUniqueTogether",
            OperationKind::AlterIndexTogether { .. } => "AlterIndexTogether",
            OperationKind::AlterOrderWithRespectTo { .. } => "AlterOrderWithRespectTo",
            OperationKind::AlterModelOptions { .. } => "AlterModelOptions",
            OperationKind::AlterModelManagers { .. } => "AlterModelManagers",
            OperationKind::AddField { .. } => "AddField",
            OperationKind::RemoveField { .. } => "RemoveField",
            OperationKind::AlterField { .. } => "AlterField",
            OperationKind::RenameField { .. } => "RenameField",
            OperationKind::AddIndex { .. } => "AddIndex",
            OperationKind::RemoveIndex { .. } => "RemoveIndex",
            OperationKind::RenameIndex { .. } => "RenameIndex",
            OperationKind::AddConstraint { .. } => "AddConstraint",
            OperationKind::RemoveConstraint { .. } => "RemoveConstraint",
            OperationKind::AlterConstraint { .. } => "AlterConstraint",
            OperationKind::RunSQL { .. } => "RunSQL",
            OperationKind::RunPython { .. } => "RunPython",
            OperationKind::SeparateDatabaseAndState { .. } => "SeparateDatabaseAndState",
            OperationKind::AddIndexConcurrently { .. } => "AddIndexConcurrently",
            OperationKind::RemoveIndexConcurrently { .. } => "RemoveIndexConcurrently",
            OperationKind::AddConstraintNotValid { .. } => "AddConstraintNotValid",
            OperationKind::ValidateConstraint { .. } => "ValidateConstraint",
            OperationKind::CreateExtension { .. } => "CreateExtension",
            OperationKind::CreateCollation { .. } => "CreateCollation",
            OperationKind::RemoveCollation { .. } => "RemoveCollation",
            OperationKind::Unknown { class, .. } => class,
        }
    }
}
