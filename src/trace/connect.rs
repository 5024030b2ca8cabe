//! The one place `migguard trace` opens its database connection: the shared
//! [`crate::db::connect`] (TLS, `sslmode`, CA file), as a session that may run DDL.

use postgres::Client;

use crate::db::{self, ConnectOptions};

/// Connects as `options` say, in a session that is not read-only (the rehearsal runs DDL; it
/// is rolled back).
pub fn connect(mut options: ConnectOptions) -> Result<Client, String> {
    options.read_only = false;
    db::connect(&options).map_err(|error| error.to_string())
}
