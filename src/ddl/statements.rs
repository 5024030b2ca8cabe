//! Statement builders shared by the schema editor: `_create_index_sql`, `_create_unique_sql`,
//! `_create_fk_sql`, `_delete_*_sql`, with the catalog change each one makes.

use super::catalog::{ConstraintKind, Effect};
use super::context::ModelInfo;
use super::fields::FieldInfo;
use super::names::quote_name;
use super::sql::{Piece, SqlText};

/// The parts of an index statement (`_create_index_sql`).
#[derive(Debug, Clone, Default)]
pub struct IndexSpec {
    pub name: Option<String>,
    pub suffix: String,
    pub columns: Vec<String>,
    pub col_suffixes: Vec<String>,
    pub opclasses: Vec<String>,
    /// Compiled expressions, when the index is on expressions instead of columns.
    pub expressions: Option<SqlText>,
    pub using: String,
    pub tablespace: Option<String>,
    pub condition: Option<String>,
    pub include: Vec<String>,
    /// `WITH (...)` storage parameters, already formatted (` WITH (fillfactor = 70)`).
    pub extra: String,
    pub concurrently: bool,
    pub unique: bool,
    pub nulls_distinct: Option<bool>,
}

/// The tablespace clause `_get_index_tablespace_sql` picks for an index on `fields`.
pub fn index_tablespace(
    model: &ModelInfo,
    fields: &[&FieldInfo],
    explicit: Option<&str>,
) -> Option<String> {
    if let Some(explicit) = explicit {
        return Some(explicit.to_string());
    }
    if fields.len() == 1 {
        if let Some(tablespace) = &fields[0].db_tablespace {
            return Some(tablespace.clone());
        }
    }
    model.db_tablespace.clone()
}

/// `_create_index_sql` (and the unique-index variant of `_create_unique_sql`).
pub fn create_index(model: &ModelInfo, spec: &IndexSpec) -> (SqlText, Effect) {
    let table = &model.db_table;
    let name_piece = Piece::IndexName {
        table: table.clone(),
        columns: spec.columns.clone(),
        suffix: spec.suffix.clone(),
        fixed: spec.name.clone(),
    };
    let head = match (spec.unique, spec.concurrently) {
        (true, _) => "CREATE UNIQUE INDEX ",
        (false, true) => "CREATE INDEX CONCURRENTLY ",
        (false, false) => "CREATE INDEX ",
    };
    let mut sql = SqlText::new()
        .text(head)
        .piece(name_piece.clone())
        .text(" ON ")
        .table(table)
        .text(&spec.using)
        .text(" (");
    sql = match &spec.expressions {
        Some(expressions) if spec.columns.is_empty() => sql.append(expressions.clone()),
        _ => {
            let suffixes: Vec<String> = (0..spec.columns.len())
                .map(|i| {
                    let opclass = spec.opclasses.get(i).cloned().unwrap_or_default();
                    let order = spec.col_suffixes.get(i).cloned().unwrap_or_default();
                    [opclass, order]
                        .into_iter()
                        .filter(|part| !part.is_empty())
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .collect();
            sql.columns(table, &spec.columns, &suffixes)
        }
    };
    sql = sql.text(")");
    if !spec.include.is_empty() {
        sql = sql
            .text(" INCLUDE (")
            .columns(table, &spec.include, &[])
            .text(")");
    }
    if spec.unique {
        sql = sql.text(match spec.nulls_distinct {
            Some(false) => " NULLS NOT DISTINCT",
            Some(true) => " NULLS DISTINCT",
            None => "",
        });
    } else {
        sql = sql.text(&spec.extra);
        if let Some(tablespace) = &spec.tablespace {
            sql = sql.text(&format!(" TABLESPACE {}", quote_name(tablespace)));
        }
    }
    if let Some(condition) = &spec.condition {
        sql = sql.text(&format!(" WHERE {condition}"));
    }
    let btree = spec.using.is_empty() || spec.using == " USING btree";
    let columns = if spec.expressions.is_some() && spec.columns.is_empty() {
        vec![String::new()]
    } else {
        spec.columns.clone()
    };
    let effect = Effect::AddConstraint {
        table: table.clone(),
        name: name_piece,
        columns,
        kind: ConstraintKind::Index {
            unique: spec.unique,
            btree,
        },
    };
    (sql, effect)
}

/// `_create_index_sql(model, fields=[field])` for `db_index=True`.
pub fn field_index(
    model: &ModelInfo,
    field: &FieldInfo,
    suffix: &str,
    opclass: Option<&str>,
) -> (SqlText, Effect) {
    let spec = IndexSpec {
        suffix: suffix.to_string(),
        columns: vec![field.column.clone()],
        opclasses: opclass.map(|o| vec![o.to_string()]).unwrap_or_default(),
        tablespace: index_tablespace(model, &[field], None),
        ..Default::default()
    };
    create_index(model, &spec)
}

/// `_create_unique_sql` for plain column uniques (`ALTER TABLE ... ADD CONSTRAINT ... UNIQUE`).
pub fn create_unique(
    model: &ModelInfo,
    columns: &[String],
    name: Option<&str>,
    deferrable: &str,
    nulls_distinct: Option<bool>,
) -> (SqlText, Effect) {
    let table = &model.db_table;
    let name_piece = Piece::IndexName {
        table: table.clone(),
        columns: columns.to_vec(),
        suffix: "_uniq".to_string(),
        fixed: name.map(str::to_string),
    };
    let nulls = match nulls_distinct {
        Some(false) => " NULLS NOT DISTINCT",
        Some(true) => " NULLS DISTINCT",
        None => "",
    };
    let sql = SqlText::new()
        .text("ALTER TABLE ")
        .table(table)
        .text(" ADD CONSTRAINT ")
        .piece(name_piece.clone())
        .text(&format!(" UNIQUE{nulls} ("))
        .columns(table, columns, &[])
        .text(&format!("){deferrable}"));
    let effect = Effect::AddConstraint {
        table: table.clone(),
        name: name_piece,
        columns: columns.to_vec(),
        kind: ConstraintKind::Unique,
    };
    (sql, effect)
}

/// `_create_fk_sql(model, field, suffix)`.
pub fn create_foreign_key(
    model: &ModelInfo,
    field: &FieldInfo,
    suffix_template: &str,
) -> Option<(SqlText, Effect)> {
    let relation = field.relation.as_ref()?;
    let table = &model.db_table;
    let name_piece = Piece::ForeignKeyName {
        table: table.clone(),
        columns: vec![field.column.clone()],
        to_table: relation.target_table.clone(),
        to_columns: vec![relation.target_column.clone()],
        suffix_template: suffix_template.to_string(),
    };
    let sql = SqlText::new()
        .text("ALTER TABLE ")
        .table(table)
        .text(" ADD CONSTRAINT ")
        .piece(name_piece.clone())
        .text(" FOREIGN KEY (")
        .columns(table, std::slice::from_ref(&field.column), &[])
        .text(") REFERENCES ")
        .table(&relation.target_table)
        .text(" (")
        .columns(
            &relation.target_table,
            std::slice::from_ref(&relation.target_column),
            &[],
        )
        .text(") DEFERRABLE INITIALLY DEFERRED");
    let effect = Effect::AddConstraint {
        table: table.clone(),
        name: name_piece,
        columns: vec![field.column.clone()],
        kind: ConstraintKind::ForeignKey {
            to_table: relation.target_table.clone(),
            to_column: relation.target_column.clone(),
        },
    };
    Some((sql, effect))
}

/// `sql_delete_fk`: PostgreSQL makes the constraint immediate first.
pub fn delete_foreign_key(table: &str, name: &str) -> (String, Effect) {
    let quoted = quote_name(name);
    (
        format!(
            "SET CONSTRAINTS {quoted} IMMEDIATE; ALTER TABLE {} DROP CONSTRAINT {quoted}",
            quote_name(table)
        ),
        Effect::DropConstraint {
            table: table.to_string(),
            name: name.to_string(),
        },
    )
}

/// `sql_delete_constraint`.
pub fn delete_constraint(table: &str, name: &str) -> (String, Effect) {
    (
        format!(
            "ALTER TABLE {} DROP CONSTRAINT {}",
            quote_name(table),
            quote_name(name)
        ),
        Effect::DropConstraint {
            table: table.to_string(),
            name: name.to_string(),
        },
    )
}

/// `sql_delete_index` (PostgreSQL: `IF EXISTS`).
pub fn delete_index(name: &str, concurrently: bool) -> (String, Effect) {
    let verb = if concurrently {
        "DROP INDEX CONCURRENTLY IF EXISTS"
    } else {
        "DROP INDEX IF EXISTS"
    };
    (
        format!("{verb} {}", quote_name(name)),
        Effect::DropIndex {
            name: name.to_string(),
        },
    )
}

/// `ALTER TABLE ... ADD CONSTRAINT ... CHECK (...)`.
pub fn create_check(
    table: &str,
    name: &str,
    check: &str,
    columns: Vec<String>,
) -> (String, Effect) {
    (
        format!(
            "ALTER TABLE {} ADD CONSTRAINT {} CHECK ({check})",
            quote_name(table),
            quote_name(name)
        ),
        Effect::AddConstraint {
            table: table.to_string(),
            name: Piece::Text(name.to_string()),
            columns,
            kind: ConstraintKind::Check,
        },
    )
}
