//! migguard: static safety checks for Django schema migrations.
//!
//! The pipeline, one module per stage:
//! `discover` (find migrations packages and app labels) → `parse` (Python source to the typed
//! model in `ir`) → `graph` (Django's loader semantics and the forwards plan) → `state` → `ddl`
//! → `locks` → `checks` → `report`.

pub mod baseline;
pub mod checks;
pub mod cli;
pub mod config;
pub mod db;
pub mod ddl;
pub mod diagnostics;
pub mod discover;
pub mod git;
pub mod graph;
pub mod ir;
pub mod locks;
pub mod parse;
pub mod project;
pub mod python_path;
pub mod report;
pub mod settings;
pub mod state;
pub mod stats;
pub mod trace;
