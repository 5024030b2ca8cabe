//! A field whose class migguard cannot analyse (its source is not at hand) has a column only
//! Django knows: a custom foreign key names it `name_id`, another class may have none. Every
//! statement that would name that column is marked as not translated, never written with the
//! field's name as a guess (dj-stripe's `StripeForeignKey` once came out as
//! `DROP COLUMN "tax_rate"` where Django drops `"tax_rate_id"`).

mod support;

use migguard::ddl::{project_sql, MigrationSql, Statement};
use migguard::ir::MigrationKey;

const INITIAL: &str = r#"
from django.db import migrations, models
import vendor.fields


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [
        migrations.CreateModel(
            name="Invoice",
            fields=[
                ("id", models.BigAutoField(primary_key=True, serialize=False)),
                ("number", models.IntegerField()),
                ("tax_rate", vendor.fields.VendorForeignKey(to="shop.invoice", on_delete=models.CASCADE)),
            ],
        ),
    ]
"#;

/// A `shop` migration after `parent` with one operation.
fn migration(parent: &str, operation: &str) -> String {
    support::shop::migration(parent, &format!("        {operation}"))
}

fn sql_of(files: &[(&str, String)]) -> Vec<MigrationSql> {
    let dir = tempfile::tempdir().expect("temp dir");
    let files: Vec<(&str, &str)> = files
        .iter()
        .map(|(name, text)| (*name, text.as_str()))
        .collect();
    support::shop::write(dir.path(), &files);
    let project = support::load(vec![dir.path().to_path_buf()], &[]);
    project_sql(&project, migguard::ddl::OneOffValues::Pinned)
}

/// The statements of `name`, as SQL text or `NOT TRANSLATED: reason`.
fn statements(sql: &[MigrationSql], name: &str) -> Vec<String> {
    let key = MigrationKey::new("shop".to_string(), name.to_string());
    let migration = sql
        .iter()
        .find(|migration| migration.key == key)
        .unwrap_or_else(|| panic!("{name} is not in the plan"));
    migration
        .statements_in_order()
        .map(|statement| match statement {
            Statement::Sql(sql) => sql.clone(),
            Statement::NotTranslated { reason } => format!("NOT TRANSLATED: {reason}"),
            other => format!("{other:?}"),
        })
        .collect()
}

fn assert_marked_not_guessed(statements: &[String]) {
    assert!(
        statements.iter().any(|s| s.starts_with("NOT TRANSLATED:")
            && s.contains("tax_rate")
            && s.contains("vendor.fields.VendorForeignKey")),
        "no mark naming the field and its class: {statements:#?}"
    );
    assert!(
        !statements
            .iter()
            .any(|s| !s.starts_with("NOT TRANSLATED:") && s.contains("\"tax_rate\"")),
        "a statement names the guessed column: {statements:#?}"
    );
}

#[test]
fn statements_on_the_column_of_an_unanalysed_field_are_marked() {
    let sql = sql_of(&[
        ("0001_initial", INITIAL.to_string()),
        (
            "0002_together",
            migration(
                "0001_initial",
                r#"migrations.AlterUniqueTogether(name="invoice", unique_together={("number", "tax_rate")}),"#,
            ),
        ),
        (
            "0003_index",
            migration(
                "0002_together",
                r#"migrations.AddIndex(model_name="invoice", index=models.Index(fields=["tax_rate"], name="invoice_tax_idx")),"#,
            ),
        ),
        (
            "0004_expression_index",
            migration(
                "0003_index",
                r#"migrations.AddIndex(model_name="invoice", index=models.Index(models.F("tax_rate"), name="invoice_tax_expr_idx")),"#,
            ),
        ),
        (
            "0005_remove",
            migration(
                "0004_expression_index",
                r#"migrations.RemoveField(model_name="invoice", name="tax_rate"),"#,
            ),
        ),
    ]);
    for name in [
        "0002_together",
        "0003_index",
        "0004_expression_index",
        "0005_remove",
    ] {
        assert_marked_not_guessed(&statements(&sql, name));
    }
}

#[test]
fn fields_of_known_classes_beside_it_are_still_translated() {
    let sql = sql_of(&[
        ("0001_initial", INITIAL.to_string()),
        (
            "0002_remove_number",
            migration(
                "0001_initial",
                r#"migrations.RemoveField(model_name="invoice", name="number"),"#,
            ),
        ),
    ]);
    assert_eq!(
        statements(&sql, "0002_remove_number"),
        [r#"ALTER TABLE "shop_invoice" DROP COLUMN "number" CASCADE"#]
    );
}
