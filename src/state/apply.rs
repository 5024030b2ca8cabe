//! `state_forwards` of every operation: how each one changes the project state.

use std::sync::Arc;

use super::{Journal, ModelKey, ModelOptions, ModelState, ProjectState};
use crate::ir::{Field, Operation, OperationKind, Value};

/// Applies one operation of a migration of `app_label` to the state, recording the models it
/// touches in `journal`. An error says why the operation could not be applied (a model or
/// field the state does not have); the state is left as far as the operation got.
pub fn apply_operation(
    state: &mut ProjectState,
    app_label: &str,
    operation: &Operation,
    journal: &mut Journal,
) -> Result<(), String> {
    let applied = apply_kind(state, app_label, operation, journal);
    state.note_relations(journal);
    applied
}

fn apply_kind(
    state: &mut ProjectState,
    app_label: &str,
    operation: &Operation,
    journal: &mut Journal,
) -> Result<(), String> {
    use OperationKind as Op;
    let key = |name: &str| ModelKey::new(app_label, name);
    match &operation.kind {
        Op::CreateModel {
            name,
            fields,
            options,
            bases,
            ..
        } => {
            let model = ModelState {
                app_label: app_label.to_string(),
                name: name.clone(),
                fields: fields
                    .iter()
                    .map(|(name, field)| (name.clone(), Arc::new(field.clone())))
                    .collect(),
                options: Arc::new(ModelOptions::from_pairs(options)),
                bases: bases.clone(),
            };
            state.insert(key(name), model, journal);
        }
        Op::DeleteModel { name } => {
            state
                .remove(&key(name), journal)
                .ok_or_else(|| missing_model(app_label, name))?;
        }
        Op::RenameModel { old_name, new_name } => {
            rename_model(state, app_label, old_name, new_name, journal)?
        }
        Op::AlterModelTable { name, table } => {
            model_mut(state, app_label, name, journal)?
                .options_mut()
                .db_table = table.clone()
        }
        Op::AlterModelTableComment {
            name,
            table_comment,
        } => {
            model_mut(state, app_label, name, journal)?
                .options_mut()
                .db_table_comment = table_comment.clone();
        }
        Op::AlterUniqueTogether {
            name,
            unique_together,
        } => {
            model_mut(state, app_label, name, journal)?
                .options_mut()
                .unique_together = super::pyset::set_order(unique_together);
        }
        Op::AlterIndexTogether {
            name,
            index_together,
        } => {
            model_mut(state, app_label, name, journal)?
                .options_mut()
                .index_together = super::pyset::set_order(index_together);
        }
        Op::AlterOrderWithRespectTo {
            name,
            order_with_respect_to,
        } => {
            model_mut(state, app_label, name, journal)?
                .options_mut()
                .order_with_respect_to = order_with_respect_to.clone();
        }
        Op::AlterModelOptions { name, options } => model_mut(state, app_label, name, journal)?
            .options_mut()
            .alter(options),
        Op::AlterModelManagers { name, .. } => {
            model_mut(state, app_label, name, journal)?;
        }
        Op::AddField {
            model_name,
            name,
            field,
            preserve_default,
        } => {
            let field = Arc::new(state_field(field, *preserve_default));
            let model = model_mut(state, app_label, model_name, journal)?;
            match model.field_index(name) {
                Some(index) => model.fields[index] = (name.clone(), field),
                None => model.fields.push((name.clone(), field)),
            }
        }
        Op::RemoveField { model_name, name } => {
            let model = model_mut(state, app_label, model_name, journal)?;
            let index = model
                .field_index(name)
                .ok_or_else(|| missing_field(app_label, model_name, name))?;
            model.fields.remove(index);
        }
        Op::AlterField {
            model_name,
            name,
            field,
            preserve_default,
        } => {
            let field = Arc::new(state_field(field, *preserve_default));
            let model = model_mut(state, app_label, model_name, journal)?;
            let index = model
                .field_index(name)
                .ok_or_else(|| missing_field(app_label, model_name, name))?;
            model.fields[index].1 = field;
        }
        Op::RenameField {
            model_name,
            old_name,
            new_name,
        } => rename_field(state, app_label, model_name, old_name, new_name, journal)?,
        Op::AddIndex { model_name, index } | Op::AddIndexConcurrently { model_name, index } => {
            model_mut(state, app_label, model_name, journal)?
                .options_mut()
                .indexes
                .push(index.clone());
        }
        Op::RemoveIndex { model_name, name } | Op::RemoveIndexConcurrently { model_name, name } => {
            let model = model_mut(state, app_label, model_name, journal)?;
            model
                .options_mut()
                .indexes
                .retain(|index| named(index) != Some(name.as_str()));
        }
        Op::RenameIndex {
            model_name,
            new_name,
            old_name,
            old_fields,
        } => {
            let model = model_mut(state, app_label, model_name, journal)?;
            if let Some(fields) = old_fields {
                model
                    .options_mut()
                    .indexes
                    .push(index_value(fields, new_name));
                model
                    .options_mut()
                    .index_together
                    .retain(|group| group != fields);
            } else if let Some(old_name) = old_name {
                for index in &mut model.options_mut().indexes {
                    if named(index) == Some(old_name.as_str()) {
                        rename_call(index, new_name);
                    }
                }
            }
        }
        Op::AddConstraint {
            model_name,
            constraint,
        }
        | Op::AddConstraintNotValid {
            model_name,
            constraint,
        } => {
            model_mut(state, app_label, model_name, journal)?
                .options_mut()
                .constraints
                .push(constraint.clone());
        }
        Op::RemoveConstraint { model_name, name } => {
            let model = model_mut(state, app_label, model_name, journal)?;
            model
                .options_mut()
                .constraints
                .retain(|constraint| named(constraint) != Some(name.as_str()));
        }
        Op::AlterConstraint {
            model_name,
            name,
            constraint,
        } => {
            let model = model_mut(state, app_label, model_name, journal)?;
            for existing in &mut model.options_mut().constraints {
                if named(existing) == Some(name.as_str()) {
                    *existing = constraint.clone();
                }
            }
        }
        Op::RunSQL {
            state_operations, ..
        }
        | Op::SeparateDatabaseAndState {
            state_operations, ..
        } => {
            for inner in state_operations {
                apply_operation(state, app_label, inner, journal)?;
            }
        }
        Op::RunPython { .. }
        | Op::ValidateConstraint { .. }
        | Op::CreateExtension { .. }
        | Op::CreateCollation { .. }
        | Op::RemoveCollation { .. } => {}
        Op::Unknown { class, reason } => {
            return Err(format!("unknown operation {class}: {reason}"))
        }
    }
    Ok(())
}

/// The models applying the operation may read beyond the ones it records in its journal
/// (applied to two states that agree on those and on these, it changes them alike). Only the
/// renames look further: they repoint the references of the models that refer to the renamed
/// one, and the DDL of a rename follows the same references.
pub fn models_read_beyond_journal(
    state: &ProjectState,
    app_label: &str,
    operation: &Operation,
) -> std::collections::BTreeSet<ModelKey> {
    let renamed = |name: &str| {
        let key = ModelKey::new(app_label, name);
        let mut read = state.possible_referrers(&key);
        read.insert(key);
        read
    };
    match &operation.kind {
        OperationKind::RenameModel { old_name, .. } => renamed(old_name),
        OperationKind::RenameField { model_name, .. } => renamed(model_name),
        OperationKind::RunSQL {
            state_operations, ..
        }
        | OperationKind::SeparateDatabaseAndState {
            state_operations, ..
        } => state_operations
            .iter()
            .flat_map(|inner| models_read_beyond_journal(state, app_label, inner))
            .collect(),
        _ => Default::default(),
    }
}

fn missing_model(app_label: &str, name: &str) -> String {
    format!(
        "model {app_label}.{} is not in the project state",
        name.to_lowercase()
    )
}

fn missing_field(app_label: &str, model: &str, field: &str) -> String {
    format!(
        "field {field} of {app_label}.{} is not in the project state",
        model.to_lowercase()
    )
}

fn model_mut<'s>(
    state: &'s mut ProjectState,
    app_label: &str,
    name: &str,
    journal: &mut Journal,
) -> Result<&'s mut ModelState, String> {
    state
        .model_mut(&ModelKey::new(app_label, name), journal)
        .ok_or_else(|| missing_model(app_label, name))
}

/// With `preserve_default=False` the state forgets the default once the column exists.
fn state_field(field: &Field, preserve_default: bool) -> Field {
    let mut field = field.clone();
    if !preserve_default {
        field.args.retain(|(name, _)| name != "default");
    }
    field
}

/// The `name=` of an index or constraint call.
pub(crate) fn named(value: &Value) -> Option<&str> {
    value
        .as_call()
        .and_then(|call| call.kwarg("name"))
        .and_then(Value::as_str)
}

fn rename_call(value: &mut Value, new_name: &str) {
    if let Value::Call(call) = value {
        for (key, argument) in &mut call.kwargs {
            if key == "name" {
                *argument = Value::Str(new_name.to_string());
            }
        }
    }
}

/// `models.Index(fields=[...], name=...)`, as `RenameIndex(old_fields=...)` adds it.
fn index_value(fields: &[String], name: &str) -> Value {
    Value::Call(Box::new(crate::ir::Call {
        func: "django.db.models.Index".to_string(),
        receiver: None,
        args: Vec::new(),
        kwargs: vec![
            (
                "fields".to_string(),
                Value::List(
                    fields
                        .iter()
                        .map(|field| Value::Str(field.clone()))
                        .collect(),
                ),
            ),
            ("name".to_string(), Value::Str(name.to_string())),
        ],
        span: Default::default(),
    }))
}

/// Whether the field is one of Django's relation fields.
pub(crate) fn is_relation(field: &Field) -> bool {
    matches!(field.class, crate::ir::FieldClass::Known(class) if class.is_relation())
}

/// The model a relation field points at, if it is one.
pub(crate) fn relation_target(
    field: &Field,
    argument: &str,
    app_label: &str,
    holder: &str,
) -> Option<ModelKey> {
    let reference = field.arg(argument)?.as_str()?;
    Some(ModelKey::resolve(reference, app_label, holder))
}

fn rename_model(
    state: &mut ProjectState,
    app_label: &str,
    old_name: &str,
    new_name: &str,
    journal: &mut Journal,
) -> Result<(), String> {
    let old_key = ModelKey::new(app_label, old_name);
    let mut model = state
        .remove(&old_key, journal)
        .ok_or_else(|| missing_model(app_label, old_name))?;
    model.name = new_name.to_string();
    let new_key = ModelKey::new(app_label, new_name);
    state.insert(new_key.clone(), model, journal);
    let new_reference = format!("{app_label}.{new_name}");
    // Repoint every relation (and `through=`) that referred to the old model: the models that
    // ever had one, and the renamed model itself (a relation to itself).
    let mut candidates = state.referrers(&old_key);
    candidates.insert(new_key.clone());
    let referring: Vec<ModelKey> = candidates
        .iter()
        .filter_map(|key| state.model(key).map(|holder| (key, holder)))
        .filter(|(key, holder)| {
            holder.fields.iter().any(|(_, field)| {
                ["to", "through"].iter().any(|argument| {
                    let holder_name = if **key == new_key {
                        old_name.to_string()
                    } else {
                        holder.name.clone()
                    };
                    relation_target(field, argument, &holder.app_label, &holder_name)
                        .is_some_and(|target| target == old_key)
                })
            })
        })
        .map(|(key, _)| (*key).clone())
        .collect();
    for key in referring {
        let Some(holder) = state.model_mut(&key, journal) else {
            continue;
        };
        let holder_app = holder.app_label.clone();
        let holder_name = if key == new_key {
            old_name.to_string()
        } else {
            holder.name.clone()
        };
        for (_, field) in &mut holder.fields {
            for argument in ["to", "through"] {
                if relation_target(field, argument, &holder_app, &holder_name)
                    .is_some_and(|target| target == old_key)
                {
                    for (name, value) in &mut Arc::make_mut(field).args {
                        if name == argument {
                            *value = Value::Str(new_reference.clone());
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

fn rename_field(
    state: &mut ProjectState,
    app_label: &str,
    model_name: &str,
    old_name: &str,
    new_name: &str,
    journal: &mut Journal,
) -> Result<(), String> {
    let model_key = ModelKey::new(app_label, model_name);
    let model = model_mut(state, app_label, model_name, journal)?;
    let index = model
        .field_index(old_name)
        .ok_or_else(|| missing_field(app_label, model_name, old_name))?;
    let (_, field) = model.fields.remove(index);
    model.fields.push((new_name.to_string(), field));
    let rename = |name: &mut String| {
        if name == old_name {
            *name = new_name.to_string();
        }
    };
    for (_, field) in &mut model.fields {
        if !field.args.iter().any(|(key, _)| key == "from_fields") {
            continue;
        }
        if let Some((_, Value::List(items) | Value::Tuple(items))) = Arc::make_mut(field)
            .args
            .iter_mut()
            .find(|(key, _)| key == "from_fields")
        {
            for item in items {
                if let Value::Str(name) = item {
                    rename(name);
                }
            }
        }
    }
    let names_in_together = |groups: &[Vec<String>]| groups.iter().flatten().any(|f| f == old_name);
    if names_in_together(&model.options.index_together)
        || names_in_together(&model.options.unique_together)
    {
        let options = model.options_mut();
        for group in options
            .index_together
            .iter_mut()
            .chain(options.unique_together.iter_mut())
        {
            group.iter_mut().for_each(rename);
        }
    }
    // Fix `to_field` of relations pointing at the renamed field (in the models that ever had
    // a relation to the model).
    let referring = state.referrers(&model_key);
    for key in referring {
        let Some(holder) = state.model(&key) else {
            continue;
        };
        let holder_app = holder.app_label.clone();
        let holder_name = holder.name.clone();
        let points_here = holder.fields.iter().any(|(_, field)| {
            relation_target(field, "to", &holder_app, &holder_name)
                .is_some_and(|target| target == model_key)
                && field.arg("to_field").and_then(Value::as_str) == Some(old_name)
        });
        if !points_here {
            continue;
        }
        let Some(holder) = state.model_mut(&key, journal) else {
            continue;
        };
        for (_, field) in &mut holder.fields {
            if relation_target(field, "to", &holder_app, &holder_name)
                .is_some_and(|target| target == model_key)
            {
                for (name, value) in &mut Arc::make_mut(field).args {
                    if name == "to_field" && value.as_str() == Some(old_name) {
                        *value = Value::Str(new_name.to_string());
                    }
                }
            }
        }
    }
    Ok(())
}
