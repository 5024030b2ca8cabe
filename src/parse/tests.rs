//! Unit tests of the static reading of migration files.

use std::path::PathBuf;

use super::*;
use crate::ir::{DatabaseWork, FieldType, LocalSubclass, OperationKind};

fn parse(text: &str) -> ParsedMigration {
    parse_with(text, &Settings::default())
}

fn parse_with(text: &str, settings: &Settings) -> ParsedMigration {
    let source = MigrationSource {
        key: MigrationKey::new("shop", "0002_test"),
        path: PathBuf::from("shop/migrations/0002_test.py"),
        external: false,
    };
    parse_source(source, text, &Environment::with_settings(settings.clone()))
}

fn operations(parsed: &ParsedMigration) -> &[Operation] {
    &parsed.migration.as_ref().expect("a migration").operations
}

#[test]
fn resolves_import_aliases_to_django_classes() {
    let parsed = parse(
        r#"
import django.db.models.deletion
from django.db import migrations as m, models
from django.contrib.postgres.fields import ArrayField as Array

class Migration(m.Migration):
    operations = [
        m.AddField("order", "tags", Array(models.CharField(max_length=10), size=3)),
        m.AddField(
            model_name="order",
            name="customer",
            field=models.ForeignKey("accounts.user", django.db.models.deletion.CASCADE),
        ),
    ]
"#,
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let [first, second] = operations(&parsed) else {
        panic!("two operations")
    };
    let OperationKind::AddField { field, .. } = &first.kind else {
        panic!("AddField")
    };
    assert_eq!(field.class, FieldClass::Known(FieldType::ArrayField));
    assert_eq!(field.arg("size"), Some(&Value::Int(3)));
    let OperationKind::AddField {
        field, model_name, ..
    } = &second.kind
    else {
        panic!("AddField")
    };
    assert_eq!(model_name, "order");
    assert_eq!(
        field.arg("to").and_then(Value::as_str),
        Some("accounts.user")
    );
    assert_eq!(
        field.arg("on_delete"),
        Some(&Value::Ref("django.db.models.deletion.CASCADE".into()))
    );
    assert_eq!(first.span.line, 8);
}

#[test]
fn import_string_of_a_known_setting_names_the_field_class() {
    // django-oscar: `models_AutoField = import_string(settings.DEFAULT_AUTO_FIELD)`.
    let text = r#"
from django.conf import settings
from django.db import migrations
from django.utils.module_loading import import_string

models_AutoField = import_string(settings.DEFAULT_AUTO_FIELD)

class Migration(migrations.Migration):
    operations = [
        migrations.CreateModel(
            name="Basket",
            fields=[("id", models_AutoField(auto_created=True, primary_key=True, serialize=False))],
        ),
    ]
"#;
    let id_class = |parsed: &ParsedMigration| match &operations(parsed)[0].kind {
        OperationKind::CreateModel { fields, .. } => fields[0].1.class.clone(),
        other => panic!("not a CreateModel: {other:?}"),
    };
    let mut settings = Settings::default();
    settings.set_from_text("DEFAULT_AUTO_FIELD", "django.db.models.BigAutoField");
    let parsed = parse_with(text, &settings);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(
        id_class(&parsed),
        FieldClass::Known(FieldType::BigAutoField)
    );
    let parsed = parse(text);
    assert_eq!(id_class(&parsed), FieldClass::Known(FieldType::AutoField));
}

#[test]
fn swappable_dependency_follows_the_configured_setting() {
    let text = r#"
from django.conf import settings
from django.db import migrations

class Migration(migrations.Migration):
    dependencies = [
        ("shop", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]
"#;
    let default = parse(text);
    let deps = &default.migration.as_ref().expect("migration").dependencies;
    assert_eq!(deps[1].key, MigrationKey::new("auth", "__first__"));
    assert_eq!(
        deps[1].swappable_setting.as_deref(),
        Some("AUTH_USER_MODEL")
    );
    assert_eq!((deps[0].span.line, deps[1].span.line), (7, 8));

    let mut settings = Settings::default();
    settings.set_from_text("AUTH_USER_MODEL", "accounts.User");
    let custom = parse_with(text, &settings);
    assert_eq!(
        custom.migration.expect("migration").dependencies[1].key,
        MigrationKey::new("accounts", "__first__")
    );
}

#[test]
fn settings_conditions_and_list_mutations_are_followed() {
    let text = r#"
from django.conf import settings
from django.db import migrations, models

UNIQUE = getattr(settings, "SHOP_UNIQUE_SKU", True)
LENGTH = 20 + 12

class Migration(migrations.Migration):
    operations = [
        migrations.AddField("product", "sku", models.CharField(max_length=LENGTH, unique=UNIQUE)),
    ]
    if UNIQUE:
        operations += [migrations.RemoveField("product", "legacy_sku")]
    else:
        operations.append(migrations.DeleteModel("Product"))
    operations.insert(0, migrations.RunSQL(migrations.RunSQL.noop))
"#;
    let parsed = parse(text);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let names: Vec<&str> = operations(&parsed)
        .iter()
        .map(|op| op.kind.class_name())
        .collect();
    assert_eq!(names, ["RunSQL", "AddField", "RemoveField"]);
    let OperationKind::AddField { field, .. } = &operations(&parsed)[1].kind else {
        panic!("AddField")
    };
    assert_eq!(field.arg("max_length").and_then(Value::as_int), Some(32));

    let mut settings = Settings::default();
    settings.set_from_text("SHOP_UNIQUE_SKU", "False");
    let names: Vec<String> = operations(&parse_with(text, &settings))
        .iter()
        .map(|op| op.kind.class_name().to_string())
        .collect();
    assert_eq!(names, ["RunSQL", "AddField", "DeleteModel"]);
}

#[test]
fn a_condition_that_cannot_be_known_makes_the_list_unknown() {
    let parsed = parse(
        r#"
import os
from django.db import migrations

class Migration(migrations.Migration):
    operations = []
    if os.environ.get("FAST"):
        operations.append(migrations.DeleteModel("Product"))
"#,
    );
    assert_eq!(parsed.diagnostics.len(), 1);
    assert_eq!(parsed.diagnostics[0].code, Code::UnknownValue);
    assert!(
        parsed.diagnostics[0].message.contains("condition"),
        "{}",
        parsed.diagnostics[0].message
    );
}

#[test]
fn a_condition_on_a_constant_that_was_not_read_is_unknown_and_named() {
    let parsed = parse(
        r#"
from django.db import migrations
from shop.flags import ARCHIVE_ENABLED

class Migration(migrations.Migration):
    operations = []
    if not ARCHIVE_ENABLED:
        operations.append(migrations.DeleteModel("Product"))
"#,
    );
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    let message = &parsed.diagnostics[0].message;
    assert!(
        message.contains("shop.flags.ARCHIVE_ENABLED is a module constant migguard could not read"),
        "{message}"
    );
    // At the statement the condition guards.
    assert_eq!(
        parsed.diagnostics[0].location.as_ref().map(|l| l.line),
        Some(8)
    );
}

#[test]
fn apps_is_installed_follows_the_installed_app_names() {
    let text = r#"
from django.apps import apps
from django.db import migrations

class Migration(migrations.Migration):
    if apps.is_installed("shop.plugins.phone"):
        operations = [migrations.DeleteModel("Phone")]
    else:
        operations = []
"#;
    let mut settings = Settings::default();
    let parsed = parse_with(text, &settings);
    assert!(
        parsed.diagnostics[0]
            .message
            .contains("INSTALLED_APPS was not read"),
        "{:?}",
        parsed.diagnostics
    );
    for (names, expected) in [(vec!["shop.plugins.phone"], 1), (vec!["phone"], 0)] {
        settings.set_installed_apps(crate::settings::InstalledAppNames {
            names: names.into_iter().map(String::from).collect(),
            unresolved: Vec::new(),
        });
        let parsed = parse_with(text, &settings);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        assert_eq!(operations(&parsed).len(), expected);
    }
}

#[test]
fn a_list_extended_by_an_unknown_part_keeps_its_known_items() {
    // django-helpdesk: `dependencies = [...] + helpdesk_settings.TEAMS_DEPENDENCIES`.
    let parsed = parse(
        r#"
from django.db import migrations
from helpdesk import settings as helpdesk_settings

class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0027_auto")] + helpdesk_settings.TEAMS_DEPENDENCIES
"#,
    );
    let migration = parsed.migration.as_ref().expect("migration");
    let dependencies: Vec<String> = migration
        .dependencies
        .iter()
        .map(|d| d.key.to_string())
        .collect();
    assert_eq!(dependencies, ["helpdesk.0027_auto"]);
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
    assert_eq!(parsed.diagnostics[0].code, Code::UnknownValue);
    assert!(
        parsed.diagnostics[0]
            .message
            .contains("Migration.dependencies"),
        "{}",
        parsed.diagnostics[0].message
    );
}

#[test]
fn run_sql_accepts_strings_lists_and_params() {
    let parsed = parse(
        r#"
from django.db import migrations

class Migration(migrations.Migration):
    atomic = False
    operations = [
        migrations.RunSQL("SELECT 1; SELECT 2", reverse_sql=migrations.RunSQL.noop),
        migrations.RunSQL(["SELECT 3", ("UPDATE t SET a = %s", [1])], elidable=True),
    ]
"#,
    );
    let migration = parsed.migration.as_ref().expect("migration");
    assert!(!migration.atomic);
    let OperationKind::RunSQL {
        sql, reverse_sql, ..
    } = &migration.operations[0].kind
    else {
        panic!("RunSQL")
    };
    assert_eq!(sql.items.len(), 1);
    assert_eq!(reverse_sql.as_ref().map(|r| r.items.len()), Some(0));
    let OperationKind::RunSQL { sql, elidable, .. } = &migration.operations[1].kind else {
        panic!("RunSQL")
    };
    assert!(*elidable);
    assert_eq!(sql.items[1].sql, "UPDATE t SET a = %s");
    assert_eq!(sql.items[1].params, Some(Value::List(vec![Value::Int(1)])));
}

#[test]
fn unknown_operations_and_fields_are_kept_and_reported() {
    let parsed = parse(
        r#"
from django.db import migrations, models
from shop.fields import MoneyField
import shop.operations

class Migration(migrations.Migration):
    operations = [
        shop.operations.CreateTrigger("product"),
        migrations.AddField("product", "price", MoneyField(max_digits=8)),
        migrations.AddField("product", "weight", models.FloatField(default=[x for x in range(3)])),
    ]
"#,
    );
    let codes: Vec<(Code, u32)> = parsed
        .diagnostics
        .iter()
        .map(|d| (d.code, d.location.as_ref().map_or(0, |l| l.line)))
        .collect();
    assert_eq!(
        codes,
        [
            (Code::UnknownOperation, 8),
            (Code::UnknownField, 9),
            (Code::UnknownValue, 10)
        ]
    );
    let kinds = operations(&parsed);
    assert!(
        matches!(&kinds[0].kind, OperationKind::Unknown { class, .. } if class == "shop.operations.CreateTrigger")
    );
    let OperationKind::AddField { field, .. } = &kinds[1].kind else {
        panic!("AddField")
    };
    assert_eq!(
        field.class,
        FieldClass::Unknown("shop.fields.MoneyField".into())
    );
}

#[test]
fn wrong_arguments_make_an_unknown_operation_not_a_panic() {
    let parsed = parse(
        r#"
from django.db import migrations

class Migration(migrations.Migration):
    operations = [
        migrations.AddField("a", "b", "c", True, "extra"),
        migrations.RemoveField(model_name="a"),
        migrations.DeleteModel(name="a", bogus=1),
        migrations.AlterModelTable("a", 1),
        "not an operation",
    ]
"#,
    );
    assert_eq!(parsed.diagnostics.len(), 5, "{:#?}", parsed.diagnostics);
    assert!(parsed
        .diagnostics
        .iter()
        .all(|d| d.code == Code::UnknownOperation));
}

#[test]
fn syntax_errors_and_missing_class_are_located() {
    let parsed = parse(
        "from django.db import migrations\n\nclass Migration(migrations.Migration:\n    pass\n",
    );
    assert!(parsed.migration.is_none());
    assert_eq!(parsed.diagnostics[0].code, Code::SyntaxError);
    assert_eq!(
        parsed.diagnostics[0].location.as_ref().map(|l| l.line),
        Some(3)
    );

    let parsed = parse("def helper():\n    return 1\n");
    assert_eq!(parsed.diagnostics[0].code, Code::NoMigrationClass);
}

#[test]
fn extension_subclasses_and_collations() {
    let parsed = parse(
        r#"
from django.contrib.postgres.operations import HStoreExtension, CreateCollation
from django.db import migrations

class Migration(migrations.Migration):
    operations = [HStoreExtension(), CreateCollation("nd", provider="icu", locale="und-u-ks-level2", deterministic=False)]
"#,
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(
        operations(&parsed)[0].kind,
        OperationKind::CreateExtension {
            name: "hstore".into()
        }
    );
    assert_eq!(
        operations(&parsed)[1].kind,
        OperationKind::CreateCollation {
            name: "nd".into(),
            locale: "und-u-ks-level2".into(),
            provider: "icu".into(),
            deterministic: false
        }
    );
}

#[test]
fn a_local_subclass_with_an_empty_database_forwards_is_its_base_without_sql() {
    let parsed = parse(
        r#"
from django.db import migrations, models

class FakeAddIndex(migrations.AddIndex):
    def database_forwards(self, *args, **kwargs):
        """Don't do anything"""

class Migration(migrations.Migration):
    operations = [FakeAddIndex("product", models.Index(fields=["name"], name="product_name_idx"))]
"#,
    );
    let operation = &operations(&parsed)[0];
    assert!(
        matches!(&operation.kind, OperationKind::AddIndex { model_name, .. } if model_name == "product"),
        "{:?}",
        operation.kind
    );
    assert_eq!(
        operation.subclass,
        Some(LocalSubclass {
            name: "FakeAddIndex".into(),
            database: DatabaseWork::Nothing
        })
    );
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
}

#[test]
fn a_local_subclass_overriding_state_forwards_names_its_base_and_the_override() {
    let parsed = parse(
        r#"
from django.db import migrations, models

class OddAddIndex(migrations.AddIndex):
    def state_forwards(self, app_label, state):
        state.models.clear()

class Migration(migrations.Migration):
    operations = [OddAddIndex("product", models.Index(fields=["name"], name="product_name_idx"))]
"#,
    );
    let OperationKind::Unknown { class, reason } = &operations(&parsed)[0].kind else {
        panic!("unknown")
    };
    assert_eq!(class, "OddAddIndex");
    assert!(
        reason.contains("subclass of django.db.migrations.AddIndex")
            && reason.contains("overrides state_forwards (line 5)"),
        "{reason}"
    );
}

#[test]
fn a_custom_field_is_bound_as_the_field_it_behaves_as_and_a_custom_stored_default_is_unknown() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::create_dir_all(dir.path().join("shop")).expect("package");
    std::fs::write(
        dir.path().join("shop/fields.py"),
        "from django.db import models\n\nclass ZoneField(models.CharField):\n    def __init__(self, *args, **kwargs):\n        kwargs.setdefault('max_length', 63)\n        super().__init__(*args, **kwargs)\n\n    def get_prep_value(self, value):\n        return str(value)\n",
    )
    .expect("fields.py");
    let environment = Environment {
        settings: Settings::default(),
        field_classes: FieldClasses::new(vec![dir.path().to_path_buf()], []),
        constants: None,
    };
    let source = MigrationSource {
        key: MigrationKey::new("shop", "0002_test"),
        path: PathBuf::from("shop/migrations/0002_test.py"),
        external: false,
    };
    let parsed = parse_source(
        source,
        r#"
import shop.fields
from django.db import migrations

class Migration(migrations.Migration):
    operations = [
        migrations.AddField("place", "zone", shop.fields.ZoneField("Zone", default="UTC")),
    ]
"#,
        &environment,
    );
    let OperationKind::AddField { field, .. } = &operations(&parsed)[0].kind else {
        panic!("AddField")
    };
    assert_eq!(field.class, FieldClass::Known(FieldType::CharField));
    assert_eq!(field.custom_class.as_deref(), Some("shop.fields.ZoneField"));
    assert_eq!(field.arg("verbose_name"), Some(&Value::Str("Zone".into())));
    assert_eq!(field.arg("max_length"), Some(&Value::Int(63)));
    let Some(Value::Unknown { reason, .. }) = field.arg("default") else {
        panic!("default: {:?}", field.arg("default"))
    };
    assert!(reason.contains("ZoneField.get_prep_value ("), "{reason}");
    assert_eq!(parsed.diagnostics.len(), 1, "{:?}", parsed.diagnostics);
}

/// django-cryptography's `encrypt(field)` (declared in the bundled table with `wraps-field`):
/// the wrapped field's arguments, a BinaryField column, a default stored its own way.
#[test]
fn a_declared_field_wrapper_keeps_the_wrapped_fields_arguments() {
    let environment = Environment {
        settings: Settings::default(),
        field_classes: FieldClasses::new(Vec::new(), []),
        constants: None,
    };
    let source = MigrationSource {
        key: MigrationKey::new("vault", "0002_test"),
        path: PathBuf::from("vault/migrations/0002_test.py"),
        external: false,
    };
    let parsed = parse_source(
        source,
        r#"
import django_cryptography.fields
from django.db import migrations, models

class Migration(migrations.Migration):
    operations = [
        migrations.AlterField("login", "password", django_cryptography.fields.encrypt(models.CharField(blank=True, max_length=255, default="x"))),
        migrations.AlterField("login", "user", django_cryptography.fields.encrypt(max_length=3)),
    ]
"#,
        &environment,
    );
    let ops = operations(&parsed);
    let OperationKind::AlterField { field, .. } = &ops[0].kind else {
        panic!("AlterField")
    };
    assert_eq!(field.class, FieldClass::Known(FieldType::BinaryField));
    assert_eq!(
        field.custom_class.as_deref(),
        Some("django_cryptography.fields.encrypt")
    );
    assert_eq!(field.arg("blank"), Some(&Value::Bool(true)));
    assert_eq!(field.arg("max_length"), Some(&Value::Int(255)));
    assert!(matches!(field.arg("default"), Some(Value::Unknown { .. })));
    // Not called with a field: the wrapper is not guessed at.
    let OperationKind::AlterField { field, .. } = &ops[1].kind else {
        panic!("AlterField")
    };
    assert!(
        matches!(field.class, FieldClass::Unknown(_)),
        "{:?}",
        field.class
    );
}
