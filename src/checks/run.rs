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
use crate::ddl::MigrationSql;
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
    let rules = match RuleSet::postgresql() {
        Ok(rules) => rules,
        Err(error) => {
            return CheckOutcome {
                diagnostics: vec![Diagnostic::error(
                    Code::ConfigError,
                    format!("lock rules: {error}"),
                )],
                ..CheckOutcome::default()
            }
        }
    };
    let change_set = options.change_set;
    let checked: Vec<&MigrationSql> = sql
        .iter()
        .filter(|migration| {
            if !options.targets.is_empty() {
                options.targets.contains(&migration.key)
            } else {
                project
                    .migration(&migration.key)
                    .is_some_and(|parsed| !parsed.source.external)
            }
        })
        .collect();
    // Tables created by earlier migrations of the change carry no traffic for later ones.
    let mut created = BTreeSet::new();
    let mut analysed: Vec<(&MigrationSql, MigrationLocks, BTreeSet<String>)> =
        Vec::with_capacity(checked.len());
    if change_set {
        for migration in &checked {
            let locks = analyse_migration_sql(migration, rules, options.pg_version, &created);
            let before = created.clone();
            created.extend(
                locks
                    .tables
                    .iter()
                    .filter(|t| t.new_table)
                    .map(|t| t.table.clone()),
            );
            analysed.push((migration, locks, before));
        }
    } else {
        analysed = checked
            .par_iter()
            .map(|migration| {
                let none = BTreeSet::new();
                let locks = analyse_migration_sql(migration, rules, options.pg_version, &none);
                (*migration, locks, none)
            })
            .collect();
    }
    let enabled = options.selection.enabled();
    let results: Vec<(Vec<Finding>, Vec<Diagnostic>)> = analysed
        .par_iter()
        .map(|(migration, locks, change_set_tables)| {
            check_migration(
                project,
                migration,
                locks,
                change_set_tables,
                &enabled,
                options,
            )
        })
        .collect();
    let mut outcome = CheckOutcome {
        checked: analysed
            .iter()
            .map(|(migration, _, _)| migration.key.clone())
            .collect(),
        ..CheckOutcome::default()
    };
    for (findings, diagnostics) in results {
        outcome.findings.extend(findings);
        outcome.diagnostics.extend(diagnostics);
    }
    if let Some(stats) = &options.stats {
        sizing::apply(&mut outcome.findings, stats, &options.size_thresholds);
    }
    outcome.findings.sort_by(|a, b| {
        (&a.path, a.span.line, a.span.column, a.rule).cmp(&(
            &b.path,
            b.span.line,
            b.span.column,
            b.rule,
        ))
    });
    outcome
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
    for finding in &mut findings {
        if let Some(level) = selection.severity.get(finding.rule) {
            finding.severity = *level;
        }
    }
    let diagnostics = suppress::apply(&path, &source, &mut findings);
    (findings, diagnostics)
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
