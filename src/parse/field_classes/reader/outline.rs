//! The part of a module that reading one class needs, found without parsing the module.
//!
//! A package's `models.py` can be several times the size of all its migrations together, and
//! parsing it whole to read a twenty-line field class would cost more than the migrations do.
//! The outline keeps the module's top-level imports, its one-line constant assignments and the
//! class statement; every other line is blanked, so line numbers stay those of the file. When
//! the outline is not enough (a base imported inside `try:`, a constant spread over lines, a
//! docstring that confuses the line scan), the caller reads the whole module instead.

/// The outline of `text` for class `class_name`, or `None` if no top-level class statement of
/// that name is found.
pub fn class_outline(text: &str, class_name: &str) -> Option<String> {
    let lines: Vec<&str> = text.split('\n').collect();
    let mut keep = vec![false; lines.len()];
    let mut found = false;
    let mut index = 0;
    while index < lines.len() {
        let line = lines[index];
        if !starts_statement(line) {
            index += 1;
            continue;
        }
        let end = statement_end(&lines, index);
        if line.starts_with("import ") || line.starts_with("from ") || is_constant(line) {
            keep[index..=end].iter_mut().for_each(|kept| *kept = true);
        } else if is_class_header(line, class_name) {
            let body_end = block_end(&lines, end);
            keep[index..=body_end]
                .iter_mut()
                .for_each(|kept| *kept = true);
            found = true;
            index = body_end + 1;
            continue;
        }
        index = end + 1;
    }
    found.then(|| {
        lines
            .iter()
            .zip(&keep)
            .map(|(line, kept)| if *kept { *line } else { "" })
            .collect::<Vec<_>>()
            .join("\n")
    })
}

/// A line that starts a top-level statement (not indented, not blank, not a comment).
fn starts_statement(line: &str) -> bool {
    !line.starts_with([' ', '\t']) && !line.trim().is_empty() && !line.starts_with('#')
}

fn is_class_header(line: &str, class_name: &str) -> bool {
    line.strip_prefix("class ")
        .and_then(|rest| rest.strip_prefix(class_name))
        .is_some_and(|rest| rest.trim_start().starts_with(['(', ':']))
}

/// `NAME = value` on one line.
fn is_constant(line: &str) -> bool {
    let Some((name, value)) = line.split_once('=') else {
        return false;
    };
    let name = name.trim_end();
    !value.starts_with('=')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The last line of the statement starting at `start`: through unclosed brackets and
/// backslash continuations.
fn statement_end(lines: &[&str], start: usize) -> usize {
    let mut depth: i32 = 0;
    let mut index = start;
    while index < lines.len() {
        let line = lines[index];
        for c in line.chars() {
            match c {
                '(' | '[' | '{' => depth += 1,
                ')' | ']' | '}' => depth -= 1,
                '#' => break,
                _ => {}
            }
        }
        if depth <= 0 && !line.trim_end().ends_with('\\') {
            return index;
        }
        index += 1;
    }
    lines.len().saturating_sub(1)
}

/// The last line of the indented block after a header ending at `header_end`.
fn block_end(lines: &[&str], header_end: usize) -> usize {
    let mut end = header_end;
    for (index, line) in lines.iter().enumerate().skip(header_end + 1) {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        if !line.starts_with([' ', '\t']) {
            break;
        }
        end = index;
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_imports_constants_and_the_class_with_their_line_numbers() {
        let text = "\"\"\"Models.\"\"\"\nimport logging\nfrom django.db import (\n    models,\n)\n\nLIMIT = 63\nlogger = logging.getLogger(__name__)\n\nclass Other(models.Model):\n    name = models.CharField(max_length=LIMIT)\n\n\nclass Wanted(\n    models.CharField,\n):\n    \"\"\"Doc.\"\"\"\n\n    def pre_save(self, instance, add):\n        return 1\n# trailing comment\ndef helper():\n    pass\n";
        let outline = class_outline(text, "Wanted").expect("found");
        let lines: Vec<&str> = outline.split('\n').collect();
        assert_eq!(lines.len(), text.split('\n').count());
        assert_eq!(lines[0], "");
        assert_eq!(lines[1], "import logging");
        assert_eq!(lines[3], "    models,");
        assert_eq!(lines[6], "LIMIT = 63");
        assert_eq!(lines[7], "logger = logging.getLogger(__name__)");
        assert_eq!(lines[9], "", "other classes are left out");
        assert_eq!(lines[13], "class Wanted(");
        assert_eq!(lines[19], "        return 1");
        assert_eq!(lines[21], "", "what follows the class is left out");
        assert!(class_outline(text, "Want").is_none());
        assert!(class_outline(text, "Missing").is_none());
    }
}
