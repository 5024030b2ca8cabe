//! Bounds on what one file may cost, so that a hostile or generated file is reported instead of
//! overflowing the stack or exhausting memory, and the rest of the project is still read.
//!
//! - Before parsing, the token stream is checked ([`TokenGuard`]): Python's own limits on
//!   nested brackets (200) and indentation (99 levels) are syntax errors as in CPython; a
//!   file over [`MAX_FILE_BYTES`] or [`MAX_TOKENS`], or an expression that could nest deeper
//!   than [`MAX_EXPRESSION_DEPTH`], is refused before its syntax tree is built.
//! - While evaluating, a [`Budget`] bounds the evaluator's recursion and the work of building
//!   values (every node created or copied), so `A = A + A` thirty times or `"x" * 10**9` stop
//!   at the budget instead of growing without end.

use std::cell::Cell;

use rustpython_parser::lexer::{LexResult, LexicalError, LexicalErrorType};
use rustpython_parser::text_size::TextSize;
use rustpython_parser::{StringKind, Tok};

use crate::ir::{Span, Value};

/// Largest file read, in bytes.
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;
/// Most tokens in a file (a syntax tree node costs about a hundred bytes per token).
pub const MAX_TOKENS: usize = 1_000_000;
/// Most nested brackets, as CPython ("too many nested parentheses").
pub const MAX_NESTED_BRACKETS: usize = 200;
/// Most nested indentation levels, as CPython ("too many levels of indentation").
pub const MAX_INDENTATION: usize = 99;
/// Deepest expression read (CPython 3.11 itself stops near 3,000 levels). The token guard
/// bounds the depth by the tokens on a path through the brackets; the evaluator checks it too.
pub const MAX_EXPRESSION_DEPTH: usize = 1_000;
/// Work units the evaluation of one file may spend: one per value node built or copied, one
/// per 16 bytes of text. The largest migrations of the field test spend under 2,000; reaching
/// the limit takes about 40 MB and 0.1 s (release build).
pub const MAX_WORK: u64 = 1_000_000;

/// What made a file too costly to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exceeded {
    /// Python's own limit: too many nested brackets or indentation levels.
    PythonNesting(&'static str),
    /// More than [`MAX_FILE_BYTES`] or [`MAX_TOKENS`].
    FileTooLarge(&'static str),
    /// An expression nested deeper than [`MAX_EXPRESSION_DEPTH`].
    TooDeep,
    /// Evaluation beyond [`MAX_WORK`].
    TooMuchWork,
}

impl Exceeded {
    /// A sentence for a diagnostic.
    pub fn message(self) -> String {
        match self {
            Exceeded::PythonNesting(what) => what.to_string(),
            Exceeded::FileTooLarge(what) => format!("file too large to analyse: {what}"),
            Exceeded::TooDeep => format!(
                "expression nested too deeply to analyse (more than {MAX_EXPRESSION_DEPTH} levels)"
            ),
            Exceeded::TooMuchWork => format!(
                "values too large to analyse: evaluating the file's constants would build more \
                 than {MAX_WORK} values"
            ),
        }
    }
}

/// Checks the token stream on its way to the parser; the first limit crossed ends the stream
/// with a lexical error and is kept in [`TokenGuard::exceeded`].
pub struct TokenGuard<I> {
    tokens: I,
    count: usize,
    indentation: usize,
    /// Per open bracket (and the statement level at the bottom): tokens since the last
    /// separator, and the `lambda` parameter lists open at that level.
    frames: Vec<Frame>,
    /// Sum of the frames' token counts: a bound on the depth of the expression being read.
    depth: usize,
    pub exceeded: Option<(Exceeded, TextSize)>,
}

#[derive(Default)]
struct Frame {
    tokens: usize,
    lambda_parameters: usize,
}

impl<I: Iterator<Item = LexResult>> TokenGuard<I> {
    pub fn new(tokens: I) -> Self {
        TokenGuard {
            tokens,
            count: 0,
            indentation: 0,
            frames: vec![Frame::default()],
            depth: 0,
            exceeded: None,
        }
    }

    fn frame(&mut self) -> &mut Frame {
        // The statement-level frame is never popped.
        self.frames.last_mut().expect("statement frame")
    }

    /// Ends the current item of the innermost frame (after a separator).
    fn reset_frame(&mut self) {
        let tokens = std::mem::take(&mut self.frame().tokens);
        self.depth -= tokens;
    }

    fn add(&mut self, tokens: usize) {
        self.frame().tokens += tokens;
        self.depth += tokens;
    }

    /// Updates the counts for one token; the limit crossed, if any.
    fn check(&mut self, token: &Tok) -> Option<Exceeded> {
        self.count += 1;
        if self.count > MAX_TOKENS {
            return Some(Exceeded::FileTooLarge("more than 1,000,000 tokens"));
        }
        match token {
            Tok::Lpar | Tok::Lsqb | Tok::Lbrace => {
                if self.frames.len() > MAX_NESTED_BRACKETS {
                    return Some(Exceeded::PythonNesting("too many nested parentheses"));
                }
                self.add(1);
                self.frames.push(Frame::default());
            }
            Tok::Rpar | Tok::Rsqb | Tok::Rbrace => {
                if self.frames.len() > 1 {
                    self.reset_frame();
                    self.frames.pop();
                }
            }
            Tok::Indent => {
                self.indentation += 1;
                if self.indentation > MAX_INDENTATION {
                    return Some(Exceeded::PythonNesting("too many levels of indentation"));
                }
            }
            Tok::Dedent => self.indentation = self.indentation.saturating_sub(1),
            // `lambda a, b: ...`: the commas of a parameter list separate nothing deeper.
            Tok::Lambda => {
                self.frame().lambda_parameters += 1;
                self.add(1);
            }
            Tok::Colon if self.frame().lambda_parameters > 0 => {
                self.frame().lambda_parameters -= 1;
                self.add(1);
            }
            Tok::Comma if self.frame().lambda_parameters == 0 => self.reset_frame(),
            Tok::Newline | Tok::Semi if self.frames.len() == 1 => {
                self.reset_frame();
                self.frame().lambda_parameters = 0;
            }
            Tok::String {
                value,
                kind: StringKind::FString | StringKind::RawFString,
                ..
            } => self.add(1 + fstring_expression_weight(value)),
            _ => self.add(1),
        }
        (self.depth > MAX_EXPRESSION_DEPTH).then_some(Exceeded::TooDeep)
    }
}

/// A bound on the depth of the expressions inside an f-string's braces (the parser reads them
/// from the string token): their non-blank characters.
fn fstring_expression_weight(value: &str) -> usize {
    let mut weight = 0;
    let mut depth = 0usize;
    let mut characters = value.chars().peekable();
    while let Some(character) = characters.next() {
        match character {
            '{' if depth == 0 && characters.peek() == Some(&'{') => {
                characters.next();
            }
            '{' => depth += 1,
            '}' if depth > 0 => depth -= 1,
            _ if depth > 0 && !character.is_whitespace() => weight += 1,
            _ => {}
        }
        weight += usize::from(depth > 0 && matches!(character, '{' | '}'));
    }
    weight
}

impl<I: Iterator<Item = LexResult>> Iterator for TokenGuard<I> {
    type Item = LexResult;

    fn next(&mut self) -> Option<LexResult> {
        if self.exceeded.is_some() {
            return None;
        }
        let item = self.tokens.next()?;
        let Ok((token, range)) = &item else {
            return Some(item);
        };
        match self.check(token) {
            None => Some(item),
            Some(exceeded) => {
                self.exceeded = Some((exceeded, range.start()));
                Some(Err(LexicalError {
                    error: LexicalErrorType::OtherError(exceeded.message()),
                    location: range.start(),
                }))
            }
        }
    }
}

/// The evaluator's recursion depth and work so far for one file; once exceeded, evaluation
/// yields unknown values and the file is reported.
#[derive(Debug, Default)]
pub struct Budget {
    depth: Cell<usize>,
    work: Cell<u64>,
    exceeded: Cell<Option<(Exceeded, Span)>>,
}

impl Budget {
    /// The first limit crossed, with the span of the expression that crossed it.
    pub fn exceeded(&self) -> Option<(Exceeded, Span)> {
        self.exceeded.get()
    }

    /// Work units spent so far.
    pub fn work(&self) -> u64 {
        self.work.get()
    }

    pub fn is_exceeded(&self) -> bool {
        self.exceeded.get().is_some()
    }

    /// Enters one level of evaluation, charging one unit; `false` when that crosses a limit
    /// (then [`Budget::leave`] must not be called).
    pub fn enter(&self, span: impl FnOnce() -> Span) -> bool {
        if self.depth.get() >= MAX_EXPRESSION_DEPTH {
            self.exceed(Exceeded::TooDeep, span());
            return false;
        }
        if !self.charge(1, span) {
            return false;
        }
        self.depth.set(self.depth.get() + 1);
        true
    }

    pub fn leave(&self) {
        self.depth.set(self.depth.get().saturating_sub(1));
    }

    /// Charges `units` of work; `false` once the budget is spent.
    pub fn charge(&self, units: u64, span: impl FnOnce() -> Span) -> bool {
        if self.is_exceeded() {
            return false;
        }
        let work = self.work.get().saturating_add(units);
        self.work.set(work);
        if work > MAX_WORK {
            self.exceed(Exceeded::TooMuchWork, span());
            return false;
        }
        true
    }

    /// Charges for a copy of `value` (its size, measured without recursion); `false` when the
    /// budget is spent or the value nests deeper than [`MAX_EXPRESSION_DEPTH`].
    pub fn charge_copy(&self, value: &Value, span: impl FnOnce() -> Span) -> bool {
        self.charge_copies(std::slice::from_ref(value), 1, span)
    }

    /// Charges for `times` copies of `items`, as [`Budget::charge_copy`].
    pub fn charge_copies(&self, items: &[Value], times: u64, span: impl FnOnce() -> Span) -> bool {
        if self.is_exceeded() {
            return false;
        }
        let remaining = MAX_WORK.saturating_sub(self.work.get());
        let mut once = Size { units: 0, depth: 0 };
        for item in items {
            match measure(item, remaining.saturating_sub(once.units)) {
                Some(size) => {
                    once.units += size.units;
                    once.depth = once.depth.max(size.depth);
                }
                None => return self.charge(remaining.saturating_add(1), span),
            }
        }
        if once.depth > MAX_EXPRESSION_DEPTH {
            self.exceed(Exceeded::TooDeep, span());
            return false;
        }
        self.charge(once.units.saturating_mul(times), span)
    }

    fn exceed(&self, exceeded: Exceeded, span: Span) {
        if self.exceeded.get().is_none() {
            self.exceeded.set(Some((exceeded, span)));
        }
    }
}

/// A value's cost in work units and its nesting depth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Size {
    pub units: u64,
    pub depth: usize,
}

/// Work units of `text`.
pub fn text_units(text: &str) -> u64 {
    1 + text.len() as u64 / 16
}

/// Measures a value with an explicit stack (a deep value must not overflow the measuring);
/// `None` as soon as it costs more than `limit` units.
pub fn measure(value: &Value, limit: u64) -> Option<Size> {
    let mut size = Size { units: 0, depth: 0 };
    let mut pending: Vec<(&Value, usize)> = vec![(value, 1)];
    while let Some((value, depth)) = pending.pop() {
        size.depth = size.depth.max(depth);
        size.units += match value {
            Value::BigInt(text)
            | Value::Str(text)
            | Value::Ref(text)
            | Value::Lambda(text)
            | Value::Setting { name: text, .. } => text_units(text),
            Value::Bytes(bytes) => 1 + bytes.len() as u64 / 16,
            Value::Unknown { source, reason, .. } => text_units(source) + text_units(reason),
            Value::BinOp { op, .. } | Value::UnaryOp { op, .. } => text_units(op),
            Value::Call(call) => text_units(&call.func),
            _ => 1,
        };
        if size.units > limit {
            return None;
        }
        let below = depth + 1;
        match value {
            Value::List(items) | Value::Tuple(items) | Value::Set(items) => {
                pending.extend(items.iter().map(|item| (item, below)))
            }
            Value::Dict(entries) => {
                for (key, item) in entries {
                    pending.extend([(key, below), (item, below)]);
                }
            }
            Value::Setting { resolved, .. } => pending.push((resolved, below)),
            Value::Call(call) => {
                pending.extend(call.receiver.as_deref().map(|receiver| (receiver, below)));
                pending.extend(call.args.iter().map(|arg| (arg, below)));
                pending.extend(call.kwargs.iter().map(|(_, arg)| (arg, below)));
            }
            Value::BinOp { left, right, .. } => {
                pending.extend([(&**left, below), (&**right, below)])
            }
            Value::UnaryOp { operand, .. } => pending.push((operand, below)),
            _ => {}
        }
    }
    Some(size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use rustpython_parser::{lexer::lex, Mode};

    fn guard(source: &str) -> Option<Exceeded> {
        let mut guard = TokenGuard::new(lex(source, Mode::Module));
        for _ in guard.by_ref() {}
        guard.exceeded.map(|(exceeded, _)| exceeded)
    }

    #[test]
    fn python_nesting_limits_are_cpythons() {
        let parens = |n: usize| format!("X = {}1{}\n", "(".repeat(n), ")".repeat(n));
        assert_eq!(guard(&parens(200)), None);
        assert_eq!(
            guard(&parens(201)),
            Some(Exceeded::PythonNesting("too many nested parentheses"))
        );
        let ifs = |n: usize| {
            let mut text: String = (0..n)
                .map(|i| format!("{}if x:\n", " ".repeat(i)))
                .collect();
            text.push_str(&format!("{}pass\n", " ".repeat(n)));
            text
        };
        assert_eq!(guard(&ifs(99)), None);
        assert!(matches!(guard(&ifs(100)), Some(Exceeded::PythonNesting(_))));
    }

    #[test]
    fn long_flat_literals_are_not_deep_but_long_chains_are() {
        let items = vec!["1"; 20_000].join(", ");
        assert_eq!(guard(&format!("X = [{items}]\nY = {{{items}}}\n")), None);
        let chain = vec!["[1]"; 600].join(" + ");
        assert_eq!(guard(&format!("X = {chain}\n")), Some(Exceeded::TooDeep));
        let lambdas = "lambda a, b: ".repeat(600);
        assert_eq!(guard(&format!("X = {lambdas}1\n")), Some(Exceeded::TooDeep));
        let fstring = format!("X = f'{{{}1}}'\n", "-".repeat(2_000));
        assert_eq!(guard(&fstring), Some(Exceeded::TooDeep));
        let sql = format!("X = f'{} {{table}}'\n", "SELECT 1 ".repeat(2_000));
        assert_eq!(guard(&sql), None);
    }

    #[test]
    fn a_value_is_measured_without_recursion() {
        let mut value = Value::Int(1);
        for _ in 0..100_000 {
            value = Value::List(vec![value]);
        }
        let size = measure(&value, u64::MAX).expect("within the limit");
        assert_eq!((size.units, size.depth), (100_001, 100_001));
        assert_eq!(measure(&value, 1_000), None);
        // Dropping it recursively would overflow the test thread's stack: unwrap iteratively.
        while let Value::List(mut items) = value {
            value = items.pop().unwrap_or(Value::None);
        }
    }

    #[test]
    fn the_budget_stops_at_the_first_limit() {
        let budget = Budget::default();
        assert!(budget.charge(MAX_WORK, Span::default));
        assert!(!budget.charge(1, Span::default));
        assert_eq!(
            budget.exceeded().map(|(e, _)| e),
            Some(Exceeded::TooMuchWork)
        );
        assert!(!budget.enter(Span::default));
    }
}
