//! Findings in a migration of an installed package (an external app, found in site-packages):
//! its file is not the project's to edit, so a staged fix written over it would be lost at the
//! next install. The fix is replaced by what a project can do about such a migration.

use super::finding::Finding;
use crate::ir::MigrationKey;

/// Replaces the staged fixes of `findings` (all in `migration`, a package's) by advice.
pub fn advise(findings: &mut [Finding], migration: &MigrationKey) {
    for finding in findings {
        let Some(fix) = finding.fix.take() else {
            continue;
        };
        let app = &migration.app;
        finding.notes.push(format!(
            "{migration} ships with an installed package: editing its file would be undone by the next install"
        ));
        let advice = format!(
            "not in this file (it belongs to the package): run the migration in a maintenance \
             window, upgrade to a release that stages it, or take over the app's migrations \
             with MIGRATION_MODULES = {{\"{app}\": \"<your_project>.migrations_{app}\"}} and \
             stage it there ({})",
            fix.title
        );
        finding.help = Some(match finding.help.take() {
            Some(help) => format!("{help}\n{advice}"),
            None => advice,
        });
    }
}
