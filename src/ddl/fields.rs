//! Fields as the schema editor sees them once a model is rendered: column name, database
//! type, nullability, uniqueness, indexes, and the relation each points along.

use std::sync::Arc;

use super::column_types::{
    base_db_type, check_constraint, internal_type, is_auto, rel_db_type, type_suffix,
};
use super::context::Ctx;
use super::names::{truncate_name, MAX_NAME_LENGTH};
use crate::ir::{Field, FieldClass, FieldType, Value};
use crate::state::{ModelKey, ModelState};

/// A rendered field.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldInfo {
    pub name: String,
    /// The field as the state holds it (shared with the state: rendering does not copy it).
    pub field: Arc<Field>,
    /// The column (`db_column`, else the attname: `name` or `name_id` for a foreign key).
    pub column: String,
    /// The column type (`db_parameters()["type"]`): `Ok(None)` for fields without a column.
    pub db_type: Result<Option<String>, String>,
    pub null: bool,
    pub primary_key: bool,
    /// `field.unique` (true for primary keys and one-to-one fields).
    pub unique: bool,
    pub db_index: bool,
    pub blank: bool,
    /// `db_parameters()["collation"]` (a foreign key takes its target's).
    pub collation: Option<String>,
    pub db_comment: Option<String>,
    pub db_tablespace: Option<String>,
    pub relation: Option<Relation>,
}

/// Where a relation field points.
#[derive(Debug, Clone, PartialEq)]
pub struct Relation {
    pub target: ModelKey,
    pub target_table: String,
    pub target_field: String,
    pub target_column: String,
    /// The relation points at the target's primary key (no `to_field`, or one naming it):
    /// Django's `deconstruct()` then leaves `to_field` out, so the two spellings are one field.
    pub to_primary_key: bool,
    pub db_constraint: bool,
    pub many_to_many: Option<Through>,
}

/// The join table of a many-to-many field.
#[derive(Debug, Clone, PartialEq)]
pub enum Through {
    /// Django creates the table: its name and the names of its two foreign keys.
    Auto {
        table: String,
        source_name: String,
        target_name: String,
    },
    Explicit(ModelKey),
}

impl FieldInfo {
    pub fn is(&self, kind: FieldType) -> bool {
        self.field.class == FieldClass::Known(kind)
    }

    pub fn internal_type(&self) -> String {
        internal_type(&self.field.class)
    }

    pub fn is_auto(&self) -> bool {
        is_auto(&self.field.class)
    }

    pub fn type_suffix(&self) -> Option<&'static str> {
        type_suffix(&self.field.class)
    }

    /// `db_parameters()["check"]` with the real column name.
    pub fn check(&self) -> Option<String> {
        check_constraint(&self.field.class, &self.column)
    }

    pub fn has_default(&self) -> bool {
        self.field.arg("default").is_some()
    }

    pub fn db_default(&self) -> Option<&Value> {
        self.field.arg("db_default")
    }

    pub fn is_generated(&self) -> bool {
        self.is(FieldType::GeneratedField)
    }

    pub fn is_m2m(&self) -> bool {
        self.is(FieldType::ManyToManyField)
    }

    /// `field.remote_field` is set (foreign keys, one-to-ones, many-to-many, foreign objects).
    pub fn is_relation(&self) -> bool {
        matches!(
            self.field.class,
            FieldClass::Known(
                FieldType::ForeignKey
                    | FieldType::OneToOneField
                    | FieldType::ManyToManyField
                    | FieldType::ForeignObject
            )
        )
    }

    /// A foreign key or one-to-one: a column pointing at another table.
    pub fn is_foreign_key(&self) -> bool {
        matches!(
            self.field.class,
            FieldClass::Known(FieldType::ForeignKey | FieldType::OneToOneField)
        )
    }

    /// The column type, or why it is unknown.
    pub fn column_type(&self) -> Result<Option<&str>, String> {
        self.db_type
            .as_ref()
            .map(|t| t.as_deref())
            .map_err(Clone::clone)
    }

    /// The column, when the field is known to have this one: a field whose class is not
    /// analysed may name its column otherwise (a custom foreign key adds `_id`) or have none,
    /// so a statement naming it would be a guess.
    pub fn known_column(&self) -> Result<&str, String> {
        match &self.db_type {
            Ok(_) => Ok(&self.column),
            Err(reason) => Err(format!("column of field {}: {reason}", self.name)),
        }
    }
}

fn string_arg(field: &Field, name: &str) -> Option<String> {
    field.arg(name).and_then(Value::as_str).map(str::to_string)
}

/// The model's default table name (`app_label_modelname`, truncated like Django).
pub fn default_db_table(app_label: &str, model_name: &str) -> String {
    truncate_name(
        &format!("{app_label}_{}", model_name.to_lowercase()),
        MAX_NAME_LENGTH,
    )
}

/// Renders one field of `model`.
pub fn resolve_field(
    ctx: &Ctx<'_>,
    model: &ModelState,
    name: &str,
    field: &Arc<Field>,
) -> FieldInfo {
    resolve_field_at_depth(ctx, model, name, field, 0)
}

fn resolve_field_at_depth(
    ctx: &Ctx<'_>,
    model: &ModelState,
    name: &str,
    field: &Arc<Field>,
    depth: usize,
) -> FieldInfo {
    use FieldType::*;
    let kind = match &field.class {
        FieldClass::Known(kind) => Some(*kind),
        FieldClass::Unknown(_) => None,
    };
    let is_fk = matches!(kind, Some(ForeignKey | OneToOneField));
    let attname = if is_fk {
        format!("{name}_id")
    } else {
        name.to_string()
    };
    let column = string_arg(field, "db_column").unwrap_or(attname);
    let primary_key = field.flag("primary_key", false);
    let null = field.flag("null", false) || kind == Some(NullBooleanField);
    let unique = field.flag("unique", false) || primary_key || kind == Some(OneToOneField);
    let db_index = field.flag(
        "db_index",
        matches!(kind, Some(ForeignKey | OneToOneField | SlugField)),
    );
    let mut info = FieldInfo {
        name: name.to_string(),
        field: Arc::clone(field),
        column,
        db_type: Ok(None),
        null,
        primary_key,
        unique,
        db_index,
        blank: field.flag("blank", false),
        collation: string_arg(field, "db_collation"),
        db_comment: string_arg(field, "db_comment"),
        db_tablespace: string_arg(field, "db_tablespace"),
        relation: None,
    };
    match kind {
        Some(ForeignKey | OneToOneField | ManyToManyField | ForeignObject) => {
            match resolve_relation(ctx, model, name, field, depth) {
                Ok((relation, target_info)) => {
                    if is_fk {
                        info.db_type = match &target_info {
                            Some(target) => related_type(ctx, target, depth),
                            None => Err("the target field is not known".to_string()),
                        };
                        info.collation = target_info.and_then(|target| target.collation);
                    }
                    info.relation = Some(relation);
                }
                Err(reason) => info.db_type = if is_fk { Err(reason) } else { Ok(None) },
            }
        }
        _ => {
            info.db_type = base_db_type(field);
            if kind == Some(GeneratedField) {
                if let Ok(output) = super::column_types::nested_field(field, "output_field") {
                    info.collation = string_arg(&output, "db_collation");
                }
            }
        }
    }
    info
}

/// `rel_db_type()` of a relation's target field (following foreign keys to foreign keys).
fn related_type(ctx: &Ctx<'_>, target: &FieldInfo, depth: usize) -> Result<Option<String>, String> {
    if target.is_foreign_key() {
        // A foreign key's rel_db_type is its own target's.
        if depth > 8 {
            return Err("relation chain too deep".to_string());
        }
        return target.db_type.clone();
    }
    let _ = ctx;
    rel_db_type(&target.field)
}

/// The primary key field of a model: the field with `primary_key=True`, else Django's
/// automatic `id`.
pub fn primary_key_field(ctx: &Ctx<'_>, model: &ModelState) -> (String, Arc<Field>) {
    if let Some((name, field)) = model
        .fields
        .iter()
        .find(|(_, field)| field.flag("primary_key", false))
    {
        return (name.clone(), Arc::clone(field));
    }
    ("id".to_string(), Arc::new(ctx.auto_field()))
}

fn resolve_relation(
    ctx: &Ctx<'_>,
    model: &ModelState,
    name: &str,
    field: &Field,
    depth: usize,
) -> Result<(Relation, Option<FieldInfo>), String> {
    let reference = field
        .arg("to")
        .and_then(Value::as_str)
        .ok_or_else(|| "the relation target is not static".to_string())?;
    let target_key = ModelKey::resolve(reference, &model.app_label, &model.name);
    let target = ctx.model(&target_key).ok_or_else(|| {
        format!("model {target_key} is not in the project state (outside the scanned paths?)")
    })?;
    let target_table = ctx.db_table(target);
    let primary_key = primary_key_field(ctx, target);
    let primary_key_name = primary_key.0.clone();
    let (target_name, target_field) = match string_arg(field, "to_field") {
        Some(to_field) if to_field != primary_key_name => {
            let found = target
                .field(&to_field)
                .cloned()
                .ok_or_else(|| format!("{target_key} has no field {to_field}"))?;
            (to_field, found)
        }
        _ => primary_key,
    };
    let to_primary_key = target_name == primary_key_name;
    let target_info = if depth > 8 {
        None
    } else {
        Some(resolve_field_at_depth(
            ctx,
            target,
            &target_name,
            &target_field,
            depth + 1,
        ))
    };
    let target_column = target_info
        .as_ref()
        .map_or_else(|| target_name.clone(), |info| info.column.clone());
    let many_to_many = (field.class == FieldClass::Known(FieldType::ManyToManyField)).then(|| {
        match field.arg("through").and_then(Value::as_str) {
            Some(through) => {
                Through::Explicit(ModelKey::resolve(through, &model.app_label, &model.name))
            }
            None => {
                let table = string_arg(field, "db_table").unwrap_or_else(|| {
                    truncate_name(&format!("{}_{name}", ctx.db_table(model)), MAX_NAME_LENGTH)
                });
                let source = model.name_lower();
                let target_name = target.name_lower();
                let (source_name, target_name) = if source == target_name {
                    (format!("from_{source}"), format!("to_{target_name}"))
                } else {
                    (source, target_name)
                };
                Through::Auto {
                    table,
                    source_name,
                    target_name,
                }
            }
        }
    });
    let relation = Relation {
        target: target_key,
        target_table,
        target_field: target_name,
        target_column,
        to_primary_key,
        db_constraint: field.flag("db_constraint", true),
        many_to_many,
    };
    Ok((relation, target_info))
}
