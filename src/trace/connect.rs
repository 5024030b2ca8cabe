//! The one place `migguard trace` opens its database connection.
//!
//! A plain TCP/Unix-socket connection for now; once the shared `crate::db::connect` (TLS,
//! `sslmode`, CA file) is merged, this function calls it and nothing else changes.

use postgres::{Client, NoTls};

/// Connects to `url` (a `postgresql://` URL or `key=value` connection string).
pub fn connect(url: &str) -> Result<Client, String> {
    Client::connect(url, NoTls).map_err(|error| format!("cannot connect to the database: {error}"))
}
