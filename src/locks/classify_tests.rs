//! Classifier tests: every rule's example classifies to that rule; snapshots of
//! representative Django DDL, RunSQL text, `%s` statements and unparseable input.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::*;

/// A readable rendering of classifier output for snapshots.
fn render(statements: &[ClassifiedStatement]) -> String {
    let mut out = String::new();
    for s in statements {
        let _ = writeln!(
            out,
            "[{}:{} bytes {}..{}] {}",
            s.span.line, s.span.column, s.span.start, s.span.end, s.text
        );
        match &s.unclassified {
            Some(reason) => {
                let _ = writeln!(out, "  UNCLASSIFIED: {reason}");
            }
            None => {
                let _ = writeln!(out, "  rules: {}", s.rule_ids.join(", "));
            }
        }
        for lock in &s.locks {
            let condition = lock
                .condition
                .as_deref()
                .map(|c| format!(" [{c}]"))
                .unwrap_or_default();
            let _ = writeln!(
                out,
                "  lock: {} ({:?}) {}{}",
                lock.relation, lock.role, lock.mode, condition
            );
        }
        let transaction = s
            .transaction
            .map(|t| format!("{t:?}"))
            .unwrap_or_else(|| "unknown".into());
        let _ = writeln!(
            out,
            "  rewrite: {}, scan: {}, transaction: {}",
            s.rewrite, s.scan, transaction
        );
        if let Some(control) = &s.transaction_control {
            let _ = writeln!(out, "  transaction control: {control:?}");
        }
        if let Some(r) = s.recognized_by {
            if r == Recognizer::TokenPattern {
                let _ = writeln!(out, "  recognised by token pattern");
            }
        }
        for a in &s.assumptions {
            let _ = writeln!(out, "  assumes: {a}");
        }
    }
    out
}

fn rules() -> &'static RuleSet {
    match RuleSet::postgresql() {
        Ok(rules) => rules,
        Err(e) => panic!("built-in rules must load: {e}"),
    }
}

fn classify_with_types(
    sql: &str,
    version: u32,
    types: &BTreeMap<String, String>,
) -> Vec<ClassifiedStatement> {
    let lookup = |table: &str, column: &str| types.get(&format!("{table}.{column}")).cloned();
    Classifier::new(rules(), version)
        .with_column_types(&lookup)
        .classify(sql)
}

#[test]
fn every_rule_example_classifies_to_its_own_rule() {
    let mut failures = Vec::new();
    for rule in rules().rules() {
        for version in [rule.versions.min, rule.versions.max] {
            let statements =
                classify_with_types(&rule.example.sql, version, &rule.example.column_types);
            let ok = statements.len() == 1
                && statements
                    .iter()
                    .all(|s| s.is_classified() && s.rule_ids.contains(&rule.id));
            if !ok {
                failures.push(format!(
                    "{} (PG{version}):\n{}",
                    rule.id,
                    render(&statements)
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "examples not classified to their rule:\n{}",
        failures.join("\n")
    );
}

#[test]
fn every_example_yields_the_table_lock_its_rule_states() {
    for rule in rules().rules() {
        let statements = classify_with_types(
            &rule.example.sql,
            rule.versions.max,
            &rule.example.column_types,
        );
        for spec in rule
            .locks
            .iter()
            .filter(|l| l.condition.is_none() && l.target == TargetRole::Table)
        {
            let found = statements
                .iter()
                .flat_map(|s| &s.locks)
                .any(|l| l.role == spec.target && l.mode >= spec.mode);
            assert!(found, "{}: no table lock produced for its example", rule.id);
        }
    }
}

#[test]
fn pg18_only_form_is_unclassified_on_pg15_with_worst_case() {
    let sql = "ALTER TABLE t ADD COLUMN c integer GENERATED ALWAYS AS (a * 2) VIRTUAL";
    let on_15 = classify_statements(sql, 15);
    assert_eq!(
        on_15[0].unclassified,
        Some(Unclassified::NoRuleForVersion {
            form: Form::AddColumnGeneratedVirtual,
            pg_major: 15
        })
    );
    assert_eq!(on_15[0].strongest_lock(), Some(LockMode::AccessExclusive));
    assert!(on_15[0].rewrite, "worst case assumed");
    let on_18 = classify_statements(sql, 180001);
    assert_eq!(on_18[0].rule_ids, vec!["pg.add_column.generated_virtual"]);
    assert!(!on_18[0].rewrite);
}

#[test]
fn multi_subcommand_alter_takes_the_strongest_lock_and_ors_flags() {
    let sql = r#"ALTER TABLE "t" ADD CONSTRAINT "fk" FOREIGN KEY ("p_id") REFERENCES "p" ("id") NOT VALID, ADD COLUMN "u" uuid DEFAULT gen_random_uuid()"#;
    let s = &classify_statements(sql, 15)[0];
    assert_eq!(
        s.rule_ids,
        vec![
            "pg.add_foreign_key_not_valid",
            "pg.add_column.default_volatile"
        ]
    );
    let t_lock = s
        .locks
        .iter()
        .find(|l| l.relation == RelationRef::named("t"))
        .map(|l| l.mode);
    assert_eq!(t_lock, Some(LockMode::AccessExclusive));
    let p_lock = s
        .locks
        .iter()
        .find(|l| l.relation == RelationRef::named("p"))
        .map(|l| l.mode);
    assert_eq!(p_lock, Some(LockMode::ShareRowExclusive));
    assert!(s.rewrite && s.scan);
}

#[test]
fn alter_column_type_uses_the_lookup_and_assumes_the_worst_without_it() {
    let sql = r#"ALTER TABLE "t" ALTER COLUMN "name" TYPE varchar(200)"#;
    let without = &classify_statements(sql, 15)[0];
    assert_eq!(without.rule_ids, vec!["pg.alter_column_type.rewrite"]);
    assert!(without
        .assumptions
        .iter()
        .any(|a| a.contains("old type of t.name unknown")));
    let lookup = |table: &str, column: &str| {
        (table == "t" && column == "name").then(|| "character varying(100)".to_string())
    };
    let with = &Classifier::new(rules(), 15)
        .with_column_types(&lookup)
        .classify(sql)[0];
    assert_eq!(with.rule_ids, vec!["pg.alter_column_type.no_rewrite"]);
    assert!(!with.rewrite);
    let narrowing = &Classifier::new(rules(), 15)
        .with_column_types(&lookup)
        .classify(r#"ALTER TABLE t ALTER COLUMN name TYPE varchar(50)"#)[0];
    assert!(narrowing.rewrite);
}

#[test]
fn stable_default_does_not_rewrite_but_volatile_does() {
    let stable = &classify_statements(
        "ALTER TABLE t ADD COLUMN c timestamptz DEFAULT CURRENT_TIMESTAMP NOT NULL",
        15,
    )[0];
    assert!(!stable.rewrite);
    let volatile =
        &classify_statements("ALTER TABLE t ADD COLUMN c float8 DEFAULT random()", 15)[0];
    assert!(volatile.rewrite);
    let unknown = &classify_statements("ALTER TABLE t ADD COLUMN c text DEFAULT my_fn()", 15)[0];
    assert!(unknown.rewrite);
    assert!(unknown.assumptions.iter().any(|a| a.contains("my_fn")));
}

#[test]
fn spans_point_into_the_input() {
    let sql = "SET lock_timeout = '1s';\n\nALTER TABLE t DROP COLUMN x;";
    for s in classify_statements(sql, 15) {
        assert_eq!(&sql[s.span.start..s.span.end], s.text);
    }
}

#[test]
fn garbage_and_empty_input_do_not_panic() {
    for sql in [
        "",
        ";;;",
        "'unterminated",
        "$$",
        "ALTER TABLE",
        "ALTER TABLE \"",
        "%s %(x)s",
        "\u{feff}SELECT 1",
        "/* open comment",
        "ALTER TABLE t ALTER COLUMN c TYPE int COLLATE",
        "ALTER TABLE t ALTER c DROP IDENTITY,",
        "ALTER TABLE (",
        "ALTER TABLE t )), ((",
        "CREATE INDEX TABLESPACE",
        "CREATE UNIQUE INDEX i ON t (a) TABLESPACE",
        "x USING INDEX TABLESPACE",
        "SET CONSTRAINTS",
        "ANALYZE ((",
        "ANALYZE t (",
        "CREATE SEQUENCE s START WITH -",
        "ROLLBACK TO",
        "RELEASE",
        "BEGIN BEGIN",
    ] {
        let _ = classify_statements(sql, 15);
        let _ = classify_statements(sql, 0);
    }
}

#[test]
fn snapshot_django_add_field_with_default() {
    let sql = r#"ALTER TABLE "shop_order" ADD COLUMN "is_paid" boolean DEFAULT false NOT NULL;
ALTER TABLE "shop_order" ALTER COLUMN "is_paid" DROP DEFAULT;"#;
    insta::assert_snapshot!(render(&classify_statements(sql, 15)));
}

#[test]
fn snapshot_django_foreign_key_migration() {
    let sql = r#"ALTER TABLE "shop_order" ADD COLUMN "customer_id" bigint NULL;
ALTER TABLE "shop_order" ADD CONSTRAINT "shop_order_customer_id_3f4f0d0c_fk_shop_customer_id" FOREIGN KEY ("customer_id") REFERENCES "shop_customer" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "shop_order_customer_id_3f4f0d0c" ON "shop_order" ("customer_id");"#;
    insta::assert_snapshot!(render(&classify_statements(sql, 15)));
}

#[test]
fn snapshot_django_create_model_and_char_index() {
    let sql = r#"CREATE TABLE "shop_product" ("id" bigint NOT NULL PRIMARY KEY GENERATED BY DEFAULT AS IDENTITY, "sku" varchar(32) NOT NULL UNIQUE, "category_id" bigint NOT NULL);
ALTER TABLE "shop_product" ADD CONSTRAINT "shop_product_category_id_fk" FOREIGN KEY ("category_id") REFERENCES "shop_category" ("id") DEFERRABLE INITIALLY DEFERRED;
CREATE INDEX "shop_product_sku_like" ON "shop_product" ("sku" varchar_pattern_ops);"#;
    insta::assert_snapshot!(render(&classify_statements(sql, 15)));
}

#[test]
fn snapshot_django_alter_field_type_and_sequence() {
    let sql = r#"SET CONSTRAINTS "shop_order_customer_id_fk" IMMEDIATE; ALTER TABLE "shop_order" DROP CONSTRAINT "shop_order_customer_id_fk";
ALTER TABLE "shop_customer" ALTER COLUMN "id" TYPE bigint USING "id"::bigint;
ALTER SEQUENCE "shop_customer_id_seq" AS bigint;
ALTER TABLE "shop_order" ALTER COLUMN "customer_id" TYPE bigint USING "customer_id"::bigint;
ALTER TABLE "shop_order" ALTER COLUMN "note" TYPE text;"#;
    let types = BTreeMap::from([("shop_order.note".to_string(), "varchar(200)".to_string())]);
    insta::assert_snapshot!(render(&classify_with_types(sql, 15, &types)));
}

#[test]
fn snapshot_run_sql_multi_statement_with_concurrent_index() {
    let sql = "-- backfill then index\nUPDATE shop_order SET status = 'new' WHERE status IS NULL;\nCREATE INDEX CONCURRENTLY IF NOT EXISTS shop_order_status ON shop_order (status);\nDROP INDEX CONCURRENTLY IF EXISTS shop_order_old;\nREINDEX INDEX CONCURRENTLY shop_order_status;\nCOMMENT ON TABLE shop_order IS 'orders; one per checkout';";
    insta::assert_snapshot!(render(&classify_statements(sql, 15)));
}

#[test]
fn snapshot_sql_with_params_placeholders() {
    let sql = "INSERT INTO shop_flag (name, enabled) VALUES (%s, %s); UPDATE shop_flag SET enabled = %(on)s WHERE name LIKE 'x%%'";
    insta::assert_snapshot!(render(&classify_statements(sql, 15)));
}

#[test]
fn snapshot_statements_sqlparser_cannot_handle() {
    let sql = r#"DO $$ BEGIN EXECUTE 'ALTER TABLE shop_order ADD COLUMN x int'; END $$;
ALTER TABLE "shop_order" ALTER COLUMN "code" TYPE varchar(10) COLLATE "C";
CREATE INDEX shop_order_gin ON shop_order USING gin (tags) WITH (fastupdate = off) TABLESPACE fast;
ALTER TABLE shop_order SET TABLESPACE slow;
CREATE VIEW shop_v AS SELECT 1;
BEGIN;
COMMIT;
ALTER TABLE shop_order ADD COLUMN "broken" integer DEFAULT 'oops"#;
    insta::assert_snapshot!(render(&classify_statements(sql, 15)));
}

#[test]
fn transaction_control_is_flagged_exactly_for_its_forms() {
    for rule in rules().rules() {
        for s in classify_with_types(
            &rule.example.sql,
            rule.versions.max,
            &rule.example.column_types,
        ) {
            let control_forms = s.forms.iter().any(|f| f.is_transaction_control());
            assert_eq!(
                s.transaction_control.is_some(),
                control_forms,
                "{}: {:?}",
                rule.id,
                s.transaction_control
            );
            if control_forms {
                assert!(
                    s.locks.is_empty(),
                    "{}: transaction control takes no lock",
                    rule.id
                );
            }
        }
    }
    let s = classify_statements(
        "BEGIN; SAVEPOINT a; ROLLBACK TO a; COMMIT AND CHAIN; END",
        15,
    );
    let controls: Vec<_> = s.iter().map(|s| s.transaction_control.clone()).collect();
    assert_eq!(
        controls,
        vec![
            Some(TransactionControl::Begin),
            Some(TransactionControl::Savepoint { name: "a".into() }),
            Some(TransactionControl::RollbackToSavepoint { name: "a".into() }),
            Some(TransactionControl::Commit { chain: true }),
            Some(TransactionControl::Commit { chain: false }),
        ]
    );
    assert_eq!(
        classify_statements("SELECT 1", 15)[0].transaction_control,
        None
    );
}

#[test]
fn analyze_needs_a_table() {
    assert_eq!(
        classify_statements("ANALYZE public.t", 15)[0].rule_ids,
        vec!["pg.analyze"]
    );
    let several = &classify_statements("ANALYZE VERBOSE a, b", 15)[0];
    assert_eq!(several.rule_ids, vec!["pg.analyze"]);
    assert_eq!(several.locks.len(), 2);
    for bare in ["ANALYZE", "ANALYZE VERBOSE", "ANALYZE (VERBOSE)"] {
        assert!(
            !classify_statements(bare, 15)[0].is_classified(),
            "{bare}: locks every table, not modelled"
        );
    }
}

#[test]
fn drop_collation_cascade_is_reported() {
    let plain = &classify_statements(r#"DROP COLLATION "x""#, 15)[0];
    assert_eq!(plain.rule_ids, vec!["pg.drop_collation"]);
    assert!(plain.assumptions.is_empty());
    let cascade = &classify_statements("DROP COLLATION IF EXISTS x CASCADE", 15)[0];
    assert!(cascade.assumptions.iter().any(|a| a.contains("CASCADE")));
}

#[test]
fn django_tablespace_and_collation_forms_are_classified() {
    let sql = r#"CREATE TABLE "o" ("code" varchar(16) NOT NULL PRIMARY KEY USING INDEX TABLESPACE "pg_default", "n" integer NULL);
ALTER TABLE "o" ADD CONSTRAINT "o_n_uniq" UNIQUE ("n") USING INDEX TABLESPACE "pg_default";
ALTER TABLE "o" ALTER COLUMN "code" TYPE varchar(16) COLLATE "case_insensitive";
ALTER TABLE "o" ALTER COLUMN "id" DROP IDENTITY IF EXISTS;"#;
    let types = BTreeMap::from([("o.code".to_string(), "character varying(16)".to_string())]);
    let ids: Vec<Vec<String>> = classify_with_types(sql, 15, &types)
        .into_iter()
        .map(|s| s.rule_ids)
        .collect();
    assert_eq!(
        ids,
        vec![
            vec!["pg.create_table".to_string()],
            vec!["pg.add_unique".to_string()],
            vec!["pg.alter_column_type.collation".to_string()],
            vec!["pg.alter_column.drop_identity".to_string()],
        ]
    );
}

#[test]
fn snapshot_run_sql_utility_statements() {
    let sql = r#"VACUUM (VERBOSE, ANALYZE) shop_order;
VACUUM FULL shop_order;
VACUUM;
CLUSTER shop_order USING shop_order_pkey;
LOCK TABLE shop_order IN SHARE ROW EXCLUSIVE MODE NOWAIT;
LOCK shop_item;
REFRESH MATERIALIZED VIEW CONCURRENTLY shop_totals;
REFRESH MATERIALIZED VIEW shop_totals WITH NO DATA;
ALTER SYSTEM SET work_mem = '64MB';
CREATE DATABASE shop_archive;
DROP DATABASE IF EXISTS shop_archive;
ALTER TABLE shop_event DETACH PARTITION shop_event_2020 CONCURRENTLY;"#;
    insta::assert_snapshot!(render(&classify_statements(sql, 15)));
}

#[test]
fn utility_statements_forbidden_in_a_transaction_are_flagged() {
    let forbidden = [
        "VACUUM t",
        "VACUUM FULL t",
        "ALTER SYSTEM RESET ALL",
        "CREATE DATABASE d",
        "DROP DATABASE d",
        "ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY",
    ];
    for sql in forbidden {
        let s = &classify_statements(sql, 15)[0];
        assert!(s.is_classified(), "{sql}: {s:?}");
        assert_eq!(s.transaction, Some(TransactionUse::Forbidden), "{sql}");
        assert_eq!(s.recognized_by, Some(Recognizer::UtilityPattern), "{sql}");
    }
    for sql in [
        "CLUSTER t",
        "LOCK TABLE t IN EXCLUSIVE MODE",
        "REFRESH MATERIALIZED VIEW CONCURRENTLY v",
        "ALTER TABLE p DETACH PARTITION p1",
    ] {
        let s = &classify_statements(sql, 15)[0];
        assert_eq!(s.transaction, Some(TransactionUse::Allowed), "{sql}");
    }
    let lock = &classify_statements("LOCK TABLE a, b IN EXCLUSIVE MODE", 15)[0];
    let modes: Vec<_> = lock
        .locks
        .iter()
        .map(|l| (l.relation.to_string(), l.mode))
        .collect();
    assert_eq!(
        modes,
        vec![
            ("a".to_string(), LockMode::Exclusive),
            ("b".to_string(), LockMode::Exclusive)
        ]
    );
    let on_13 = &classify_statements("ALTER TABLE p DETACH PARTITION p1 CONCURRENTLY", 13)[0];
    assert!(
        matches!(
            on_13.unclassified,
            Some(Unclassified::NoRuleForVersion { .. })
        ),
        "CONCURRENTLY detach is PostgreSQL 14+: {on_13:?}"
    );
}
