//! Splitting SQL text into statements with byte spans, using sqlparser's tokenizer (so
//! semicolons inside strings, dollar-quoted bodies and comments do not split), and
//! neutralising Python DB-API placeholders (`%s`, `%(name)s`) so sqlparser can parse
//! Django's `(sql, params)` statements.

use sqlparser::dialect::PostgreSqlDialect;
use sqlparser::tokenizer::{Token, TokenWithSpan, Tokenizer};

/// A byte range plus the 1-based line and column (in characters) of its start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct SourceSpan {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset one past the last character.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u64,
    /// 1-based column (in characters) of `start`.
    pub column: u64,
}

/// A token with its byte range in the input.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct SpannedToken {
    pub token: Token,
    pub start: usize,
    pub end: usize,
}

/// One statement's worth of input.
#[derive(Debug, Clone)]
pub(crate) struct Piece {
    /// Span of the statement text (without the terminating semicolon and surrounding space).
    pub span: SourceSpan,
    /// Its tokens, whitespace and comments excluded.
    pub tokens: Vec<SpannedToken>,
    /// Set when the tokenizer failed inside this piece (it then runs to the end of input).
    pub tokenizer_error: Option<String>,
}

/// Converts the tokenizer's (line, column) locations to byte offsets; locations must be
/// requested in non-decreasing order.
struct ByteCursor<'a> {
    chars: std::str::CharIndices<'a>,
    len: usize,
    line: u64,
    column: u64,
    byte: usize,
}

impl<'a> ByteCursor<'a> {
    fn new(text: &'a str) -> Self {
        ByteCursor {
            chars: text.char_indices(),
            len: text.len(),
            line: 1,
            column: 1,
            byte: 0,
        }
    }

    fn byte_at(&mut self, line: u64, column: u64) -> usize {
        while (self.line, self.column) < (line, column) {
            match self.chars.next() {
                Some((_, ch)) => {
                    self.byte += ch.len_utf8();
                    if ch == '\n' {
                        self.line += 1;
                        self.column = 1;
                    } else {
                        self.column += 1;
                    }
                }
                None => break,
            }
        }
        self.byte.min(self.len)
    }
}

/// Splits `sql` into statements. Never fails: a tokenizer error turns the rest of the input
/// into one piece carrying the error.
pub(crate) fn split_statements(sql: &str) -> Vec<Piece> {
    let dialect = PostgreSqlDialect {};
    let mut raw: Vec<TokenWithSpan> = Vec::new();
    let error = Tokenizer::new(&dialect, sql)
        .tokenize_with_location_into_buf(&mut raw)
        .err()
        .map(|e| e.to_string());

    let mut cursor = ByteCursor::new(sql);
    let mut pieces = Vec::new();
    let mut current: Vec<SpannedToken> = Vec::new();
    let mut first_location = (1, 1);
    for t in raw {
        let start = cursor.byte_at(t.span.start.line, t.span.start.column);
        let end = cursor.byte_at(t.span.end.line, t.span.end.column);
        match t.token {
            Token::SemiColon => {
                push_piece(
                    &mut pieces,
                    std::mem::take(&mut current),
                    first_location,
                    None,
                );
            }
            Token::Whitespace(_) | Token::EOF => {}
            token => {
                if current.is_empty() {
                    first_location = (t.span.start.line, t.span.start.column);
                }
                current.push(SpannedToken { token, start, end });
            }
        }
    }
    match error {
        Some(message) => {
            // Everything after the last complete token belongs to the failed piece.
            let start = current.first().map(|t| t.start).unwrap_or(cursor.byte);
            let start = skip_leading_space(sql, start);
            if start < sql.len() {
                let (line, column) = line_column(sql, start);
                pieces.push(Piece {
                    span: SourceSpan {
                        start,
                        end: sql.trim_end().len().max(start),
                        line,
                        column,
                    },
                    tokens: current,
                    tokenizer_error: Some(message),
                });
            }
        }
        None => push_piece(&mut pieces, current, first_location, None),
    }
    pieces
}

fn line_column(sql: &str, byte: usize) -> (u64, u64) {
    let before = sql.get(..byte).unwrap_or(sql);
    let line = before.matches('\n').count() as u64 + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before
        .get(line_start..)
        .map(|s| s.chars().count())
        .unwrap_or(0) as u64
        + 1;
    (line, column)
}

fn skip_leading_space(sql: &str, start: usize) -> usize {
    let rest = sql.get(start..).unwrap_or("");
    start + (rest.len() - rest.trim_start().len())
}

fn push_piece(
    pieces: &mut Vec<Piece>,
    tokens: Vec<SpannedToken>,
    (line, column): (u64, u64),
    error: Option<String>,
) {
    let (Some(first), Some(last)) = (tokens.first(), tokens.last()) else {
        return;
    };
    let span = SourceSpan {
        start: first.start,
        end: last.end,
        line,
        column,
    };
    pieces.push(Piece {
        span,
        tokens,
        tokenizer_error: error,
    });
}

/// Returns a copy of `text[piece]` in which DB-API placeholders outside strings and comments
/// (`%s`, `%(name)s`) are replaced by `$1` padded with spaces, keeping byte offsets intact.
/// The second value is the number of placeholders replaced.
pub(crate) fn neutralize_placeholders(text: &str, piece: &Piece) -> (String, usize) {
    let base = piece.span.start;
    let mut bytes = text
        .as_bytes()
        .get(base..piece.span.end)
        .unwrap_or(&[])
        .to_vec();
    let tokens = &piece.tokens;
    let mut replaced = 0;
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].token == Token::Mod {
            if let Some(last) = placeholder_end(tokens, i) {
                let (from, to) = (tokens[i].start - base, tokens[last].end - base);
                if let Some(slot) = bytes.get_mut(from..to) {
                    for (k, b) in slot.iter_mut().enumerate() {
                        *b = match k {
                            0 => b'$',
                            1 => b'1',
                            _ => b' ',
                        };
                    }
                    replaced += 1;
                }
                i = last + 1;
                continue;
            }
        }
        i += 1;
    }
    // Only ASCII bytes were written over ASCII tokens, so the text stays valid UTF-8.
    (String::from_utf8_lossy(&bytes).into_owned(), replaced)
}

/// If `tokens[i]` (a `%`) starts a placeholder written without spaces, the index of its last token.
fn placeholder_end(tokens: &[SpannedToken], i: usize) -> Option<usize> {
    let adjacent = |a: usize, b: usize| {
        tokens
            .get(a)
            .zip(tokens.get(b))
            .is_some_and(|(x, y)| x.end == y.start)
    };
    let is_s = |k: usize| matches!(tokens.get(k).map(|t| &t.token), Some(Token::Word(w)) if w.value == "s" && w.quote_style.is_none());
    if adjacent(i, i + 1) && is_s(i + 1) {
        return Some(i + 1);
    }
    // %(name)s
    let shape = [Token::LParen];
    if adjacent(i, i + 1)
        && tokens.get(i + 1).map(|t| &t.token) == shape.first()
        && matches!(tokens.get(i + 2).map(|t| &t.token), Some(Token::Word(_)))
        && tokens.get(i + 3).map(|t| &t.token) == Some(&Token::RParen)
        && adjacent(i + 1, i + 2)
        && adjacent(i + 2, i + 3)
        && adjacent(i + 3, i + 4)
        && is_s(i + 4)
    {
        return Some(i + 4);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(sql: &str) -> Vec<&str> {
        split_statements(sql)
            .iter()
            .map(|p| &sql[p.span.start..p.span.end])
            .collect()
    }

    #[test]
    fn splits_on_top_level_semicolons_only() {
        let sql = "CREATE TABLE a (x text DEFAULT ';');\n-- c; d\nCOMMENT ON TABLE a IS 'x;y';\nDO $$ BEGIN PERFORM 1; END $$;";
        assert_eq!(
            texts(sql),
            vec![
                "CREATE TABLE a (x text DEFAULT ';')",
                "COMMENT ON TABLE a IS 'x;y'",
                "DO $$ BEGIN PERFORM 1; END $$"
            ]
        );
    }

    #[test]
    fn spans_count_bytes_and_lines_count_characters() {
        let sql = "SELECT 'é';\n  UPDATE t SET a = 'ü'";
        let pieces = split_statements(sql);
        assert_eq!(pieces.len(), 2);
        assert_eq!(
            &sql[pieces[1].span.start..pieces[1].span.end],
            "UPDATE t SET a = 'ü'"
        );
        assert_eq!((pieces[1].span.line, pieces[1].span.column), (2, 3));
    }

    #[test]
    fn empty_statements_and_comments_are_dropped() {
        assert!(texts(" ;; -- nothing\n").is_empty());
    }

    #[test]
    fn unterminated_string_keeps_earlier_statements() {
        let sql = "SELECT 1; UPDATE t SET a = 'oops";
        let pieces = split_statements(sql);
        assert_eq!(pieces.len(), 2);
        assert!(pieces[0].tokenizer_error.is_none());
        assert_eq!(
            &sql[pieces[1].span.start..pieces[1].span.end],
            "UPDATE t SET a = 'oops"
        );
        assert!(pieces[1].tokenizer_error.is_some());
    }

    #[test]
    fn placeholders_are_neutralised_in_place() {
        let sql = "INSERT INTO t (a, b, c) VALUES (%s, %(name)s, '%s')";
        let pieces = split_statements(sql);
        let (text, n) = neutralize_placeholders(sql, &pieces[0]);
        assert_eq!(n, 2);
        assert_eq!(text, "INSERT INTO t (a, b, c) VALUES ($1, $1      , '%s')");
        assert_eq!(text.len(), sql.len());
    }

    #[test]
    fn modulo_operator_is_not_a_placeholder() {
        let sql = "UPDATE t SET a = b % s";
        let pieces = split_statements(sql);
        assert_eq!(neutralize_placeholders(sql, &pieces[0]).1, 0);
    }
}
