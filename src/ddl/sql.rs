//! SQL text that keeps its references to tables, columns and generated names, like Django's
//! `ddl_references.Statement`: deferred statements are renamed or dropped when a later
//! operation of the same migration renames or drops what they refer to.

use super::names::{create_index_name, quote_name, split_identifier};

/// One piece of a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    Text(String),
    /// A table name, quoted when rendered.
    Table(String),
    /// A column of a table, quoted when rendered (no table prefix).
    Column {
        table: String,
        column: String,
    },
    /// A name generated from table and columns (`_create_index_name`), or fixed.
    IndexName {
        table: String,
        columns: Vec<String>,
        suffix: String,
        fixed: Option<String>,
    },
    /// A foreign key's generated name: `suffix_template` may use `%(to_table)s`/`%(to_column)s`.
    ForeignKeyName {
        table: String,
        columns: Vec<String>,
        to_table: String,
        to_columns: Vec<String>,
        suffix_template: String,
    },
}

impl Piece {
    /// The text of a generated or fixed name, unquoted.
    pub fn name_text(&self) -> Option<String> {
        match self {
            Piece::IndexName {
                table,
                columns,
                suffix,
                fixed,
            } => Some(
                fixed
                    .clone()
                    .unwrap_or_else(|| create_index_name(table, columns, suffix)),
            ),
            Piece::ForeignKeyName {
                table,
                columns,
                to_table,
                to_columns,
                suffix_template,
            } => {
                let (_, to_table_name) = split_identifier(to_table);
                let suffix = suffix_template
                    .replace("%(to_table)s", &to_table_name)
                    .replace(
                        "%(to_column)s",
                        to_columns.first().map(String::as_str).unwrap_or(""),
                    );
                Some(create_index_name(table, columns, &suffix))
            }
            Piece::Text(text) => Some(text.clone()),
            _ => None,
        }
    }

    fn render(&self) -> String {
        match self {
            Piece::Text(text) => text.clone(),
            Piece::Table(table) => quote_name(table),
            Piece::Column { column, .. } => quote_name(column),
            Piece::IndexName { .. } | Piece::ForeignKeyName { .. } => {
                quote_name(&self.name_text().unwrap_or_default())
            }
        }
    }

    fn references_table(&self, name: &str) -> bool {
        match self {
            Piece::Text(_) => false,
            Piece::Table(table) | Piece::Column { table, .. } | Piece::IndexName { table, .. } => {
                table == name
            }
            Piece::ForeignKeyName {
                table, to_table, ..
            } => table == name || to_table == name,
        }
    }

    fn references_column(&self, name: &str, column_name: &str) -> bool {
        match self {
            Piece::Text(_) | Piece::Table(_) => false,
            Piece::Column { table, column } => table == name && column == column_name,
            Piece::IndexName { table, columns, .. } => {
                table == name && columns.iter().any(|c| c == column_name)
            }
            Piece::ForeignKeyName {
                table,
                columns,
                to_table,
                to_columns,
                ..
            } => {
                (table == name && columns.iter().any(|c| c == column_name))
                    || (to_table == name && to_columns.iter().any(|c| c == column_name))
            }
        }
    }

    fn rename_table(&mut self, old: &str, new: &str) {
        let swap = |table: &mut String| {
            if table == old {
                *table = new.to_string();
            }
        };
        match self {
            Piece::Text(_) => {}
            Piece::Table(table) | Piece::Column { table, .. } | Piece::IndexName { table, .. } => {
                swap(table)
            }
            Piece::ForeignKeyName {
                table, to_table, ..
            } => {
                swap(table);
                swap(to_table);
            }
        }
    }

    fn rename_column(&mut self, name: &str, old: &str, new: &str) {
        let swap_all = |columns: &mut Vec<String>| {
            columns
                .iter_mut()
                .filter(|c| *c == old)
                .for_each(|c| *c = new.to_string())
        };
        match self {
            Piece::Text(_) | Piece::Table(_) => {}
            Piece::Column { table, column } => {
                if table == name && column == old {
                    *column = new.to_string();
                }
            }
            Piece::IndexName { table, columns, .. } => {
                if table == name {
                    swap_all(columns);
                }
            }
            Piece::ForeignKeyName {
                table,
                columns,
                to_table,
                to_columns,
                ..
            } => {
                if table == name {
                    swap_all(columns);
                }
                if to_table == name {
                    swap_all(to_columns);
                }
            }
        }
    }
}

/// A statement (or fragment) as a list of pieces.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SqlText {
    pub pieces: Vec<Piece>,
}

impl SqlText {
    pub fn new() -> Self {
        SqlText::default()
    }

    pub fn text(mut self, text: &str) -> Self {
        self.push_text(text);
        self
    }

    pub fn push_text(&mut self, text: &str) {
        if text.is_empty() {
            return;
        }
        if let Some(Piece::Text(last)) = self.pieces.last_mut() {
            last.push_str(text);
        } else {
            self.pieces.push(Piece::Text(text.to_string()));
        }
    }

    pub fn piece(mut self, piece: Piece) -> Self {
        self.pieces.push(piece);
        self
    }

    pub fn table(self, table: &str) -> Self {
        self.piece(Piece::Table(table.to_string()))
    }

    /// Quoted columns separated by `, `, each with its suffix (opclass, ordering) if any.
    pub fn columns(mut self, table: &str, columns: &[String], suffixes: &[String]) -> Self {
        for (index, column) in columns.iter().enumerate() {
            if index > 0 {
                self.push_text(", ");
            }
            self.pieces.push(Piece::Column {
                table: table.to_string(),
                column: column.clone(),
            });
            if let Some(suffix) = suffixes.get(index).filter(|suffix| !suffix.is_empty()) {
                self.push_text(&format!(" {suffix}"));
            }
        }
        self
    }

    pub fn append(mut self, other: SqlText) -> Self {
        for piece in other.pieces {
            match piece {
                Piece::Text(text) => self.push_text(&text),
                other => self.pieces.push(other),
            }
        }
        self
    }

    pub fn render(&self) -> String {
        self.pieces.iter().map(Piece::render).collect()
    }

    pub fn references_table(&self, table: &str) -> bool {
        self.pieces
            .iter()
            .any(|piece| piece.references_table(table))
    }

    pub fn references_column(&self, table: &str, column: &str) -> bool {
        self.pieces
            .iter()
            .any(|piece| piece.references_column(table, column))
    }

    /// Whether this statement creates the index `index` (its generated name is `index`).
    pub fn references_index(&self, table: &str, index: &str) -> bool {
        self.pieces.iter().any(|piece| match piece {
            Piece::IndexName { table: own, .. } => {
                own == table && piece.name_text().as_deref() == Some(index)
            }
            _ => false,
        })
    }

    pub fn rename_table_references(&mut self, old: &str, new: &str) {
        self.pieces
            .iter_mut()
            .for_each(|piece| piece.rename_table(old, new));
    }

    pub fn rename_column_references(&mut self, table: &str, old: &str, new: &str) {
        self.pieces
            .iter_mut()
            .for_each(|piece| piece.rename_column(table, old, new));
    }
}

impl From<&str> for SqlText {
    fn from(text: &str) -> Self {
        SqlText::new().text(text)
    }
}

impl From<String> for SqlText {
    fn from(text: String) -> Self {
        SqlText::new().text(&text)
    }
}
