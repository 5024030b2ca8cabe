//! Talking to a live PostgreSQL: the connection (TLS with libpq's `sslmode` semantics, session
//! safety settings) shared by every command that reads a database (`stats`, `trace`).

pub mod connect;
mod tls;
mod url;

pub use connect::{connect, describe_error, ConnectOptions, DbError, SslMode};
