//! One model of the project state: its fields as written in the migrations and the `Meta`
//! options that matter to the database.

use std::sync::Arc;

use crate::ir::{Field, Value};

/// A model as the migrations describe it (Django's `ModelState`).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelState {
    pub app_label: String,
    /// The name as last written (`RenameModel` changes it); keys use the lower-cased form.
    pub name: String,
    /// Fields in Django's order: creation order, new fields appended. Shared, so copying a
    /// model to change it does not copy its fields, and renderings can keep them cheaply.
    pub fields: Vec<(String, Arc<Field>)>,
    /// Shared like the fields: most changes to a model leave its options as they were.
    pub options: Arc<ModelOptions>,
    /// `bases=` of the `CreateModel` (model references as strings, classes as refs).
    pub bases: Vec<Value>,
}

impl ModelState {
    /// The options, to change them in this version of the model alone.
    pub fn options_mut(&mut self) -> &mut ModelOptions {
        Arc::make_mut(&mut self.options)
    }

    pub fn field(&self, name: &str) -> Option<&Arc<Field>> {
        let lower = name.to_lowercase();
        self.fields
            .iter()
            .find(|(field_name, _)| field_name.to_lowercase() == lower)
            .map(|(_, field)| field)
    }

    pub fn field_index(&self, name: &str) -> Option<usize> {
        let lower = name.to_lowercase();
        self.fields
            .iter()
            .position(|(field_name, _)| field_name.to_lowercase() == lower)
    }

    pub fn name_lower(&self) -> String {
        self.name.to_lowercase()
    }
}

/// The `Meta` options that change DDL, plus the ones Django's state machinery reads.
#[derive(Debug, Clone, PartialEq)]
pub struct ModelOptions {
    pub db_table: Option<String>,
    pub db_table_comment: Option<String>,
    pub db_tablespace: Option<String>,
    pub unique_together: Vec<Vec<String>>,
    pub index_together: Vec<Vec<String>>,
    /// `models.Index(...)` calls (and `contrib.postgres` index classes).
    pub indexes: Vec<Value>,
    /// `UniqueConstraint(...)`, `CheckConstraint(...)`, `ExclusionConstraint(...)` calls.
    pub constraints: Vec<Value>,
    pub managed: bool,
    pub proxy: bool,
    pub order_with_respect_to: Option<String>,
    /// `swappable = "AUTH_USER_MODEL"`: the setting that may replace this model.
    pub swappable: Option<String>,
    /// Options whose value could not be read statically, with the reason.
    pub unreadable: Vec<(String, String)>,
}

impl Default for ModelOptions {
    fn default() -> Self {
        ModelOptions {
            db_table: None,
            db_table_comment: None,
            db_tablespace: None,
            unique_together: Vec::new(),
            index_together: Vec::new(),
            indexes: Vec::new(),
            constraints: Vec::new(),
            managed: true,
            proxy: false,
            order_with_respect_to: None,
            swappable: None,
            unreadable: Vec::new(),
        }
    }
}

/// The options `AlterModelOptions` may change; any of them missing from its dict is removed.
const ALTER_OPTION_KEYS: &[&str] = &[
    "base_manager_name",
    "default_manager_name",
    "default_related_name",
    "get_latest_by",
    "managed",
    "ordering",
    "permissions",
    "default_permissions",
    "select_on_save",
    "verbose_name",
    "verbose_name_plural",
];

impl ModelOptions {
    /// Reads the options dict of a `CreateModel`.
    pub fn from_pairs(pairs: &[(String, Value)]) -> Self {
        let mut options = ModelOptions::default();
        for (key, value) in pairs {
            options.set(key, value);
        }
        options
    }

    /// Sets one option from its Python value.
    pub fn set(&mut self, key: &str, value: &Value) {
        if let Some(Value::Unknown { source, .. }) = value.first_unknown() {
            if matches!(
                key,
                "db_table"
                    | "unique_together"
                    | "index_together"
                    | "indexes"
                    | "constraints"
                    | "managed"
                    | "proxy"
                    | "order_with_respect_to"
                    | "db_tablespace"
                    | "db_table_comment"
            ) {
                self.unreadable.push((key.to_string(), source.clone()));
            }
        }
        match key {
            "db_table" => self.db_table = value.as_str().map(str::to_string),
            "db_table_comment" => self.db_table_comment = value.as_str().map(str::to_string),
            "db_tablespace" => {
                self.db_tablespace = value
                    .as_str()
                    .filter(|text| !text.is_empty())
                    .map(str::to_string)
            }
            "unique_together" => self.unique_together = together_in_python_order(value),
            "index_together" => self.index_together = together_in_python_order(value),
            "indexes" => {
                self.indexes = value
                    .as_sequence()
                    .map(<[Value]>::to_vec)
                    .unwrap_or_default()
            }
            "constraints" => {
                self.constraints = value
                    .as_sequence()
                    .map(<[Value]>::to_vec)
                    .unwrap_or_default()
            }
            "managed" => self.managed = value.truthiness().unwrap_or(true),
            "proxy" => self.proxy = value.truthiness().unwrap_or(false),
            "order_with_respect_to" => {
                self.order_with_respect_to = value.as_str().map(str::to_string)
            }
            "swappable" => self.swappable = value.as_str().map(str::to_string),
            _ => {}
        }
    }

    /// Applies `AlterModelOptions`: sets the given options, drops alterable ones not given.
    pub fn alter(&mut self, pairs: &[(String, Value)]) {
        for (key, value) in pairs {
            self.set(key, value);
        }
        for key in ALTER_OPTION_KEYS {
            if *key == "managed" && !pairs.iter().any(|(given, _)| given == key) {
                self.managed = true;
            }
        }
    }
}

/// Django's `normalize_together`: `("a", "b")` and `[("a", "b")]` both mean one group.
pub fn normalize_together(value: &Value) -> Vec<Vec<String>> {
    let Some(items) = value.as_sequence() else {
        return Vec::new();
    };
    if items.is_empty() {
        return Vec::new();
    }
    if items.iter().all(|item| item.as_str().is_some()) {
        return vec![items
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_string)
            .collect()];
    }
    items
        .iter()
        .filter_map(Value::as_sequence)
        .map(|group| {
            group
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// `normalize_together`, in the order Python iterates the value (a set literal is hashed).
fn together_in_python_order(value: &Value) -> Vec<Vec<String>> {
    let groups = normalize_together(value);
    match value.resolved() {
        Value::Set(_) => super::pyset::set_order(&groups),
        _ => groups,
    }
}
