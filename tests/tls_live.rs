//! TLS against a real PostgreSQL with a certificate signed by a test CA (made here with the
//! `openssl` command line): verify-full with the CA works (by IP and by name), without a CA
//! or with another CA it fails with a clear message, require works without a CA, and
//! sslmode=disable against a hostssl-only rule fails. Starts its own server (it needs
//! `ssl = on`); FAILS when it cannot.

mod support;

use std::path::Path;
use std::process::Command;

use migguard::db::{connect, ConnectOptions, SslMode};
use support::server::TestServer;

fn openssl(dir: &Path, args: &[&str]) {
    let output = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("FAILED: cannot run openssl (install it): {e}"));
    assert!(
        output.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A CA (`ca.pem`, `ca.key`) in `dir`.
fn make_ca(dir: &Path, name: &str) {
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
            "-subj",
            &format!("/CN={name}"),
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
}

/// `server.crt`/`server.key` for 127.0.0.1 and localhost, signed by the CA in `ca_dir`.
fn make_server_cert(ca_dir: &Path, out: &Path) {
    std::fs::write(
        ca_dir.join("ext.cnf"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .unwrap();
    openssl(
        ca_dir,
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
            "-subj",
            "/CN=localhost",
        ],
    );
    openssl(
        ca_dir,
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-out",
            "server.crt",
            "-extfile",
            "ext.cnf",
        ],
    );
    for file in ["server.crt", "server.key"] {
        std::fs::copy(ca_dir.join(file), out.join(file)).unwrap();
    }
}

fn start_tls_server(ca_dir: &Path) -> TestServer {
    let setup = |data: &Path, chown: &support::server::Chown| {
        make_server_cert(ca_dir, data);
        for file in ["server.crt", "server.key"] {
            let path = data.join(file);
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600))
                .map_err(|e| e.to_string())?;
            chown(&path)?;
        }
        let mut conf = std::fs::read_to_string(data.join("postgresql.conf")).unwrap();
        conf.push_str("\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n");
        std::fs::write(data.join("postgresql.conf"), conf).unwrap();
        // tls_user only over TLS; postgres (the test's admin) either way.
        std::fs::write(
            data.join("pg_hba.conf"),
            "hostssl all tls_user 127.0.0.1/32 trust\nhost all postgres 127.0.0.1/32 trust\n",
        )
        .unwrap();
        Ok(())
    };
    TestServer::start_throwaway(&setup)
        .unwrap_or_else(|e| panic!("FAILED: could not start a TLS PostgreSQL: {e}"))
}

#[test]
fn tls_modes_against_a_server_with_a_test_ca() {
    let ca_dir = tempfile::tempdir().unwrap();
    make_ca(ca_dir.path(), "migguard test CA");
    let other_ca = tempfile::tempdir().unwrap();
    make_ca(other_ca.path(), "some other CA");
    let server = start_tls_server(ca_dir.path());
    server
        .connect()
        .unwrap()
        .batch_execute("CREATE ROLE tls_user LOGIN")
        .unwrap();
    let config: postgres::Config = server.url().parse().unwrap();
    let port = config.get_ports()[0];
    let ca = ca_dir.path().join("ca.pem").display().to_string();
    // No ~/.postgresql/root.crt may decide for us.
    // (the only test in this binary, so no other thread reads the environment)
    std::env::set_var("HOME", ca_dir.path().join("nohome"));

    let url =
        |host: &str, query: &str| format!("postgresql://tls_user@{host}:{port}/postgres{query}");
    let encrypted = |options: &ConnectOptions| -> bool {
        let mut client = connect(options).unwrap_or_else(|e| panic!("{options:?}: {e}"));
        client
            .query_one(
                "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()",
                &[],
            )
            .unwrap()
            .get(0)
    };

    // verify-full with the CA, from the URL and from the options, by IP and by name.
    assert!(encrypted(&ConnectOptions::new(url(
        "127.0.0.1",
        &format!("?sslmode=verify-full&sslrootcert={ca}")
    ))));
    let mut by_name = ConnectOptions::new(url("localhost", ""));
    by_name.sslmode = Some(SslMode::VerifyFull);
    by_name.sslrootcert = Some(ca.clone());
    assert!(encrypted(&by_name));
    let mut verify_ca = ConnectOptions::new(format!("host=127.0.0.1 port={port} user=tls_user dbname=postgres sslmode=verify-ca sslrootcert='{ca}'"));
    verify_ca.read_only = false;
    assert!(encrypted(&verify_ca));

    // verify-full without a CA: refused before connecting, saying what to give.
    let error = connect(&ConnectOptions::new(url(
        "127.0.0.1",
        "?sslmode=verify-full",
    )))
    .err()
    .expect("must fail")
    .to_string();
    eprintln!("verify-full without a CA: {error}");
    assert!(error.contains("sslmode=verify-full"), "{error}");
    assert!(error.contains("host 127.0.0.1 port"), "{error}");
    assert!(error.contains("no root certificate file"), "{error}");
    // ... with a CA that did not sign the certificate: the handshake fails, and says why.
    let wrong = other_ca.path().join("ca.pem").display().to_string();
    let error = connect(&ConnectOptions::new(url(
        "127.0.0.1",
        &format!("?sslmode=verify-full&sslrootcert={wrong}"),
    )))
    .err()
    .expect("must fail")
    .to_string();
    eprintln!("verify-full with another CA: {error}");
    assert!(
        error.contains("cannot connect to host 127.0.0.1"),
        "{error}"
    );
    assert!(error.contains("not signed by a CA in"), "{error}");

    // require: encrypted, no CA needed.
    assert!(encrypted(&ConnectOptions::new(url(
        "127.0.0.1",
        "?sslmode=require"
    ))));
    // prefer (the default) takes TLS when offered.
    assert!(encrypted(&ConnectOptions::new(url("127.0.0.1", ""))));

    // disable against a hostssl-only rule: the server refuses, and the hint says why.
    let error = connect(&ConnectOptions::new(url("127.0.0.1", "?sslmode=disable")))
        .err()
        .expect("must fail")
        .to_string();
    eprintln!("disable against hostssl: {error}");
    assert!(error.contains("sslmode=disable"), "{error}");
    assert!(error.contains("no pg_hba.conf entry"), "{error}");
    assert!(error.contains("hostssl"), "{error}");

    // The stats command over verify-full.
    let output = Command::new(env!("CARGO_BIN_EXE_migguard"))
        .args([
            "stats",
            "--database-url",
            &url("127.0.0.1", ""),
            "--sslmode",
            "verify-full",
            "--sslrootcert",
            &ca,
        ])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let stats: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(stats["version"], 1);
}
