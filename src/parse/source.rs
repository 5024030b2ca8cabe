//! Source text of one file, with the line index that turns byte offsets into lines and columns.

use rustpython_parser::source_code::{LineIndex, SourceCode};
use rustpython_parser::text_size::{TextRange, TextSize};

use crate::ir::Span;

/// A file's text and line index.
pub struct SourceText<'a> {
    text: &'a str,
    index: LineIndex,
}

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> Self {
        SourceText {
            text,
            index: LineIndex::from_source_text(text),
        }
    }

    /// The span of a syntax node.
    pub fn span(&self, range: TextRange) -> Span {
        let location = SourceCode::new(self.text, &self.index).source_location(range.start());
        Span {
            start: range.start().to_u32(),
            end: range.end().to_u32(),
            line: location.row.to_zero_indexed() + 1,
            column: location.column.to_zero_indexed() + 1,
        }
    }

    /// The 1-based line and column of a byte offset.
    pub fn line_column(&self, offset: u32) -> (u32, u32) {
        let offset = TextSize::from(offset.min(self.text.len() as u32));
        let location = SourceCode::new(self.text, &self.index).source_location(offset);
        (
            location.row.to_zero_indexed() + 1,
            location.column.to_zero_indexed() + 1,
        )
    }

    /// The text of a syntax node, as written.
    pub fn slice(&self, range: TextRange) -> &'a str {
        self.text
            .get(range.start().to_usize()..range.end().to_usize())
            .unwrap_or("")
    }
}
