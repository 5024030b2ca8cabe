//! Mapping a parsed statement (sqlparser AST) to the forms it contains.

use std::ops::ControlFlow;

use sqlparser::ast::{
    visit_relations, AlterColumnOperation, AlterIndexOperation, AlterTableOperation,
    AlterTypeOperation, ColumnDef, ColumnOption, CommentObject, Expr, FromTable, GeneratedAs,
    GeneratedExpressionMode, Ident, ObjectName, ObjectType, SetExpr, Statement, TableConstraint,
    TableFactor, TableObject,
};

use super::forms::Form;
use super::model::{RelationRef, TransactionControl};
use super::rules::TargetRole;
use super::txn_control;
use super::types::{type_change, TypeChange, TypeName};
use super::volatility::{volatility, Volatility};
use super::ColumnTypeLookup;

/// One recognised form with the relations filling its roles.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FormHit {
    pub form: Form,
    pub targets: Vec<(TargetRole, RelationRef)>,
    pub assumptions: Vec<String>,
    /// Set for transaction-control forms.
    pub control: Option<TransactionControl>,
}

impl FormHit {
    pub(crate) fn new(form: Form, targets: Vec<(TargetRole, RelationRef)>) -> FormHit {
        FormHit {
            form,
            targets,
            assumptions: Vec::new(),
            control: None,
        }
    }

    pub(crate) fn assuming(mut self, assumption: impl Into<String>) -> FormHit {
        self.assumptions.push(assumption.into());
        self
    }
}

/// A parsed statement no rule covers: what it is and the relations it mentions.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NoRule {
    pub statement: String,
    pub relations: Vec<String>,
}

/// Lower-cases unquoted identifiers, as PostgreSQL does.
pub(crate) fn ident(i: &Ident) -> String {
    if i.quote_style.is_some() {
        i.value.clone()
    } else {
        i.value.to_lowercase()
    }
}

/// Joins a possibly schema-qualified name.
pub(crate) fn object_name(name: &ObjectName) -> String {
    name.0
        .iter()
        .map(|part| {
            part.as_ident()
                .map(ident)
                .unwrap_or_else(|| part.to_string())
        })
        .collect::<Vec<_>>()
        .join(".")
}

fn table(role: TargetRole, name: &str) -> (TargetRole, RelationRef) {
    (role, RelationRef::named(name))
}

/// Every relation the statement mentions, in order, without duplicates.
pub(crate) fn relations_in(statement: &Statement) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    let _ = visit_relations(statement, |rel| {
        let name = object_name(rel);
        if !found.contains(&name) {
            found.push(name);
        }
        ControlFlow::<()>::Continue(())
    });
    found
}

/// Recognises the forms in a parsed statement.
pub(crate) fn recognize(
    statement: &Statement,
    lookup: Option<&dyn ColumnTypeLookup>,
) -> Result<Vec<FormHit>, NoRule> {
    let no_rule = |what: &str| NoRule {
        statement: what.to_string(),
        relations: relations_in(statement),
    };
    if let Some(control) = txn_control::from_statement(statement) {
        return control.map(|hit| vec![hit]).map_err(|what| no_rule(&what));
    }
    match statement {
        Statement::AlterTable(alter) => {
            let name = object_name(&alter.name);
            let mut hits = Vec::new();
            for op in &alter.operations {
                hits.extend(
                    alter_table_operation(&name, op, lookup).map_err(|what| no_rule(&what))?,
                );
            }
            Ok(hits)
        }
        Statement::AlterIndex {
            name,
            operation: AlterIndexOperation::RenameIndex { .. },
        } => Ok(vec![FormHit::new(
            Form::RenameIndex,
            vec![table(TargetRole::Index, &object_name(name))],
        )]),
        Statement::CreateIndex(index) => {
            let form = if index.concurrently {
                Form::CreateIndexConcurrently
            } else {
                Form::CreateIndex
            };
            let mut targets = vec![table(TargetRole::Table, &object_name(&index.table_name))];
            if let Some(name) = &index.name {
                targets.push(table(TargetRole::Index, &object_name(name)));
            }
            Ok(vec![FormHit::new(form, targets)])
        }
        Statement::CreateTable(create) => {
            if create.query.is_some()
                || create.partition_of.is_some()
                || create.like.is_some()
                || create.clone.is_some()
            {
                return Err(no_rule("CREATE TABLE AS / PARTITION OF / LIKE / CLONE"));
            }
            let mut targets = vec![table(TargetRole::Table, &object_name(&create.name))];
            let column_refs = create
                .columns
                .iter()
                .flat_map(|c| c.options.iter())
                .filter_map(|o| match &o.option {
                    ColumnOption::ForeignKey(fk) => Some(&fk.foreign_table),
                    _ => None,
                });
            let constraint_refs = create.constraints.iter().filter_map(|c| match c {
                TableConstraint::ForeignKey(fk) => Some(&fk.foreign_table),
                _ => None,
            });
            for referenced in column_refs.chain(constraint_refs) {
                let target = table(TargetRole::ReferencedTable, &object_name(referenced));
                if !targets.contains(&target) {
                    targets.push(target);
                }
            }
            Ok(vec![FormHit::new(Form::CreateTable, targets)])
        }
        Statement::Drop {
            object_type,
            names,
            cascade,
            ..
        } => drop(*object_type, names, *cascade)
            .ok_or_else(|| no_rule(&format!("DROP {object_type}"))),
        Statement::Truncate(truncate) => Ok(truncate
            .table_names
            .iter()
            .map(|t| {
                let name = object_name(&t.name);
                let mut targets = vec![table(TargetRole::Table, &name)];
                if matches!(
                    truncate.cascade,
                    Some(sqlparser::ast::CascadeOption::Cascade)
                ) {
                    targets.push((
                        TargetRole::ReferencingTable,
                        RelationRef::ReferencingForeignKeys { table: name },
                    ));
                }
                FormHit::new(Form::Truncate, targets)
            })
            .collect()),
        Statement::CreateTrigger(trigger) => Ok(vec![FormHit::new(
            Form::CreateTrigger,
            vec![table(TargetRole::Table, &object_name(&trigger.table_name))],
        )]),
        Statement::DropTrigger(trigger) => match &trigger.table_name {
            Some(t) => Ok(vec![FormHit::new(
                Form::DropTrigger,
                vec![table(TargetRole::Table, &object_name(t))],
            )]),
            None => Err(no_rule("DROP TRIGGER without ON <table>")),
        },
        Statement::Comment {
            object_type,
            object_name: name,
            ..
        } => Ok(vec![comment(*object_type, name)]),
        Statement::AlterType(alter) => match alter.operation {
            AlterTypeOperation::AddValue(_) => {
                Ok(vec![FormHit::new(Form::AlterTypeAddValue, vec![])])
            }
            _ => Err(no_rule("ALTER TYPE (other than ADD VALUE)")),
        },
        Statement::CreateSequence { name, owned_by, .. } => {
            let hit = FormHit::new(
                Form::CreateSequence,
                vec![table(TargetRole::Sequence, &object_name(name))],
            );
            Ok(vec![match owned_by {
                Some(_) => hit.assuming("OWNED BY in CREATE SEQUENCE also takes ACCESS SHARE on the owning table (not modelled)"),
                None => hit,
            }])
        }
        Statement::CreateExtension(_) => Ok(vec![FormHit::new(Form::CreateExtension, vec![])]),
        Statement::DropExtension(drop) => {
            let hit = FormHit::new(Form::DropExtension, vec![]);
            Ok(vec![match drop.cascade_or_restrict {
                Some(sqlparser::ast::ReferentialAction::Cascade) => hit.assuming(
                    "DROP EXTENSION ... CASCADE also drops dependent columns/objects, locking their tables (not modelled)",
                ),
                _ => hit,
            }])
        }
        Statement::CreateCollation(_) => Ok(vec![FormHit::new(Form::CreateCollation, vec![])]),
        Statement::Update(update) => {
            let TableFactor::Table { name, .. } = &update.table.relation else {
                return Err(no_rule("UPDATE of a non-table"));
            };
            Ok(vec![dml(Form::Update, &object_name(name), statement)])
        }
        Statement::Delete(delete) => {
            let from = match &delete.from {
                FromTable::WithFromKeyword(t) | FromTable::WithoutKeyword(t) => t,
            };
            match from.first().map(|t| &t.relation) {
                Some(TableFactor::Table { name, .. }) => {
                    Ok(vec![dml(Form::Delete, &object_name(name), statement)])
                }
                _ => Err(no_rule("DELETE without a target table")),
            }
        }
        Statement::Insert(insert) => {
            let TableObject::TableName(name) = &insert.table else {
                return Err(no_rule("INSERT INTO a table function"));
            };
            let is_values = insert
                .source
                .as_ref()
                .is_none_or(|q| matches!(q.body.as_ref(), SetExpr::Values(_)));
            let form = if is_values {
                Form::Insert
            } else {
                Form::InsertSelect
            };
            Ok(vec![dml(form, &object_name(name), statement)])
        }
        Statement::Query(_) => {
            let targets = relations_in(statement)
                .iter()
                .map(|r| table(TargetRole::SourceTable, r))
                .collect();
            Ok(vec![FormHit::new(Form::Select, targets)])
        }
        Statement::Set(_) | Statement::Reset(_) => Ok(vec![FormHit::new(Form::SessionSet, vec![])]),
        Statement::Analyze(analyze) => match &analyze.table_name {
            // sqlparser reads the option word of a bare `ANALYZE VERBOSE` as a table name.
            Some(name) if !is_analyze_option(name) => Ok(vec![FormHit::new(
                Form::Analyze,
                vec![table(TargetRole::Table, &object_name(name))],
            )]),
            _ => Err(no_rule("ANALYZE of every table of the database")),
        },
        other => Err(no_rule(&statement_kind(other))),
    }
}

/// A short name for an unsupported statement: its first few words.
fn statement_kind(statement: &Statement) -> String {
    statement
        .to_string()
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

/// `VERBOSE` / `SKIP_LOCKED` written unquoted where sqlparser expects the table name.
fn is_analyze_option(name: &ObjectName) -> bool {
    match name.0.as_slice() {
        [part] => part.as_ident().is_some_and(|i| {
            i.quote_style.is_none()
                && (i.value.eq_ignore_ascii_case("verbose")
                    || i.value.eq_ignore_ascii_case("skip_locked"))
        }),
        _ => false,
    }
}

fn dml(form: Form, target: &str, statement: &Statement) -> FormHit {
    let mut targets = vec![table(TargetRole::Table, target)];
    targets.extend(
        relations_in(statement)
            .iter()
            .filter(|r| r.as_str() != target)
            .map(|r| table(TargetRole::SourceTable, r)),
    );
    FormHit::new(form, targets)
}

fn drop(object_type: ObjectType, names: &[ObjectName], cascade: bool) -> Option<Vec<FormHit>> {
    let hits = names.iter().map(object_name).map(|name| match object_type {
        ObjectType::Table => {
            let mut targets = vec![
                table(TargetRole::Table, &name),
                (TargetRole::ReferencedTable, RelationRef::ReferencedByForeignKeys { table: name.clone(), column: None }),
            ];
            if cascade {
                targets.push((TargetRole::ReferencingTable, RelationRef::ReferencingForeignKeys { table: name.clone() }));
            }
            Some(FormHit::new(Form::DropTable, targets))
        }
        ObjectType::Index => Some(FormHit::new(
            Form::DropIndex,
            vec![
                (TargetRole::Table, RelationRef::TableOfIndex { index: name.clone() }),
                table(TargetRole::Index, &name),
            ],
        )),
        ObjectType::Sequence => Some(FormHit::new(Form::DropSequence, vec![table(TargetRole::Sequence, &name)])),
        ObjectType::Collation => Some(match cascade {
            true => FormHit::new(Form::DropCollation, vec![]).assuming(
                "DROP COLLATION ... CASCADE also drops columns and indexes using it, locking their tables (not modelled)",
            ),
            false => FormHit::new(Form::DropCollation, vec![]),
        }),
        _ => None,
    });
    hits.collect()
}

fn comment(object_type: CommentObject, name: &ObjectName) -> FormHit {
    let full = object_name(name);
    let targets = match object_type {
        CommentObject::Table => vec![table(TargetRole::Table, &full)],
        CommentObject::Index => vec![table(TargetRole::Index, &full)],
        CommentObject::Column => match full.rsplit_once('.') {
            Some((owner, _column)) => vec![table(TargetRole::Table, owner)],
            None => vec![],
        },
        _ => vec![],
    };
    FormHit::new(Form::CommentOn, targets)
}

fn alter_table_operation(
    name: &str,
    op: &AlterTableOperation,
    lookup: Option<&dyn ColumnTypeLookup>,
) -> Result<Vec<FormHit>, String> {
    let on_table = |form: Form| FormHit::new(form, vec![table(TargetRole::Table, name)]);
    let fk_of_constraint = |constraint: &Ident| {
        (
            TargetRole::ReferencedTable,
            RelationRef::ReferencedByConstraint {
                table: name.to_string(),
                constraint: ident(constraint),
            },
        )
    };
    Ok(match op {
        AlterTableOperation::AddColumn { column_def, .. } => add_column(name, column_def),
        AlterTableOperation::DropColumn { column_names, .. } => column_names
            .iter()
            .map(|c| {
                FormHit::new(
                    Form::DropColumn,
                    vec![
                        table(TargetRole::Table, name),
                        (
                            TargetRole::ReferencedTable,
                            RelationRef::ReferencedByForeignKeys {
                                table: name.to_string(),
                                column: Some(ident(c)),
                            },
                        ),
                    ],
                )
            })
            .collect(),
        AlterTableOperation::AlterColumn { column_name, op } => {
            vec![alter_column(name, &ident(column_name), op, lookup)]
        }
        AlterTableOperation::AddConstraint {
            constraint,
            not_valid,
        } => add_constraint(name, constraint, *not_valid)?,
        AlterTableOperation::ValidateConstraint { name: constraint } => {
            let mut hit = on_table(Form::ValidateConstraint);
            hit.targets.push(fk_of_constraint(constraint));
            vec![hit]
        }
        AlterTableOperation::DropConstraint {
            name: constraint, ..
        } => {
            let mut hit = on_table(Form::DropConstraint);
            hit.targets.push(fk_of_constraint(constraint));
            vec![hit]
        }
        AlterTableOperation::RenameTable { .. } => vec![on_table(Form::RenameTable)],
        AlterTableOperation::RenameColumn { .. } => vec![on_table(Form::RenameColumn)],
        AlterTableOperation::RenameConstraint { .. } => vec![on_table(Form::RenameConstraint)],
        AlterTableOperation::EnableTrigger { .. } | AlterTableOperation::DisableTrigger { .. } => {
            vec![on_table(Form::EnableDisableTrigger)]
        }
        other => {
            let text = other.to_string();
            let words: Vec<&str> = text.split_whitespace().take(3).collect();
            return Err(format!("ALTER TABLE ... {}", words.join(" ")));
        }
    })
}

fn add_constraint(
    name: &str,
    constraint: &TableConstraint,
    not_valid: bool,
) -> Result<Vec<FormHit>, String> {
    let on_table = |form: Form| FormHit::new(form, vec![table(TargetRole::Table, name)]);
    Ok(vec![match constraint {
        TableConstraint::Check(_) => on_table(if not_valid {
            Form::AddCheckNotValid
        } else {
            Form::AddCheck
        }),
        TableConstraint::ForeignKey(fk) => FormHit::new(
            if not_valid {
                Form::AddForeignKeyNotValid
            } else {
                Form::AddForeignKey
            },
            vec![
                table(TargetRole::Table, name),
                table(TargetRole::ReferencedTable, &object_name(&fk.foreign_table)),
            ],
        ),
        TableConstraint::Unique(_) => on_table(Form::AddUnique),
        TableConstraint::PrimaryKey(_) => on_table(Form::AddPrimaryKey),
        TableConstraint::UniqueUsingIndex(u) => FormHit::new(
            Form::AddUniqueUsingIndex,
            vec![
                table(TargetRole::Table, name),
                table(TargetRole::Index, &ident(&u.index_name)),
            ],
        ),
        TableConstraint::PrimaryKeyUsingIndex(u) => FormHit::new(
            Form::AddPrimaryKeyUsingIndex,
            vec![
                table(TargetRole::Table, name),
                table(TargetRole::Index, &ident(&u.index_name)),
            ],
        ),
        TableConstraint::Exclude(_) => on_table(Form::AddExclude),
        _ => return Err("ALTER TABLE ... ADD <MySQL-style index constraint>".to_string()),
    }])
}

const SERIAL_TYPES: &[&str] = &[
    "serial",
    "bigserial",
    "smallserial",
    "serial2",
    "serial4",
    "serial8",
];

fn add_column(name: &str, column: &ColumnDef) -> Vec<FormHit> {
    let mut default: Option<&Expr> = None;
    let (mut not_null, mut identity) = (false, false);
    let mut generated: Option<bool> = None; // Some(stored?)
    let mut references: Option<String> = None;
    let mut extra = Vec::new();
    for option in &column.options {
        match &option.option {
            ColumnOption::Default(expr) => default = Some(expr),
            ColumnOption::NotNull => not_null = true,
            ColumnOption::Generated {
                generated_as,
                generation_expr,
                generation_expr_mode,
                ..
            } => match generation_expr {
                Some(_) => {
                    let stored = matches!(generated_as, GeneratedAs::ExpStored)
                        || matches!(generation_expr_mode, Some(GeneratedExpressionMode::Stored));
                    generated = Some(stored);
                }
                None => identity = true,
            },
            ColumnOption::Identity(_) => identity = true,
            ColumnOption::ForeignKey(fk) => references = Some(object_name(&fk.foreign_table)),
            ColumnOption::Unique(_) => extra.push(Form::AddUnique),
            ColumnOption::PrimaryKey(_) => extra.push(Form::AddPrimaryKey),
            ColumnOption::Check(_) => extra.push(Form::AddCheck),
            _ => {}
        }
    }
    let type_name = column.data_type.to_string().to_ascii_lowercase();
    let mut assumptions = Vec::new();
    let primary = if SERIAL_TYPES.contains(&type_name.as_str()) {
        Form::AddColumnSerial
    } else if identity {
        Form::AddColumnIdentity
    } else if let Some(stored) = generated {
        if stored {
            Form::AddColumnGeneratedStored
        } else {
            Form::AddColumnGeneratedVirtual
        }
    } else if let Some(expr) = default {
        match volatility(expr) {
            Volatility::NonVolatile => Form::AddColumnDefaultNonVolatile,
            Volatility::Volatile(_) => Form::AddColumnDefaultVolatile,
            Volatility::Unknown(function) => {
                assumptions.push(format!(
                    "volatility of {function}() unknown: DEFAULT assumed volatile (rewrite); if it is STABLE or IMMUTABLE there is no rewrite"
                ));
                Form::AddColumnDefaultVolatile
            }
        }
    } else if not_null {
        Form::AddColumnNotNullNoDefault
    } else {
        Form::AddColumnNullable
    };
    let mut hits = Vec::new();
    let plain = primary == Form::AddColumnNullable;
    if !(plain && references.is_some()) {
        let mut hit = FormHit::new(primary, vec![table(TargetRole::Table, name)]);
        hit.assumptions = assumptions;
        hits.push(hit);
    }
    if let Some(referenced) = references {
        // PostgreSQL skips validating the new foreign key only when the column gets no default
        // value (serial and generated columns have one; identity columns do not).
        let has_default =
            default.is_some() || generated.is_some() || primary == Form::AddColumnSerial;
        let form = if has_default {
            Form::AddColumnReferencesWithDefault
        } else {
            Form::AddColumnReferences
        };
        hits.push(FormHit::new(
            form,
            vec![
                table(TargetRole::Table, name),
                table(TargetRole::ReferencedTable, &referenced),
            ],
        ));
    }
    hits.extend(
        extra
            .into_iter()
            .map(|form| FormHit::new(form, vec![table(TargetRole::Table, name)])),
    );
    hits
}

fn alter_column(
    name: &str,
    column: &str,
    op: &AlterColumnOperation,
    lookup: Option<&dyn ColumnTypeLookup>,
) -> FormHit {
    let on_table = |form: Form| FormHit::new(form, vec![table(TargetRole::Table, name)]);
    match op {
        AlterColumnOperation::SetNotNull => on_table(Form::SetNotNull).assuming(
            "SET NOT NULL scans the table unless a valid CHECK (col IS NOT NULL) constraint exists (PostgreSQL 12+)",
        ),
        AlterColumnOperation::DropNotNull => on_table(Form::DropNotNull),
        AlterColumnOperation::SetDefault { .. } => on_table(Form::SetDefault),
        AlterColumnOperation::DropDefault => on_table(Form::DropDefault),
        AlterColumnOperation::AddGenerated { .. } => on_table(Form::AlterColumnAddIdentity),
        AlterColumnOperation::SetDataType { data_type, using, .. } => {
            if let Some(expr) = using {
                if !is_plain_cast_of(expr, column) {
                    return on_table(Form::AlterColumnTypeRewrite)
                        .assuming(format!("USING {expr}: a conversion expression is assumed to rewrite the table"));
                }
            }
            let new_type = TypeName::parse(&data_type.to_string());
            let Some(old) = lookup.and_then(|l| l.column_type(name, column)) else {
                return on_table(Form::AlterColumnTypeRewrite)
                    .assuming(format!("old type of {name}.{column} unknown: assumed to rewrite the table"));
            };
            match type_change(&TypeName::parse(&old), &new_type) {
                TypeChange::NoRewrite => on_table(Form::AlterColumnTypeNoRewrite),
                TypeChange::Rewrite => on_table(Form::AlterColumnTypeRewrite),
                TypeChange::Conditional(why) => on_table(Form::AlterColumnTypeRewrite).assuming(format!("{why}; assumed to rewrite")),
            }
        }
    }
}

/// `col`, `col::type` or `CAST(col AS type)`: PostgreSQL treats these like no USING clause.
fn is_plain_cast_of(expr: &Expr, column: &str) -> bool {
    match expr {
        Expr::Identifier(i) => ident(i) == column,
        Expr::CompoundIdentifier(parts) => parts.last().is_some_and(|i| ident(i) == column),
        Expr::Nested(inner) => is_plain_cast_of(inner, column),
        Expr::Cast { expr, .. } => is_plain_cast_of(expr, column),
        _ => false,
    }
}
