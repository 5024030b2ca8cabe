//! `database_forwards` and `describe()` of every operation.

use std::rc::Rc;
use std::sync::Arc;

use super::alter_field::{alter_db_table, alter_field};
use super::catalog::Effect;
use super::context::{Ctx, DdlSettings, ModelInfo};
use super::editor::Editor;
use super::expressions::describe_value;
use super::model_cache::ModelCache;
use super::model_options::{
    constraint_create_sql, constraint_remove_sql, index_create_sql, index_remove_sql,
};
use super::names::quote_name;
use super::schema::{add_field, create_model, delete_model, remove_field};
use super::Statement;
use crate::ir::{DatabaseWork, Operation, OperationKind, Value};
use crate::state::{apply_operation, named_call, Journal, ModelKey, ProjectState, StateView};

/// Django's `describe()`.
pub fn describe(kind: &OperationKind) -> String {
    use OperationKind as Op;
    match kind {
        Op::CreateModel { name, options, .. } => {
            let proxy = options
                .iter()
                .any(|(key, value)| key == "proxy" && value.truthiness() == Some(true));
            format!("Create {}model {name}", if proxy { "proxy " } else { "" })
        }
        Op::DeleteModel { name } => format!("Delete model {name}"),
        Op::RenameModel { old_name, new_name } => format!("Rename model {old_name} to {new_name}"),
        Op::AlterModelTable { name, table } => format!(
            "Rename table for {name} to {}",
            table.as_deref().unwrap_or("(default)")
        ),
        Op::AlterModelTableComment { name, .. } => format!("Alter {name} table comment"),
        Op::AlterUniqueTogether {
            name,
            unique_together,
        } => together_describe("unique_together", name, unique_together),
        Op::AlterIndexTogether {
            name,
            index_together,
        } => together_describe("index_together", name, index_together),
        Op::AlterOrderWithRespectTo {
            name,
            order_with_respect_to,
        } => {
            format!(
                "Set order_with_respect_to on {name} to {}",
                order_with_respect_to.as_deref().unwrap_or("None")
            )
        }
        Op::AlterModelOptions { name, .. } => format!("Change Meta options on {name}"),
        Op::AlterModelManagers { name, .. } => format!("Change managers on {name}"),
        Op::AddField {
            model_name, name, ..
        } => format!("Add field {name} to {model_name}"),
        Op::RemoveField { model_name, name } => format!("Remove field {name} from {model_name}"),
        Op::AlterField {
            model_name, name, ..
        } => format!("Alter field {name} on {model_name}"),
        Op::RenameField {
            model_name,
            old_name,
            new_name,
        } => format!("Rename field {old_name} on {model_name} to {new_name}"),
        Op::AddIndex { model_name, index } => index_describe("Create", model_name, index),
        Op::AddIndexConcurrently { model_name, index } => {
            index_describe("Concurrently create", model_name, index)
        }
        Op::RemoveIndex { model_name, name } => format!("Remove index {name} from {model_name}"),
        Op::RemoveIndexConcurrently { model_name, name } => {
            format!("Concurrently remove index {name} from {model_name}")
        }
        Op::RenameIndex {
            model_name,
            new_name,
            old_name: Some(old),
            ..
        } => format!("Rename index {old} on {model_name} to {new_name}"),
        Op::RenameIndex {
            model_name,
            new_name,
            old_fields,
            ..
        } => {
            let fields: Vec<String> = old_fields
                .iter()
                .flatten()
                .map(|f| format!("'{f}'"))
                .collect();
            let tuple = if fields.len() == 1 {
                format!("({},)", fields[0])
            } else {
                format!("({})", fields.join(", "))
            };
            format!("Rename unnamed index for {tuple} on {model_name} to {new_name}")
        }
        Op::AddConstraint {
            model_name,
            constraint,
        } => {
            format!(
                "Create constraint {} on model {model_name}",
                named_call(constraint).unwrap_or("?")
            )
        }
        Op::AddConstraintNotValid {
            model_name,
            constraint,
        } => {
            format!(
                "Create not valid constraint {} on model {model_name}",
                named_call(constraint).unwrap_or("?")
            )
        }
        Op::RemoveConstraint { model_name, name } => {
            format!("Remove constraint {name} from model {model_name}")
        }
        Op::AlterConstraint {
            model_name, name, ..
        } => format!("Alter constraint {name} on {model_name}"),
        Op::ValidateConstraint { model_name, name } => {
            format!("Validate constraint {name} on model {model_name}")
        }
        Op::RunSQL { .. } => "Raw SQL operation".into(),
        Op::RunPython { .. } => "Raw Python operation".into(),
        Op::SeparateDatabaseAndState { .. } => "Custom state/database change combination".into(),
        Op::CreateExtension { name } => format!("Creates extension {name}"),
        Op::CreateCollation { name, .. } => format!("Create collation {name}"),
        Op::RemoveCollation { name, .. } => format!("Remove collation {name}"),
        Op::Unknown { class, .. } => format!("{class} (not analysed)"),
    }
}

fn together_describe(option: &str, name: &str, groups: &[Vec<String>]) -> String {
    let mut unique: Vec<&Vec<String>> = Vec::new();
    for group in groups {
        if !unique.contains(&group) {
            unique.push(group);
        }
    }
    format!("Alter {option} for {name} ({} constraint(s))", unique.len())
}

fn index_describe(verb: &str, model_name: &str, index: &Value) -> String {
    let name = named_call(index).unwrap_or("?");
    let call = index.as_call();
    let expressions = call.map(|c| c.args.clone()).unwrap_or_default();
    if !expressions.is_empty() && verb == "Create" {
        let described: Vec<String> = expressions.iter().map(describe_value).collect();
        return format!(
            "{verb} index {name} on {} on model {model_name}",
            described.join(", ")
        );
    }
    let fields: Vec<String> = call
        .and_then(|c| c.kwarg("fields"))
        .and_then(Value::as_sequence)
        .map(|items| {
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .unwrap_or_default();
    format!(
        "{verb} index {name} on field(s) {} of model {model_name}",
        fields.join(", ")
    )
}

/// A rendered model that Django would run DDL for (`allow_migrate_model`).
fn migratable(ctx: &Ctx<'_>, key: &ModelKey) -> Option<Rc<ModelInfo>> {
    ctx.model_info(key).filter(|model| model.can_migrate)
}

/// Runs `database_forwards` for an operation already applied to `state` (`journal` holds
/// what it changed). A subclass whose `database_forwards` is empty runs nothing.
pub fn database_forwards(
    editor: &mut Editor<'_>,
    settings: &DdlSettings,
    models: &ModelCache,
    app: &str,
    operation: &Operation,
    state: &ProjectState,
    journal: &Journal,
) {
    if operation
        .subclass
        .as_ref()
        .is_some_and(|subclass| subclass.database == DatabaseWork::Nothing)
    {
        return;
    }
    let before = Ctx::new(StateView::before(state, journal), settings, models);
    let after = Ctx::new(StateView::current(state), settings, models);
    forwards(editor, app, &operation.kind, &before, &after);
}

/// `SeparateDatabaseAndState`: database operations run against their own copy of the state.
pub fn separate_database_and_state(
    editor: &mut Editor<'_>,
    settings: &DdlSettings,
    models: &ModelCache,
    app: &str,
    operation: &Operation,
    database_state: &mut ProjectState,
) {
    let OperationKind::SeparateDatabaseAndState {
        database_operations,
        ..
    } = &operation.kind
    else {
        return;
    };
    for inner in database_operations {
        let mut journal = Journal::default();
        if let Err(reason) = apply_operation(database_state, app, inner, &mut journal) {
            editor.not_translated(reason);
            continue;
        }
        database_forwards(
            editor,
            settings,
            models,
            app,
            inner,
            database_state,
            &journal,
        );
    }
}

fn forwards(
    editor: &mut Editor<'_>,
    app: &str,
    kind: &OperationKind,
    before: &Ctx<'_>,
    after: &Ctx<'_>,
) {
    use OperationKind as Op;
    let key = |name: &str| ModelKey::new(app, name);
    match kind {
        Op::CreateModel { name, .. } => {
            if let Some(model) = migratable(after, &key(name)) {
                create_model(editor, after, &model);
                if !model.options.index_together.is_empty() {
                    let mut without = ModelInfo::clone(&model);
                    Arc::make_mut(&mut without.options).index_together.clear();
                    super::model_alter::alter_together(editor, &without, &model, false);
                }
            }
        }
        Op::DeleteModel { name } => {
            if let Some(model) = migratable(before, &key(name)) {
                delete_model(editor, before, &model);
            }
        }
        Op::RenameModel { old_name, new_name } => {
            super::model_alter::rename_model(editor, before, after, &key(old_name), &key(new_name))
        }
        Op::AlterModelTable { name, .. } => {
            if let (Some(old), Some(new)) = (
                migratable(before, &key(name)),
                migratable(after, &key(name)),
            ) {
                alter_db_table(editor, &old.db_table, &new.db_table);
                for (old_field, new_field) in old
                    .fields
                    .iter()
                    .zip(new.fields.iter())
                    .filter(|(f, _)| f.is_m2m())
                {
                    if let (Some(old_through), Some(new_through)) = (
                        before.through_model(&old, old_field),
                        after.through_model(&new, new_field),
                    ) {
                        alter_db_table(editor, &old_through.db_table, &new_through.db_table);
                    }
                }
            }
        }
        Op::AlterModelTableComment { name, .. } => {
            if let Some(model) = migratable(after, &key(name)) {
                let comment = model.table_comment.clone().unwrap_or_default();
                editor.execute(
                    format!(
                        "COMMENT ON TABLE {} IS {}",
                        quote_name(&model.db_table),
                        super::literal::quote_text(&comment)
                    ),
                    None,
                );
            }
        }
        Op::AlterUniqueTogether { name, .. } | Op::AlterIndexTogether { name, .. } => {
            let unique = matches!(kind, Op::AlterUniqueTogether { .. });
            if let (Some(old), Some(new)) = (
                migratable(before, &key(name)),
                migratable(after, &key(name)),
            ) {
                super::model_alter::alter_together(editor, &old, &new, unique);
            }
        }
        Op::AlterOrderWithRespectTo { name, .. } => {
            let (Some(old), Some(new)) = (
                migratable(before, &key(name)),
                migratable(after, &key(name)),
            ) else {
                return;
            };
            match (old.field("_order"), new.field("_order")) {
                (Some(field), None) => remove_field(editor, before, &old, field),
                (None, Some(field)) => {
                    let mut field = field.clone();
                    if !field.has_default() {
                        Arc::make_mut(&mut field.field)
                            .args
                            .push(("default".into(), Value::Int(0)));
                    }
                    add_field(editor, after, &old, &field);
                }
                _ => {}
            }
        }
        Op::AddField {
            model_name, name, ..
        } => {
            if let (Some(old), Some(new)) = (
                migratable(before, &key(model_name)),
                migratable(after, &key(model_name)),
            ) {
                if let (
                    Some(_),
                    Some(new_state),
                    Op::AddField {
                        field: original, ..
                    },
                ) = (new.field(name), after.model(&key(model_name)), kind)
                {
                    // With `preserve_default=False` the column still gets the default once.
                    let field = super::fields::resolve_field(
                        after,
                        new_state,
                        name,
                        &Arc::new(original.clone()),
                    );
                    add_field(editor, after, &old, &field);
                }
            }
        }
        Op::RemoveField { model_name, name } => {
            if let Some(old) = migratable(before, &key(model_name)) {
                if let Some(field) = old.field(name) {
                    remove_field(editor, before, &old, field);
                }
            }
        }
        Op::AlterField {
            model_name,
            name,
            field: original,
            ..
        } => {
            let (Some(old), Some(new)) = (
                migratable(before, &key(model_name)),
                migratable(after, &key(model_name)),
            ) else {
                return;
            };
            let (Some(old_field), Some(_)) = (old.field(name), new.field(name)) else {
                return;
            };
            let Some(new_state) = after.model(&key(model_name)) else {
                return;
            };
            let new_field =
                super::fields::resolve_field(after, new_state, name, &Arc::new(original.clone()));
            alter_field(editor, before, after, &old, old_field, &new_field);
        }
        Op::RenameField {
            model_name,
            old_name,
            new_name,
        } => {
            let (Some(old), Some(new)) = (
                migratable(before, &key(model_name)),
                migratable(after, &key(model_name)),
            ) else {
                return;
            };
            if let (Some(old_field), Some(new_field)) = (old.field(old_name), new.field(new_name)) {
                alter_field(editor, before, after, &old, old_field, new_field);
            }
        }
        Op::AddIndex { model_name, index } | Op::AddIndexConcurrently { model_name, index } => {
            let concurrently = matches!(kind, Op::AddIndexConcurrently { .. });
            if let Some(model) = migratable(after, &key(model_name)) {
                match index_create_sql(&model, index, concurrently) {
                    Ok((sql, effect)) => editor.execute_text(&sql, Some(effect)),
                    Err(reason) => editor.not_translated(reason),
                }
            }
        }
        Op::RemoveIndex { model_name, name } | Op::RemoveIndexConcurrently { model_name, name } => {
            let concurrently = matches!(kind, Op::RemoveIndexConcurrently { .. });
            if let Some(model) = migratable(before, &key(model_name)) {
                let (sql, effect) = index_remove_sql(editor, &model, name, concurrently);
                editor.execute(sql, Some(effect));
            }
        }
        Op::RenameIndex {
            model_name,
            new_name,
            old_name,
            old_fields,
        } => {
            let Some(model) = migratable(after, &key(model_name)) else {
                return;
            };
            let old_name = match (old_name, old_fields) {
                (Some(old_name), _) => old_name.clone(),
                (None, Some(fields)) => {
                    match super::model_alter::unnamed_index_name(editor, &model, fields) {
                        Ok(name) => name,
                        Err(reason) => return editor.not_translated(reason),
                    }
                }
                (None, None) => return,
            };
            if old_name == *new_name {
                return;
            }
            editor.execute(
                format!(
                    "ALTER INDEX {} RENAME TO {}",
                    quote_name(&old_name),
                    quote_name(new_name)
                ),
                Some(Effect::RenameIndex {
                    old: old_name,
                    new: new_name.clone(),
                }),
            );
        }
        Op::AddConstraint {
            model_name,
            constraint,
        }
        | Op::AddConstraintNotValid {
            model_name,
            constraint,
        } => {
            let not_valid = matches!(kind, Op::AddConstraintNotValid { .. });
            if let Some(model) = migratable(after, &key(model_name)) {
                match constraint_create_sql(&model, constraint) {
                    Ok((sql, effect)) => {
                        let text = sql.render();
                        editor.execute(
                            if not_valid {
                                format!("{text} NOT VALID")
                            } else {
                                text
                            },
                            Some(effect),
                        );
                    }
                    Err(reason) => editor.not_translated(reason),
                }
            }
        }
        Op::RemoveConstraint { model_name, name } => {
            let Some(model) = migratable(before, &key(model_name)) else {
                return;
            };
            let Some(constraint) = model
                .options
                .constraints
                .iter()
                .find(|c| named_call(c) == Some(name.as_str()))
            else {
                return editor.not_translated(format!(
                    "constraint {name} is not in the state of {}",
                    model.key
                ));
            };
            match constraint_remove_sql(&model, constraint) {
                Ok((sql, effect)) => editor.execute(sql, Some(effect)),
                Err(reason) => editor.not_translated(reason),
            }
        }
        Op::ValidateConstraint { model_name, name } => {
            if let Some(model) = migratable(before, &key(model_name)) {
                editor.execute(
                    format!(
                        "ALTER TABLE {} VALIDATE CONSTRAINT {}",
                        quote_name(&model.db_table),
                        quote_name(name)
                    ),
                    None,
                );
            }
        }
        Op::RunSQL { sql, .. } => {
            for item in &sql.items {
                editor.note_schema_facts(&item.sql);
                super::alter_type::remember_types_for_raw_sql(editor, before, &item.sql);
                editor.statements.push(Statement::RunSql {
                    sql: item.sql.clone(),
                    params: item.params.clone(),
                });
            }
        }
        Op::RunPython { atomic, .. } => editor
            .statements
            .push(Statement::RunPython { atomic: *atomic }),
        Op::CreateExtension { name } => editor.execute(
            format!("CREATE EXTENSION IF NOT EXISTS {}", quote_name(name)),
            None,
        ),
        Op::CreateCollation {
            name,
            locale,
            provider,
            deterministic,
        } => {
            let mut args = vec![format!("locale={}", quote_name(locale))];
            if provider != "libc" {
                args.push(format!("provider={}", quote_name(provider)));
            }
            if !deterministic {
                args.push("deterministic=false".into());
            }
            editor.execute(
                format!(
                    "CREATE COLLATION {} ({})",
                    quote_name(name),
                    args.join(", ")
                ),
                Some(Effect::CreateCollation {
                    name: name.clone(),
                    deterministic: *deterministic,
                }),
            );
        }
        Op::RemoveCollation { name, .. } => {
            editor.execute(
                format!("DROP COLLATION {}", quote_name(name)),
                Some(Effect::DropCollation { name: name.clone() }),
            );
        }
        Op::AlterModelOptions { .. }
        | Op::AlterModelManagers { .. }
        | Op::AlterConstraint { .. } => {}
        Op::SeparateDatabaseAndState { .. } => {}
        Op::Unknown { class, reason } => {
            editor.not_translated(format!("operation {class} is not known: {reason}"))
        }
    }
}
