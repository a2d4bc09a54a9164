//! Start-up latency as Terraform sees it: exec a provider binary with go-plugin's environment (the
//! magic cookie, the protocol versions, a client certificate for AutoMTLS, a socket directory of
//! our own) and time until its handshake line arrives on stdout; the process is then killed.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};

const MAGIC_COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";
/// Starts before the timed ones (page cache, first-run effects).
const WARM_UP: usize = 3;

/// A client certificate in PEM, as Terraform passes in `PLUGIN_CLIENT_CERT`.
pub fn client_certificate() -> anyhow::Result<String> {
    let key = rcgen::KeyPair::generate()?;
    let params = rcgen::CertificateParams::new(vec!["localhost".to_string()])?;
    Ok(params.self_signed(&key)?.pem())
}

/// One start: the time from exec to the handshake line, and the line's protocol field.
fn start_once(
    binary: &Path,
    protocol: u32,
    client_cert: &str,
    socket_dir: &Path,
) -> anyhow::Result<Duration> {
    let start = Instant::now();
    let mut child = Command::new(binary)
        .env_clear()
        .env("TF_PLUGIN_MAGIC_COOKIE", MAGIC_COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", protocol.to_string())
        .env("PLUGIN_CLIENT_CERT", client_cert)
        .env("PLUGIN_UNIX_SOCKET_DIR", socket_dir)
        .env("TMPDIR", socket_dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .with_context(|| format!("cannot start {}", binary.display()))?;
    let mut line = String::new();
    let read = child
        .stdout
        .take()
        .map(|out| BufReader::new(out).read_line(&mut line));
    let took = start.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    read.context("no stdout")??;
    let fields: Vec<&str> = line.trim().split('|').collect();
    if fields.len() < 5 || fields[1] != protocol.to_string() {
        bail!(
            "{} printed {line:?}, not a protocol {protocol} handshake line",
            binary.display()
        );
    }
    Ok(took)
}

/// `count` timed starts of `binary` (after a short warm-up), in milliseconds.
pub fn measure(binary: &Path, protocol: u32, count: usize) -> anyhow::Result<Vec<f64>> {
    let cert = client_certificate()?;
    let sockets = tempfile::tempdir()?;
    for _ in 0..WARM_UP {
        start_once(binary, protocol, &cert, sockets.path())?;
    }
    (0..count)
        .map(|_| start_once(binary, protocol, &cert, sockets.path()).map(|d| d.as_secs_f64() * 1e3))
        .collect()
}
