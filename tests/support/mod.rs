//! Helpers for tests that need a live PostgreSQL.

pub mod catalog;
pub mod server;
