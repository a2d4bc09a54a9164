//! go-plugin's start-up handshake, server side: the magic cookie check, protocol version
//! negotiation, choosing the listener (unix socket, or loopback TCP within the allowed port range)
//! and the one line announced on stdout.
//!
//! Environment read here: `TF_PLUGIN_MAGIC_COOKIE`, `PLUGIN_PROTOCOL_VERSIONS`,
//! `PLUGIN_UNIX_SOCKET_DIR`, `PLUGIN_MIN_PORT`, `PLUGIN_MAX_PORT`, `PLUGIN_CLIENT_CERT`, and our own
//! `PLUGIN_TRANSPORT` (`unix` or `tcp`; unix is the default on unix systems, as in go-plugin).
//! Elsewhere (Windows) only loopback TCP exists, as with go-plugin there.

#[cfg(unix)]
use std::path::PathBuf;

use tokio::net::TcpListener;
#[cfg(unix)]
use tokio::net::UnixListener;

/// The cookie Terraform sets so that a plugin knows it was started by Terraform.
pub const MAGIC_COOKIE_KEY: &str = "TF_PLUGIN_MAGIC_COOKIE";
/// The value of the magic cookie, fixed by Terraform for every provider.
pub const MAGIC_COOKIE_VALUE: &str =
    "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// go-plugin's own handshake version (the first field of the line).
pub const CORE_PROTOCOL_VERSION: u32 = 1;
/// The one application protocol version served.
pub const PROTOCOL_VERSION: u32 = 6;

/// What goes wrong before the handshake line can be printed.
#[derive(Debug, thiserror::Error)]
pub enum HandshakeError {
    /// The magic cookie is missing: a person ran the binary.
    #[error(
        "This binary is a Terraform plugin: it is started by Terraform, not run directly. \
         Install it in a plugin directory or filesystem mirror and run terraform init."
    )]
    NotStartedByTerraform,
    /// Terraform offered no protocol version this provider speaks.
    #[error(
        "Terraform offered plugin protocol versions {offered:?}, but this provider speaks only \
         protocol {PROTOCOL_VERSION}; use Terraform 1.0 or later"
    )]
    ProtocolNotOffered {
        /// What `PLUGIN_PROTOCOL_VERSIONS` held.
        offered: String,
    },
    /// The listener could not be bound, or stdout not written.
    #[error("cannot listen for Terraform: {0}")]
    Listen(#[from] std::io::Error),
    /// An environment setting is invalid; the message names it.
    #[error("{0}")]
    Config(String),
}

/// Whether the process was started by Terraform (the magic cookie is present and right).
pub fn check_cookie(lookup: impl Fn(&str) -> Option<String>) -> Result<(), HandshakeError> {
    match lookup(MAGIC_COOKIE_KEY) {
        Some(value) if value == MAGIC_COOKIE_VALUE => Ok(()),
        _ => Err(HandshakeError::NotStartedByTerraform),
    }
}

/// Picks protocol 6 from the versions the host offers (`PLUGIN_PROTOCOL_VERSIONS`, comma separated).
/// A host that offers nothing gets protocol 6, as go-plugin does with its default version.
pub fn negotiate_protocol(offered: Option<&str>) -> Result<u32, HandshakeError> {
    let Some(offered) = offered.filter(|text| !text.trim().is_empty()) else {
        return Ok(PROTOCOL_VERSION);
    };
    let speaks_ours = offered
        .split(',')
        .any(|version| version.trim().parse::<u32>() == Ok(PROTOCOL_VERSION));
    if speaks_ours {
        Ok(PROTOCOL_VERSION)
    } else {
        Err(HandshakeError::ProtocolNotOffered {
            offered: offered.to_string(),
        })
    }
}

/// A bound listener and how to announce it.
pub enum Listener {
    /// A unix domain socket (unix systems only), removed again when the listener is dropped.
    #[cfg(unix)]
    Unix {
        /// The bound socket.
        listener: UnixListener,
        /// Where the socket file is.
        path: PathBuf,
    },
    /// A loopback TCP port.
    Tcp(TcpListener),
}

impl Listener {
    /// The `network|address` part of the handshake line.
    pub fn network_and_address(&self) -> (&'static str, String) {
        match self {
            #[cfg(unix)]
            Listener::Unix { path, .. } => ("unix", path.display().to_string()),
            Listener::Tcp(listener) => (
                "tcp",
                listener
                    .local_addr()
                    .map(|address| address.to_string())
                    .unwrap_or_default(),
            ),
        }
    }
}

impl Drop for Listener {
    fn drop(&mut self) {
        #[cfg(unix)]
        if let Listener::Unix { path, .. } = self {
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Binds the listener the environment asks for.
pub async fn listen(lookup: impl Fn(&str) -> Option<String>) -> Result<Listener, HandshakeError> {
    let transport = lookup("PLUGIN_TRANSPORT")
        .unwrap_or_else(|| if cfg!(unix) { "unix" } else { "tcp" }.to_string());
    match transport.as_str() {
        "unix" => listen_unix(lookup("PLUGIN_UNIX_SOCKET_DIR")),
        "tcp" => {
            let port = |key: &str, default: u16| -> Result<u16, HandshakeError> {
                match lookup(key) {
                    None => Ok(default),
                    Some(text) if text.trim().is_empty() => Ok(default),
                    Some(text) => text.trim().parse().map_err(|_| {
                        HandshakeError::Config(format!("{key}={text:?} is not a port number"))
                    }),
                }
            };
            listen_tcp(port("PLUGIN_MIN_PORT", 0)?, port("PLUGIN_MAX_PORT", 0)?).await
        }
        other => Err(HandshakeError::Config(format!(
            "PLUGIN_TRANSPORT={other:?}: expected \"unix\" or \"tcp\""
        ))),
    }
}

#[cfg(unix)]
fn listen_unix(directory: Option<String>) -> Result<Listener, HandshakeError> {
    let directory = directory
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(std::env::temp_dir);
    let path = directory.join(format!("plugin{:016x}", rand::random::<u64>()));
    let listener = UnixListener::bind(&path)?;
    Ok(Listener::Unix { listener, path })
}

#[cfg(not(unix))]
fn listen_unix(_directory: Option<String>) -> Result<Listener, HandshakeError> {
    Err(HandshakeError::Config(
        "PLUGIN_TRANSPORT=\"unix\": unix sockets are not available on this system; \
         use PLUGIN_TRANSPORT=tcp (the default here)"
            .to_string(),
    ))
}

/// Binds 127.0.0.1 on the first free port of `min..=max`; with no range, any free port.
async fn listen_tcp(min: u16, max: u16) -> Result<Listener, HandshakeError> {
    if min == 0 && max == 0 {
        return Ok(Listener::Tcp(TcpListener::bind(("127.0.0.1", 0)).await?));
    }
    if min > max {
        return Err(HandshakeError::Config(format!(
            "PLUGIN_MIN_PORT ({min}) is above PLUGIN_MAX_PORT ({max})"
        )));
    }
    let mut last_error = None;
    for port in min..=max {
        match TcpListener::bind(("127.0.0.1", port)).await {
            Ok(listener) => return Ok(Listener::Tcp(listener)),
            Err(error) => last_error = Some(error),
        }
    }
    Err(HandshakeError::Listen(last_error.unwrap_or_else(|| {
        std::io::Error::new(std::io::ErrorKind::AddrInUse, "no free port")
    })))
}

/// The handshake line: `core|protocol|network|address|grpc|server-cert`.
pub fn handshake_line(listener: &Listener, protocol: u32, server_cert: &str) -> String {
    let (network, address) = listener.network_and_address();
    format!("{CORE_PROTOCOL_VERSION}|{protocol}|{network}|{address}|grpc|{server_cert}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cookie_must_match() {
        assert!(check_cookie(|_| None).is_err());
        assert!(check_cookie(|_| Some("nope".into())).is_err());
        assert!(check_cookie(|_| Some(MAGIC_COOKIE_VALUE.into())).is_ok());
    }

    #[test]
    fn protocol_six_must_be_offered() {
        assert_eq!(negotiate_protocol(Some("5,6")).ok(), Some(6));
        assert_eq!(negotiate_protocol(Some(" 6 ")).ok(), Some(6));
        assert_eq!(negotiate_protocol(None).ok(), Some(6));
        let error = negotiate_protocol(Some("4,5")).expect_err("refused");
        assert!(error.to_string().contains("\"4,5\""), "{error}");
    }

    #[tokio::test]
    async fn tcp_listener_stays_in_range() {
        let lookup = |key: &str| match key {
            "PLUGIN_TRANSPORT" => Some("tcp".to_string()),
            "PLUGIN_MIN_PORT" => Some("23100".to_string()),
            "PLUGIN_MAX_PORT" => Some("23150".to_string()),
            _ => None,
        };
        let listener = listen(lookup).await.expect("listen");
        let line = handshake_line(&listener, 6, "CERT");
        let fields: Vec<&str> = line.split('|').collect();
        assert_eq!(fields[..3], ["1", "6", "tcp"]);
        let port: u16 = fields[3]
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("port");
        assert!((23100..=23150).contains(&port), "{line}");
        assert_eq!(fields[4..], ["grpc", "CERT"]);
    }

    #[cfg(unix)]
    #[tokio::test]
    async fn unix_socket_goes_to_the_requested_directory() {
        let dir = tempfile::tempdir().expect("tempdir");
        let dir_text = dir.path().display().to_string();
        let listener = listen(|key: &str| match key {
            "PLUGIN_UNIX_SOCKET_DIR" => Some(dir_text.clone()),
            _ => None,
        })
        .await
        .expect("listen");
        let (network, address) = listener.network_and_address();
        assert_eq!(network, "unix");
        assert!(address.starts_with(&dir_text), "{address}");
        let path = PathBuf::from(&address);
        assert!(path.exists());
        drop(listener);
        assert!(!path.exists(), "socket removed on drop");
    }
}
