//! Whether `ALTER COLUMN ... TYPE` from one type to another needs a table rewrite.
//!
//! PostgreSQL skips the rewrite when the conversion is binary-coercible and the new type
//! modifier accepts every old value (ALTER TABLE docs, "Notes"). The rules here cover the
//! common cases; anything not listed is treated as a rewrite.

/// A column type reduced to a canonical base name and its numeric modifiers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TypeName {
    base: String,
    modifiers: Vec<u32>,
}

/// The outcome of comparing an old and a new column type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TypeChange {
    /// Binary-coercible and the new modifier accepts all old values.
    NoRewrite,
    /// Every row is rewritten (and indexes rebuilt).
    Rewrite,
    /// No rewrite only under a session setting; the reason is given.
    Conditional(&'static str),
}

impl TypeName {
    /// Parses a type as written in SQL or by `format_type()`, e.g. `character varying(20)`,
    /// `NUMERIC(10, 2)`, `timestamp(3) with time zone`, `pg_catalog.int4`.
    pub(crate) fn parse(text: &str) -> TypeName {
        let lowered = text.trim().to_ascii_lowercase();
        let (mut outside, mut inside) = (String::new(), String::new());
        let mut depth = 0usize;
        for ch in lowered.chars() {
            match ch {
                '(' => depth += 1,
                ')' => depth = depth.saturating_sub(1),
                '"' => {}
                c if depth > 0 => inside.push(c),
                c => outside.push(c),
            }
        }
        let modifiers = inside
            .split(',')
            .filter_map(|m| m.trim().parse::<u32>().ok())
            .collect();
        let words = outside.split_whitespace().collect::<Vec<_>>().join(" ");
        let unqualified = words
            .strip_prefix("pg_catalog.")
            .or_else(|| words.strip_prefix("public."))
            .unwrap_or(&words);
        TypeName {
            base: canonical_base(unqualified).to_string(),
            modifiers,
        }
    }
}

fn canonical_base(name: &str) -> &str {
    match name {
        "character varying" | "varchar" => "varchar",
        "character" | "char" | "bpchar" => "bpchar",
        "int" | "integer" | "int4" => "int4",
        "bigint" | "int8" => "int8",
        "smallint" | "int2" => "int2",
        "decimal" | "numeric" => "numeric",
        "timestamp" | "timestamp without time zone" => "timestamp",
        "timestamptz" | "timestamp with time zone" => "timestamptz",
        "time" | "time without time zone" => "time",
        "timetz" | "time with time zone" => "timetz",
        "bit varying" | "varbit" => "varbit",
        "double precision" | "float8" => "float8",
        "real" | "float4" => "float4",
        "boolean" | "bool" => "bool",
        other => other,
    }
}

/// Whether `new` accepts every value of `old` for a type whose single modifier is a limit
/// (length or precision): no modifier means unlimited.
fn limit_not_lowered(old: &[u32], new: &[u32]) -> bool {
    match (old.first(), new.first()) {
        (_, None) => true,
        (None, Some(_)) => false,
        (Some(o), Some(n)) => n >= o,
    }
}

/// Compares two column types.
pub(crate) fn type_change(old: &TypeName, new: &TypeName) -> TypeChange {
    use TypeChange::*;
    if old == new {
        return NoRewrite;
    }
    let (o, n) = (old.base.as_str(), new.base.as_str());
    match (o, n) {
        ("varchar", "varchar") | ("varbit", "varbit") => {
            if limit_not_lowered(&old.modifiers, &new.modifiers) {
                NoRewrite
            } else {
                Rewrite
            }
        }
        ("varchar", "text") | ("text", "text") => NoRewrite,
        ("text", "varchar") if new.modifiers.is_empty() => NoRewrite,
        ("citext", "text") | ("text", "citext") | ("varchar", "citext") => NoRewrite,
        ("citext", "varchar") if new.modifiers.is_empty() => NoRewrite,
        ("cidr", "inet") => NoRewrite,
        ("numeric", "numeric") => numeric_change(&old.modifiers, &new.modifiers),
        ("timestamp", "timestamp") | ("timestamptz", "timestamptz") | ("time", "time") | ("timetz", "timetz")
        | ("interval", "interval") => {
            if limit_not_lowered(&old.modifiers, &new.modifiers) {
                NoRewrite
            } else {
                Rewrite
            }
        }
        ("timestamp", "timestamptz") | ("timestamptz", "timestamp") => {
            Conditional("timestamp <-> timestamptz skips the rewrite only when the session TimeZone is UTC (PostgreSQL 12+)")
        }
        _ => Rewrite,
    }
}

fn numeric_change(old: &[u32], new: &[u32]) -> TypeChange {
    if new.is_empty() {
        return TypeChange::NoRewrite;
    }
    let (Some(&old_precision), Some(&new_precision)) = (old.first(), new.first()) else {
        return TypeChange::Rewrite;
    };
    let old_scale = old.get(1).copied().unwrap_or(0);
    let new_scale = new.get(1).copied().unwrap_or(0);
    if new_scale == old_scale && new_precision >= old_precision {
        TypeChange::NoRewrite
    } else {
        TypeChange::Rewrite
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn change(old: &str, new: &str) -> TypeChange {
        type_change(&TypeName::parse(old), &TypeName::parse(new))
    }

    #[test]
    fn varchar_widening_and_to_text_do_not_rewrite() {
        assert_eq!(change("varchar(10)", "VARCHAR(20)"), TypeChange::NoRewrite);
        assert_eq!(
            change("character varying(10)", "varchar"),
            TypeChange::NoRewrite
        );
        assert_eq!(change("varchar(10)", "text"), TypeChange::NoRewrite);
        assert_eq!(change("text", "character varying"), TypeChange::NoRewrite);
    }

    #[test]
    fn adding_or_lowering_a_limit_rewrites() {
        assert_eq!(change("varchar(20)", "varchar(10)"), TypeChange::Rewrite);
        assert_eq!(change("text", "varchar(10)"), TypeChange::Rewrite);
        assert_eq!(change("varchar", "varchar(10)"), TypeChange::Rewrite);
    }

    #[test]
    fn numeric_precision_raise_with_same_scale_does_not_rewrite() {
        assert_eq!(
            change("numeric(5,2)", "numeric(8, 2)"),
            TypeChange::NoRewrite
        );
        assert_eq!(change("numeric(5,2)", "numeric"), TypeChange::NoRewrite);
        assert_eq!(change("numeric(5,2)", "numeric(8,3)"), TypeChange::Rewrite);
        assert_eq!(change("numeric", "numeric(8,2)"), TypeChange::Rewrite);
        assert_eq!(change("decimal(5)", "numeric(6,0)"), TypeChange::NoRewrite);
    }

    #[test]
    fn time_precision_and_network_types() {
        assert_eq!(
            change("timestamp(3) with time zone", "timestamptz"),
            TypeChange::NoRewrite
        );
        assert_eq!(
            change("timestamptz", "timestamp(3) with time zone"),
            TypeChange::Rewrite
        );
        assert_eq!(change("cidr", "inet"), TypeChange::NoRewrite);
        assert_eq!(change("inet", "cidr"), TypeChange::Rewrite);
        assert!(matches!(
            change("timestamp", "timestamp with time zone"),
            TypeChange::Conditional(_)
        ));
    }

    #[test]
    fn integer_widening_rewrites() {
        assert_eq!(change("integer", "bigint"), TypeChange::Rewrite);
        assert_eq!(change("int4", "pg_catalog.int4"), TypeChange::NoRewrite);
        assert_eq!(change("uuid", "text"), TypeChange::Rewrite);
    }
}
