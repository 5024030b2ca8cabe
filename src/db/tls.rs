//! The rustls client configuration for each `sslmode`, as libpq verifies:
//!
//! - `prefer`/`require` without a root certificate: encryption only, the certificate is not
//!   checked (the handshake signatures still are);
//! - `verify-ca`, and `prefer`/`require` when a root certificate file is given or
//!   `~/.postgresql/root.crt` exists (libpq's compatibility rule): the chain must lead to one
//!   of its CAs, the host name is not checked;
//! - `verify-full`: chain and host name (a DNS name or IP address in the certificate's
//!   subjectAltName).
//!
//! `sslrootcert=system` (libpq 16: the operating system's roots) is refused with a clear
//! message: give the provider's CA bundle as a file.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::WebPkiServerVerifier;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{
    CertificateError, ClientConfig, DigitallySignedStruct, RootCertStore, SignatureScheme,
};

use super::connect::SslMode;

/// Where the trusted CAs come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum RootSource {
    /// A PEM file (`sslrootcert=FILE`, or libpq's default `~/.postgresql/root.crt`).
    File(PathBuf),
    /// `sslrootcert=system`.
    System,
}

/// libpq's default root certificate file, if it exists.
pub(crate) fn default_root_file() -> Option<PathBuf> {
    let home = std::env::var_os("HOME")?;
    let path = Path::new(&home).join(".postgresql/root.crt");
    path.is_file().then_some(path)
}

/// How the server certificate is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verification {
    None,
    Chain,
    ChainAndName,
}

/// What `mode` checks, given the root certificates in play (libpq's rules).
pub(crate) fn verification(mode: SslMode, roots: Option<&RootSource>) -> Verification {
    match (mode, roots) {
        (SslMode::VerifyFull, _) => Verification::ChainAndName,
        (SslMode::VerifyCa, _) => Verification::Chain,
        (SslMode::Prefer | SslMode::Require, Some(_)) => Verification::Chain,
        _ => Verification::None,
    }
}

fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The client configuration for `verification` with `roots` (required unless `None`).
pub(crate) fn client_config(
    verification: Verification,
    roots: Option<&RootSource>,
) -> Result<ClientConfig, String> {
    let provider = provider();
    let verifier: Arc<dyn ServerCertVerifier> = match (verification, roots) {
        (Verification::None, _) => Arc::new(NoCertificateCheck(provider.clone())),
        (_, None) => return Err("no root certificate to verify the server with".into()),
        (check, Some(source)) => {
            let store = load_roots(source)?;
            let webpki =
                WebPkiServerVerifier::builder_with_provider(Arc::new(store), provider.clone())
                    .build()
                    .map_err(|e| format!("root certificates: {e}"))?;
            if check == Verification::Chain {
                Arc::new(ChainOnly(webpki))
            } else {
                webpki
            }
        }
    };
    Ok(ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| format!("TLS protocol versions: {e}"))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

fn load_roots(source: &RootSource) -> Result<RootCertStore, String> {
    let mut store = RootCertStore::empty();
    match source {
        RootSource::File(path) => {
            let certs = CertificateDer::pem_file_iter(path).map_err(|e| {
                format!(
                    "could not read root certificate file {}: {e}",
                    path.display()
                )
            })?;
            for cert in certs {
                let cert =
                    cert.map_err(|e| format!("root certificate file {}: {e}", path.display()))?;
                store
                    .add(cert)
                    .map_err(|e| format!("root certificate file {}: {e}", path.display()))?;
            }
            if store.is_empty() {
                return Err(format!(
                    "root certificate file {} holds no PEM certificate",
                    path.display()
                ));
            }
        }
        // Not built in: the OS root stores would add per-platform crates for a mode no
        // managed PostgreSQL needs (they all publish a CA bundle). Said, not guessed.
        RootSource::System => {
            return Err("sslrootcert=system is not supported by this build: download your provider's CA bundle and give it with --sslrootcert FILE".into());
        }
    }
    Ok(store)
}

/// `sslmode=require` without a CA: any certificate, but a real TLS handshake.
#[derive(Debug)]
struct NoCertificateCheck(Arc<CryptoProvider>);

impl ServerCertVerifier for NoCertificateCheck {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

/// `verify-ca`: the chain must lead to a trusted CA; the name is not checked.
#[derive(Debug)]
struct ChainOnly(Arc<WebPkiServerVerifier>);

impl ServerCertVerifier for ChainOnly {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        // webpki checks the chain before the name, so a name error means the chain is good.
        match self
            .0
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
        {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) => Ok(ServerCertVerified::assertion()),
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.0.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.supported_verify_schemes()
    }
}
