//! Settling, through the known schema, what a statement's text leaves open: the table of a
//! named index (`DROP INDEX i`), whether a named constraint is a foreign key (and to which
//! table) for `DROP CONSTRAINT` / `VALIDATE CONSTRAINT`, and which foreign keys a dropped
//! column has (`DROP COLUMN`).

use super::classify::add_lock;
use super::model::{LockEffect, RelationRef};
use super::SchemaLookup;

/// Replaces what `schema` settles: the table of an index by its name; the referenced table of
/// a constraint known to be a foreign key by its name, without the condition; a conditional
/// lock on the referenced table of a constraint known not to be a foreign key is dropped; the
/// tables referenced by a dropped column's foreign keys by name (none: no lock). What the
/// schema does not know stays as it was.
pub(crate) fn settle_locks(locks: Vec<LockEffect>, schema: &dyn SchemaLookup) -> Vec<LockEffect> {
    let mut settled: Vec<LockEffect> = Vec::with_capacity(locks.len());
    for mut lock in locks {
        match &lock.relation {
            RelationRef::TableOfIndex { index } => {
                if let Some(table) = schema.table_of_index(index) {
                    lock.relation = RelationRef::named(table);
                }
            }
            RelationRef::ReferencedByConstraint { table, constraint } => {
                match schema.constraint_references(table, constraint) {
                    Some(Some(referenced)) => {
                        lock.relation = RelationRef::named(referenced);
                        lock.condition = None;
                    }
                    Some(None) => continue,
                    None => {}
                }
            }
            RelationRef::ReferencedByForeignKeys {
                table,
                column: Some(column),
            } => {
                if let Some(referenced) = schema.foreign_keys_of_column(table, column) {
                    for table in referenced {
                        add_lock(
                            &mut settled,
                            LockEffect {
                                relation: RelationRef::named(table),
                                condition: None,
                                ..lock.clone()
                            },
                        );
                    }
                    continue;
                }
            }
            _ => {}
        }
        add_lock(&mut settled, lock);
    }
    settled
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::locks::{classify_statements, LockMode, TargetRole};

    /// Index `t_idx` on `t`; constraint `t_fk` of `t` references `parent`, `t_check` is a CHECK;
    /// column `t.parent_id` has a foreign key to `parent`, `t.note` none.
    struct Schema;

    impl SchemaLookup for Schema {
        fn table_of_index(&self, index: &str) -> Option<String> {
            (index == "t_idx").then(|| "t".to_string())
        }

        fn constraint_references(&self, table: &str, constraint: &str) -> Option<Option<String>> {
            match (table, constraint) {
                ("t", "t_fk") => Some(Some("parent".into())),
                ("t", "t_check") => Some(None),
                _ => None,
            }
        }

        fn foreign_keys_of_column(&self, table: &str, column: &str) -> Option<Vec<String>> {
            match (table, column) {
                ("t", "parent_id") => Some(vec!["parent".into()]),
                ("t", "note") => Some(vec![]),
                _ => None,
            }
        }
    }

    fn settled(sql: &str) -> Vec<(String, LockMode, Option<String>)> {
        let locks = classify_statements(sql, 15).remove(0).locks;
        settle_locks(locks, &Schema)
            .into_iter()
            .filter(|l| l.role != TargetRole::Index)
            .map(|l| (l.relation.to_string(), l.mode, l.condition))
            .collect()
    }

    #[test]
    fn the_schema_settles_index_tables_and_constraint_kinds() {
        let ae = LockMode::AccessExclusive;
        assert_eq!(
            settled(r#"DROP INDEX "t_idx""#),
            vec![("t".into(), ae, None)]
        );
        assert_eq!(
            settled(r#"ALTER TABLE "t" DROP CONSTRAINT "t_fk""#),
            vec![("t".into(), ae, None), ("parent".into(), ae, None)]
        );
        assert_eq!(
            settled(r#"ALTER TABLE "t" DROP CONSTRAINT "t_check""#),
            vec![("t".into(), ae, None)],
            "not a foreign key: no lock on a referenced table"
        );
        let unknown = settled(r#"ALTER TABLE "t" DROP CONSTRAINT "other""#);
        assert_eq!(unknown.len(), 2);
        assert_eq!(unknown[1].0, "table referenced by t.other");
        assert!(unknown[1].2.is_some(), "unknown stays conditional");
        assert_eq!(
            settled(r#"ALTER TABLE "t" DROP COLUMN "parent_id" CASCADE"#),
            vec![("t".into(), ae, None), ("parent".into(), ae, None)]
        );
        assert_eq!(
            settled(r#"ALTER TABLE "t" DROP COLUMN "note""#),
            vec![("t".into(), ae, None)]
        );
        assert_eq!(settled(r#"ALTER TABLE "t" DROP COLUMN "other""#).len(), 2);
        assert_eq!(
            settled(r#"DROP INDEX "nope""#),
            vec![("table of index nope".into(), ae, None)]
        );
    }
}
