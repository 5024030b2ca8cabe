//! The PostgreSQL schema editor of Django 5.2, statically: every operation of every migration
//! translated into exactly the DDL `manage.py sqlmigrate` prints (and `migrate` runs).
//!
//! [`project_sql`] replays the plan once ([`crate::state`]), renders the models each
//! operation sees before and after it, and runs the operation's `database_forwards` against a
//! simulated catalog that stands in for Django's introspection. What cannot be known
//! statically (custom fields, callable defaults, unknown expressions) is kept as
//! [`Statement::NotTranslated`] with the reason, never guessed.

mod alter_field;
mod alter_type;
mod catalog;
mod column_types;
mod context;
mod editor;
mod expressions;
mod fields;
mod literal;
mod lookups;
mod md5;
mod model_options;
pub mod names;
mod operations;
mod render;
mod schema;
mod sql;
mod statements;

use serde::Serialize;

use crate::ir::{MigrationKey, OperationKind, Span, Value};
use crate::project::Project;
use crate::state::{apply_operation, Journal, ProjectState};

pub use context::DdlSettings;
pub use render::{mogrify, render_sqlmigrate};

/// The SQL of one migration.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MigrationSql {
    pub key: MigrationKey,
    /// `Migration.atomic`: `sqlmigrate` wraps the output in `BEGIN;`/`COMMIT;`.
    pub atomic: bool,
    pub operations: Vec<OperationSql>,
    /// Statements Django defers to the end of the migration (foreign keys, indexes), in the
    /// order it runs them, each with the index of the operation that queued it.
    pub deferred: Vec<DeferredSql>,
}

/// A deferred statement and the operation it belongs to.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeferredSql {
    pub operation: usize,
    pub statement: Statement,
}

/// The SQL of one operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OperationSql {
    pub class_name: String,
    /// Django's `describe()`.
    pub description: String,
    pub span: Span,
    pub statements: Vec<Statement>,
}

/// One statement an operation runs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Statement {
    /// DDL exactly as Django's schema editor writes it (without the trailing `;`).
    Sql(String),
    /// A `RunSQL` statement, with its parameters if it came as `(sql, params)`.
    RunSql { sql: String, params: Option<Value> },
    /// A `RunPython` operation: Python code that cannot be shown as SQL.
    RunPython { atomic: Option<bool> },
    /// A statement migguard cannot know statically, and why.
    NotTranslated { reason: String },
}

/// Replays the whole plan once; one entry per migration in plan order.
pub fn project_sql(project: &Project) -> Vec<MigrationSql> {
    let settings = DdlSettings::from_settings(&project.settings);
    let mut state = ProjectState::default();
    let mut catalog = catalog::Catalog::default();
    let mut uuid_counter = 0u128;
    let mut output = Vec::new();
    for key in project.graph.full_plan() {
        let Some(migration) = project.migration(key).and_then(|parsed| parsed.migration.as_ref()) else {
            output.push(MigrationSql {
                key: key.clone(),
                atomic: true,
                operations: vec![OperationSql {
                    class_name: String::new(),
                    description: "migration could not be read".into(),
                    span: Span::default(),
                    statements: vec![Statement::NotTranslated { reason: format!("migration {key} could not be read") }],
                }],
                deferred: Vec::new(),
            });
            continue;
        };
        let mut editor = editor::Editor::new(&catalog, &mut uuid_counter);
        let mut operations = Vec::new();
        for (index, operation) in migration.operations.iter().enumerate() {
            editor.operation = index;
            let before_state = matches!(operation.kind, OperationKind::SeparateDatabaseAndState { .. }).then(|| state.clone());
            let mut journal = Journal::default();
            let applied = apply_operation(&mut state, &key.app, operation, &mut journal);
            match (&applied, before_state) {
                (Err(reason), _) => editor.not_translated(reason.clone()),
                (Ok(()), Some(mut database_state)) => {
                    operations::separate_database_and_state(&mut editor, &settings, &key.app, operation, &mut database_state)
                }
                (Ok(()), None) => operations::database_forwards(&mut editor, &settings, &key.app, operation, &state, &journal),
            }
            operations.push(OperationSql {
                class_name: operation.kind.class_name().to_string(),
                description: operations::describe(&operation.kind),
                span: operation.span,
                statements: editor.take_statements(),
            });
        }
        let deferred: Vec<editor::DeferredItem> = std::mem::take(&mut editor.deferred);
        let mut effects = std::mem::take(&mut editor.effects);
        drop(editor);
        effects.extend(deferred.iter().filter_map(|item| item.effect.clone()));
        for effect in &effects {
            catalog.apply(effect);
        }
        output.push(MigrationSql {
            key: key.clone(),
            atomic: migration.atomic,
            operations,
            deferred: deferred.into_iter().map(|item| DeferredSql { operation: item.operation, statement: Statement::Sql(item.sql.render()) }).collect(),
        });
    }
    output
}
