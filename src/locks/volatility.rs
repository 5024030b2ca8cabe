//! Volatility of DEFAULT expressions: a volatile default (`random()`, `gen_random_uuid()`,
//! `clock_timestamp()`, `nextval()` ...) makes `ADD COLUMN` rewrite the table; a constant or
//! STABLE one (`now()`, `CURRENT_TIMESTAMP`) does not (PostgreSQL 11+).

use std::ops::ControlFlow;

use sqlparser::ast::{visit_expressions, Expr};

/// Functions PostgreSQL marks VOLATILE that appear in column defaults.
const VOLATILE: &[&str] = &[
    "random",
    "random_normal",
    "clock_timestamp",
    "timeofday",
    "gen_random_uuid",
    "uuidv4",
    "uuidv7",
    "uuid_generate_v1",
    "uuid_generate_v1mc",
    "uuid_generate_v4",
    "nextval",
    "setval",
    "currval",
    "lastval",
    "txid_current",
    "pg_current_xact_id",
];

/// Functions known to be IMMUTABLE or STABLE (safe for the no-rewrite fast default).
const NON_VOLATILE: &[&str] = &[
    "now",
    "current_timestamp",
    "current_date",
    "current_time",
    "localtimestamp",
    "localtime",
    "statement_timestamp",
    "transaction_timestamp",
    "current_user",
    "session_user",
    "current_schema",
    "lower",
    "upper",
    "length",
    "coalesce",
    "nullif",
    "greatest",
    "least",
    "concat",
    "to_char",
    "to_jsonb",
    "jsonb_build_object",
    "jsonb_build_array",
    "json_build_object",
    "json_build_array",
    "make_interval",
    "date_trunc",
    "abs",
    "round",
    "md5",
    "replace",
    "array",
];

/// How volatile a default expression is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Volatility {
    /// Only constants and known IMMUTABLE/STABLE functions.
    NonVolatile,
    /// Calls a function known to be VOLATILE.
    Volatile(String),
    /// Calls a function this crate does not know; treated as volatile (worst case).
    Unknown(String),
}

/// Classifies an expression by the most volatile function it calls.
pub(crate) fn volatility(expr: &Expr) -> Volatility {
    let mut unknown: Option<String> = None;
    let flow = visit_expressions(expr, |e| {
        if let Expr::Function(f) = e {
            let name = f
                .name
                .0
                .last()
                .and_then(|p| p.as_ident())
                .map(|i| i.value.to_ascii_lowercase())
                .unwrap_or_default();
            if VOLATILE.contains(&name.as_str()) {
                return ControlFlow::Break(name);
            }
            if !NON_VOLATILE.contains(&name.as_str()) && unknown.is_none() {
                unknown = Some(name);
            }
        }
        ControlFlow::Continue(())
    });
    match (flow, unknown) {
        (ControlFlow::Break(name), _) => Volatility::Volatile(name),
        (ControlFlow::Continue(()), Some(name)) => Volatility::Unknown(name),
        (ControlFlow::Continue(()), None) => Volatility::NonVolatile,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sqlparser::dialect::PostgreSqlDialect;
    use sqlparser::parser::Parser;

    fn of(sql: &str) -> Volatility {
        let expr = Parser::new(&PostgreSqlDialect {})
            .try_with_sql(sql)
            .and_then(|mut p| p.parse_expr())
            .expect("test expression parses");
        volatility(&expr)
    }

    #[test]
    fn stable_time_functions_are_not_volatile() {
        assert_eq!(of("now()"), Volatility::NonVolatile);
        assert_eq!(of("CURRENT_TIMESTAMP"), Volatility::NonVolatile);
        assert_eq!(of("statement_timestamp()"), Volatility::NonVolatile);
        assert_eq!(of("'{}'::jsonb"), Volatility::NonVolatile);
        assert_eq!(of("0"), Volatility::NonVolatile);
    }

    #[test]
    fn common_volatile_functions_are_detected() {
        for f in [
            "random()",
            "clock_timestamp()",
            "gen_random_uuid()",
            "uuid_generate_v4()",
            "timeofday()",
        ] {
            assert!(matches!(of(f), Volatility::Volatile(_)), "{f}");
        }
        assert_eq!(
            of("nextval('s'::regclass)"),
            Volatility::Volatile("nextval".into())
        );
        assert_eq!(
            of("(random() * 10)::int"),
            Volatility::Volatile("random".into())
        );
    }

    #[test]
    fn unknown_functions_are_reported() {
        assert_eq!(of("my_func(1)"), Volatility::Unknown("my_func".into()));
    }
}
