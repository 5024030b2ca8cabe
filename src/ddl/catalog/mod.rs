//! A simulated PostgreSQL catalog: the tables, constraints, indexes, identity sequences and
//! collations a database Django migrated would hold. It stands in for Django's introspection
//! (`_constraint_names`, `_get_sequence_name`, `_is_collation_deterministic`) as `migrate`
//! runs it: against the database migrated up to just before the migration, changed by the
//! migration's own immediate statements so far (deferred ones apply when it ends).

use std::collections::{BTreeMap, BTreeSet};

use super::sql::Piece;

mod apply;
mod index;
#[cfg(test)]
mod tests;

use index::CatalogIndex;

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
    index: CatalogIndex,
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

    /// The indexes and constraints whose name occurs in `text` as a whole identifier, with
    /// their table and, for a foreign key, the table it references.
    pub fn named_in(&self, text: &str) -> Vec<crate::ddl::NamedRelation> {
        self.tables_about(text)
            .into_iter()
            .filter_map(|table| self.tables.get_key_value(&table))
            .flat_map(|(table, entry)| entry.constraints.iter().map(move |c| (table, c)))
            .filter(|(_, c)| mentions(text, &c.name))
            .map(|(table, c)| crate::ddl::NamedRelation {
                name: c.name.clone(),
                table: table.clone(),
                references: match &c.kind {
                    ConstraintKind::ForeignKey { to_table, .. } => Some(to_table.clone()),
                    _ => None,
                },
            })
            .collect()
    }

    /// The tables a statement can be about, found from its identifiers through the lookups
    /// (so the cost is the statement's, not the database's): the tables it names and those
    /// holding an index or sequence it names, sorted. A statement about a foreign key or check
    /// constraint names its table (`ALTER TABLE t ... CONSTRAINT c`).
    fn tables_about(&self, text: &str) -> BTreeSet<String> {
        let mut tables = BTreeSet::new();
        for word in identifiers(text) {
            if self.tables.contains_key(word) {
                tables.insert(word.to_string());
            }
            tables.extend(self.index.holders(word));
        }
        tables
    }

    /// For each column of each table that `text` names (as whole identifiers), the tables its
    /// foreign keys reference.
    pub fn column_foreign_keys_in(&self, text: &str) -> Vec<crate::ddl::ColumnForeignKeys> {
        identifiers(text)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .filter_map(|word| self.tables.get_key_value(word))
            .flat_map(|(table, entry)| {
                entry
                    .columns
                    .iter()
                    .filter(|(column, _)| mentions(text, column))
                    .map(move |(column, _)| crate::ddl::ColumnForeignKeys {
                        table: table.clone(),
                        column: column.clone(),
                        references: entry
                            .constraints
                            .iter()
                            .filter(|c| c.columns.contains(column))
                            .filter_map(|c| match &c.kind {
                                ConstraintKind::ForeignKey { to_table, .. } => {
                                    Some(to_table.clone())
                                }
                                _ => None,
                            })
                            .collect(),
                    })
            })
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
}

/// Whether `name` occurs in `text` not as part of a longer identifier.
fn is_identifier_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '$'
}

/// The whole identifiers of `text` (runs of identifier characters; quotes are not part of
/// them): a name made of such characters is [`mentions`]ed exactly when it is one of these.
fn identifiers(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !is_identifier_char(c))
        .filter(|word| !word.is_empty())
}

pub(crate) fn mentions(text: &str, name: &str) -> bool {
    let is_ident = is_identifier_char;
    !name.is_empty()
        && text.match_indices(name).any(|(at, _)| {
            let before = text[..at].chars().next_back();
            let after = text[at + name.len()..].chars().next();
            !before.is_some_and(is_ident) && !after.is_some_and(is_ident)
        })
}
