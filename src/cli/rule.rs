//! `migguard rule NAME` / `migguard rule --all`: the documentation of the check rules.

use clap::{Args, ValueEnum};

use super::{EXIT_ERRORS, EXIT_OK};
use crate::checks::{Rule, RULES};

#[derive(Debug, Args)]
pub struct RuleArgs {
    /// The rule's name (e.g. adding-not-null-column).
    #[arg(required_unless_present = "all")]
    name: Option<String>,
    /// Every rule.
    #[arg(long, conflicts_with = "name")]
    all: bool,
    #[arg(long, value_enum, default_value_t = RuleFormat::Text)]
    format: RuleFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum RuleFormat {
    Text,
    Markdown,
    Json,
}

pub fn run(args: &RuleArgs) -> u8 {
    let rules: Vec<&Rule> = match &args.name {
        Some(name) => match crate::checks::rule(name) {
            Some(rule) => vec![rule],
            None => {
                eprintln!("error: unknown rule '{name}' (`migguard rule --all` lists them)");
                return EXIT_ERRORS;
            }
        },
        None => RULES.iter().collect(),
    };
    match args.format {
        RuleFormat::Markdown => {
            for (index, rule) in rules.iter().enumerate() {
                if index > 0 {
                    println!();
                }
                print!("{}", rule.doc);
            }
        }
        RuleFormat::Text if args.all => {
            for rule in &rules {
                println!("{:<32} {:<8} {}", rule.name, rule.severity, rule.summary);
            }
        }
        RuleFormat::Text => print!("{}", rules[0].doc),
        RuleFormat::Json => {
            let value: Vec<serde_json::Value> = rules.iter().map(|rule| rule_json(rule)).collect();
            let value = if args.all {
                serde_json::Value::Array(value)
            } else {
                value[0].clone()
            };
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
    }
    EXIT_OK
}

pub(crate) fn rule_json(rule: &Rule) -> serde_json::Value {
    serde_json::json!({
        "name": rule.name,
        "severity": rule.severity,
        "categories": rule.categories,
        "default_enabled": rule.default_enabled,
        "has_fix": rule.has_fix,
        "summary": rule.summary,
        "doc": rule.doc,
    })
}
