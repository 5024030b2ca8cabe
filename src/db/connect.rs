//! One connection to a live PostgreSQL, made as libpq would make it, with the session set up
//! for tools that must never hurt the server they read.
//!
//! The connection string is what `psql` accepts (URI `postgresql://user@host:5432/db?...` or
//! keyword form `host=... dbname=...`, as the `postgres` crate parses it), plus libpq's TLS
//! parameters that crate lacks: `sslmode` with all of libpq's values (`disable`, `prefer`,
//! `require`, `verify-ca`, `verify-full`; default `prefer`) and `sslrootcert` (a PEM file of
//! CAs; libpq 16's `system` is refused with a clear message). Options given on the command
//! line win over the string's. See `super::tls` for what each mode verifies. TLS is never attempted over a Unix socket
//! (libpq's rule).
//!
//! **TLS stack: rustls (ring provider) through `tokio-postgres-rustls`.** It builds from
//! crates alone (no system OpenSSL headers, no cmake, nothing to install on a CI runner or a
//! developer machine), links statically so the binary runs on any host, and is memory-safe;
//! `verify-ca` and `require` are small verifiers over the same webpki checks. What it does not
//! do that libpq's OpenSSL does: TLS 1.0/1.1 (no supported PostgreSQL needs them) and the
//! fallback to the certificate's Common Name when it has no subjectAltName (`verify-full`
//! needs the host in the subjectAltName, as every managed service's certificate has it).
//!
//! After connecting, the session gets `statement_timeout`, `lock_timeout` and (by default)
//! `default_transaction_read_only = on`, and `application_name` defaults to `migguard`.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

use postgres::config::Host;
use postgres::Client;
use tokio_postgres_rustls::MakeRustlsConnect;

use super::tls::{self, RootSource, Verification};
use super::url::split_tls_params;

/// libpq's `sslmode`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SslMode {
    /// Never TLS.
    Disable,
    /// TLS if the server offers it, else plain (libpq's default).
    #[default]
    Prefer,
    /// TLS or fail; the certificate is checked only against a given CA (see the module doc).
    Require,
    /// TLS, certificate chain checked against the CA file.
    VerifyCa,
    /// TLS, chain and host name checked.
    VerifyFull,
}

impl SslMode {
    /// The libpq spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            SslMode::Disable => "disable",
            SslMode::Prefer => "prefer",
            SslMode::Require => "require",
            SslMode::VerifyCa => "verify-ca",
            SslMode::VerifyFull => "verify-full",
        }
    }
}

impl fmt::Display for SslMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SslMode {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, String> {
        match text {
            "disable" => Ok(SslMode::Disable),
            "prefer" => Ok(SslMode::Prefer),
            "require" => Ok(SslMode::Require),
            "verify-ca" => Ok(SslMode::VerifyCa),
            "verify-full" => Ok(SslMode::VerifyFull),
            // libpq accepts "allow" (plain first, TLS if the server insists); nothing here
            // needs it, and silently treating it as another mode would be a guess.
            other => Err(format!(
                "invalid sslmode \"{other}\": expected disable, prefer, require, verify-ca or verify-full"
            )),
        }
    }
}

/// How to connect, and how to set up the session.
#[derive(Debug, Clone)]
pub struct ConnectOptions {
    /// Connection string, URI or keyword form (may carry `sslmode` and `sslrootcert`).
    pub url: String,
    /// Overrides the string's `sslmode`.
    pub sslmode: Option<SslMode>,
    /// Overrides the string's `sslrootcert` (a PEM file).
    pub sslrootcert: Option<String>,
    /// `statement_timeout` of the session (default 30 s).
    pub statement_timeout: Duration,
    /// `lock_timeout` of the session (default 2 s); `None` leaves the server's.
    pub lock_timeout: Option<Duration>,
    /// `default_transaction_read_only = on` (default true: a reader can write nothing).
    pub read_only: bool,
    /// Connect timeout when the string sets none (default 10 s).
    pub connect_timeout: Duration,
}

impl ConnectOptions {
    /// Options for `url` with the defaults above.
    pub fn new(url: impl Into<String>) -> ConnectOptions {
        ConnectOptions {
            url: url.into(),
            sslmode: None,
            sslrootcert: None,
            statement_timeout: Duration::from_secs(30),
            lock_timeout: Some(Duration::from_secs(2)),
            read_only: true,
            connect_timeout: Duration::from_secs(10),
        }
    }
}

/// Why no usable session could be had. Never shows the password.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The connection string or an option is malformed.
    #[error("invalid database URL: {0}")]
    Url(String),
    /// TLS could not be set up before connecting (CA file unreadable or empty).
    #[error("cannot set up TLS (sslmode={sslmode}) for {target}: {reason}")]
    Tls {
        /// Hosts, ports, database and user.
        target: String,
        /// The effective mode.
        sslmode: SslMode,
        /// What went wrong.
        reason: String,
    },
    /// The server could not be reached, refused us, or the TLS handshake failed.
    #[error("cannot connect to {target} with sslmode={sslmode}: {reason}{}", hint.as_ref().map(|h| format!("\n  hint: {h}")).unwrap_or_default())]
    Connect {
        /// Hosts, ports, database and user.
        target: String,
        /// The effective mode.
        sslmode: SslMode,
        /// The client's or server's message.
        reason: String,
        /// What probably fixes it.
        hint: Option<String>,
    },
    /// Connected, but a session setting could not be applied.
    #[error("connected to {target}, but `{statement}` failed: {reason}")]
    Session {
        /// Hosts, ports, database and user.
        target: String,
        /// The statement that failed.
        statement: String,
        /// The server's message.
        reason: String,
    },
}

/// The parsed connection: what `connect` hands the driver.
#[derive(Debug)]
pub(crate) struct Resolved {
    pub config: postgres::Config,
    pub sslmode: SslMode,
    pub roots: Option<RootSource>,
    pub target: String,
}

/// Parses the options (no network): the driver configuration, the effective TLS mode and CAs.
pub(crate) fn resolve(options: &ConnectOptions) -> Result<Resolved, DbError> {
    let split = split_tls_params(&options.url).map_err(DbError::Url)?;
    let mut config: postgres::Config = split
        .rest
        .parse()
        .map_err(|e: postgres::Error| DbError::Url(e.to_string()))?;
    let sslmode = match (options.sslmode, &split.sslmode) {
        (Some(mode), _) => mode,
        (None, Some(text)) => text.parse().map_err(DbError::Url)?,
        (None, None) => SslMode::default(),
    };
    let roots = match options.sslrootcert.as_ref().or(split.sslrootcert.as_ref()) {
        Some(text) if text == "system" => Some(RootSource::System),
        Some(path) => Some(RootSource::File(path.into())),
        None => tls::default_root_file().map(RootSource::File),
    };
    if config.get_application_name().is_none() {
        config.application_name("migguard");
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(options.connect_timeout);
    }
    let only_unix = !config.get_hosts().is_empty()
        && config
            .get_hosts()
            .iter()
            .all(|h| matches!(h, Host::Unix(_)));
    let sslmode = if only_unix { SslMode::Disable } else { sslmode };
    config.ssl_mode(match sslmode {
        SslMode::Disable => postgres::config::SslMode::Disable,
        SslMode::Prefer => postgres::config::SslMode::Prefer,
        _ => postgres::config::SslMode::Require,
    });
    let target = describe_target(&config);
    Ok(Resolved {
        config,
        sslmode,
        roots,
        target,
    })
}

/// "host db.example.com port 5432, database shop, user app" — for messages.
fn describe_target(config: &postgres::Config) -> String {
    let hosts: Vec<String> = config
        .get_hosts()
        .iter()
        .map(|host| match host {
            Host::Tcp(name) => name.clone(),
            Host::Unix(path) => format!("socket {}", path.display()),
        })
        .collect();
    let ports: Vec<String> = config.get_ports().iter().map(u16::to_string).collect();
    let mut text = format!(
        "host {} port {}",
        if hosts.is_empty() {
            "localhost".to_string()
        } else {
            hosts.join(",")
        },
        if ports.is_empty() {
            "5432".to_string()
        } else {
            ports.join(",")
        }
    );
    if let Some(db) = config.get_dbname() {
        text.push_str(&format!(", database {db}"));
    }
    if let Some(user) = config.get_user() {
        text.push_str(&format!(", user {user}"));
    }
    text
}

/// Connects as `options` say and sets up the session (timeouts, read-only, application name).
pub fn connect(options: &ConnectOptions) -> Result<Client, DbError> {
    let resolved = resolve(options)?;
    let Resolved {
        config,
        sslmode,
        roots,
        target,
    } = resolved;
    let tls_error = |reason: String| DbError::Tls {
        target: target.clone(),
        sslmode,
        reason,
    };
    let verification = tls::verification(sslmode, roots.as_ref());
    if verification != Verification::None && roots.is_none() {
        return Err(tls_error(
            "no root certificate file: give one with --sslrootcert FILE (or sslrootcert= in the URL, \
             or ~/.postgresql/root.crt), \
             or use sslmode=require to encrypt without verifying the server"
                .into(),
        ));
    }
    let tls_config = tls::client_config(verification, roots.as_ref()).map_err(tls_error)?;
    let mut client = config
        .connect(MakeRustlsConnect::new(tls_config))
        .map_err(|e| DbError::Connect {
            target: target.clone(),
            sslmode,
            hint: connect_hint(&e, sslmode, &roots),
            reason: describe_error(&e),
        })?;
    for statement in session_setup(options) {
        client
            .batch_execute(&statement)
            .map_err(|e| DbError::Session {
                target: target.clone(),
                statement: statement.clone(),
                reason: describe_error(&e),
            })?;
    }
    Ok(client)
}

/// A driver error with the server's whole message (`postgres::Error`'s own text says only
/// "db error" for errors the server sent): severity, message, detail, hint.
pub fn describe_error(error: &postgres::Error) -> String {
    let Some(db) = error.as_db_error() else {
        // The driver's text, then each cause ("error performing TLS handshake: invalid peer
        // certificate: UnknownIssuer").
        let mut text = error.to_string();
        let mut source = std::error::Error::source(error);
        while let Some(cause) = source {
            let cause_text = cause.to_string();
            if !text.ends_with(&cause_text) {
                text.push_str(&format!(": {cause_text}"));
            }
            source = cause.source();
        }
        return text;
    };
    let mut text = format!("{}: {}", db.severity(), db.message());
    if let Some(detail) = db.detail() {
        text.push_str(&format!(" (detail: {detail})"));
    }
    if let Some(hint) = db.hint() {
        text.push_str(&format!(" (hint: {hint})"));
    }
    text
}

/// The `SET` statements run right after connecting.
pub(crate) fn session_setup(options: &ConnectOptions) -> Vec<String> {
    let mut statements = vec![format!(
        "SET statement_timeout = '{}ms'",
        options.statement_timeout.as_millis()
    )];
    if let Some(timeout) = options.lock_timeout {
        statements.push(format!("SET lock_timeout = '{}ms'", timeout.as_millis()));
    }
    if options.read_only {
        statements.push("SET default_transaction_read_only = on".into());
    }
    statements
}

fn connect_hint(
    error: &postgres::Error,
    sslmode: SslMode,
    roots: &Option<RootSource>,
) -> Option<String> {
    let text = describe_error(error);
    let root_name = match roots {
        Some(RootSource::File(path)) => path.display().to_string(),
        Some(RootSource::System) => "the system's trusted CAs".into(),
        None => "no CA".into(),
    };
    if text.contains("UnknownIssuer") || text.contains("BadSignature") {
        return Some(format!(
            "the server's certificate is not signed by a CA in {root_name}: give the CA that signed it with --sslrootcert FILE"
        ));
    }
    if text.contains("NotValidForName") {
        return Some(
            "the certificate does not name the host you connected to (verify-full checks the subjectAltName); connect by a name it lists, or use verify-ca to check the CA only".into(),
        );
    }
    if text.contains("Expired") {
        return Some("the server's certificate has expired (or is not yet valid)".into());
    }
    if text.contains("server does not support TLS") {
        return Some(format!(
            "the server has ssl = off; sslmode={sslmode} needs TLS (sslmode=prefer or disable connects unencrypted)"
        ));
    }
    if let Some(db) = error.as_db_error() {
        if db.message().contains("no encryption") {
            return Some(
                "the server accepts this host only over TLS (hostssl in pg_hba.conf): use sslmode=require or stronger".into(),
            );
        }
        if db.message().contains("password authentication failed") {
            return Some("check the user and password in the URL".into());
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_parse_as_libpq_spells_them() {
        for mode in ["disable", "prefer", "require", "verify-ca", "verify-full"] {
            assert_eq!(mode.parse::<SslMode>().unwrap().as_str(), mode);
        }
        assert!("allow".parse::<SslMode>().unwrap_err().contains("allow"));
    }

    #[test]
    fn url_parameters_and_overrides() {
        let mut options = ConnectOptions::new(
            "postgresql://app:secret@db.example.com:6543/shop?sslmode=verify-full&sslrootcert=/ca.pem",
        );
        let resolved = resolve(&options).unwrap();
        assert_eq!(resolved.sslmode, SslMode::VerifyFull);
        assert_eq!(resolved.roots, Some(RootSource::File("/ca.pem".into())));
        assert_eq!(
            resolved.target,
            "host db.example.com port 6543, database shop, user app"
        );
        assert_eq!(resolved.config.get_application_name(), Some("migguard"));
        options.sslmode = Some(SslMode::Require);
        options.sslrootcert = Some("system".into());
        let resolved = resolve(&options).unwrap();
        assert_eq!(resolved.sslmode, SslMode::Require);
        assert_eq!(resolved.roots, Some(RootSource::System));
    }

    #[test]
    fn a_bad_mode_in_the_url_is_an_error() {
        let error = resolve(&ConnectOptions::new("host=h sslmode=strict")).unwrap_err();
        assert!(
            error.to_string().contains("invalid sslmode \"strict\""),
            "{error}"
        );
    }

    #[test]
    fn unix_sockets_never_use_tls() {
        let resolved =
            resolve(&ConnectOptions::new("host=/run/postgresql sslmode=require")).unwrap();
        assert_eq!(resolved.sslmode, SslMode::Disable);
    }

    #[test]
    fn require_checks_the_chain_only_when_a_ca_is_given() {
        let ca = RootSource::File("/ca.pem".into());
        assert_eq!(
            tls::verification(SslMode::Require, None),
            Verification::None
        );
        assert_eq!(
            tls::verification(SslMode::Require, Some(&ca)),
            Verification::Chain
        );
        assert_eq!(
            tls::verification(SslMode::VerifyFull, Some(&ca)),
            Verification::ChainAndName
        );
    }

    #[test]
    fn session_statements() {
        let options = ConnectOptions::new("host=h");
        assert_eq!(
            session_setup(&options),
            [
                "SET statement_timeout = '30000ms'",
                "SET lock_timeout = '2000ms'",
                "SET default_transaction_read_only = on"
            ]
        );
    }
}
