//! A simulated PostgreSQL catalog: the tables, constraints, indexes, identity sequences and
//! collations a database Django migrated would hold. It stands in for Django's introspection
//! (`_constraint_names`, `_get_sequence_name`, `_is_collation_deterministic`), which
//! `sqlmigrate` runs against a database migrated up to just before the migration.

use std::collections::BTreeMap;

use super::names::pg_object_name;
use super::sql::Piece;

/// What kind of constraint or index a catalog entry is, as Django's `get_constraints` reports.
#[derive(Debug, Clone, PartialEq)]
pub enum ConstraintKind {
    PrimaryKey,
    Unique,
    ForeignKey {
        to_table: String,
        to_column: String,
    },
    Check,
    /// A `CREATE INDEX` (not backing a constraint); `btree` is Django's `type_="idx"`.
    Index {
        unique: bool,
        btree: bool,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct CatalogConstraint {
    pub name: String,
    pub columns: Vec<String>,
    pub kind: ConstraintKind,
}

impl CatalogConstraint {
    fn is_unique(&self) -> bool {
        matches!(
            self.kind,
            ConstraintKind::PrimaryKey
                | ConstraintKind::Unique
                | ConstraintKind::Index { unique: true, .. }
        )
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct CatalogTable {
    /// Columns with the identity/serial sequence that belongs to them, if any.
    pub columns: Vec<(String, Option<String>)>,
    pub constraints: Vec<CatalogConstraint>,
}

/// What `_constraint_names` filters on; `None` means "any".
#[derive(Debug, Clone, Default)]
pub struct ConstraintFilter<'a> {
    pub columns: Option<&'a [String]>,
    pub unique: Option<bool>,
    pub primary_key: Option<bool>,
    pub index: Option<bool>,
    pub foreign_key: bool,
    pub check: Option<bool>,
    /// Only b-tree indexes (`type_=Index.suffix`).
    pub btree_index: bool,
    pub exclude: &'a [String],
}

/// A column as a `CREATE TABLE`/`ADD COLUMN` defines it, with its inline constraints.
#[derive(Debug, Clone, PartialEq)]
pub struct ColumnDef {
    pub name: String,
    pub identity: bool,
    pub primary_key: bool,
    pub unique: bool,
    pub check: bool,
}

/// A change to the catalog, recorded with each statement and applied when the migration ends.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    CreateTable {
        table: String,
        columns: Vec<ColumnDef>,
        composite_pk: Vec<String>,
        constraints: Vec<CatalogConstraint>,
    },
    DropTable {
        table: String,
    },
    RenameTable {
        old: String,
        new: String,
    },
    AddColumn {
        table: String,
        column: ColumnDef,
    },
    DropColumn {
        table: String,
        column: String,
    },
    RenameColumn {
        table: String,
        old: String,
        new: String,
    },
    /// A constraint or index; `name` is a piece so a deferred statement's generated name
    /// follows renames.
    AddConstraint {
        table: String,
        name: Piece,
        columns: Vec<String>,
        kind: ConstraintKind,
    },
    DropConstraint {
        table: String,
        name: String,
    },
    DropIndex {
        name: String,
    },
    RenameIndex {
        old: String,
        new: String,
    },
    AddIdentity {
        table: String,
        column: String,
    },
    DropIdentity {
        table: String,
        column: String,
    },
    CreateCollation {
        name: String,
        deterministic: bool,
    },
    DropCollation {
        name: String,
    },
}

impl Effect {
    pub fn rename_table_references(&mut self, old: &str, new: &str) {
        if let Effect::AddConstraint {
            table, name, kind, ..
        } = self
        {
            if table == old {
                *table = new.to_string();
            }
            if let ConstraintKind::ForeignKey { to_table, .. } = kind {
                if to_table == old {
                    *to_table = new.to_string();
                }
            }
            let mut holder = super::sql::SqlText::new().piece(name.clone());
            holder.rename_table_references(old, new);
            if let Some(piece) = holder.pieces.pop() {
                *name = piece;
            }
        }
    }

    pub fn rename_column_references(&mut self, on_table: &str, old: &str, new: &str) {
        if let Effect::AddConstraint {
            table,
            name,
            columns,
            ..
        } = self
        {
            if table == on_table {
                columns
                    .iter_mut()
                    .filter(|c| *c == old)
                    .for_each(|c| *c = new.to_string());
            }
            let mut holder = super::sql::SqlText::new().piece(name.clone());
            holder.rename_column_references(on_table, old, new);
            if let Some(piece) = holder.pieces.pop() {
                *name = piece;
            }
        }
    }
}

/// The simulated database.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    tables: BTreeMap<String, CatalogTable>,
    /// Collations created by migrations, with `deterministic`.
    collations: BTreeMap<String, bool>,
}

impl Catalog {
    /// Django's `_constraint_names` against this catalog.
    pub fn constraint_names(&self, table: &str, filter: &ConstraintFilter<'_>) -> Vec<String> {
        let Some(entry) = self.tables.get(table) else {
            return Vec::new();
        };
        // Django lists pg_constraint entries first, then the indexes that back no constraint.
        let ordered = entry
            .constraints
            .iter()
            .filter(|c| !matches!(c.kind, ConstraintKind::Index { .. }))
            .chain(
                entry
                    .constraints
                    .iter()
                    .filter(|c| matches!(c.kind, ConstraintKind::Index { .. })),
            );
        ordered
            .filter(|c| {
                filter
                    .columns
                    .is_none_or(|columns| columns == c.columns.as_slice())
            })
            .filter(|c| filter.unique.is_none_or(|unique| c.is_unique() == unique))
            .filter(|c| {
                filter
                    .primary_key
                    .is_none_or(|pk| matches!(c.kind, ConstraintKind::PrimaryKey) == pk)
            })
            .filter(|c| {
                filter
                    .index
                    .is_none_or(|index| matches!(c.kind, ConstraintKind::Index { .. }) == index)
            })
            .filter(|c| {
                filter
                    .check
                    .is_none_or(|check| matches!(c.kind, ConstraintKind::Check) == check)
            })
            .filter(|c| !filter.foreign_key || matches!(c.kind, ConstraintKind::ForeignKey { .. }))
            .filter(|c| {
                !filter.btree_index || matches!(c.kind, ConstraintKind::Index { btree: true, .. })
            })
            .filter(|c| !filter.exclude.contains(&c.name))
            .map(|c| c.name.clone())
            .collect()
    }

    /// The sequence behind an identity or serial column (Django's `_get_sequence_name`).
    pub fn sequence_name(&self, table: &str, column: &str) -> Option<String> {
        self.tables
            .get(table)?
            .columns
            .iter()
            .find(|(name, _)| name == column)
            .and_then(|(_, sequence)| sequence.clone())
    }

    /// `Some(deterministic)` for a collation the database has, `None` for an unknown one.
    pub fn collation_deterministic(&self, name: &str) -> Option<bool> {
        if let Some(deterministic) = self.collations.get(name) {
            return Some(*deterministic);
        }
        let builtin = matches!(name, "C" | "POSIX" | "default" | "ucs_basic" | "unicode")
            || name.ends_with("-x-icu");
        builtin.then_some(true)
    }

    fn relation_names(&self) -> impl Iterator<Item = &str> {
        self.tables.iter().flat_map(|(name, table)| {
            std::iter::once(name.as_str())
                .chain(
                    table
                        .constraints
                        .iter()
                        .filter(|c| {
                            !matches!(
                                c.kind,
                                ConstraintKind::ForeignKey { .. } | ConstraintKind::Check
                            )
                        })
                        .map(|c| c.name.as_str()),
                )
                .chain(
                    table
                        .columns
                        .iter()
                        .filter_map(|(_, sequence)| sequence.as_deref()),
                )
        })
    }

    /// PostgreSQL's `ChooseRelationName`: `makeObjectName`, numbered until unused.
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
                self.relation_names().any(|name| name == candidate)
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
        let entry = self.tables.entry(table.to_string()).or_default();
        entry.columns.push((column.name.clone(), sequence));
        let columns = vec![column.name.clone()];
        if let Some(name) = pk_name {
            entry.constraints.push(CatalogConstraint {
                name,
                columns: columns.clone(),
                kind: ConstraintKind::PrimaryKey,
            });
        }
        if let Some(name) = unique_name {
            entry.constraints.push(CatalogConstraint {
                name,
                columns: columns.clone(),
                kind: ConstraintKind::Unique,
            });
        }
        if let Some(name) = check_name {
            entry.constraints.push(CatalogConstraint {
                name,
                columns,
                kind: ConstraintKind::Check,
            });
        }
    }

    /// Applies a change.
    pub fn apply(&mut self, effect: &Effect) {
        match effect {
            Effect::CreateTable {
                table,
                columns,
                composite_pk,
                constraints,
            } => {
                self.tables.insert(table.clone(), CatalogTable::default());
                for column in columns {
                    self.add_column(table, column);
                }
                if !composite_pk.is_empty() {
                    let name = self.choose_name(table, None, "pkey", false);
                    if let Some(entry) = self.tables.get_mut(table) {
                        entry.constraints.push(CatalogConstraint {
                            name,
                            columns: composite_pk.clone(),
                            kind: ConstraintKind::PrimaryKey,
                        });
                    }
                }
                if let Some(entry) = self.tables.get_mut(table) {
                    entry.constraints.extend(constraints.iter().cloned());
                }
            }
            Effect::DropTable { table } => {
                self.tables.remove(table);
                for entry in self.tables.values_mut() {
                    entry.constraints.retain(|c| !matches!(&c.kind, ConstraintKind::ForeignKey { to_table, .. } if to_table == table));
                }
            }
            Effect::RenameTable { old, new } => {
                if let Some(entry) = self.tables.remove(old) {
                    self.tables.insert(new.clone(), entry);
                }
                for entry in self.tables.values_mut() {
                    for constraint in &mut entry.constraints {
                        if let ConstraintKind::ForeignKey { to_table, .. } = &mut constraint.kind {
                            if to_table == old {
                                *to_table = new.clone();
                            }
                        }
                    }
                }
            }
            Effect::AddColumn { table, column } => self.add_column(table, column),
            Effect::DropColumn { table, column } => {
                if let Some(entry) = self.tables.get_mut(table) {
                    entry.columns.retain(|(name, _)| name != column);
                    entry.constraints.retain(|c| !c.columns.contains(column));
                }
                for entry in self.tables.values_mut() {
                    entry.constraints.retain(|c| {
                        !matches!(&c.kind, ConstraintKind::ForeignKey { to_table, to_column } if to_table == table && to_column == column)
                    });
                }
            }
            Effect::RenameColumn { table, old, new } => {
                if let Some(entry) = self.tables.get_mut(table) {
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
                }
                for entry in self.tables.values_mut() {
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
                }
            }
            Effect::AddConstraint {
                table,
                name,
                columns,
                kind,
            } => {
                let name = name.name_text().unwrap_or_default();
                let kind = kind.clone();
                let entry = self.tables.entry(table.clone()).or_default();
                entry.constraints.push(CatalogConstraint {
                    name,
                    columns: columns.clone(),
                    kind,
                });
            }
            Effect::DropConstraint { table, name } => {
                if let Some(entry) = self.tables.get_mut(table) {
                    entry.constraints.retain(|c| &c.name != name);
                }
            }
            Effect::DropIndex { name } => {
                for entry in self.tables.values_mut() {
                    entry.constraints.retain(|c| {
                        !(c.name == *name && matches!(c.kind, ConstraintKind::Index { .. }))
                    });
                }
            }
            Effect::RenameIndex { old, new } => {
                for entry in self.tables.values_mut() {
                    entry
                        .constraints
                        .iter_mut()
                        .filter(|c| c.name == *old)
                        .for_each(|c| c.name = new.clone());
                }
            }
            Effect::AddIdentity { table, column } => {
                let sequence = self.choose_name(table, Some(column), "seq", false);
                if let Some(entry) = self.tables.get_mut(table) {
                    entry
                        .columns
                        .iter_mut()
                        .filter(|(name, _)| name == column)
                        .for_each(|(_, seq)| *seq = Some(sequence.clone()));
                }
            }
            Effect::DropIdentity { table, column } => {
                if let Some(entry) = self.tables.get_mut(table) {
                    entry
                        .columns
                        .iter_mut()
                        .filter(|(name, _)| name == column)
                        .for_each(|(_, seq)| *seq = None);
                }
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
}
