//! Tests proving that malformed rule files are rejected.

use super::*;

const VALID: &str = r#"
engine = "postgresql"
format_version = 1
versions = { min = 12, max = 18 }

[fixture.basic]
sql = "CREATE TABLE t (id int)"

[[rule]]
id = "a"
form = "alter_table.drop_column"
versions = { min = 12, max = 14 }
summary = "drop column"
locks = [{ target = "table", mode = "ACCESS EXCLUSIVE" }]
rewrite = false
scan = false
transaction = "allowed"
source = "https://www.postgresql.org/docs/15/sql-altertable.html"
[rule.example]
fixture = "basic"
sql = "ALTER TABLE t DROP COLUMN id"

[[rule]]
id = "b"
form = "alter_table.drop_column"
versions = { min = 15, max = 18 }
summary = "drop column"
locks = [{ target = "table", mode = "ACCESS EXCLUSIVE" }]
rewrite = false
scan = false
transaction = "allowed"
source = "https://www.postgresql.org/docs/15/sql-altertable.html"
[rule.example]
sql = "ALTER TABLE t DROP COLUMN id"
"#;

fn with(from: &str, to: &str) -> String {
    assert!(
        VALID.contains(from),
        "test bug: {from:?} not in the valid file"
    );
    VALID.replacen(from, to, 1)
}

#[test]
fn the_valid_file_loads_and_finds_rules_by_version() {
    let set = RuleSet::from_toml(VALID).expect("valid file");
    assert_eq!(set.rules().len(), 2);
    assert_eq!(
        set.find(Form::DropColumn, 13).map(|r| r.id.as_str()),
        Some("a")
    );
    assert_eq!(
        set.find(Form::DropColumn, 15).map(|r| r.id.as_str()),
        Some("b")
    );
    assert_eq!(set.find(Form::DropColumn, 11), None);
    assert_eq!(set.find(Form::AddCheck, 15), None);
    assert_eq!(set.fixture_sql("basic"), Some("CREATE TABLE t (id int)"));
}

#[test]
fn unknown_key_is_rejected() {
    let bad = with(
        "rewrite = false\n",
        "rewrite = false\nrewrites_sometimes = true\n",
    );
    assert!(
        matches!(RuleSet::from_toml(&bad), Err(RuleError::Syntax(m)) if m.contains("rewrites_sometimes"))
    );
}

#[test]
fn unknown_key_in_a_lock_is_rejected() {
    let bad = with(
        r#"mode = "ACCESS EXCLUSIVE" }"#,
        r#"mode = "ACCESS EXCLUSIVE", nowait = true }"#,
    );
    assert!(matches!(
        RuleSet::from_toml(&bad),
        Err(RuleError::Syntax(_))
    ));
}

#[test]
fn bad_lock_mode_is_rejected() {
    let bad = with("ACCESS EXCLUSIVE", "SUPER EXCLUSIVE");
    assert!(
        matches!(RuleSet::from_toml(&bad), Err(RuleError::Syntax(m)) if m.contains("SUPER EXCLUSIVE"))
    );
}

#[test]
fn unknown_form_is_rejected() {
    let bad = with("alter_table.drop_column", "alter_table.drop_everything");
    assert!(
        matches!(RuleSet::from_toml(&bad), Err(RuleError::Syntax(m)) if m.contains("drop_everything"))
    );
}

#[test]
fn unknown_target_role_is_rejected() {
    let bad = with(r#"target = "table""#, r#"target = "database""#);
    assert!(matches!(
        RuleSet::from_toml(&bad),
        Err(RuleError::Syntax(_))
    ));
}

#[test]
fn inverted_version_range_is_rejected() {
    let bad = with("min = 12, max = 14", "min = 14, max = 12");
    assert!(
        matches!(RuleSet::from_toml(&bad), Err(RuleError::BadVersionRange { owner, .. }) if owner == "a")
    );
}

#[test]
fn version_range_outside_the_file_is_rejected() {
    let bad = with(
        "min = 15, max = 18 }\nsummary",
        "min = 15, max = 19 }\nsummary",
    );
    assert!(
        matches!(RuleSet::from_toml(&bad), Err(RuleError::BadVersionRange { owner, .. }) if owner == "b")
    );
}

#[test]
fn file_range_outside_supported_majors_is_rejected() {
    let bad = with(
        "versions = { min = 12, max = 18 }",
        "versions = { min = 9, max = 18 }",
    );
    assert!(
        matches!(RuleSet::from_toml(&bad), Err(RuleError::BadVersionRange { owner, .. }) if owner == "file")
    );
}

#[test]
fn overlapping_rules_for_one_form_are_rejected() {
    let bad = with(
        "min = 15, max = 18 }\nsummary",
        "min = 14, max = 18 }\nsummary",
    );
    match RuleSet::from_toml(&bad) {
        Err(RuleError::Overlap {
            first,
            second,
            form,
            ..
        }) => {
            assert_eq!((first.as_str(), second.as_str()), ("a", "b"));
            assert_eq!(form, "alter_table.drop_column");
        }
        other => panic!("expected an overlap error, got {other:?}"),
    }
}

#[test]
fn same_versions_for_different_forms_are_fine() {
    let ok = with(
        "form = \"alter_table.drop_column\"\nversions = { min = 15",
        "form = \"alter_table.add_check\"\nversions = { min = 12",
    );
    assert!(RuleSet::from_toml(&ok).is_ok());
}

#[test]
fn duplicate_ids_are_rejected() {
    let bad = with("id = \"b\"", "id = \"a\"");
    assert_eq!(
        RuleSet::from_toml(&bad),
        Err(RuleError::DuplicateId("a".into()))
    );
}

#[test]
fn unknown_fixture_is_rejected() {
    let bad = with("fixture = \"basic\"\nsql", "fixture = \"missing\"\nsql");
    assert!(matches!(
        RuleSet::from_toml(&bad),
        Err(RuleError::UnknownFixture { .. })
    ));
}

#[test]
fn before_sql_for_a_statement_forbidden_in_a_transaction_is_rejected() {
    let allowed = with(
        "sql = \"ALTER TABLE t DROP COLUMN id\"",
        "before = \"SAVEPOINT sp\"\nsql = \"ALTER TABLE t DROP COLUMN id\"",
    );
    assert!(RuleSet::from_toml(&allowed).is_ok());
    let forbidden = allowed.replacen(
        "transaction = \"allowed\"",
        "transaction = \"forbidden\"",
        1,
    );
    assert!(matches!(
        RuleSet::from_toml(&forbidden),
        Err(RuleError::BeforeOutsideTransaction { .. })
    ));
}

#[test]
fn empty_source_is_rejected() {
    let bad = with(
        "source = \"https://www.postgresql.org/docs/15/sql-altertable.html\"\n[rule.example]\nfixture",
        "source = \" \"\n[rule.example]\nfixture",
    );
    assert!(matches!(
        RuleSet::from_toml(&bad),
        Err(RuleError::EmptyField {
            field: "source",
            ..
        })
    ));
}

#[test]
fn other_engines_are_not_yet_supported() {
    let bad = with("engine = \"postgresql\"", "engine = \"mysql\"");
    assert_eq!(
        RuleSet::from_toml(&bad),
        Err(RuleError::UnsupportedEngine("mysql".into()))
    );
}

#[test]
fn toml_syntax_errors_are_reported_not_panicked() {
    assert!(matches!(
        RuleSet::from_toml("engine = "),
        Err(RuleError::Syntax(_))
    ));
}

#[test]
fn the_builtin_postgresql_file_is_valid() {
    let set = RuleSet::postgresql().expect("lock_rules/postgresql.toml must validate");
    assert_eq!(set.engine(), "postgresql");
    assert!(set.rules().len() > 50);
}

#[test]
fn every_form_has_a_rule_on_some_version() {
    let set = RuleSet::postgresql().expect("valid built-in rules");
    for form in Form::ALL {
        assert!(
            set.rules().iter().any(|r| r.form == *form),
            "no rule for form {form}"
        );
    }
}
