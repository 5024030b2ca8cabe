//! Reads one migration file into the typed model of [`crate::ir`], without importing it.
//!
//! The file is parsed with `rustpython-parser`, its module and `Migration` class bodies are run
//! symbolically ([`exec`]) with expressions evaluated statically ([`eval`]), and the class
//! attributes are interpreted as Django does ([`operations`]).
//!
//! A file is decoded as Python does ([`encoding`], PEP 263 coding declarations); every span
//! (byte offsets, lines, columns) is into the decoded UTF-8 text. A file beyond the
//! [`limits`] (size, nesting, work of evaluating its constants) is reported, not analysed.

pub(crate) mod encoding;
pub(crate) mod eval;
pub(crate) mod exec;
pub mod field_classes;
pub mod limits;
mod local_classes;
mod operations;
mod source;
mod syntax;
pub mod syntax_tree;

use std::path::Path;
use std::sync::Arc;

use rustpython_parser::ast;

use crate::diagnostics::{Code, Diagnostic, Location};
use crate::ir::{
    Dependency, Field, FieldClass, Migration, MigrationKey, MigrationRef, MigrationSource,
    Operation, OperationKind, Settings, Span, Value,
};
use eval::ConstantSource;

pub use field_classes::FieldClasses;
pub use operations::field_from_call;
pub use source::SourceText;

/// The outcome of reading one migration file.
#[derive(Debug, Clone)]
pub struct ParsedMigration {
    pub source: MigrationSource,
    /// `None` when the file could not be read as a migration at all.
    pub migration: Option<Migration>,
    pub diagnostics: Vec<Diagnostic>,
    /// The decoded text of a scanned (not external) file, which spans index into: what the
    /// checks point at and reuse in fixes, without reading the file again.
    pub text: Option<std::sync::Arc<str>>,
}

/// What reading a migration consults besides the file: the Django settings it may read, and
/// custom field classes (from their source, or declared).
#[derive(Debug, Default)]
pub struct Environment {
    pub settings: Settings,
    pub field_classes: FieldClasses,
    /// Constants of the app and library modules migrations import; `None`: they stay
    /// references.
    pub constants: Option<Arc<dyn ConstantSource>>,
}

impl Environment {
    pub fn with_settings(settings: Settings) -> Environment {
        Environment {
            settings,
            field_classes: FieldClasses::default(),
            constants: None,
        }
    }
}

/// Reads and parses a migration file from disk.
pub fn parse_file(source: MigrationSource, environment: &Environment) -> ParsedMigration {
    match read_bounded(&source.path) {
        Ok(bytes) => parse_bytes(source, &bytes, environment),
        Err(diagnostic) => refused(source, diagnostic),
    }
}

/// Decodes (PEP 263) and parses a migration file's bytes.
pub fn parse_bytes(
    source: MigrationSource,
    bytes: &[u8],
    environment: &Environment,
) -> ParsedMigration {
    if bytes.len() > limits::MAX_FILE_BYTES {
        let too_large = limits::Exceeded::FileTooLarge("larger than 10 MiB");
        let diagnostic = limit_diagnostic(too_large, &source.path, 1, 1);
        return refused(source, diagnostic);
    }
    match encoding::decode_source(bytes) {
        Ok(text) => parse_source(source, &text, environment),
        Err(error) => {
            let code = match error.kind {
                encoding::DecodeErrorKind::NotUtf8 => Code::NotUtf8,
                encoding::DecodeErrorKind::BadEncoding => Code::BadEncoding,
            };
            let mut diagnostic = Diagnostic::error(code, error.message).at(Location::new(
                &source.path,
                error.line,
                error.column,
            ));
            if code == Code::NotUtf8 {
                diagnostic = diagnostic.note(
                    "save the file as UTF-8, or declare its encoding (# -*- coding: latin-1 -*-)",
                );
            }
            refused(source, diagnostic)
        }
    }
}

/// A file that is not analysed, with the reason.
fn refused(source: MigrationSource, diagnostic: Diagnostic) -> ParsedMigration {
    ParsedMigration {
        source,
        migration: None,
        diagnostics: vec![diagnostic],
        text: None,
    }
}

/// A file's bytes, reading no more than one byte beyond [`limits::MAX_FILE_BYTES`].
fn read_bounded(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    use std::io::Read;
    let limit = limits::MAX_FILE_BYTES as u64 + 1;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| {
            // Room for the whole file up front: `Take` gives `read_to_end` no size hint, and
            // it would otherwise read in small, growing pieces (a dozen reads for a migration).
            let size = file.metadata().map_or(0, |metadata| metadata.len());
            bytes.reserve_exact(size.min(limit) as usize + 1);
            file.take(limit).read_to_end(&mut bytes)
        })
        .map_err(|error| {
            Diagnostic::error(Code::IoError, format!("cannot read migration: {error}"))
                .at_file(path)
        })?;
    Ok(bytes)
}

/// Parses migration source text (decoded; spans are into this text). Runs on a parsing
/// thread ([`syntax_tree::on_parse_stack`]).
pub fn parse_source(
    source: MigrationSource,
    text: &str,
    environment: &Environment,
) -> ParsedMigration {
    syntax_tree::on_parse_stack(|| parse_on_this_thread(source, text, environment))
}

fn parse_on_this_thread(
    source: MigrationSource,
    text: &str,
    environment: &Environment,
) -> ParsedMigration {
    let text_kept = (!source.external).then(|| std::sync::Arc::from(text));
    let mut parsed = ParsedMigration {
        source,
        migration: None,
        diagnostics: Vec::new(),
        text: text_kept,
    };
    let path = parsed.source.path.clone();
    let located = SourceText::new(text);
    let suite = match syntax_tree::parse_module(text, &path.to_string_lossy()) {
        Ok(suite) => suite,
        Err(refusal) => {
            parsed
                .diagnostics
                .push(refusal_diagnostic(&refusal, &path, &located));
            return parsed;
        }
    };
    let mut executor = exec::Executor::new(&located, &environment.settings);
    executor.constants = environment.constants.as_deref();
    let (_module, class_scope) = executor.run_module(&suite);
    if let Some((exceeded, span)) = executor.budget.exceeded() {
        parsed
            .diagnostics
            .push(limit_diagnostic(exceeded, &path, span.line, span.column));
        return parsed;
    }
    let (Some(class), Some(scope)) = (executor.migration_class, class_scope) else {
        parsed.diagnostics.push(
            Diagnostic::error(
                Code::NoMigrationClass,
                format!("migration {} has no Migration class", parsed.source.key),
            )
            .at_file(&path)
            .note("Django refuses to load it (BadMigrationError)"),
        );
        return parsed;
    };
    let class_span = located.span(ast::Ranged::range(class));
    let item_spans = |attribute: &str| literal_item_spans(class, attribute, &located);
    let mut reader = ClassReader {
        key: &parsed.source.key,
        path: &path,
        class_span,
        context: operations::Context {
            local_classes: &executor.local_classes,
            field_classes: &environment.field_classes,
        },
        diagnostics: &mut parsed.diagnostics,
    };
    for (method, line) in &executor.methods {
        reader.diagnostics.push(
            Diagnostic::warning(
                Code::UnknownValue,
                format!("Migration class defines '{method}'; its custom behaviour is not analysed"),
            )
            .at(Location::new(&path, *line, 1)),
        );
    }
    let migration = Migration {
        key: parsed.source.key.clone(),
        dependencies: reader.dependencies(scope.get("dependencies"), &item_spans("dependencies")),
        run_before: reader.references(
            "run_before",
            scope.get("run_before"),
            &item_spans("run_before"),
        ),
        replaces: reader.references("replaces", scope.get("replaces"), &item_spans("replaces")),
        initial: reader.initial(scope.get("initial")),
        atomic: reader.atomic(scope.get("atomic")),
        operations: reader.operations(scope.get("operations")),
        span: class_span,
    };
    parsed.migration = Some(migration);
    parsed
}

/// The diagnostic for text that was not parsed.
fn refusal_diagnostic(
    refusal: &syntax_tree::Refusal,
    path: &Path,
    text: &SourceText,
) -> Diagnostic {
    match refusal {
        syntax_tree::Refusal::Syntax(message, offset) => {
            let (line, column) = text.line_column(offset.to_u32());
            Diagnostic::error(Code::SyntaxError, format!("Python syntax error: {message}"))
                .at(Location::new(path, line, column))
        }
        syntax_tree::Refusal::Limit(exceeded, offset) => {
            let (line, column) = text.line_column(offset.to_u32());
            limit_diagnostic(*exceeded, path, line, column)
        }
    }
}

/// The diagnostic for a file beyond a limit: it is not analysed.
fn limit_diagnostic(exceeded: limits::Exceeded, path: &Path, line: u32, column: u32) -> Diagnostic {
    let code = match exceeded {
        limits::Exceeded::PythonNesting(_) => Code::SyntaxError,
        limits::Exceeded::FileTooLarge(_) => Code::FileTooLarge,
        limits::Exceeded::TooDeep => Code::TooDeeplyNested,
        limits::Exceeded::TooMuchWork => Code::ValueTooLarge,
    };
    Diagnostic::error(code, exceeded.message())
        .at(Location::new(path, line.max(1), column.max(1)))
        .note("the file is not analysed; the rest of the project is")
}

/// Interprets the attributes of a `Migration` class body.
struct ClassReader<'a> {
    key: &'a MigrationKey,
    path: &'a Path,
    class_span: Span,
    context: operations::Context<'a>,
    diagnostics: &'a mut Vec<Diagnostic>,
}

impl ClassReader<'_> {
    fn location(&self, span: Span) -> Location {
        let span = if span.line == 0 {
            self.class_span
        } else {
            span
        };
        Location::new(self.path, span.line, span.column)
    }

    fn unknown_attribute(&mut self, attribute: &str, value: &Value) {
        let (source, reason, span) = match (value.first_unknown(), value) {
            (
                Some(Value::Unknown {
                    source,
                    reason,
                    span,
                }),
                _,
            ) => (source.clone(), reason.clone(), *span),
            (None, Value::Call(call)) => (
                format!("{}(...)", call.func),
                format!("computed by calling {}() at import time", call.func),
                call.span,
            ),
            _ => (
                String::new(),
                "not a list or tuple".to_string(),
                self.class_span,
            ),
        };
        let location = self.location(span);
        let mut diagnostic = Diagnostic::error(
            Code::UnknownValue,
            format!("Migration.{attribute} is not statically known: {reason}"),
        )
        .at(location);
        if !source.is_empty() {
            diagnostic = diagnostic.note(format!("expression: {}", first_line(&source)));
        }
        self.diagnostics.push(diagnostic);
    }

    /// The items of a list attribute. A concatenation with a part that is not known
    /// (`[...] + helpers.EXTRA`) keeps the known items and reports the rest.
    fn sequence<'v>(&mut self, attribute: &str, value: Option<&'v Value>) -> Vec<&'v Value> {
        let mut items = Vec::new();
        if let Some(value) = value {
            self.sequence_parts(attribute, value, &mut items);
        }
        items
    }

    fn sequence_parts<'v>(
        &mut self,
        attribute: &str,
        value: &'v Value,
        items: &mut Vec<&'v Value>,
    ) {
        match value {
            Value::BinOp { op, left, right } if op == "+" => {
                self.sequence_parts(attribute, left, items);
                self.sequence_parts(attribute, right, items);
            }
            value => match value.as_sequence() {
                Some(known) => items.extend(known),
                None => self.unknown_attribute(attribute, value),
            },
        }
    }

    fn dependencies(&mut self, value: Option<&Value>, spans: &[Span]) -> Vec<Dependency> {
        let mut dependencies = Vec::new();
        for (position, item) in self.sequence("dependencies", value).into_iter().enumerate() {
            match dependency(item) {
                Some(mut dependency) => {
                    if let Some(span) = spans.get(position) {
                        dependency.span = *span;
                    }
                    dependencies.push(dependency)
                }
                None => self.unknown_attribute("dependencies", item),
            }
        }
        dependencies
    }

    fn references(
        &mut self,
        attribute: &str,
        value: Option<&Value>,
        spans: &[Span],
    ) -> Vec<MigrationRef> {
        let mut references = Vec::new();
        for (position, item) in self.sequence(attribute, value).into_iter().enumerate() {
            match migration_key(item) {
                Some(key) => references.push(MigrationRef {
                    key,
                    span: spans.get(position).copied().unwrap_or_default(),
                }),
                None => self.unknown_attribute(attribute, item),
            }
        }
        references
    }

    fn initial(&mut self, value: Option<&Value>) -> Option<bool> {
        value.and_then(Value::truthiness)
    }

    fn atomic(&mut self, value: Option<&Value>) -> bool {
        match value {
            None => true,
            Some(value) => value.truthiness().unwrap_or_else(|| {
                self.unknown_attribute("atomic", value);
                true
            }),
        }
    }

    fn operations(&mut self, value: Option<&Value>) -> Vec<Operation> {
        let class_span = self.class_span;
        let operations: Vec<Operation> = self
            .sequence("operations", value)
            .into_iter()
            .map(|item| operations::operation_from_value(item, class_span, &self.context))
            .collect();
        for operation in &operations {
            self.report_unknowns(operation);
        }
        operations
    }

    /// Reports what later stages cannot analyse in an operation: its class, a field class, a value.
    fn report_unknowns(&mut self, operation: &Operation) {
        let location = self.location(operation.span);
        match &operation.kind {
            OperationKind::Unknown { class, reason } => {
                self.diagnostics.push(
                    Diagnostic::error(
                        Code::UnknownOperation,
                        format!("operation {class} cannot be analysed: {reason}"),
                    )
                    .at(location)
                    .note(format!(
                        "in migration {}; its schema changes and locks are not checked",
                        self.key
                    )),
                );
            }
            // CREATE TABLE writes no `default` (Django sets it in Python), and ALTER COLUMN only
            // when a column becomes NOT NULL: the DDL marks the statement that needs an unknown
            // one. AddField always computes it.
            OperationKind::CreateModel { fields, .. } => {
                for (_, field) in fields {
                    self.report_field(field, DefaultUse::Unused);
                }
            }
            OperationKind::AlterField { field, .. } => self.report_field(field, DefaultUse::Unused),
            OperationKind::AddField { field, .. } => self.report_field(field, DefaultUse::Used),
            OperationKind::AddIndex { index: value, .. }
            | OperationKind::AddIndexConcurrently { index: value, .. }
            | OperationKind::AddConstraint {
                constraint: value, ..
            }
            | OperationKind::AddConstraintNotValid {
                constraint: value, ..
            }
            | OperationKind::AlterConstraint {
                constraint: value, ..
            } => self.report_value(&format!("{} argument", operation.kind.class_name()), value),
            OperationKind::SeparateDatabaseAndState {
                database_operations,
                state_operations,
            } => {
                for nested in database_operations.iter().chain(state_operations) {
                    self.report_unknowns(nested);
                }
            }
            OperationKind::RunSQL {
                state_operations, ..
            } => {
                for nested in state_operations {
                    self.report_unknowns(nested);
                }
            }
            _ => {}
        }
    }

    fn report_value(&mut self, what: &str, value: &Value) {
        if let Some(Value::Unknown {
            source,
            reason,
            span,
        }) = value.first_unknown()
        {
            let location = self.location(*span);
            self.diagnostics.push(
                Diagnostic::error(
                    Code::UnknownValue,
                    format!("{what} is not statically known: {reason}"),
                )
                .at(location)
                .note(format!("expression: {}", first_line(source))),
            );
        }
    }

    fn report_field(&mut self, field: &Field, default_use: DefaultUse) {
        let location = self.location(field.span);
        match &field.class {
            FieldClass::Unknown(class) => {
                let mut diagnostic = Diagnostic::error(
                    Code::UnknownField,
                    format!("field class {class} is not a built-in Django field; its column is not analysed"),
                )
                .at(location);
                if let Some(reason) = self.context.field_classes.resolve(class).reason() {
                    diagnostic = diagnostic.note(format!("not resolved: {reason}"));
                }
                self.diagnostics.push(diagnostic.note(
                    "declare what it behaves as under [field-classes] in migguard.toml (see README)",
                ));
            }
            FieldClass::Known(_) => {
                for (name, value) in &field.args {
                    if name == "default" && default_use == DefaultUse::Unused {
                        continue;
                    }
                    self.report_value(&format!("field argument '{name}'"), value);
                }
                for nested in ["base_field", "output_field"] {
                    if let Some(call) = field.arg(nested).and_then(Value::as_call) {
                        self.report_field(&field_from_call(call), default_use);
                    }
                }
            }
        }
    }
}

/// Whether the operation's SQL always needs the field's `default` (AddField) or only in cases
/// the DDL marks (CreateModel, AlterField).
#[derive(Clone, Copy, PartialEq, Eq)]
enum DefaultUse {
    Used,
    Unused,
}

/// The first line of an expression's source, marked when more follows.
fn first_line(source: &str) -> String {
    let mut lines = source.lines();
    let first = lines.next().unwrap_or("").trim_end();
    if lines.next().is_some() {
        format!("{first} …")
    } else {
        first.to_string()
    }
}

/// Spans of the items of `attribute = [...]` in the class body, when it is a plain literal
/// (the common case); empty otherwise, and callers fall back to the class's span.
fn literal_item_spans(
    class: &ast::StmtClassDef,
    attribute: &str,
    source: &SourceText,
) -> Vec<Span> {
    let mut spans = Vec::new();
    for statement in &class.body {
        let ast::Stmt::Assign(assign) = statement else {
            continue;
        };
        let is_target = assign
            .targets
            .iter()
            .any(|target| matches!(target, ast::Expr::Name(name) if name.id.as_str() == attribute));
        if !is_target {
            continue;
        }
        spans = match assign.value.as_ref() {
            ast::Expr::List(ast::ExprList { elts, .. })
            | ast::Expr::Tuple(ast::ExprTuple { elts, .. })
                if !elts.iter().any(|e| matches!(e, ast::Expr::Starred(_))) =>
            {
                elts.iter()
                    .map(|element| source.span(ast::Ranged::range(element)))
                    .collect()
            }
            _ => Vec::new(),
        };
    }
    spans
}

/// A dependency: `("app", "name")` or `migrations.swappable_dependency(settings.X)`.
fn dependency(value: &Value) -> Option<Dependency> {
    if let Some(call) = value.as_call() {
        if !call.func.ends_with("swappable_dependency") {
            return None;
        }
        let [argument] = call.args.as_slice() else {
            return None;
        };
        let model = argument.as_str()?;
        let setting = match argument {
            Value::Setting { name, .. } => Some(name.clone()),
            _ => None,
        };
        let app = model.split_once('.').map_or(model, |(app, _)| app);
        return Some(Dependency {
            key: MigrationKey::new(app, "__first__"),
            swappable_setting: setting,
            span: call.span,
        });
    }
    Some(Dependency {
        key: migration_key(value)?,
        swappable_setting: None,
        span: Span::default(),
    })
}

fn migration_key(value: &Value) -> Option<MigrationKey> {
    match value.as_sequence()? {
        [app, name] => Some(MigrationKey::new(app.as_str()?, name.as_str()?)),
        _ => None,
    }
}

#[cfg(test)]
mod tests;
