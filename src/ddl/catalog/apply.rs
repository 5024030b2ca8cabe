//! How each [`Effect`] changes the catalog. Every change to a table goes through
//! [`Catalog::edit`] (or inserts/removes it whole), which keeps the [`super::CatalogIndex`] in
//! step: the table is taken out of the index, changed, and put back.

use super::super::names::pg_object_name;
use super::{Catalog, CatalogConstraint, CatalogTable, ColumnDef, ConstraintKind, Effect};

impl Catalog {
    /// Applies a change.
    pub fn apply(&mut self, effect: &Effect) {
        match effect {
            Effect::CreateTable {
                table,
                columns,
                composite_pk,
                constraints,
            } => {
                self.insert_table(table, CatalogTable::default());
                for column in columns {
                    self.add_column(table, column);
                }
                if !composite_pk.is_empty() {
                    let name = self.choose_name(table, None, "pkey", false);
                    self.edit(table, |entry| {
                        entry.constraints.push(CatalogConstraint {
                            name,
                            columns: composite_pk.clone(),
                            kind: ConstraintKind::PrimaryKey,
                        })
                    });
                }
                self.edit(table, |entry| {
                    entry.constraints.extend(constraints.iter().cloned())
                });
            }
            Effect::DropTable { table } => {
                self.remove_table(table);
                for holder in self.index.referencing(table) {
                    self.edit(&holder, |entry| {
                        entry
                            .constraints
                            .retain(|c| !is_foreign_key_to(c, table, None))
                    });
                }
            }
            Effect::RenameTable { old, new } => {
                if let Some(entry) = self.remove_table(old) {
                    self.insert_table(new, entry);
                }
                for holder in self.index.referencing(old) {
                    self.edit(&holder, |entry| {
                        for constraint in &mut entry.constraints {
                            if let ConstraintKind::ForeignKey { to_table, .. } =
                                &mut constraint.kind
                            {
                                if to_table == old {
                                    *to_table = new.clone();
                                }
                            }
                        }
                    });
                }
            }
            Effect::AddColumn { table, column } => self.add_column(table, column),
            Effect::DropColumn { table, column } => {
                self.edit(table, |entry| {
                    entry.columns.retain(|(name, _)| name != column);
                    entry.constraints.retain(|c| !c.columns.contains(column));
                });
                for holder in self.index.referencing(table) {
                    self.edit(&holder, |entry| {
                        entry
                            .constraints
                            .retain(|c| !is_foreign_key_to(c, table, Some(column)))
                    });
                }
            }
            Effect::RenameColumn { table, old, new } => {
                self.edit(table, |entry| {
                    entry
                        .columns
                        .iter_mut()
                        .filter(|(name, _)| name == old)
                        .for_each(|(name, _)| *name = new.clone());
                    for constraint in &mut entry.constraints {
                        constraint
                            .columns
                            .iter_mut()
                            .filter(|c| *c == old)
                            .for_each(|c| *c = new.clone());
                    }
                });
                for holder in self.index.referencing(table) {
                    self.edit(&holder, |entry| {
                        for constraint in &mut entry.constraints {
                            if let ConstraintKind::ForeignKey {
                                to_table,
                                to_column,
                            } = &mut constraint.kind
                            {
                                if to_table == table && to_column == old {
                                    *to_column = new.clone();
                                }
                            }
                        }
                    });
                }
            }
            Effect::AddConstraint {
                table,
                name,
                columns,
                kind,
            } => {
                let constraint = CatalogConstraint {
                    name: name.name_text().unwrap_or_default(),
                    columns: columns.clone(),
                    kind: kind.clone(),
                };
                self.edit_or_create(table, |entry| entry.constraints.push(constraint));
            }
            Effect::DropConstraint { table, name } => {
                self.edit(table, |entry| entry.constraints.retain(|c| &c.name != name));
            }
            Effect::DropIndex { name } => {
                for holder in self.index.holders(name) {
                    self.edit(&holder, |entry| {
                        entry.constraints.retain(|c| {
                            !(c.name == *name && matches!(c.kind, ConstraintKind::Index { .. }))
                        })
                    });
                }
            }
            Effect::RenameIndex { old, new } => {
                for holder in self.index.holders(old) {
                    self.edit(&holder, |entry| {
                        entry
                            .constraints
                            .iter_mut()
                            .filter(|c| c.name == *old)
                            .for_each(|c| c.name = new.clone())
                    });
                }
            }
            Effect::AddIdentity { table, column } => {
                let sequence = self.choose_name(table, Some(column), "seq", false);
                self.edit(table, |entry| set_sequence(entry, column, Some(sequence)));
            }
            Effect::DropIdentity { table, column } => {
                self.edit(table, |entry| set_sequence(entry, column, None));
            }
            Effect::CreateCollation {
                name,
                deterministic,
            } => {
                self.collations.insert(name.clone(), *deterministic);
            }
            Effect::DropCollation { name } => {
                self.collations.remove(name);
            }
        }
    }

    fn add_column(&mut self, table: &str, column: &ColumnDef) {
        let sequence = column
            .identity
            .then(|| self.choose_name(table, Some(&column.name), "seq", false));
        let pk_name = column
            .primary_key
            .then(|| self.choose_name(table, None, "pkey", false));
        let unique_name = (column.unique && !column.primary_key)
            .then(|| self.choose_name(table, Some(&column.name), "key", false));
        let check_name = column
            .check
            .then(|| self.choose_name(table, Some(&column.name), "check", true));
        let single = |name: String, kind: ConstraintKind| CatalogConstraint {
            name,
            columns: vec![column.name.clone()],
            kind,
        };
        let constraints = [
            pk_name.map(|name| single(name, ConstraintKind::PrimaryKey)),
            unique_name.map(|name| single(name, ConstraintKind::Unique)),
            check_name.map(|name| single(name, ConstraintKind::Check)),
        ];
        self.edit_or_create(table, |entry| {
            entry.columns.push((column.name.clone(), sequence));
            entry.constraints.extend(constraints.into_iter().flatten());
        });
    }

    /// PostgreSQL's `ChooseRelationName`: `makeObjectName`, numbered until unused (among the
    /// table's constraints only, for a check constraint's name).
    fn choose_name(
        &self,
        table: &str,
        column: Option<&str>,
        label: &str,
        constraint_names_only: bool,
    ) -> String {
        let taken = |candidate: &str| {
            if constraint_names_only {
                self.tables
                    .get(table)
                    .is_some_and(|t| t.constraints.iter().any(|c| c.name == candidate))
            } else {
                self.index.is_relation_name(candidate)
            }
        };
        let mut pass = 0;
        loop {
            let label = if pass == 0 {
                label.to_string()
            } else {
                format!("{label}{pass}")
            };
            let candidate = pg_object_name(table, column, &label);
            if !taken(&candidate) {
                return candidate;
            }
            pass += 1;
        }
    }

    /// Changes the table `name`, if the catalog has it.
    fn edit(&mut self, name: &str, change: impl FnOnce(&mut CatalogTable)) {
        if let Some(entry) = self.tables.get_mut(name) {
            self.index.remove(name, entry);
            change(entry);
            self.index.add(name, entry);
        }
    }

    /// Changes the table `name`, made empty first if the catalog does not have it.
    fn edit_or_create(&mut self, name: &str, change: impl FnOnce(&mut CatalogTable)) {
        if !self.tables.contains_key(name) {
            self.insert_table(name, CatalogTable::default());
        }
        self.edit(name, change);
    }

    fn insert_table(&mut self, name: &str, table: CatalogTable) {
        self.index.add(name, &table);
        if let Some(replaced) = self.tables.insert(name.to_string(), table) {
            self.index.remove(name, &replaced);
        }
    }

    fn remove_table(&mut self, name: &str) -> Option<CatalogTable> {
        let removed = self.tables.remove(name)?;
        self.index.remove(name, &removed);
        Some(removed)
    }
}

/// Whether `constraint` is a foreign key to `table` (to its `column`, if one is given).
fn is_foreign_key_to(constraint: &CatalogConstraint, table: &str, column: Option<&str>) -> bool {
    matches!(&constraint.kind, ConstraintKind::ForeignKey { to_table, to_column }
        if to_table == table && column.is_none_or(|column| to_column == column))
}

fn set_sequence(entry: &mut CatalogTable, column: &str, sequence: Option<String>) {
    entry
        .columns
        .iter_mut()
        .filter(|(name, _)| name == column)
        .for_each(|(_, seq)| *seq = sequence.clone());
}
