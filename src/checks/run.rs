//! Running the checks over a project: which migrations, which rules, the change set, and the
//! suppressions and severities the user configured.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use super::facts::MigrationFacts;
use super::finding::{Category, Finding, Level};
use super::registry::{Rule, RULES};
use super::rules::modified_migration;
use super::sizing::{self, SizeThresholds};
use super::suppress;
use crate::ddl::{MigrationSql, Statement};
use crate::diagnostics::{Code, Diagnostic};
use crate::ir::MigrationKey;
use crate::locks::transaction::MigrationLocks;
use crate::locks::{analyse_migration_sql, RuleSet};
use crate::project::Project;
use crate::stats::DatabaseStats;

/// Which rules run and how severe their findings are.
#[derive(Debug, Clone, Default)]
pub struct RuleSelection {
    /// Only these rules (opt-in rules included); `None`: every rule on by default.
    pub select: Option<Vec<String>>,
    /// Rules to add to the default set (opt-in rules).
    pub extend_select: Vec<String>,
    pub ignore: Vec<String>,
    /// Severity per rule, replacing the default.
    pub severity: BTreeMap<String, Level>,
    /// Rules ignored per app label (`"*"`: every rule).
    pub per_app_ignore: BTreeMap<String, Vec<String>>,
}

impl RuleSelection {
    /// Every rule name the selection mentions that does not exist.
    pub fn unknown_rules(&self) -> Vec<String> {
        let mut names: Vec<&String> = self
            .select
            .iter()
            .flatten()
            .chain(&self.extend_select)
            .chain(&self.ignore)
            .chain(self.severity.keys())
            .chain(
                self.per_app_ignore
                    .values()
                    .flatten()
                    .filter(|name| *name != "*"),
            )
            .collect();
        names.sort();
        names.dedup();
        names
            .into_iter()
            .filter(|name| super::registry::rule(name).is_none())
            .cloned()
            .collect()
    }

    fn enabled(&self) -> Vec<&'static Rule> {
        RULES
            .iter()
            .filter(|rule| match &self.select {
                Some(selected) => selected.iter().any(|name| name == rule.name),
                None => {
                    rule.default_enabled || self.extend_select.iter().any(|name| name == rule.name)
                }
            })
            .filter(|rule| !self.ignore.iter().any(|name| name == rule.name))
            .collect()
    }

    fn ignored_in_app(&self, app: &str, rule: &str) -> bool {
        self.per_app_ignore
            .get(app)
            .is_some_and(|rules| rules.iter().any(|name| name == rule || name == "*"))
    }
}

/// How to check a project.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub pg_version: u32,
    /// The migrations to check; empty: every migration of the scanned (not external) apps.
    pub targets: Vec<MigrationKey>,
    /// The checked migrations are one change being deployed: tables created by one of them
    /// carry no traffic for the later ones. Otherwise each migration is checked as if it were
    /// deployed on its own.
    pub change_set: bool,
    pub selection: RuleSelection,
    /// Checked migrations that already existed at the change's base and were edited: each gets
    /// a `modified-migration` finding.
    pub modified: Vec<MigrationKey>,
    /// The production database's sizes and sequences (`check --stats`): sizes in the
    /// findings, severity by size, sequences running out.
    pub stats: Option<Arc<DatabaseStats>>,
    /// When a table is small or large (the `[stats]` configuration).
    pub size_thresholds: SizeThresholds,
    /// How the values Django computes when a migration runs are produced.
    pub one_off: crate::ddl::OneOffValues,
}

impl Default for CheckOptions {
    fn default() -> Self {
        CheckOptions {
            pg_version: 16,
            targets: Vec::new(),
            change_set: false,
            selection: RuleSelection::default(),
            modified: Vec::new(),
            stats: None,
            size_thresholds: SizeThresholds::default(),
            one_off: crate::ddl::OneOffValues::default(),
        }
    }
}

/// The result of checking a project.
#[derive(Debug, Default)]
pub struct CheckOutcome {
    /// Sorted by file, line, rule.
    pub findings: Vec<Finding>,
    /// The migrations checked, in plan order.
    pub checked: Vec<MigrationKey>,
    /// Problems with suppressions.
    pub diagnostics: Vec<Diagnostic>,
}

/// Checks the migrations `options` names (or all scanned ones) of a loaded project whose SQL
/// is `sql` (one entry per migration of the plan, from [`crate::ddl::project_sql`]).
pub fn check_project(
    project: &Project,
    sql: &[MigrationSql],
    options: &CheckOptions,
) -> CheckOutcome {
    let mut checker = match Checker::new(project, options) {
        Ok(checker) => checker,
        Err(outcome) => return outcome,
    };
    let checked = sql
        .iter()
        .filter(|migration| is_checked(project, options, &migration.key));
    if options.change_set {
        // Each migration sees the tables the earlier ones of the change created.
        checked.for_each(|migration| checker.check(migration));
    } else {
        let checked: Vec<&MigrationSql> = checked.collect();
        let results: Vec<_> = checked
            .par_iter()
            .map(|migration| checker.check_alone(migration))
            .collect();
        for (migration, result) in checked.iter().zip(results) {
            checker.record(&migration.key, result);
        }
    }
    checker.finish()
}

/// Replays the project's plan and checks its migrations as they are translated, on a second
/// thread: what [`check_project`] does with [`crate::ddl::project_sql`]'s output, without
/// keeping every migration's SQL, and with the checks running beside the replay.
pub fn check_plan(project: &Project, options: &CheckOptions) -> CheckOutcome {
    let mut checker = match Checker::new(project, options) {
        Ok(checker) => checker,
        Err(outcome) => return outcome,
    };
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<MigrationSql>(256);
        let worker = std::thread::Builder::new()
            .name("migguard-check".into())
            .stack_size(CHECK_STACK_BYTES)
            .spawn_scoped(scope, move || {
                for migration in receiver {
                    checker.check(&migration);
                }
                checker.finish()
            });
        let worker = match worker {
            Ok(worker) => worker,
            Err(error) => {
                return CheckOutcome {
                    diagnostics: vec![Diagnostic::error(
                        Code::ConfigError,
                        format!("could not start the check thread: {error}"),
                    )],
                    ..CheckOutcome::default()
                }
            }
        };
        // A closed channel means the worker panicked: its join says so below.
        let send = |migration| {
            let _ = sender.send(migration);
        };
        if options.targets.is_empty() {
            crate::ddl::replay_project(project, options.one_off, |migration| {
                if is_checked(project, options, &migration.key) {
                    send(migration);
                }
            });
        } else {
            // A few migrations (a change): only what their catalog reads is translated.
            let targets: std::collections::HashSet<&MigrationKey> =
                options.targets.iter().collect();
            let checked = |key: &MigrationKey| targets.contains(key);
            crate::ddl::replay_project_selected(project, options.one_off, checked, send);
        }
        drop(sender);
        worker
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}

/// The check thread's stack: the rules walk expressions the parser's limits bound, as the
/// replay on the main thread does.
const CHECK_STACK_BYTES: usize = 16 * 1024 * 1024;

/// Whether `key` is one of the migrations `options` checks.
fn is_checked(project: &Project, options: &CheckOptions, key: &MigrationKey) -> bool {
    if !options.targets.is_empty() {
        options.targets.contains(key)
    } else {
        project
            .migration(key)
            .is_some_and(|parsed| !parsed.source.external)
    }
}

/// Checks migrations one after another in plan order, and gathers the outcome.
struct Checker<'p> {
    project: &'p Project,
    options: &'p CheckOptions,
    rules: &'static RuleSet,
    enabled: Vec<&'static Rule>,
    /// In a change set: the tables created by the migrations checked so far.
    created: BTreeSet<String>,
    outcome: CheckOutcome,
}

impl<'p> Checker<'p> {
    /// A checker, or the outcome that says why none can run.
    fn new(project: &'p Project, options: &'p CheckOptions) -> Result<Self, CheckOutcome> {
        let rules = RuleSet::postgresql().map_err(|error| CheckOutcome {
            diagnostics: vec![Diagnostic::error(
                Code::ConfigError,
                format!("lock rules: {error}"),
            )],
            ..CheckOutcome::default()
        })?;
        Ok(Checker {
            project,
            options,
            rules,
            enabled: options.selection.enabled(),
            created: BTreeSet::new(),
            outcome: CheckOutcome::default(),
        })
    }

    /// Checks the next migration; in a change set it sees the tables the earlier ones created.
    fn check(&mut self, migration: &MigrationSql) {
        if !self.options.change_set {
            let result = self.check_alone(migration);
            return self.record(&migration.key, result);
        }
        let locks = analyse_migration_sql(
            migration,
            self.rules,
            self.options.pg_version,
            &self.created,
        );
        let result = check_migration(
            self.project,
            migration,
            &locks,
            &self.created,
            &self.enabled,
            self.options,
        );
        self.created.extend(
            locks
                .tables
                .iter()
                .filter(|t| t.new_table)
                .map(|t| t.table.clone()),
        );
        self.record(&migration.key, result);
    }

    /// Checks a migration as if it were deployed on its own.
    fn check_alone(&self, migration: &MigrationSql) -> (Vec<Finding>, Vec<Diagnostic>) {
        let none = BTreeSet::new();
        let locks = analyse_migration_sql(migration, self.rules, self.options.pg_version, &none);
        check_migration(
            self.project,
            migration,
            &locks,
            &none,
            &self.enabled,
            self.options,
        )
    }

    fn record(
        &mut self,
        key: &MigrationKey,
        (findings, diagnostics): (Vec<Finding>, Vec<Diagnostic>),
    ) {
        self.outcome.checked.push(key.clone());
        self.outcome.findings.extend(findings);
        self.outcome.diagnostics.extend(diagnostics);
    }

    fn finish(mut self) -> CheckOutcome {
        if let Some(stats) = &self.options.stats {
            sizing::apply(
                &mut self.outcome.findings,
                stats,
                &self.options.size_thresholds,
            );
        }
        self.outcome.findings.sort_by(|a, b| {
            (&a.path, a.span.line, a.span.column, a.rule).cmp(&(
                &b.path,
                b.span.line,
                b.span.column,
                b.rule,
            ))
        });
        self.outcome
    }
}

fn check_migration(
    project: &Project,
    sql: &MigrationSql,
    locks: &MigrationLocks,
    change_set_tables: &BTreeSet<String>,
    enabled: &[&'static Rule],
    options: &CheckOptions,
) -> (Vec<Finding>, Vec<Diagnostic>) {
    let selection = &options.selection;
    let modified = options.modified.contains(&sql.key);
    let Some(parsed) = project.migration(&sql.key) else {
        return (Vec::new(), Vec::new());
    };
    let Some(migration) = &parsed.migration else {
        return (Vec::new(), Vec::new());
    };
    let path: PathBuf = parsed.source.path.clone();
    let source: std::borrow::Cow<'_, str> = match &parsed.text {
        Some(text) => std::borrow::Cow::Borrowed(text),
        None => std::borrow::Cow::Owned(read_source(&path)),
    };
    let facts = MigrationFacts::new(
        &sql.key,
        &path,
        &source,
        migration,
        sql,
        locks,
        change_set_tables,
    )
    .with_stats(options.stats.as_deref());
    let mut findings = Vec::new();
    for rule in enabled {
        if selection.ignored_in_app(&sql.key.app, rule.name) {
            continue;
        }
        (rule.check)(&facts, &mut findings);
        if modified && rule.name == modified_migration::RULE {
            findings.push(modified_migration::finding(&facts));
        }
    }
    reconcile_fixes(&mut findings);
    mark_one_off_values(&mut findings, sql);
    if parsed.source.external {
        super::third_party::advise(&mut findings, &sql.key);
    }
    for finding in &mut findings {
        if let Some(level) = selection.severity.get(finding.rule) {
            finding.severity = *level;
        }
    }
    let diagnostics = suppress::apply(&path, &source, &mut findings);
    (findings, diagnostics)
}

/// Each finding's statement with the values Django computes when it runs that it contains.
fn mark_one_off_values(findings: &mut [Finding], sql: &MigrationSql) {
    for finding in findings.iter_mut() {
        let (Some(index), Some(statement)) = (finding.operation, &finding.statement) else {
            continue;
        };
        let Some(operation) = sql.operations.get(index) else {
            continue;
        };
        finding.one_off_values = operation
            .one_off_values
            .iter()
            .filter(|value| {
                matches!(operation.statements.get(value.statement),
                    Some(Statement::Sql(text)) if text == statement)
            })
            .cloned()
            .collect();
    }
}

/// Fixes of one operation, reconciled with its other findings: a fix is dropped when the
/// operation also has a hazard without a staged form that rewrites the table or fails (the
/// staged SQL would still do that), and each remaining fix names the other rules of its
/// operation it does not address.
fn reconcile_fixes(findings: &mut [Finding]) {
    let facts: Vec<(Option<usize>, &'static str, Option<String>, bool)> = findings
        .iter()
        .map(|f| {
            let blocking = f.fix.is_none()
                && f.severity >= Level::Warning
                && f.categories
                    .iter()
                    .any(|c| matches!(c, Category::Rewrite | Category::RuntimeFailure));
            (
                f.operation,
                f.rule,
                f.fix.as_ref().map(|fix| fix.title.clone()),
                blocking,
            )
        })
        .collect();
    for finding in findings.iter_mut() {
        let Some(fix) = &mut finding.fix else {
            continue;
        };
        let unfixable: Vec<&'static str> = facts
            .iter()
            .filter(|(operation, rule, _, blocking)| {
                *blocking && *operation == finding.operation && *rule != finding.rule
            })
            .map(|(_, rule, _, _)| *rule)
            .collect();
        if !unfixable.is_empty() {
            finding.notes.push(format!(
                "no staged fix: this operation also reports {}, which a staged form cannot avoid",
                unfixable.join(", ")
            ));
            finding.fix = None;
            continue;
        }
        for (operation, rule, other_fix, _) in &facts {
            let same_fix = other_fix.as_deref() == Some(fix.title.as_str());
            if *operation == finding.operation
                && *rule != finding.rule
                && !same_fix
                && !fix.leaves.contains(rule)
            {
                fix.leaves.push(rule);
            }
        }
    }
}

/// The file's text again, for code frames and fixes (lossy if it is not UTF-8: such files
/// were reported when parsed and have no operations to point at).
fn read_source(path: &std::path::Path) -> String {
    match std::fs::read(path) {
        Ok(bytes) => String::from_utf8(bytes)
            .unwrap_or_else(|error| String::from_utf8_lossy(error.as_bytes()).into_owned()),
        Err(_) => String::new(),
    }
}
