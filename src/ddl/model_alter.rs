//! Model-level alterations built on `alter_field`: `RenameModel`,
//! `AlterUniqueTogether`/`AlterIndexTogether`, and `RenameIndex(old_fields=...)` lookup.

use super::alter_field::{alter_db_table, alter_field, related_fields};
use super::catalog::ConstraintFilter;
use super::context::{Ctx, ModelInfo};
use super::editor::Editor;
use super::names::create_index_name;
use super::schema::together_columns;
use super::statements::{create_index, create_unique, delete_constraint, delete_index, IndexSpec};
use crate::state::ModelKey;

/// `RenameModel.database_forwards`.
pub fn rename_model(
    editor: &mut Editor<'_>,
    before: &Ctx<'_>,
    after: &Ctx<'_>,
    old_key: &ModelKey,
    new_key: &ModelKey,
) {
    let (Some(old), Some(new)) = (before.model_info(old_key), after.model_info(new_key)) else {
        return;
    };
    if !new.can_migrate {
        return;
    }
    alter_db_table(editor, &old.db_table, &new.db_table);
    let Some(pk) = old.pk() else { return };
    for rel in related_fields(before, &old, pk)
        .into_iter()
        .filter(|rel| !rel.hidden)
    {
        let holder_key = if rel.model.key == *old_key {
            new_key.clone()
        } else {
            rel.model.key.clone()
        };
        let Some(holder) = after.model_info(&holder_key) else {
            continue;
        };
        let Some(new_field) = holder.field(&rel.field.name).cloned() else {
            continue;
        };
        alter_field(editor, before, after, &holder, &rel.field, &new_field);
    }
    for (old_field, new_field) in old
        .fields
        .iter()
        .filter(|f| f.is_m2m())
        .zip(new.fields.iter().filter(|f| f.is_m2m()))
    {
        let (Some(old_through), Some(new_through)) = (
            before.through_model(&old, old_field),
            after.through_model(&new, new_field),
        ) else {
            continue;
        };
        alter_db_table(editor, &old_through.db_table, &new_through.db_table);
        let (Some(old_fk), Some(new_fk)) = (
            old_through.field(&old.key.name),
            new_through.field(&new.key.name),
        ) else {
            continue;
        };
        alter_field(editor, before, after, &new_through, old_fk, new_fk);
    }
}

/// `alter_unique_together`/`alter_index_together`.
pub fn alter_together(editor: &mut Editor<'_>, old: &ModelInfo, new: &ModelInfo, unique: bool) {
    let (olds, news) = if unique {
        (&old.options.unique_together, &new.options.unique_together)
    } else {
        (&old.options.index_together, &new.options.index_together)
    };
    use crate::state::pyset::set_difference;
    for group in set_difference(olds, news).iter() {
        let columns = match together_columns(new, group) {
            Ok(columns) => columns,
            Err(reason) => return editor.not_translated(reason),
        };
        let mut exclude = new.constraint_names();
        exclude.extend(new.index_names());
        let filter = if unique {
            ConstraintFilter {
                columns: Some(&columns),
                unique: Some(true),
                primary_key: Some(false),
                exclude: &exclude,
                ..Default::default()
            }
        } else {
            ConstraintFilter {
                columns: Some(&columns),
                index: Some(true),
                unique: Some(false),
                exclude: &exclude,
                ..Default::default()
            }
        };
        let mut names = editor.constraint_names(&new.db_table, &filter);
        let default_name = create_index_name(&new.db_table, &columns, "_uniq");
        if unique && names.contains(&default_name) {
            names = vec![default_name];
        }
        match names.as_slice() {
            [name] => {
                let (sql, effect) = if unique {
                    delete_constraint(&new.db_table, name)
                } else {
                    delete_index(name, false)
                };
                editor.execute(sql, Some(effect));
            }
            _ => editor.not_translated(format!(
                "Django finds {} constraints for {}({}) and raises ValueError",
                names.len(),
                new.db_table,
                columns.join(", ")
            )),
        }
    }
    for group in set_difference(news, olds).iter() {
        let columns = match together_columns(new, group) {
            Ok(columns) => columns,
            Err(reason) => return editor.not_translated(reason),
        };
        if unique {
            let (sql, effect) = create_unique(new, &columns, None, "", None);
            editor.execute_text(&sql, Some(effect));
        } else {
            let infos: Vec<_> = group.iter().filter_map(|name| new.field(name)).collect();
            let spec = IndexSpec {
                suffix: "_idx".into(),
                columns,
                tablespace: super::statements::index_tablespace(new, &infos, None),
                ..Default::default()
            };
            let (sql, effect) = create_index(new, &spec);
            editor.execute_text(&sql, Some(effect));
        }
    }
}

/// The name of the `index_together` index `RenameIndex(old_fields=...)` renames.
pub fn unnamed_index_name(
    editor: &Editor<'_>,
    model: &ModelInfo,
    fields: &[String],
) -> Result<String, String> {
    let columns = together_columns(model, fields)?;
    let filter = ConstraintFilter {
        columns: Some(&columns),
        index: Some(true),
        unique: Some(false),
        ..Default::default()
    };
    let names = editor.constraint_names(&model.db_table, &filter);
    match names.as_slice() {
        [name] => Ok(name.clone()),
        _ => Err(format!(
            "Django finds {} indexes for {}({}) and raises ValueError",
            names.len(),
            model.db_table,
            columns.join(", ")
        )),
    }
}
