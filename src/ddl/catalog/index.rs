//! Lookups kept beside the catalog's tables, so that naming a new relation, finding the tables
//! that hold an index and following foreign keys to a table cost what those tables hold, not
//! what the whole database holds (a project replays thousands of tables).

use std::collections::{BTreeMap, HashMap};

use super::{CatalogTable, ConstraintKind};

/// Names and references contributed by each table, counted so that a table can be taken out
/// and put back around every change to it.
#[derive(Debug, Clone, Default)]
pub(super) struct CatalogIndex {
    /// Every name in `pg_class`'s namespace (tables, indexes, also those behind primary key
    /// and unique constraints, and sequences), with the tables that hold it.
    relations: HashMap<String, BTreeMap<String, u32>>,
    /// For each table, the tables with a foreign key to it.
    referencing: HashMap<String, BTreeMap<String, u32>>,
}

impl CatalogIndex {
    /// Counts what `table` (named `name`) contributes.
    pub(super) fn add(&mut self, name: &str, table: &CatalogTable) {
        for relation in relation_names(name, table) {
            count_in(&mut self.relations, relation, name);
        }
        for target in foreign_key_targets(table) {
            count_in(&mut self.referencing, target, name);
        }
    }

    /// Takes back what [`CatalogIndex::add`] counted for the same table.
    pub(super) fn remove(&mut self, name: &str, table: &CatalogTable) {
        for relation in relation_names(name, table) {
            uncount_in(&mut self.relations, relation, name);
        }
        for target in foreign_key_targets(table) {
            uncount_in(&mut self.referencing, target, name);
        }
    }

    /// Whether a table, index or sequence already has this name.
    pub(super) fn is_relation_name(&self, name: &str) -> bool {
        holding(&self.relations, name).next().is_some()
    }

    /// The tables holding an index (or table, or sequence) of this name, sorted.
    pub(super) fn holders(&self, relation: &str) -> Vec<String> {
        keys_of(&self.relations, relation)
    }

    /// The tables with a foreign key to `table`, sorted.
    pub(super) fn referencing(&self, table: &str) -> Vec<String> {
        keys_of(&self.referencing, table)
    }
}

/// The names `table` puts in `pg_class`'s namespace: its own, its indexes' (foreign keys and
/// checks are not relations), its sequences'.
fn relation_names<'t>(name: &'t str, table: &'t CatalogTable) -> impl Iterator<Item = &'t str> {
    let indexes = table
        .constraints
        .iter()
        .filter(|c| {
            !matches!(
                c.kind,
                ConstraintKind::ForeignKey { .. } | ConstraintKind::Check
            )
        })
        .map(|c| c.name.as_str());
    let sequences = table
        .columns
        .iter()
        .filter_map(|(_, sequence)| sequence.as_deref());
    std::iter::once(name).chain(indexes).chain(sequences)
}

fn foreign_key_targets(table: &CatalogTable) -> impl Iterator<Item = &str> {
    table.constraints.iter().filter_map(|c| match &c.kind {
        ConstraintKind::ForeignKey { to_table, .. } => Some(to_table.as_str()),
        _ => None,
    })
}

// Counts fall to zero and rise again around every change to a table (it is taken out and put
// back), so an entry at zero is kept, not removed, and the names are copied only the first time;
// the lookups skip the zeros.
fn count_in(map: &mut HashMap<String, BTreeMap<String, u32>>, key: &str, table: &str) {
    if !map.contains_key(key) {
        map.insert(key.to_string(), BTreeMap::new());
    }
    let Some(tables) = map.get_mut(key) else {
        return;
    };
    match tables.get_mut(table) {
        Some(count) => *count += 1,
        None => {
            tables.insert(table.to_string(), 1);
        }
    }
}

fn uncount_in(map: &mut HashMap<String, BTreeMap<String, u32>>, key: &str, table: &str) {
    if let Some(count) = map.get_mut(key).and_then(|tables| tables.get_mut(table)) {
        *count = count.saturating_sub(1);
    }
}

fn holding<'m>(
    map: &'m HashMap<String, BTreeMap<String, u32>>,
    key: &str,
) -> impl Iterator<Item = &'m String> {
    map.get(key)
        .into_iter()
        .flatten()
        .filter(|(_, count)| **count > 0)
        .map(|(table, _)| table)
}

fn keys_of(map: &HashMap<String, BTreeMap<String, u32>>, key: &str) -> Vec<String> {
    holding(map, key).cloned().collect()
}
