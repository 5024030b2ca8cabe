//! `alter_field`/`_alter_field` of the PostgreSQL schema editor, and the operations built on
//! it: `RenameModel`, `AlterModelTable`, `AlterUniqueTogether`/`AlterIndexTogether`.

use std::rc::Rc;

use super::alter_type::{alter_column_type, changing_indexed_text_type, should_be_altered};
use super::catalog::{ConstraintFilter, Effect};
use super::context::{Ctx, ModelInfo};
use super::editor::Editor;
use super::expressions::compile_db_default;
use super::fields::{FieldInfo, Through};
use super::literal::effective_default;
use super::names::{create_index_name, quote_name};
use super::schema::like_index;
use super::statements::{
    create_foreign_key, create_unique, delete_constraint, delete_foreign_key, delete_index,
    field_index,
};
use crate::state::ModelKey;

/// `alter_db_table`.
pub fn alter_db_table(editor: &mut Editor<'_>, old: &str, new: &str) {
    if old == new {
        return;
    }
    editor.execute(
        format!(
            "ALTER TABLE {} RENAME TO {}",
            quote_name(old),
            quote_name(new)
        ),
        Some(Effect::RenameTable {
            old: old.to_string(),
            new: new.to_string(),
        }),
    );
    editor.rename_deferred_table(old, new);
}

/// A relation field of another model (or an auto-created join table) pointing at `target`.
pub(super) struct RelatedField {
    sort_name: String,
    /// The foreign key of an auto-created join table (a hidden relation).
    pub hidden: bool,
    /// For a join table: the model and many-to-many field that own it.
    owner: Option<(ModelKey, String)>,
    pub model: Rc<ModelInfo>,
    pub field: FieldInfo,
}

/// Whether a field of the state may point at `target`: a relation to it, or a relation whose
/// target cannot be read here (kept, to be safe).
fn points_at(
    field: &crate::ir::Field,
    holder: &crate::state::ModelState,
    target: &ModelKey,
) -> bool {
    use crate::ir::FieldClass;
    if !matches!(field.class, FieldClass::Known(class) if class.is_relation()) {
        return false;
    }
    match field.arg("to").and_then(crate::ir::Value::as_str) {
        Some(reference) => ModelKey::resolve(reference, &holder.app_label, &holder.name) == *target,
        None => true,
    }
}

/// Fields of other models whose foreign key points at `field` of `model` (`_related_non_m2m_objects`).
pub(super) fn related_fields(
    ctx: &Ctx<'_>,
    model: &ModelInfo,
    field: &FieldInfo,
) -> Vec<RelatedField> {
    let mut found = Vec::new();
    let mut candidates = ctx.view.possible_referrers(&model.key);
    candidates.insert(model.key.clone());
    for key in &candidates {
        let Some(state) = ctx.view.model(key) else {
            continue;
        };
        // Rendering a model is the costly part: skip those with no relation to `model`.
        if *key != model.key
            && !state
                .fields
                .iter()
                .any(|(_, field)| points_at(field, state, &model.key))
        {
            continue;
        }
        let Some(holder) = ctx.model_info(key) else {
            continue;
        };
        for candidate in &holder.fields {
            let Some(relation) = &candidate.relation else {
                continue;
            };
            if candidate.is_m2m() {
                if let Some(Through::Auto { .. }) = &relation.many_to_many {
                    let Some(through) = ctx.through_model(&holder, candidate).map(Rc::new) else {
                        continue;
                    };
                    for through_field in through.fields.iter().filter(|f| f.is_foreign_key()) {
                        let points_here = through_field
                            .relation
                            .as_ref()
                            .is_some_and(|r| r.target == model.key);
                        if points_here && field.primary_key {
                            let sort_name = format!("{}_{}+", holder.name, candidate.name);
                            found.push(RelatedField {
                                sort_name,
                                hidden: true,
                                owner: Some((holder.key.clone(), candidate.name.clone())),
                                model: Rc::clone(&through),
                                field: through_field.clone(),
                            });
                        }
                    }
                }
                continue;
            }
            if relation.target != model.key || !candidate.is_foreign_key() {
                continue;
            }
            let explicit_to_field = candidate.field.arg("to_field").is_some();
            let relevant = if explicit_to_field {
                relation.target_field.eq_ignore_ascii_case(&field.name)
            } else {
                field.primary_key
            };
            if relevant {
                let related_name = |arg: &str| {
                    candidate
                        .field
                        .arg(arg)
                        .and_then(crate::ir::Value::as_str)
                        .map(str::to_string)
                };
                let sort_name = related_name("related_query_name")
                    .or_else(|| related_name("related_name"))
                    .unwrap_or_else(|| holder.key.name.clone());
                found.push(RelatedField {
                    sort_name,
                    hidden: false,
                    owner: None,
                    model: Rc::clone(&holder),
                    field: candidate.clone(),
                });
            }
        }
    }
    found.sort_by(|a, b| a.sort_name.cmp(&b.sort_name));
    found
}

fn fk_names(editor: &Editor<'_>, table: &str, column: &str) -> Vec<String> {
    let columns = [column.to_string()];
    editor.constraint_names(
        table,
        &ConstraintFilter {
            columns: Some(&columns),
            foreign_key: true,
            ..Default::default()
        },
    )
}

/// `alter_field(model, old_field, new_field)`.
pub fn alter_field(
    editor: &mut Editor<'_>,
    before: &Ctx<'_>,
    after: &Ctx<'_>,
    model: &ModelInfo,
    old: &FieldInfo,
    new: &FieldInfo,
) {
    if !should_be_altered(old, new, &[]) {
        return;
    }
    let (old_type, new_type) = match (old.column_type(), new.column_type()) {
        (Ok(old_type), Ok(new_type)) => {
            (old_type.map(str::to_string), new_type.map(str::to_string))
        }
        (Err(reason), _) | (_, Err(reason)) => {
            return editor.not_translated(format!(
                "ALTER COLUMN {}: {reason}",
                quote_name(&new.column)
            ))
        }
    };
    match (old_type, new_type) {
        (None, None) => {
            if old.is_m2m() && new.is_m2m() {
                alter_many_to_many(editor, before, after, model, old, new);
            }
        }
        (Some(old_type), Some(new_type)) => {
            if old.is_generated() || new.is_generated() {
                return editor.not_translated("Django refuses to alter a GeneratedField");
            }
            alter_column(editor, before, after, model, old, new, &old_type, &new_type);
        }
        _ => editor
            .not_translated("Django refuses to alter a field into or from a many-to-many field"),
    }
}

fn alter_many_to_many(
    editor: &mut Editor<'_>,
    before: &Ctx<'_>,
    after: &Ctx<'_>,
    model: &ModelInfo,
    old: &FieldInfo,
    new: &FieldInfo,
) {
    let Some(new_model) = after.model_info(&model.key) else {
        return;
    };
    let (Some(old_through), Some(new_through)) = (
        before.through_model(model, old),
        after.through_model(&new_model, new),
    ) else {
        return;
    };
    alter_db_table(editor, &old_through.db_table, &new_through.db_table);
    for index in [2usize, 1] {
        if let (Some(old_field), Some(new_field)) =
            (old_through.fields.get(index), new_through.fields.get(index))
        {
            alter_field(editor, before, after, &new_through, old_field, new_field);
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn alter_column(
    editor: &mut Editor<'_>,
    before: &Ctx<'_>,
    after: &Ctx<'_>,
    model: &ModelInfo,
    old: &FieldInfo,
    new: &FieldInfo,
    old_type: &str,
    new_type: &str,
) {
    let table = model.db_table.clone();
    let meta_constraints = model.constraint_names();
    let old_columns = [old.column.clone()];
    // Drop foreign keys; they are remade below.
    let mut fks_dropped = false;
    if old.is_foreign_key()
        && old.relation.as_ref().is_some_and(|r| r.db_constraint)
        && should_be_altered(old, new, &["db_comment"])
    {
        for name in fk_names(editor, &table, &old.column) {
            fks_dropped = true;
            let (sql, effect) = delete_foreign_key(&table, &name);
            editor.execute(sql, Some(effect));
        }
    }
    let became_pk = !old.primary_key && new.primary_key;
    if old.unique && (!new.unique || became_pk) {
        let filter = ConstraintFilter {
            columns: Some(&old_columns),
            unique: Some(true),
            primary_key: Some(false),
            exclude: &meta_constraints,
            ..Default::default()
        };
        for name in editor.constraint_names(&table, &filter) {
            let (sql, effect) = delete_constraint(&table, &name);
            editor.execute(sql, Some(effect));
        }
    }
    let drop_foreign_keys = ((old.primary_key && new.primary_key) || (old.unique && new.unique))
        && (old_type != new_type || old.collation != new.collation);
    let related = if drop_foreign_keys || became_pk {
        related_fields(after, model, new)
    } else {
        Vec::new()
    };
    if drop_foreign_keys {
        for rel in &related {
            for name in fk_names(editor, &rel.model.db_table, &rel.field.column) {
                let (sql, effect) = delete_foreign_key(&rel.model.db_table, &name);
                editor.execute(sql, Some(effect));
            }
        }
    }
    if old.db_index && !old.unique && (!new.db_index || new.unique) {
        let meta_indexes = model.index_names();
        let filter = ConstraintFilter {
            columns: Some(&old_columns),
            index: Some(true),
            btree_index: true,
            exclude: &meta_indexes,
            ..Default::default()
        };
        for name in editor.constraint_names(&table, &filter) {
            let (sql, effect) = delete_index(&name, false);
            editor.execute(sql, Some(effect));
        }
    }
    let mock_check = |field: &FieldInfo| {
        super::column_types::check_constraint(&field.field.class, "__column_name__")
    };
    let (old_check, new_check) = (mock_check(old), mock_check(new));
    if old_check != new_check && old_check.is_some() {
        let filter = ConstraintFilter {
            columns: Some(&old_columns),
            check: Some(true),
            exclude: &meta_constraints,
            ..Default::default()
        };
        for name in editor.constraint_names(&table, &filter) {
            let (sql, effect) = delete_constraint(&table, &name);
            editor.execute(sql, Some(effect));
        }
    }
    if old.column != new.column {
        editor.execute(
            format!(
                "ALTER TABLE {} RENAME COLUMN {} TO {}",
                quote_name(&table),
                quote_name(&old.column),
                quote_name(&new.column)
            ),
            Some(Effect::RenameColumn {
                table: table.clone(),
                old: old.column.clone(),
                new: new.column.clone(),
            }),
        );
        editor.rename_deferred_column(&table, &old.column, &new.column);
    }
    let mut actions: Vec<String> = Vec::new();
    let mut null_actions: Vec<String> = Vec::new();
    let mut post_actions: Vec<(String, Option<Effect>)> = Vec::new();
    if old_type != new_type
        || old.type_suffix() != new.type_suffix()
        || old.collation != new.collation
        || old.db_comment != new.db_comment
    {
        let (fragment, other) = alter_column_type(editor, model, old, new, new_type);
        actions.push(fragment);
        post_actions.extend(other);
    }
    let column = quote_name(&new.column);
    match (old.db_default(), new.db_default()) {
        (old_default, Some(new_default)) => {
            let changed = match old_default {
                None => true,
                Some(old_default) => {
                    compile_db_default(model, old, old_default).ok()
                        != compile_db_default(model, new, new_default).ok()
                }
            };
            if changed {
                match compile_db_default(model, new, new_default) {
                    Ok(sql) => actions.push(format!("ALTER COLUMN {column} SET DEFAULT {sql}")),
                    Err(reason) => editor.not_translated(reason),
                }
            }
        }
        (Some(_), None) => actions.push(format!("ALTER COLUMN {column} DROP DEFAULT")),
        (None, None) => {}
    }
    let mut needs_database_default = false;
    let mut new_default_literal = None;
    if old.null && !new.null && new.db_default().is_none() {
        let old_default = effective_default(old, editor.one_off);
        let new_default = effective_default(new, editor.one_off);
        match (old_default, new_default) {
            (Ok(old_default), Ok(new_default)) => {
                if let Some(value) = new_default.filter(|value| Some(value) != old_default.as_ref())
                {
                    needs_database_default = true;
                    actions.push(format!(
                        "ALTER COLUMN {column} SET DEFAULT {}",
                        value.quote()
                    ));
                    new_default_literal = Some(value.quote());
                }
            }
            (Err(reason), _) | (_, Err(reason)) => editor.not_translated(reason),
        }
    }
    if old.null != new.null {
        null_actions.push(format!(
            "ALTER COLUMN {column} {}",
            if new.null {
                "DROP NOT NULL"
            } else {
                "SET NOT NULL"
            }
        ));
    }
    let four_way = (new.has_default() || new.db_default().is_some()) && old.null && !new.null;
    if !actions.is_empty() || !null_actions.is_empty() {
        if !four_way {
            actions.append(&mut null_actions);
        }
        if !actions.is_empty() {
            editor.execute(
                format!("ALTER TABLE {} {}", quote_name(&table), actions.join(", ")),
                None,
            );
        }
        if four_way {
            let default_sql = match new.db_default() {
                Some(value) => compile_db_default(model, new, value).ok(),
                None => new_default_literal.clone().or_else(|| {
                    effective_default(new, editor.one_off)
                        .ok()
                        .flatten()
                        .map(|v| v.quote())
                }),
            };
            match default_sql {
                Some(default_sql) => editor.execute(
                    format!("UPDATE {} SET {column} = {default_sql} WHERE {column} IS NULL; SET CONSTRAINTS ALL IMMEDIATE", quote_name(&table)),
                    None,
                ),
                None => editor.not_translated("default for the UPDATE of NULL rows is not known"),
            }
            for action in null_actions {
                editor.execute(format!("ALTER TABLE {} {action}", quote_name(&table)), None);
            }
        }
    }
    for (sql, effect) in post_actions {
        editor.execute(sql, effect);
    }
    if old.primary_key && !new.primary_key {
        let filter = ConstraintFilter {
            primary_key: Some(true),
            ..Default::default()
        };
        for name in editor.constraint_names(&table, &filter) {
            let (sql, effect) = delete_constraint(&table, &name);
            editor.execute(sql, Some(effect));
        }
    }
    if !new.primary_key && new.unique && (!old.unique || old.primary_key) {
        let (sql, effect) = create_unique(model, std::slice::from_ref(&new.column), None, "", None);
        editor.execute_text(&sql, Some(effect));
    }
    if (!old.db_index || old.unique) && new.db_index && !new.unique {
        let (sql, effect) = field_index(model, new, "", None);
        editor.execute_text(&sql, Some(effect));
    }
    if became_pk {
        let name = create_index_name(&table, std::slice::from_ref(&new.column), "_pk");
        editor.execute(
            format!(
                "ALTER TABLE {} ADD CONSTRAINT {} PRIMARY KEY ({column})",
                quote_name(&table),
                quote_name(&name)
            ),
            Some(Effect::AddConstraint {
                table: table.clone(),
                name: super::sql::Piece::Text(name),
                columns: vec![new.column.clone()],
                kind: super::catalog::ConstraintKind::PrimaryKey,
            }),
        );
    }
    if drop_foreign_keys || became_pk {
        for rel in &related {
            let Some(rel_type) = rel.field.db_type.clone().ok().flatten() else {
                continue;
            };
            let old_rel = match &rel.owner {
                Some((owner_key, m2m_name)) => before.model_info(owner_key).and_then(|owner| {
                    let m2m = owner.field(m2m_name)?.clone();
                    before
                        .through_model(&owner, &m2m)?
                        .field(&rel.field.name)
                        .cloned()
                }),
                None => before
                    .model_info(&rel.model.key)
                    .and_then(|m| m.field(&rel.field.name).cloned()),
            };
            let old_rel = old_rel.unwrap_or_else(|| rel.field.clone());
            let (fragment, other) =
                alter_column_type(editor, &rel.model, &old_rel, &rel.field, &rel_type);
            editor.execute(
                format!("ALTER TABLE {} {fragment}", quote_name(&rel.model.db_table)),
                None,
            );
            for (sql, effect) in other {
                editor.execute(sql, effect);
            }
        }
    }
    if new.is_foreign_key()
        && (fks_dropped
            || !old.is_foreign_key()
            || !old.relation.as_ref().is_some_and(|r| r.db_constraint))
        && new.relation.as_ref().is_some_and(|r| r.db_constraint)
    {
        if let Some((sql, effect)) =
            create_foreign_key(model, new, "_fk_%(to_table)s_%(to_column)s")
        {
            editor.execute_text(&sql, Some(effect));
        }
    }
    if drop_foreign_keys {
        for rel in &related {
            if rel.field.relation.as_ref().is_some_and(|r| r.db_constraint) {
                if let Some((sql, effect)) = create_foreign_key(&rel.model, &rel.field, "_fk") {
                    editor.execute_text(&sql, Some(effect));
                }
            }
        }
    }
    if old_check != new_check {
        if let Some(check) = new.check() {
            let name = create_index_name(&table, std::slice::from_ref(&new.column), "_check");
            let (sql, effect) =
                super::statements::create_check(&table, &name, &check, vec![new.column.clone()]);
            editor.execute(sql, Some(effect));
        }
    }
    if needs_database_default {
        editor.execute(
            format!(
                "ALTER TABLE {} ALTER COLUMN {column} DROP DEFAULT",
                quote_name(&table)
            ),
            None,
        );
    }
    // PostgreSQL: `_like` indexes follow the field's index and uniqueness.
    if (!(old.db_index || old.unique) && new.db_index)
        || (!old.unique && new.unique)
        || changing_indexed_text_type(old, old_type, new_type)
    {
        if let Some((sql, effect)) = like_index(editor, model, new) {
            editor.execute_text(&sql, Some(effect));
        }
    }
    if old.unique && !(new.db_index || new.unique) {
        let name = create_index_name(&table, std::slice::from_ref(&old.column), "_like");
        editor.forget_deferred_index(&table, &name);
        let (sql, effect) = delete_index(&name, false);
        editor.execute(sql, Some(effect));
    }
}
