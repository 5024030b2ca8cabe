use super::super::sql::Piece;
use super::*;

fn column(name: &str) -> ColumnDef {
    ColumnDef {
        name: name.into(),
        identity: false,
        primary_key: false,
        unique: false,
        check: false,
    }
}

fn create(catalog: &mut Catalog, table: &str, columns: Vec<ColumnDef>) {
    catalog.apply(&Effect::CreateTable {
        table: table.into(),
        columns,
        composite_pk: Vec::new(),
        constraints: Vec::new(),
    });
}

fn foreign_key(catalog: &mut Catalog, table: &str, column: &str, to_table: &str, name: &str) {
    catalog.apply(&Effect::AddConstraint {
        table: table.into(),
        name: Piece::IndexName {
            table: table.into(),
            columns: vec![column.into()],
            suffix: "fk".into(),
            fixed: Some(name.into()),
        },
        columns: vec![column.into()],
        kind: ConstraintKind::ForeignKey {
            to_table: to_table.into(),
            to_column: "id".into(),
        },
    });
}

fn foreign_keys(catalog: &Catalog, table: &str) -> Vec<String> {
    catalog.constraint_names(
        table,
        &ConstraintFilter {
            foreign_key: true,
            ..Default::default()
        },
    )
}

fn names(catalog: &Catalog, table: &str) -> Vec<String> {
    catalog.constraint_names(table, &ConstraintFilter::default())
}

#[test]
fn generated_names_are_numbered_across_tables_indexes_and_sequences() {
    let mut catalog = Catalog::default();
    let id = ColumnDef {
        identity: true,
        primary_key: true,
        ..column("id")
    };
    create(&mut catalog, "a", vec![id.clone()]);
    assert_eq!(
        catalog.sequence_name("a", "id").as_deref(),
        Some("a_id_seq")
    );
    // A table already named like the sequence the next one would get.
    create(&mut catalog, "b_id_seq", Vec::new());
    create(&mut catalog, "b", vec![id.clone()]);
    assert_eq!(
        catalog.sequence_name("b", "id").as_deref(),
        Some("b_id_seq1")
    );
    assert_eq!(names(&catalog, "b"), ["b_pkey"]);
    // Once the tables are gone their names are free again.
    for table in ["b_id_seq", "b"] {
        catalog.apply(&Effect::DropTable {
            table: table.into(),
        });
    }
    create(&mut catalog, "b", vec![id]);
    assert_eq!(
        catalog.sequence_name("b", "id").as_deref(),
        Some("b_id_seq")
    );
}

#[test]
fn check_constraint_names_are_numbered_within_their_table_only() {
    let mut catalog = Catalog::default();
    let checked = |name: &str| ColumnDef {
        check: true,
        ..column(name)
    };
    create(&mut catalog, "t", vec![checked("n")]);
    create(&mut catalog, "u", vec![checked("n")]);
    assert_eq!(names(&catalog, "t"), ["t_n_check"]);
    assert_eq!(names(&catalog, "u"), ["u_n_check"]);
    catalog.apply(&Effect::AddColumn {
        table: "t".into(),
        column: ColumnDef {
            unique: true,
            ..column("n")
        },
    });
    assert_eq!(names(&catalog, "t"), ["t_n_check", "t_n_key"]);
}

#[test]
fn foreign_keys_follow_the_table_they_point_at() {
    let mut catalog = Catalog::default();
    create(&mut catalog, "author", vec![column("id")]);
    create(&mut catalog, "book", vec![column("author_id")]);
    create(&mut catalog, "shelf", vec![column("author_id")]);
    foreign_key(&mut catalog, "book", "author_id", "author", "book_fk");
    foreign_key(&mut catalog, "shelf", "author_id", "author", "shelf_fk");

    catalog.apply(&Effect::RenameTable {
        old: "author".into(),
        new: "writer".into(),
    });
    catalog.apply(&Effect::RenameColumn {
        table: "writer".into(),
        old: "id".into(),
        new: "key".into(),
    });
    catalog.apply(&Effect::DropColumn {
        table: "writer".into(),
        column: "key".into(),
    });
    assert!(foreign_keys(&catalog, "book").is_empty());
    assert!(foreign_keys(&catalog, "shelf").is_empty());

    foreign_key(&mut catalog, "book", "author_id", "writer", "book_fk2");
    catalog.apply(&Effect::DropTable {
        table: "writer".into(),
    });
    assert!(foreign_keys(&catalog, "book").is_empty());
}

#[test]
fn indexes_are_dropped_and_renamed_on_the_table_that_holds_them() {
    let mut catalog = Catalog::default();
    create(&mut catalog, "t", vec![column("a")]);
    catalog.apply(&Effect::AddConstraint {
        table: "t".into(),
        name: Piece::IndexName {
            table: "t".into(),
            columns: vec!["a".into()],
            suffix: "idx".into(),
            fixed: Some("t_a_idx".into()),
        },
        columns: vec!["a".into()],
        kind: ConstraintKind::Index {
            unique: false,
            btree: true,
        },
    });
    catalog.apply(&Effect::RenameIndex {
        old: "t_a_idx".into(),
        new: "t_a_renamed".into(),
    });
    assert_eq!(names(&catalog, "t"), ["t_a_renamed"]);
    catalog.apply(&Effect::DropIndex {
        name: "t_a_renamed".into(),
    });
    assert!(names(&catalog, "t").is_empty());
}

#[test]
fn named_in_finds_whole_names_with_their_table_and_kind() {
    let mut catalog = Catalog::default();
    create(&mut catalog, "shop_customer", vec![column("id")]);
    create(
        &mut catalog,
        "shop_order",
        vec![column("id"), column("customer_id")],
    );
    foreign_key(
        &mut catalog,
        "shop_order",
        "customer_id",
        "shop_customer",
        "order_customer_fk",
    );
    let found = catalog.named_in(r#"ALTER TABLE "shop_order" DROP CONSTRAINT "order_customer_fk""#);
    assert_eq!(
        found,
        vec![crate::ddl::NamedRelation {
            name: "order_customer_fk".into(),
            table: "shop_order".into(),
            references: Some("shop_customer".into()),
        }]
    );
    assert!(
        catalog
            .named_in("DROP INDEX order_customer_fk_2")
            .is_empty(),
        "a longer identifier is another name"
    );
    assert!(catalog
        .named_in("DROP INDEX x_order_customer_fk")
        .is_empty());
}
