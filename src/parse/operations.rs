//! Turns evaluated `migrations.X(...)` calls into typed [`Operation`]s, binding arguments as the
//! operation's `__init__` does.

use super::field_classes::{FieldClasses, Resolution, ResolvedClass};
use super::local_classes::{self, LocalClasses};
use crate::ir::{
    Call, Field, FieldClass, FieldType, LocalSubclass, Operation, OperationKind, Span, SqlItem,
    SqlStatements, Value,
};

/// Modules an operation class may be imported from.
const DJANGO_OPERATION_MODULES: &[&str] = &[
    "django.db.migrations",
    "django.db.migrations.operations",
    "django.db.migrations.operations.models",
    "django.db.migrations.operations.fields",
    "django.db.migrations.operations.special",
];
const POSTGRES_OPERATION_MODULE: &str = "django.contrib.postgres.operations";

/// `CreateExtension` subclasses and the extension each creates.
const NAMED_EXTENSIONS: &[(&str, &str)] = &[
    ("BloomExtension", "bloom"),
    ("BtreeGinExtension", "btree_gin"),
    ("BtreeGistExtension", "btree_gist"),
    ("CITextExtension", "citext"),
    ("CryptoExtension", "pgcrypto"),
    ("HStoreExtension", "hstore"),
    ("TrigramExtension", "pg_trgm"),
    ("UnaccentExtension", "unaccent"),
];

/// What binding an operation consults besides the call itself.
pub struct Context<'a> {
    /// Classes the migration file defines (custom operation subclasses).
    pub local_classes: &'a LocalClasses,
    /// Custom field classes, read from their source or declared.
    pub field_classes: &'a FieldClasses,
}

impl Context<'_> {
    /// The field a constructor call builds (see [`resolved_field`]). A callable default stays
    /// a reference: what calling it returns is read when the SQL needs it (see
    /// `ddl::one_off::OneOffSource::returns_of`), as Django calls it only then.
    pub fn field(&self, call: &Call) -> Field {
        resolved_field(call, self.field_classes)
    }
}

/// An operation from an entry of `operations`; an entry that is not a known operation call
/// becomes [`OperationKind::Unknown`] with the reason. Calls to subclasses defined in the file
/// are bound as their built-in base when their overrides are understood.
pub fn operation_from_value(
    value: &Value,
    fallback_span: Span,
    context: &Context<'_>,
) -> Operation {
    let local = context.local_classes;
    let Some(call) = value.as_call() else {
        let (class, reason, span) = match value {
            Value::Unknown {
                source,
                reason,
                span,
            } => (source.clone(), reason.clone(), *span),
            _ => (
                "<not a call>".to_string(),
                "entry of operations is not an operation".to_string(),
                fallback_span,
            ),
        };
        return Operation {
            kind: OperationKind::Unknown { class, reason },
            span,
            subclass: None,
        };
    };
    let unknown = |reason: String| OperationKind::Unknown {
        class: call.func.clone(),
        reason,
    };
    let mut subclass = None;
    let kind = match local_classes::resolve_operation(&call.func, local, |base| {
        operation_class(base).is_some()
    }) {
        Some(Ok((base, database))) => {
            subclass = Some(LocalSubclass {
                name: call.func.clone(),
                database,
            });
            let class = operation_class(&base).unwrap_or_default();
            bind_operation(class, call, context).unwrap_or_else(unknown)
        }
        Some(Err(reason)) => {
            let base = local
                .get(&call.func)
                .and_then(|class| class.bases.first())
                .map_or_else(|| "an unknown class".to_string(), Clone::clone);
            unknown(format!(
                "a subclass of {base} defined in this migration file; {reason}"
            ))
        }
        None => match operation_class(&call.func) {
            Some(class) => bind_operation(class, call, context).unwrap_or_else(unknown),
            None => unknown(
                "not an operation of django.db.migrations or django.contrib.postgres.operations"
                    .to_string(),
            ),
        },
    };
    let subclass = subclass.filter(|_| !matches!(kind, OperationKind::Unknown { .. }));
    Operation {
        kind,
        span: call.span,
        subclass,
    }
}

/// The class name of a built-in operation, from the dotted name the file resolved.
fn operation_class(func: &str) -> Option<&str> {
    let (module, class) = func.rsplit_once('.')?;
    (DJANGO_OPERATION_MODULES.contains(&module) || module == POSTGRES_OPERATION_MODULE)
        .then_some(class)
}

/// Arguments bound to parameter names.
struct Args<'a> {
    class: &'a str,
    bound: Vec<(&'a str, &'a Value)>,
    context: &'a Context<'a>,
}

impl<'a> Args<'a> {
    fn bind(
        class: &'a str,
        call: &'a Call,
        parameters: &[&'a str],
        context: &'a Context<'a>,
    ) -> Result<Args<'a>, String> {
        if call.args.len() > parameters.len() {
            return Err(format!(
                "{class}() takes at most {} positional arguments",
                parameters.len()
            ));
        }
        let mut bound: Vec<(&str, &Value)> = parameters.iter().copied().zip(&call.args).collect();
        for (name, value) in &call.kwargs {
            let Some(parameter) = parameters.iter().find(|parameter| **parameter == name) else {
                return Err(format!(
                    "{class}() got an unexpected keyword argument '{name}'"
                ));
            };
            if bound.iter().any(|(existing, _)| existing == parameter) {
                return Err(format!(
                    "{class}() got multiple values for argument '{name}'"
                ));
            }
            bound.push((parameter, value));
        }
        Ok(Args {
            class,
            bound,
            context,
        })
    }

    fn get(&self, name: &str) -> Option<&'a Value> {
        self.bound
            .iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| *value)
    }

    /// A required argument. Only the argument itself must be known: unknown parts inside it
    /// (a field's `default`) stay in the value and are reported where they are.
    fn value(&self, name: &str) -> Result<&'a Value, String> {
        let value = self
            .get(name)
            .ok_or_else(|| format!("{}() missing required argument '{name}'", self.class))?;
        match value.resolved() {
            Value::Unknown { source, reason, .. } => Err(format!(
                "argument '{name}' is not statically known ({source}: {reason})"
            )),
            _ => Ok(value),
        }
    }

    fn string(&self, name: &str) -> Result<String, String> {
        self.value(name)?
            .as_str()
            .map(str::to_string)
            .ok_or_else(|| format!("argument '{name}' is not a string"))
    }

    fn optional_string(&self, name: &str) -> Result<Option<String>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(value) if value.is_none() => Ok(None),
            Some(_) => self.string(name).map(Some),
        }
    }

    fn flag(&self, name: &str, default: bool) -> Result<bool, String> {
        match self.get(name) {
            None => Ok(default),
            Some(_) => self
                .value(name)?
                .truthiness()
                .ok_or_else(|| format!("argument '{name}' is not statically known")),
        }
    }

    fn optional_flag(&self, name: &str) -> Result<Option<bool>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(value) if value.is_none() => Ok(None),
            Some(_) => self.flag(name, false).map(Some),
        }
    }

    fn field(&self, name: &str) -> Result<Field, String> {
        let call = self
            .value(name)?
            .as_call()
            .ok_or_else(|| format!("argument '{name}' is not a field"))?;
        Ok(self.context.field(call))
    }

    fn operations(&self, name: &str) -> Result<Vec<Operation>, String> {
        match self.get(name) {
            None => Ok(Vec::new()),
            Some(value) if value.is_none() => Ok(Vec::new()),
            Some(value) => {
                let items = value
                    .as_sequence()
                    .ok_or_else(|| format!("argument '{name}' is not a list of operations"))?;
                Ok(items
                    .iter()
                    .map(|item| operation_from_value(item, Span::default(), self.context))
                    .collect())
            }
        }
    }

    fn pairs(&self, name: &str) -> Result<Vec<(String, Value)>, String> {
        match self.get(name) {
            None => Ok(Vec::new()),
            Some(value) if value.is_none() => Ok(Vec::new()),
            Some(_) => named_pairs(self.value(name)?)
                .ok_or_else(|| format!("argument '{name}' is not a mapping or list of pairs")),
        }
    }

    fn together(&self, name: &str) -> Result<Vec<Vec<String>>, String> {
        let value = self.value(name)?;
        normalize_together(value)
            .ok_or_else(|| format!("argument '{name}' is not a list of field-name tuples"))
    }

    fn sql(&self, name: &str) -> Result<Option<SqlStatements>, String> {
        match self.get(name) {
            None => Ok(None),
            Some(value) if value.is_none() => Ok(None),
            Some(_) => sql_statements(self.value(name)?).map(Some),
        }
    }
}

/// `[("name", value), ...]` or `{"name": value}` as pairs.
fn named_pairs(value: &Value) -> Option<Vec<(String, Value)>> {
    match value.resolved() {
        Value::Dict(entries) => entries
            .iter()
            .map(|(key, value)| Some((key.as_str()?.to_string(), value.clone())))
            .collect(),
        other => other
            .as_sequence()?
            .iter()
            .map(|pair| match pair.as_sequence()? {
                [name, value] => Some((name.as_str()?.to_string(), value.clone())),
                _ => None,
            })
            .collect(),
    }
}

/// Django's `normalize_together`: a single tuple of names becomes a list of one tuple.
fn normalize_together(value: &Value) -> Option<Vec<Vec<String>>> {
    if value.is_none() {
        return Some(Vec::new());
    }
    let items = value.as_sequence()?;
    if items.iter().all(|item| item.as_str().is_some()) && !items.is_empty() {
        return Some(vec![items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_string))
            .collect()]);
    }
    items
        .iter()
        .map(|group| {
            group
                .as_sequence()?
                .iter()
                .map(|name| name.as_str().map(str::to_string))
                .collect()
        })
        .collect()
}

/// `RunSQL`'s `sql`: a string, or a list of strings and `(sql, params)` pairs.
fn sql_statements(value: &Value) -> Result<SqlStatements, String> {
    let item = |value: &Value| -> Result<SqlItem, String> {
        match value.resolved() {
            Value::Str(sql) => Ok(SqlItem {
                sql: sql.clone(),
                params: None,
                span: Span::default(),
            }),
            Value::List(pair) | Value::Tuple(pair) if pair.len() == 2 => match pair[0].as_str() {
                Some(sql) => Ok(SqlItem {
                    sql: sql.to_string(),
                    params: Some(pair[1].clone()),
                    span: Span::default(),
                }),
                None => Err("RunSQL item is not an (sql, params) pair".into()),
            },
            _ => Err("RunSQL item is neither a string nor an (sql, params) pair".into()),
        }
    };
    match value.resolved() {
        Value::Str(sql) => Ok(SqlStatements {
            items: vec![SqlItem {
                sql: sql.clone(),
                params: None,
                span: Span::default(),
            }],
        }),
        // `migrations.RunSQL.noop` is the empty string.
        Value::Ref(name) if name.ends_with("RunSQL.noop") => {
            Ok(SqlStatements { items: Vec::new() })
        }
        Value::List(items) | Value::Tuple(items) => Ok(SqlStatements {
            items: items.iter().map(item).collect::<Result<_, _>>()?,
        }),
        _ => Err("RunSQL sql is neither a string nor a list".into()),
    }
}

/// A field from its constructor call, for built-in classes only: others are kept as
/// [`FieldClass::Unknown`] (see [`resolved_field`]).
pub fn field_from_call(call: &Call) -> Field {
    match FieldType::from_qualified_name(&call.func) {
        Some(field_type) => bind_field(call, field_type),
        None => Field {
            class: FieldClass::Unknown(call.func.clone()),
            args: bind_arguments(call, &[]),
            span: call.span,
            custom_class: None,
        },
    }
}

/// A field from its constructor call; a custom class is bound as the built-in field it
/// behaves as when that is known, with the arguments its `__init__` supplies.
pub fn resolved_field(call: &Call, classes: &FieldClasses) -> Field {
    if FieldType::from_qualified_name(&call.func).is_some() {
        return field_from_call(call);
    }
    if let Some(behaves_as) = classes.field_wrapper(&call.func) {
        return wrapped_field(call, behaves_as, classes);
    }
    match &*classes.resolve(&call.func) {
        Resolution::Resolved(resolved)
            if call.args.is_empty() || !resolved.own_positional_parameters =>
        {
            custom_field(call, resolved)
        }
        _ => field_from_call(call),
    }
}

/// `encrypt(models.CharField(max_length=255))`: the wrapped field's arguments, as the field the
/// wrapper's class behaves as; its default is stored through the wrapper.
fn wrapped_field(call: &Call, behaves_as: FieldType, classes: &FieldClasses) -> Field {
    let inner = match call.args.as_slice() {
        [Value::Call(inner)] if call.kwargs.is_empty() => resolved_field(inner, classes),
        _ => return field_from_call(call),
    };
    if !matches!(inner.class, FieldClass::Known(_)) {
        return field_from_call(call);
    }
    let mut field = Field {
        class: FieldClass::Known(behaves_as),
        args: inner.args,
        span: call.span,
        custom_class: Some(call.func.clone()),
    };
    default_stored_by_class(
        &mut field,
        call,
        format!("{} stores values its own way", call.func),
    );
    field
}

fn custom_field(call: &Call, resolved: &ResolvedClass) -> Field {
    let mut field = bind_field(call, resolved.behaves_as);
    field.custom_class = Some(call.func.clone());
    for implied in &resolved.implied {
        match field
            .args
            .iter_mut()
            .find(|(name, _)| *name == implied.name)
        {
            Some((_, value)) if implied.forced => *value = implied.value.clone(),
            Some(_) => {}
            None => field
                .args
                .push((implied.name.clone(), implied.value.clone())),
        }
    }
    if let Some(method) = &resolved.value_preparation {
        default_stored_by_class(
            &mut field,
            call,
            format!("{method} decides how the default is stored"),
        );
    }
    field
}

/// How the class stores values is its own code: the field's default (if any) can't be turned
/// into SQL, and says why.
fn default_stored_by_class(field: &mut Field, call: &Call, reason: String) {
    if let Some((_, default)) = field.args.iter_mut().find(|(name, _)| name == "default") {
        *default = Value::Unknown {
            source: format!(
                "{}(default=…)",
                call.func.rsplit('.').next().unwrap_or(&call.func)
            ),
            reason,
            span: call.span,
        };
    }
}

fn bind_field(call: &Call, field_type: FieldType) -> Field {
    Field {
        class: FieldClass::Known(field_type),
        args: bind_arguments(call, field_type.positional_parameters()),
        span: call.span,
        custom_class: None,
    }
}

/// Positional arguments bound to `parameters` by position, then the keywords.
fn bind_arguments(call: &Call, parameters: &[&str]) -> Vec<(String, Value)> {
    let mut args: Vec<(String, Value)> = Vec::with_capacity(call.args.len() + call.kwargs.len());
    for (position, value) in call.args.iter().enumerate() {
        let name = parameters.get(position).map_or_else(
            || format!("<positional {position}>"),
            |name| (*name).to_string(),
        );
        args.push((name, value.clone()));
    }
    args.extend(call.kwargs.iter().cloned());
    args
}

fn bind_operation<'a>(
    class: &'a str,
    call: &'a Call,
    context: &'a Context<'a>,
) -> Result<OperationKind, String> {
    use OperationKind as Op;
    let params: &[&str] = match class {
        "CreateModel" => &["name", "fields", "options", "bases", "managers"],
        "DeleteModel" => &["name"],
        "RenameModel" => &["old_name", "new_name"],
        "AlterModelTable" => &["name", "table"],
        "AlterModelTableComment" => &["name", "table_comment"],
        "AlterUniqueTogether" => &["name", "unique_together"],
        "AlterIndexTogether" => &["name", "index_together"],
        "AlterOrderWithRespectTo" => &["name", "order_with_respect_to"],
        "AlterModelOptions" | "AlterModelManagers" => &[
            "name",
            if class == "AlterModelOptions" {
                "options"
            } else {
                "managers"
            },
        ],
        "AddField" | "AlterField" => &["model_name", "name", "field", "preserve_default"],
        "RemoveField" => &["model_name", "name"],
        "RenameField" => &["model_name", "old_name", "new_name"],
        "AddIndex" | "AddIndexConcurrently" => &["model_name", "index"],
        "RemoveIndex" | "RemoveIndexConcurrently" | "RemoveConstraint" | "ValidateConstraint" => {
            &["model_name", "name"]
        }
        "RenameIndex" => &["model_name", "new_name", "old_name", "old_fields"],
        "AddConstraint" | "AddConstraintNotValid" => &["model_name", "constraint"],
        "AlterConstraint" => &["model_name", "name", "constraint"],
        "RunSQL" => &[
            "sql",
            "reverse_sql",
            "state_operations",
            "hints",
            "elidable",
        ],
        "RunPython" => &["code", "reverse_code", "atomic", "hints", "elidable"],
        "SeparateDatabaseAndState" => &["database_operations", "state_operations"],
        "CreateExtension" => &["name", "hints"],
        "CreateCollation" | "RemoveCollation" => &["name", "locale", "provider", "deterministic"],
        named if NAMED_EXTENSIONS.iter().any(|(name, _)| *name == named) => &["hints"],
        _ => {
            return Err(format!(
                "'{class}' is not a migration operation migguard knows"
            ))
        }
    };
    let args = Args::bind(class, call, params, context)?;
    Ok(match class {
        "CreateModel" => {
            let fields_value = args.value("fields")?;
            let items = fields_value
                .as_sequence()
                .ok_or("argument 'fields' is not a list")?;
            let mut fields = Vec::with_capacity(items.len());
            for item in items {
                match item.as_sequence() {
                    Some([name, field]) => {
                        let name = name.as_str().ok_or("a field name is not a string")?;
                        let call = field.as_call().ok_or_else(|| {
                            format!("field '{name}' is not a field constructor call")
                        })?;
                        fields.push((name.to_string(), args.context.field(call)));
                    }
                    _ => return Err("an entry of 'fields' is not a (name, field) pair".into()),
                }
            }
            let bases = match args.get("bases") {
                Some(value) if !value.is_none() => args
                    .value("bases")?
                    .as_sequence()
                    .ok_or("argument 'bases' is not a tuple")?
                    .to_vec(),
                _ => Vec::new(),
            };
            Op::CreateModel {
                name: args.string("name")?,
                fields,
                options: args.pairs("options")?,
                bases,
                managers: args.pairs("managers")?,
            }
        }
        "DeleteModel" => Op::DeleteModel {
            name: args.string("name")?,
        },
        "RenameModel" => Op::RenameModel {
            old_name: args.string("old_name")?,
            new_name: args.string("new_name")?,
        },
        "AlterModelTable" => Op::AlterModelTable {
            name: args.string("name")?,
            table: args.optional_string("table")?,
        },
        "AlterModelTableComment" => Op::AlterModelTableComment {
            name: args.string("name")?,
            table_comment: args.optional_string("table_comment")?,
        },
        "AlterUniqueTogether" => Op::AlterUniqueTogether {
            name: args.string("name")?,
            unique_together: args.together("unique_together")?,
        },
        "AlterIndexTogether" => Op::AlterIndexTogether {
            name: args.string("name")?,
            index_together: args.together("index_together")?,
        },
        "AlterOrderWithRespectTo" => Op::AlterOrderWithRespectTo {
            name: args.string("name")?,
            order_with_respect_to: args.optional_string("order_with_respect_to")?,
        },
        "AlterModelOptions" => Op::AlterModelOptions {
            name: args.string("name")?,
            options: args.pairs("options")?,
        },
        "AlterModelManagers" => Op::AlterModelManagers {
            name: args.string("name")?,
            managers: args.pairs("managers")?,
        },
        "AddField" => Op::AddField {
            model_name: args.string("model_name")?,
            name: args.string("name")?,
            field: args.field("field")?,
            preserve_default: args.flag("preserve_default", true)?,
        },
        "AlterField" => Op::AlterField {
            model_name: args.string("model_name")?,
            name: args.string("name")?,
            field: args.field("field")?,
            preserve_default: args.flag("preserve_default", true)?,
        },
        "RemoveField" => Op::RemoveField {
            model_name: args.string("model_name")?,
            name: args.string("name")?,
        },
        "RenameField" => Op::RenameField {
            model_name: args.string("model_name")?,
            old_name: args.string("old_name")?,
            new_name: args.string("new_name")?,
        },
        "AddIndex" => Op::AddIndex {
            model_name: args.string("model_name")?,
            index: args.value("index")?.clone(),
        },
        "AddIndexConcurrently" => Op::AddIndexConcurrently {
            model_name: args.string("model_name")?,
            index: args.value("index")?.clone(),
        },
        "RemoveIndex" => Op::RemoveIndex {
            model_name: args.string("model_name")?,
            name: args.string("name")?,
        },
        "RemoveIndexConcurrently" => Op::RemoveIndexConcurrently {
            model_name: args.string("model_name")?,
            name: args.string("name")?,
        },
        "RenameIndex" => {
            let old_fields = match args.get("old_fields") {
                Some(value) if !value.is_none() => Some(
                    args.value("old_fields")?
                        .as_sequence()
                        .and_then(|items| {
                            items
                                .iter()
                                .map(|item| item.as_str().map(str::to_string))
                                .collect()
                        })
                        .ok_or("argument 'old_fields' is not a list of field names")?,
                ),
                _ => None,
            };
            Op::RenameIndex {
                model_name: args.string("model_name")?,
                new_name: args.string("new_name")?,
                old_name: args.optional_string("old_name")?,
                old_fields,
            }
        }
        "AddConstraint" => Op::AddConstraint {
            model_name: args.string("model_name")?,
            constraint: args.value("constraint")?.clone(),
        },
        "AddConstraintNotValid" => Op::AddConstraintNotValid {
            model_name: args.string("model_name")?,
            constraint: args.value("constraint")?.clone(),
        },
        "RemoveConstraint" => Op::RemoveConstraint {
            model_name: args.string("model_name")?,
            name: args.string("name")?,
        },
        "AlterConstraint" => Op::AlterConstraint {
            model_name: args.string("model_name")?,
            name: args.string("name")?,
            constraint: args.value("constraint")?.clone(),
        },
        "ValidateConstraint" => Op::ValidateConstraint {
            model_name: args.string("model_name")?,
            name: args.string("name")?,
        },
        "RunSQL" => Op::RunSQL {
            sql: args
                .sql("sql")?
                .ok_or("RunSQL() missing required argument 'sql'")?,
            reverse_sql: args.sql("reverse_sql")?,
            state_operations: args.operations("state_operations")?,
            elidable: args.flag("elidable", false)?,
        },
        "RunPython" => Op::RunPython {
            code: args.value("code")?.clone(),
            reverse_code: args
                .get("reverse_code")
                .filter(|value| !value.is_none())
                .cloned(),
            atomic: args.optional_flag("atomic")?,
            elidable: args.flag("elidable", false)?,
        },
        "SeparateDatabaseAndState" => Op::SeparateDatabaseAndState {
            database_operations: args.operations("database_operations")?,
            state_operations: args.operations("state_operations")?,
        },
        "CreateExtension" => Op::CreateExtension {
            name: args.string("name")?,
        },
        "CreateCollation" | "RemoveCollation" => {
            let name = args.string("name")?;
            let locale = args.string("locale")?;
            let provider = args
                .optional_string("provider")?
                .unwrap_or_else(|| "libc".to_string());
            let deterministic = args.flag("deterministic", true)?;
            if class == "CreateCollation" {
                Op::CreateCollation {
                    name,
                    locale,
                    provider,
                    deterministic,
                }
            } else {
                Op::RemoveCollation {
                    name,
                    locale,
                    provider,
                    deterministic,
                }
            }
        }
        named => {
            let extension = NAMED_EXTENSIONS
                .iter()
                .find(|(name, _)| *name == named)
                .map(|(_, extension)| *extension);
            Op::CreateExtension {
                name: extension.ok_or("unknown extension operation")?.to_string(),
            }
        }
    })
}
