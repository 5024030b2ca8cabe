//! A throwaway PostgreSQL server for live tests, or the one named by
//! `MIGGUARD_TEST_DATABASE_URL`.
//!
//! The throwaway server is made with the `initdb`/`pg_ctl` of `MIGGUARD_PG_BINDIR` or of
//! `pg_config --bindir`, in a temporary directory, listening on 127.0.0.1 on a free port with
//! trust authentication. PostgreSQL refuses to run as root, so when the test runs as root the
//! directory is chowned to `postgres` and the tools run through `runuser -u postgres`.
//! The server is stopped when the value is dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use postgres::{Client, NoTls};

/// Makes a file the server's (chown to `postgres` when the test runs as root).
pub type Chown = dyn Fn(&Path) -> Result<(), String>;

/// Writes into a fresh data directory before the server starts.
pub type ServerSetup<'a> = dyn Fn(&Path, &Chown) -> Result<(), String> + 'a;

/// A running server the tests may create schemas in.
pub struct TestServer {
    connection_string: String,
    owned: Option<OwnedServer>,
}

struct OwnedServer {
    bin_dir: PathBuf,
    data_dir: PathBuf,
    as_postgres: bool,
    _dir: tempfile::TempDir,
}

fn run(command: &mut Command) -> Result<String, String> {
    let output = command
        .output()
        .map_err(|e| format!("could not run {command:?}: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "{command:?} failed ({}):\n{}{}",
            output.status,
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ))
    }
}

fn running_as_root() -> bool {
    run(Command::new("id").arg("-u"))
        .map(|s| s.trim() == "0")
        .unwrap_or(false)
}

fn free_port() -> Result<u16, String> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| format!("no free port: {e}"))?;
    listener
        .local_addr()
        .map(|a| a.port())
        .map_err(|e| e.to_string())
}

impl OwnedServer {
    fn tool(&self, name: &str) -> Command {
        let path = self.bin_dir.join(name);
        if self.as_postgres {
            let mut c = Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(path);
            c
        } else {
            Command::new(path)
        }
    }
}

impl TestServer {
    /// Connects to `MIGGUARD_TEST_DATABASE_URL` if set, else starts a throwaway server.
    pub fn start() -> Result<TestServer, String> {
        if let Ok(url) = std::env::var("MIGGUARD_TEST_DATABASE_URL") {
            let server = TestServer {
                connection_string: url,
                owned: None,
            };
            server.connect()?;
            return Ok(server);
        }
        TestServer::start_throwaway(&|_, _| Ok(()))
    }

    /// Starts a throwaway server of its own; `setup(data_dir, chown)` runs after initdb and
    /// before the start (to write certificates, `postgresql.conf` or `pg_hba.conf`), `chown`
    /// making a written file the server's when the test runs as root.
    pub fn start_throwaway(setup: &ServerSetup) -> Result<TestServer, String> {
        let bin_dir = match std::env::var("MIGGUARD_PG_BINDIR") {
            Ok(dir) => PathBuf::from(dir),
            Err(_) => PathBuf::from(
                run(Command::new("pg_config").arg("--bindir"))
                    .map_err(|e| format!("{e}\n(install PostgreSQL server binaries or set MIGGUARD_PG_BINDIR / MIGGUARD_TEST_DATABASE_URL)"))?
                    .trim(),
            ),
        };
        let dir = tempfile::Builder::new()
            .prefix("migguard-pg-")
            .tempdir()
            .map_err(|e| e.to_string())?;
        let as_postgres = running_as_root();
        if as_postgres {
            run(Command::new("chown").arg("postgres").arg(dir.path()))?;
        }
        let data_dir = dir.path().join("data");
        let mut owned = OwnedServer {
            bin_dir,
            data_dir,
            as_postgres,
            _dir: dir,
        };
        run(owned.tool("initdb").arg("-D").arg(&owned.data_dir).args([
            "-A",
            "trust",
            "-U",
            "postgres",
            "-E",
            "UTF8",
            "--no-sync",
            "--no-instructions",
        ]))?;
        let as_postgres = owned.as_postgres;
        let chown = move |path: &Path| -> Result<(), String> {
            if as_postgres {
                run(Command::new("chown").arg("postgres").arg(path))?;
            }
            Ok(())
        };
        setup(&owned.data_dir, &chown)?;
        let mut last_error = String::new();
        for _attempt in 0..3 {
            let port = free_port()?;
            match start_on_port(&mut owned, port) {
                Ok(()) => {
                    let connection_string =
                        format!("host=127.0.0.1 port={port} user=postgres dbname=postgres");
                    let server = TestServer {
                        connection_string,
                        owned: Some(owned),
                    };
                    server.connect()?;
                    return Ok(server);
                }
                Err(e) => last_error = e,
            }
        }
        Err(last_error)
    }

    /// The connection string for another database of the same server.
    pub fn url_for(&self, database: &str) -> String {
        let base = &self.connection_string;
        if base.starts_with("postgres://") || base.starts_with("postgresql://") {
            let (address, query) = match base.split_once('?') {
                Some((address, query)) => (address, format!("?{query}")),
                None => (base.as_str(), String::new()),
            };
            let authority_end = address
                .find("://")
                .map(|at| at + 3)
                .and_then(|start| address[start..].find('/').map(|slash| start + slash))
                .unwrap_or(address.len());
            format!("{}/{database}{query}", &address[..authority_end])
        } else {
            format!("{base} dbname={database}")
        }
    }

    /// A new connection to another database of the server.
    pub fn connect_to(&self, database: &str) -> Result<Client, String> {
        let url = self.url_for(database);
        Client::connect(&url, NoTls).map_err(|e| format!("connect {url}: {e}"))
    }

    /// The connection string (keyword form for a throwaway server).
    pub fn url(&self) -> &str {
        &self.connection_string
    }

    /// A new connection.
    pub fn connect(&self) -> Result<Client, String> {
        Client::connect(&self.connection_string, NoTls)
            .map_err(|e| format!("connect {}: {e}", self.connection_string))
    }
}

fn start_on_port(owned: &mut OwnedServer, port: u16) -> Result<(), String> {
    let socket_dir = owned
        .data_dir
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    let log = socket_dir.join("server.log");
    let options = format!(
        "-p {port} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c max_locks_per_transaction=256",
        socket_dir.display()
    );
    let started = run(owned
        .tool("pg_ctl")
        .arg("-D")
        .arg(&owned.data_dir)
        .args(["-o", &options, "-l"])
        .arg(&log)
        .args(["-w", "-t", "60", "start"]));
    started.map(|_| ()).map_err(|e| {
        format!(
            "{e}\nserver log:\n{}",
            std::fs::read_to_string(&log).unwrap_or_default()
        )
    })
}

impl Drop for TestServer {
    fn drop(&mut self) {
        if let Some(owned) = &self.owned {
            let _ = owned
                .tool("pg_ctl")
                .arg("-D")
                .arg(&owned.data_dir)
                .args(["-m", "fast", "-w", "stop"])
                .output();
        }
    }
}
