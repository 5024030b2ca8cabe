//! Creating and dropping tables and columns: `create_model`, `delete_model`, `table_sql`,
//! `column_sql`, `add_field`, `remove_field` of Django's schema editor.

use super::catalog::{ColumnDef, ConstraintFilter, Effect};
use super::context::{Ctx, ModelInfo};
use super::editor::Editor;
use super::expressions::{compile_db_default, compile_generated};
use super::fields::FieldInfo;
use super::literal::effective_default;
use super::model_options::{constraint_sql_inline, model_index_statements};
use super::names::quote_name;
use super::statements::{create_foreign_key, create_unique, delete_foreign_key, field_index};

/// `column_sql(model, field, include_default)`: the column definition, `Ok(None)` for a field
/// without a column.
pub fn column_sql(
    editor: &mut Editor<'_>,
    model: &ModelInfo,
    field: &FieldInfo,
    include_default: bool,
) -> Result<Option<String>, String> {
    let Some(db_type) = field.column_type()? else {
        return Ok(None);
    };
    let mut parts = vec![db_type.to_string()];
    if let Some(collation) = &field.collation {
        parts.push(format!("COLLATE {}", quote_name(collation)));
    }
    let mut include_default = include_default;
    if let Some(db_default) = field.db_default() {
        parts.push(format!(
            "DEFAULT {}",
            compile_db_default(model, field, db_default)?
        ));
        include_default = false;
    }
    if include_default {
        if let Some(value) = effective_default(field, editor.one_off)? {
            if value != super::literal::DbValue::Null {
                parts.push(format!("DEFAULT {}", value.quote()));
            }
        }
    }
    if field.is_generated() {
        parts.push(compile_generated(model, field)?);
    } else if !field.null {
        parts.push("NOT NULL".into());
    } else {
        parts.push("NULL".into());
    }
    if field.primary_key {
        parts.push("PRIMARY KEY".into());
    } else if field.unique {
        parts.push("UNIQUE".into());
    }
    let tablespace = field
        .db_tablespace
        .as_ref()
        .or(model.db_tablespace.as_ref());
    if let Some(tablespace) = tablespace.filter(|_| field.unique) {
        parts.push(format!("USING INDEX TABLESPACE {}", quote_name(tablespace)));
    }
    Ok(Some(parts.join(" ")))
}

fn column_def(field: &FieldInfo) -> ColumnDef {
    ColumnDef {
        name: field.column.clone(),
        identity: field.is_auto(),
        primary_key: field.primary_key,
        unique: field.unique && !field.primary_key,
        check: field.check().is_some(),
    }
}

/// `_field_indexes_sql`: the `db_index` index, and PostgreSQL's `_like` index.
pub fn field_indexes(
    editor: &Editor<'_>,
    model: &ModelInfo,
    field: &FieldInfo,
) -> Vec<(super::sql::SqlText, Effect)> {
    let mut output = Vec::new();
    if field.db_index && !field.unique {
        output.push(field_index(model, field, "", None));
    }
    output.extend(like_index(editor, model, field));
    output
}

/// `_create_like_index_sql`: a `varchar_pattern_ops`/`text_pattern_ops` index for indexed
/// text columns.
pub fn like_index(
    editor: &Editor<'_>,
    model: &ModelInfo,
    field: &FieldInfo,
) -> Option<(super::sql::SqlText, Effect)> {
    let db_type = field.column_type().ok().flatten()?;
    if !(field.db_index || field.unique) || db_type.contains('[') {
        return None;
    }
    if let Some(collation) = &field.collation {
        if editor.catalog.collation_deterministic(collation) != Some(true) {
            return None;
        }
    }
    let opclass = if db_type.starts_with("varchar") {
        "varchar_pattern_ops"
    } else if db_type.starts_with("text") {
        "text_pattern_ops"
    } else {
        return None;
    };
    Some(field_index(model, field, "_like", Some(opclass)))
}

/// `create_model`: the table, comments, deferred FKs/uniques/indexes, and auto-created
/// many-to-many tables.
pub fn create_model(editor: &mut Editor<'_>, ctx: &Ctx<'_>, model: &ModelInfo) {
    for (option, source) in &model.options.unreadable {
        editor.not_translated(format!(
            "Meta option {option} of {} is not statically known: {source}",
            model.key
        ));
    }
    for group in &model.options.unique_together {
        match together_columns(model, group) {
            Ok(columns) => {
                let (sql, effect) = create_unique(model, &columns, None, "", None);
                editor.defer(sql, Some(effect));
            }
            Err(reason) => editor.not_translated(reason),
        }
    }
    let mut definitions = Vec::new();
    let mut columns = Vec::new();
    let mut failed = None;
    for field in model.local_fields() {
        match column_sql(editor, model, field, false) {
            Ok(None) => continue,
            Ok(Some(mut definition)) => {
                if let Some(check) = field.check() {
                    definition.push_str(&format!(" CHECK ({check})"));
                }
                if let Some(suffix) = field.type_suffix() {
                    definition.push_str(&format!(" {suffix}"));
                }
                if field.relation.as_ref().is_some_and(|r| r.db_constraint) {
                    if let Some((sql, effect)) =
                        create_foreign_key(model, field, "_fk_%(to_table)s_%(to_column)s")
                    {
                        editor.defer(sql, Some(effect));
                    }
                }
                definitions.push(format!("{} {definition}", quote_name(&field.column)));
                columns.push(column_def(field));
            }
            Err(reason) => {
                failed.get_or_insert(format!(
                    "column {} of {}: {reason}",
                    field.column, model.db_table
                ));
            }
        }
    }
    let mut constraint_effects = Vec::new();
    for constraint in &model.options.constraints {
        match constraint_sql_inline(editor, model, constraint) {
            Ok(Some((definition, effect))) => {
                definitions.push(definition);
                constraint_effects.extend(effect);
            }
            Ok(None) => {}
            Err(reason) => editor.not_translated(reason),
        }
    }
    if let Some(pk_columns) = &model.composite_pk {
        let quoted: Vec<String> = pk_columns.iter().map(|c| quote_name(c)).collect();
        definitions.push(format!("PRIMARY KEY ({})", quoted.join(", ")));
    }
    match failed {
        Some(reason) => editor.not_translated(format!(
            "CREATE TABLE {}: {reason}",
            quote_name(&model.db_table)
        )),
        None => {
            let mut sql = format!(
                "CREATE TABLE {} ({})",
                quote_name(&model.db_table),
                definitions.join(", ")
            );
            if let Some(tablespace) = &model.db_tablespace {
                sql.push_str(&format!(" TABLESPACE {}", quote_name(tablespace)));
            }
            let effect = Effect::CreateTable {
                table: model.db_table.clone(),
                columns,
                composite_pk: model.composite_pk.clone().unwrap_or_default(),
                constraints: Vec::new(),
            };
            editor.execute(sql, Some(effect));
            editor.apply_effects(constraint_effects);
        }
    }
    if let Some(comment) = &model.table_comment.as_ref().filter(|c| !c.is_empty()) {
        editor.execute(
            format!(
                "COMMENT ON TABLE {} IS {}",
                quote_name(&model.db_table),
                super::literal::quote_text(comment)
            ),
            None,
        );
    }
    for field in model.local_fields() {
        if let Some(comment) = field.db_comment.as_ref().filter(|c| !c.is_empty()) {
            editor.execute(column_comment_sql(model, field, Some(comment)), None);
        }
    }
    for (sql, effect) in model_index_statements(editor, model) {
        editor.defer(sql, effect);
    }
    for field in model.fields.iter().filter(|f| f.is_m2m()) {
        if let Some(through) = ctx.through_model(model, field) {
            create_model(editor, ctx, &through);
        }
    }
}

/// `COMMENT ON COLUMN`.
pub fn column_comment_sql(model: &ModelInfo, field: &FieldInfo, comment: Option<&str>) -> String {
    format!(
        "COMMENT ON COLUMN {}.{} IS {}",
        quote_name(&model.db_table),
        quote_name(&field.column),
        super::literal::quote_text(comment.unwrap_or(""))
    )
}

/// Columns of a `unique_together`/`index_together` group.
pub fn together_columns(model: &ModelInfo, group: &[String]) -> Result<Vec<String>, String> {
    group
        .iter()
        .map(|name| {
            model
                .field(name)
                .ok_or_else(|| format!("{} has no field {name}", model.key))
                .and_then(|f| f.known_column().map(str::to_string))
        })
        .collect()
}

/// `delete_model`: auto-created join tables first, then the table.
pub fn delete_model(editor: &mut Editor<'_>, ctx: &Ctx<'_>, model: &ModelInfo) {
    for field in model.fields.iter().filter(|f| f.is_m2m()) {
        if let Some(through) = ctx.through_model(model, field) {
            delete_model(editor, ctx, &through);
        }
    }
    editor.execute(
        format!("DROP TABLE {} CASCADE", quote_name(&model.db_table)),
        Some(Effect::DropTable {
            table: model.db_table.clone(),
        }),
    );
    editor.forget_deferred_for_table(&model.db_table);
}

/// `add_field`.
pub fn add_field(editor: &mut Editor<'_>, ctx: &Ctx<'_>, model: &ModelInfo, field: &FieldInfo) {
    if field.is_m2m() {
        if let Some(through) = ctx.through_model(model, field) {
            create_model(editor, ctx, &through);
        }
        return;
    }
    let definition = match column_sql(editor, model, field, true) {
        Ok(Some(definition)) => definition,
        Ok(None) => return,
        Err(reason) => {
            return editor.not_translated(format!(
                "ADD COLUMN {}: {reason}",
                quote_name(&field.column)
            ))
        }
    };
    let mut definition = definition;
    if let Some(suffix) = field.type_suffix() {
        definition.push_str(&format!(" {suffix}"));
    }
    if let Some(check) = field.check() {
        definition.push_str(&format!(" CHECK ({check})"));
    }
    let mut inline_fk = None;
    if let Some(relation) = field
        .relation
        .as_ref()
        .filter(|r| r.db_constraint && field.is_foreign_key())
    {
        // PostgreSQL adds the constraint inline (`sql_create_column_inline_fk`).
        if let Some((_, effect)) =
            create_foreign_key(model, field, "_fk_%(to_table)s_%(to_column)s")
        {
            if let Effect::AddConstraint { name, .. } = &effect {
                let name = quote_name(&name.name_text().unwrap_or_default());
                definition.push_str(&format!(
                    " CONSTRAINT {name} REFERENCES {}({}) DEFERRABLE INITIALLY DEFERRED; SET CONSTRAINTS {name} IMMEDIATE",
                    quote_name(&relation.target_table),
                    quote_name(&relation.target_column)
                ));
            }
            inline_fk = Some(effect);
        }
    }
    let effect = Effect::AddColumn {
        table: model.db_table.clone(),
        column: column_def(field),
    };
    editor.execute(
        format!(
            "ALTER TABLE {} ADD COLUMN {} {definition}",
            quote_name(&model.db_table),
            quote_name(&field.column)
        ),
        Some(effect),
    );
    editor.apply_effects(inline_fk);
    if field.db_default().is_none() {
        if let Ok(Some(value)) = effective_default(field, editor.one_off) {
            if value != super::literal::DbValue::Null {
                editor.execute(
                    format!(
                        "ALTER TABLE {} ALTER COLUMN {} DROP DEFAULT",
                        quote_name(&model.db_table),
                        quote_name(&field.column)
                    ),
                    None,
                );
            }
        }
    }
    if let Some(comment) = field.db_comment.as_ref().filter(|c| !c.is_empty()) {
        editor.execute(column_comment_sql(model, field, Some(comment)), None);
    }
    for (sql, effect) in field_indexes(editor, model, field) {
        editor.defer(sql, Some(effect));
    }
}

/// `remove_field`.
pub fn remove_field(editor: &mut Editor<'_>, ctx: &Ctx<'_>, model: &ModelInfo, field: &FieldInfo) {
    if field.is_m2m() {
        if let Some(through) = ctx.through_model(model, field) {
            delete_model(editor, ctx, &through);
        }
        return;
    }
    match field.column_type() {
        Ok(None) => return,
        Ok(Some(_)) => {}
        Err(reason) => {
            return editor.not_translated(format!(
                "DROP COLUMN of field {} of {}: {reason}",
                field.name, model.db_table
            ))
        }
    }
    if field.is_relation() {
        let filter = ConstraintFilter {
            columns: Some(std::slice::from_ref(&field.column)),
            foreign_key: true,
            ..Default::default()
        };
        for name in editor.constraint_names(&model.db_table, &filter) {
            let (sql, effect) = delete_foreign_key(&model.db_table, &name);
            editor.execute(sql, Some(effect));
        }
    }
    editor.execute(
        format!(
            "ALTER TABLE {} DROP COLUMN {} CASCADE",
            quote_name(&model.db_table),
            quote_name(&field.column)
        ),
        Some(Effect::DropColumn {
            table: model.db_table.clone(),
            column: field.column.clone(),
        }),
    );
    editor.forget_deferred_for_column(&model.db_table, &field.column);
}
