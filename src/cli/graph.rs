//! `migguard graph`.

use clap::{Args, ValueEnum};

use super::{ProjectArgs, EXIT_ERRORS, EXIT_OK};
use crate::project::Project;
use crate::report;

#[derive(Debug, Args)]
pub struct GraphArgs {
    #[command(flatten)]
    project: ProjectArgs,
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Text)]
    format: GraphFormat,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum GraphFormat {
    Text,
    Dot,
    Json,
}

pub fn run(args: &GraphArgs) -> u8 {
    let options = match args.project.load_options() {
        Ok(options) => options,
        Err(diagnostic) => {
            eprintln!("{diagnostic}");
            return EXIT_ERRORS;
        }
    };
    let project = super::kept_until_exit(Project::load(&options));
    let output = match args.format {
        GraphFormat::Text => report::graph::text(&project),
        GraphFormat::Dot => report::graph::dot(&project),
        GraphFormat::Json => report::graph::json(&project),
    };
    print!("{output}");
    if !matches!(args.format, GraphFormat::Text) {
        for diagnostic in &project.diagnostics {
            eprintln!("{diagnostic}");
        }
    }
    if project.has_errors() {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}
