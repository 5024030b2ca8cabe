//! Rendering models from the project state (Django's `StateApps`): what the schema editor
//! receives as `model` — table name, local fields in order, `Meta` options.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::Arc;

use super::fields::{default_db_table, primary_key_field, resolve_field, FieldInfo, Through};
use super::model_cache::{unchanged, ModelCache, Reads, Rendering};
use crate::ir::{Field, FieldClass, FieldType, Settings, Span, Value};
use crate::state::{ModelKey, ModelOptions, ModelState, StateView};

/// Settings that change DDL.
#[derive(Debug, Clone)]
pub struct DdlSettings {
    /// `DEFAULT_AUTO_FIELD`, used for auto-created many-to-many tables.
    pub default_auto_field: FieldType,
    /// `AUTH_USER_MODEL`, to know whether `auth.User` is swapped out.
    pub auth_user_model: String,
}

impl DdlSettings {
    pub fn from_settings(settings: &Settings) -> Self {
        let default_auto_field = settings
            .get("DEFAULT_AUTO_FIELD")
            .and_then(|value| value.as_str().and_then(FieldType::from_qualified_name))
            .unwrap_or(FieldType::AutoField);
        let auth_user_model = settings
            .get("AUTH_USER_MODEL")
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_else(|| "auth.User".into());
        DdlSettings {
            default_auto_field,
            auth_user_model,
        }
    }
}

/// The state as one side (before or after) of an operation sees it.
#[derive(Clone, Copy)]
pub struct Ctx<'a> {
    pub view: StateView<'a>,
    pub settings: &'a DdlSettings,
    models: &'a ModelCache,
    /// While a model is being rendered: the models it looked up, to know when the rendering
    /// can be reused.
    reads: Option<&'a RefCell<Reads>>,
}

/// A rendered model.
#[derive(Debug, Clone)]
pub struct ModelInfo {
    pub key: ModelKey,
    pub name: String,
    pub db_table: String,
    pub db_tablespace: Option<String>,
    pub table_comment: Option<String>,
    /// `managed`, not proxy, not swapped: Django runs DDL for it.
    pub can_migrate: bool,
    /// Local concrete and many-to-many fields, in order (`_order` last).
    pub fields: Vec<FieldInfo>,
    /// Columns of a `CompositePrimaryKey`.
    pub composite_pk: Option<Vec<String>>,
    /// The state's `Meta` options (shared with it, not copied): `unique_together`,
    /// `index_together`, `indexes`, `constraints` and the options that could not be read.
    /// The table name is [`ModelInfo::db_table`]: `options.db_table` is only what `Meta` said.
    pub options: Arc<ModelOptions>,
}

impl ModelInfo {
    pub fn field(&self, name: &str) -> Option<&FieldInfo> {
        let lower = name.to_lowercase();
        self.fields
            .iter()
            .find(|field| field.name.to_lowercase() == lower)
    }

    /// Local fields with a column (`local_fields`).
    pub fn local_fields(&self) -> impl Iterator<Item = &FieldInfo> {
        self.fields.iter().filter(|field| !field.is_m2m())
    }

    pub fn pk(&self) -> Option<&FieldInfo> {
        self.fields.iter().find(|field| field.primary_key)
    }

    /// Meta constraint names (excluded from introspection matches).
    pub fn constraint_names(&self) -> Vec<String> {
        self.options
            .constraints
            .iter()
            .filter_map(|c| crate::state::named_call(c))
            .map(str::to_string)
            .collect()
    }

    pub fn index_names(&self) -> Vec<String> {
        self.options
            .indexes
            .iter()
            .filter_map(|c| crate::state::named_call(c))
            .map(str::to_string)
            .collect()
    }
}

fn synthetic_field(kind: FieldType, args: Vec<(&str, Value)>) -> Field {
    Field {
        class: FieldClass::Known(kind),
        args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        span: Span::default(),
        custom_class: None,
    }
}

impl<'a> Ctx<'a> {
    pub fn new(view: StateView<'a>, settings: &'a DdlSettings, models: &'a ModelCache) -> Self {
        Ctx {
            view,
            settings,
            models,
            reads: None,
        }
    }

    pub fn model(&self, key: &ModelKey) -> Option<&'a ModelState> {
        let model = self.view.model_shared(key);
        if let Some(reads) = self.reads {
            let mut reads = reads.borrow_mut();
            if !reads.iter().any(|(read, _)| read == key) {
                reads.push((key.clone(), model.cloned()));
            }
        }
        model.map(|model| &**model)
    }

    pub fn db_table(&self, model: &ModelState) -> String {
        model
            .options
            .db_table
            .clone()
            .unwrap_or_else(|| default_db_table(&model.app_label, &model.name))
    }

    /// A `DEFAULT_AUTO_FIELD` primary key.
    pub fn auto_field(&self) -> Field {
        synthetic_field(
            self.settings.default_auto_field,
            vec![("primary_key", Value::Bool(true))],
        )
    }

    pub fn is_swapped(&self, model: &ModelState) -> bool {
        let swappable = model.options.swappable.as_deref() == Some("AUTH_USER_MODEL")
            || (model.app_label == "auth" && model.name_lower() == "user");
        swappable
            && self.settings.auth_user_model.to_lowercase()
                != format!("{}.{}", model.app_label, model.name_lower())
    }

    /// Renders a model of the state (or reuses its rendering, see [`ModelCache`]).
    pub fn model_info(&self, key: &ModelKey) -> Option<Rc<ModelInfo>> {
        if let Some(rendered) = self.models.get(key, &self.view) {
            return Some(rendered);
        }
        let reads = RefCell::new(Vec::new());
        let recording = Ctx {
            reads: Some(&reads),
            ..*self
        };
        let rendering = recording.render(key)?;
        let info = Rc::clone(&rendering.info);
        self.models
            .insert(key.clone(), reads.into_inner(), rendering);
        Some(info)
    }

    /// Resolves one field of `model`, recording the models it looks up; those are also the
    /// rendering's.
    fn resolve_recorded(
        &self,
        model: &ModelState,
        name: &str,
        field: &Arc<Field>,
    ) -> (FieldInfo, Option<Rc<Reads>>) {
        let own = RefCell::new(Vec::new());
        let recording = Ctx {
            reads: Some(&own),
            ..*self
        };
        let info = resolve_field(&recording, model, name, field);
        let own = own.into_inner();
        self.note_reads(&own);
        (info, (!own.is_empty()).then(|| Rc::new(own)))
    }

    /// Adds `reads` to what the rendering in progress looked up.
    fn note_reads(&self, reads: &Reads) {
        let Some(all) = self.reads else {
            return;
        };
        let mut all = all.borrow_mut();
        for (key, version) in reads {
            if !all.iter().any(|(read, _)| read == key) {
                all.push((key.clone(), version.clone()));
            }
        }
    }

    fn render(&self, key: &ModelKey) -> Option<Rendering> {
        let model = self.model(key)?;
        // Each field of the model's last rendering that is the same field (the same `Arc`,
        // kept alive by that rendering, so never another field at a reused address) and whose
        // lookups still find the same versions renders the same: it is reused. An automatic
        // many-to-many table is also named after the model's table, so that field is reused
        // only with the same `Meta` options.
        let previous = self.models.latest(key);
        let offset = previous
            .as_ref()
            .zip(model.fields.first())
            .and_then(|(previous, (first, _))| {
                previous
                    .info
                    .fields
                    .iter()
                    .position(|info| &info.name == first)
            })
            .unwrap_or(0);
        let reused = |position: usize, name: &str, field: &Arc<Field>| {
            let previous = previous.as_ref()?;
            let info = previous.info.fields.get(position + offset)?;
            let reads = previous.field_reads.get(position + offset)?;
            let same = info.name == name
                && Arc::ptr_eq(&info.field, field)
                && (!info.is_m2m() || Arc::ptr_eq(&previous.info.options, &model.options))
                && reads
                    .as_ref()
                    .is_none_or(|reads| unchanged(reads, &self.view));
            same.then(|| {
                if let Some(reads) = reads {
                    self.note_reads(reads);
                }
                (info.clone(), reads.clone())
            })
        };
        let (mut fields, mut field_reads): (Vec<FieldInfo>, Vec<Option<Rc<Reads>>>) = model
            .fields
            .iter()
            .enumerate()
            .map(|(position, (name, field))| {
                reused(position, name, field)
                    .unwrap_or_else(|| self.resolve_recorded(model, name, field))
            })
            .unzip();
        if !fields.iter().any(|f| f.primary_key)
            && !model.options.proxy
            && !model
                .fields
                .iter()
                .any(|(_, f)| f.class == FieldClass::Known(FieldType::CompositePrimaryKey))
        {
            let (name, field) = primary_key_field(self, model);
            let (info, reads) = self.resolve_recorded(model, &name, &field);
            fields.insert(0, info);
            field_reads.insert(0, reads);
        }
        if model.options.order_with_respect_to.is_some()
            && !fields.iter().any(|f| f.name == "_order")
        {
            let order = Arc::new(synthetic_field(FieldType::IntegerField, vec![]));
            let (info, reads) = self.resolve_recorded(model, "_order", &order);
            fields.push(info);
            field_reads.push(reads);
        }
        let composite_pk = model
            .fields
            .iter()
            .find(|(_, f)| f.class == FieldClass::Known(FieldType::CompositePrimaryKey))
            .map(|(_, f)| {
                f.args
                    .iter()
                    .filter(|(name, _)| name.starts_with("<positional"))
                    .filter_map(|(_, value)| value.as_str())
                    .filter_map(|name| {
                        fields
                            .iter()
                            .find(|info| info.name == name)
                            .map(|info| info.column.clone())
                    })
                    .collect()
            });
        let info = ModelInfo {
            key: key.clone(),
            name: model.name.clone(),
            db_table: self.db_table(model),
            db_tablespace: model.options.db_tablespace.clone(),
            table_comment: model.options.db_table_comment.clone(),
            can_migrate: model.options.managed && !model.options.proxy && !self.is_swapped(model),
            fields,
            composite_pk,
            options: Arc::clone(&model.options),
        };
        Some(Rendering {
            info: Rc::new(info),
            field_reads,
        })
    }

    /// The auto-created join table of a many-to-many field, rendered as a model.
    pub fn through_model(&self, owner: &ModelInfo, field: &FieldInfo) -> Option<ModelInfo> {
        let relation = field.relation.as_ref()?;
        let Some(Through::Auto {
            table,
            source_name,
            target_name,
        }) = &relation.many_to_many
        else {
            return None;
        };
        let owner_state = self.model(&owner.key)?;
        let reference = |model: &ModelKey| Value::Str(format!("{}.{}", model.app, model.name));
        let fk = |to: Value| {
            synthetic_field(
                FieldType::ForeignKey,
                vec![
                    ("to", to),
                    ("on_delete", Value::Ref("django.db.models.CASCADE".into())),
                ],
            )
        };
        let through_state = ModelState {
            app_label: owner_state.app_label.clone(),
            name: format!("{}_{}", owner.name, field.name),
            fields: vec![
                ("id".to_string(), Arc::new(self.auto_field())),
                (source_name.clone(), Arc::new(fk(reference(&owner.key)))),
                (
                    target_name.clone(),
                    Arc::new(fk(reference(&relation.target))),
                ),
            ],
            options: Arc::new(ModelOptions {
                db_table: Some(table.clone()),
                ..Default::default()
            }),
            bases: Vec::new(),
        };
        let fields: Vec<FieldInfo> = through_state
            .fields
            .iter()
            .map(|(name, f)| resolve_field(self, &through_state, name, f))
            .collect();
        Some(ModelInfo {
            key: ModelKey::new(&owner.key.app, &through_state.name),
            name: through_state.name.clone(),
            db_table: table.clone(),
            db_tablespace: owner.db_tablespace.clone(),
            table_comment: None,
            can_migrate: owner.can_migrate,
            fields,
            composite_pk: None,
            options: Arc::new(ModelOptions {
                unique_together: vec![vec![source_name.clone(), target_name.clone()]],
                ..Default::default()
            }),
        })
    }
}
