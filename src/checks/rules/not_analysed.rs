//! `not-analysed`: what migguard could not check in a migration, said once.

use super::super::facts::MigrationFacts;
use super::super::finding::{Finding, Label, Level};
use super::one_line;
use crate::ddl::Statement;
use crate::ir::OperationKind;

const RULE: &str = "not-analysed";

pub fn check(facts: &MigrationFacts<'_>, out: &mut Vec<Finding>) {
    let mut gaps: Vec<(usize, String)> = Vec::new();
    for (index, operation) in facts.migration.operations.iter().enumerate() {
        if let OperationKind::Unknown { class, reason } = &operation.kind {
            gaps.push((index, format!("operation {class}: {reason}")));
            continue;
        }
        if let Some(sql) = facts.operation_sql(index) {
            for statement in &sql.statements {
                if let Statement::NotTranslated { reason } = statement {
                    gaps.push((index, format!("{}: {reason}", sql.description)));
                }
            }
        }
    }
    for deferred in &facts.sql.deferred {
        if let Statement::NotTranslated { reason } = &deferred.statement {
            gaps.push((deferred.operation, format!("deferred statement: {reason}")));
        }
    }
    for statement in facts.statements() {
        if let Some(reason) = statement.classified().and_then(|c| c.unclassified.as_ref()) {
            gaps.push((
                statement.operation,
                format!(
                    "{} ({reason}): ACCESS EXCLUSIVE and a rewrite assumed",
                    one_line(statement.text())
                ),
            ));
        }
    }
    let Some(&(first, _)) = gaps.first() else {
        return;
    };
    let count = gaps.len();
    let mut finding = facts.finding(
        RULE,
        Level::Warning,
        &[],
        first,
        format!(
            "{count} thing{} in this migration could not be analysed, so its hazards were not checked",
            if count == 1 { "" } else { "s" }
        ),
    );
    for (index, gap) in &gaps {
        finding.notes.push(format!("not checked: {gap}"));
        if let Some(operation) = facts.operation(*index) {
            if *index != first
                && !finding
                    .labels
                    .iter()
                    .any(|label| label.span == operation.span)
            {
                finding.labels.push(Label {
                    span: operation.span,
                    message: "not analysed".into(),
                });
            }
        }
    }
    finding.help = Some(help(gaps.iter().map(|(_, gap)| gap.as_str())));
    out.push(finding);
}

/// What the user can do about the gaps: declare what migguard can't read, pass what it can't
/// know, or review by hand.
fn help<'g>(gaps: impl Iterator<Item = &'g str>) -> String {
    let mut remedies: Vec<&str> = Vec::new();
    for gap in gaps {
        let remedy = if gap.contains("--setting") {
            "pass the settings it reads with --setting NAME=VALUE (or under [settings] in migguard.toml)"
        } else if gap.contains("field class") {
            "declare the custom field classes under [field-classes] in migguard.toml"
        } else {
            "review these operations by hand"
        };
        if !remedies.contains(&remedy) {
            remedies.push(remedy);
        }
    }
    // Reviewing by hand comes last: it is what remains when nothing can be declared.
    remedies.sort_by_key(|remedy| remedy.starts_with("review"));
    remedies.join("; ")
}

#[cfg(test)]
mod tests {
    use super::super::testing::{check_change, migration, rules};

    #[test]
    fn an_unknown_operation_is_reported_once_with_its_reason() {
        let text = migration("        thirdparty.operations.DoSomething(\"order\"),\n        thirdparty.operations.DoSomething(\"order\"),")
            .replace("from django.db import", "import thirdparty.operations\nfrom django.db import");
        let findings = super::super::testing::check_files_allowing_errors(
            &[
                ("0001_initial", super::super::testing::INITIAL),
                ("0002_change", &text),
            ],
            "0002_change",
        );
        assert_eq!(rules(&findings), ["not-analysed"], "{findings:#?}");
        assert_eq!(findings[0].notes.len(), 2);
        assert_eq!(
            findings[0].help.as_deref(),
            Some("review these operations by hand")
        );
        let _ = check_change;
    }

    #[test]
    fn the_help_names_what_would_let_migguard_check_the_gaps() {
        let help = |gaps: &[&str]| super::help(gaps.iter().copied());
        assert_eq!(
            help(&["ADD COLUMN \"x\": custom field class shop.fields.Money is not analysed"]),
            "declare the custom field classes under [field-classes] in migguard.toml"
        );
        assert_eq!(
            help(&[
                "callable default shop.models.code: the function's body has a statement migguard does not run",
                "setting SHOP_LENGTH is not configured (pass --setting SHOP_LENGTH=VALUE)",
            ]),
            "pass the settings it reads with --setting NAME=VALUE (or under [settings] in migguard.toml); review these operations by hand"
        );
    }
}
