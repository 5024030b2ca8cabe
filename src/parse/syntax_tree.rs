//! Python text to a syntax tree, within the [`limits`](super::limits), on threads with a large
//! stack: the parser, the evaluator and dropping a syntax tree all recurse on its depth.

use std::path::Path;
use std::sync::OnceLock;

use rustpython_parser::text_size::TextSize;
use rustpython_parser::{ast, lexer, Mode, Parse};

use super::limits::{Exceeded, TokenGuard, MAX_FILE_BYTES};

/// Stack size of the parsing threads. Measured (rustpython-parser built with opt-level 2):
/// parsing and dropping a left-nested chain or a run of unary operators overflows a 2 MiB
/// stack between 10,000 and 30,000 levels and a 64 MiB one between 300,000 and 1,000,000; the
/// limits keep a tree within about 1,100 levels, and evaluating one at the limit needs 1 to
/// 2 MiB in a debug build (much less optimised), so 64 MiB leaves a wide margin.
pub const PARSE_STACK_BYTES: usize = 64 * 1024 * 1024;

/// Why text was not turned into a syntax tree.
#[derive(Debug)]
pub enum Refusal {
    /// A Python syntax error: message and byte offset.
    Syntax(String, TextSize),
    /// A limit crossed, at a byte offset.
    Limit(Exceeded, TextSize),
}

/// Parses a module, refusing text beyond the limits before its syntax tree is built.
pub fn parse_module(text: &str, path: &str) -> Result<ast::Suite, Refusal> {
    if text.len() > MAX_FILE_BYTES {
        return Err(Refusal::Limit(
            Exceeded::FileTooLarge("larger than 10 MiB"),
            TextSize::default(),
        ));
    }
    let mut guard = TokenGuard::new(lexer::lex(text, Mode::Module));
    let parsed = ast::Suite::parse_tokens(&mut guard, path);
    if let Some((exceeded, offset)) = guard.exceeded {
        return Err(match exceeded {
            Exceeded::PythonNesting(message) => Refusal::Syntax(message.to_string(), offset),
            _ => Refusal::Limit(exceeded, offset),
        });
    }
    parsed.map_err(|error| Refusal::Syntax(error.error.to_string(), error.offset))
}

/// Reads a Python module that is not a migration (a settings module, an `apps.py`) as
/// Python would (PEP 263 decoding) and parses it within the same limits as a migration; the
/// error says why, naming the file.
pub fn read_module_file(path: &Path) -> Result<(String, ast::Suite), String> {
    let bytes = std::fs::read(path).map_err(|error| format!("{}: {error}", path.display()))?;
    let text = super::encoding::decode_source(&bytes)
        .map_err(|error| format!("{}: {}", path.display(), error.message))?
        .into_owned();
    match parse_module(&text, &path.to_string_lossy()) {
        Ok(suite) => Ok((text, suite)),
        Err(Refusal::Syntax(message, _)) => Err(format!(
            "{}: Python syntax error: {message}",
            path.display()
        )),
        Err(Refusal::Limit(exceeded, _)) => {
            Err(format!("{}: {}", path.display(), exceeded.message()))
        }
    }
}

/// Runs `work` on a parsing thread (a rayon pool whose threads have [`PARSE_STACK_BYTES`] of
/// stack), or right here when already on one, or when that pool cannot be started.
pub fn on_parse_stack<R: Send>(work: impl FnOnce() -> R + Send) -> R {
    static POOL: OnceLock<Option<rayon::ThreadPool>> = OnceLock::new();
    let pool = POOL.get_or_init(|| {
        rayon::ThreadPoolBuilder::new()
            .thread_name(|index| format!("migguard-parse-{index}"))
            .stack_size(PARSE_STACK_BYTES)
            .build()
            .ok()
    });
    match pool {
        Some(pool) if pool.current_thread_index().is_none() => pool.install(work),
        _ => work(),
    }
}
