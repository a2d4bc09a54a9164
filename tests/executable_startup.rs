//! The provider executable's start-up contract, tested against the real binary: the magic cookie,
//! protocol negotiation, AutoMTLS (the pinned client certificate is accepted, another refused),
//! gRPC health "plugin", controller Shutdown, and debug mode's TF_REATTACH_PROVIDERS. (The protocol
//! crate's own tests, over its service without a process, are in `crates/plugin-protocol/tests/`.)

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine;
use hyper_util::rt::TokioIo;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer, ServerName};
use terraform_provider_resistant::protocol::cty::{msgpack, Value};
use terraform_provider_resistant::protocol::proto_gen::{plugin, tfplugin6};
use terraform_provider_resistant::protocol::provider::Provider as _;
use terraform_provider_resistant::provider::config::SETTINGS;
use terraform_provider_resistant::provider::framework;
use tokio::net::UnixStream;
use tonic::transport::{Channel, Endpoint};

const BINARY: &str = env!("CARGO_BIN_EXE_terraform-provider-resistant");
const COOKIE: &str = "d602bf8f470bc67ca7faa0386276bbdd4330efaf76d1a219cb4d6991ca9872b2";

/// The plugin process; killed when dropped.
struct Plugin {
    child: Child,
    first_line: String,
    lines: std::sync::mpsc::Receiver<String>,
}

impl Drop for Plugin {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn command() -> Command {
    let mut command = Command::new(BINARY);
    command
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

/// Starts the plugin and waits for the first stdout line.
fn start(mut command: Command) -> Plugin {
    let mut child = command.spawn().expect("spawn plugin");
    let stdout = child.stdout.take().expect("stdout");
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let first_line = rx
        .recv_timeout(Duration::from_secs(20))
        .expect("plugin printed a line");
    Plugin {
        child,
        first_line,
        lines: rx,
    }
}

struct ClientIdentity {
    cert: CertificateDer<'static>,
    key: PrivatePkcs8KeyDer<'static>,
    pem: String,
}

fn client_identity() -> ClientIdentity {
    let key = rcgen::KeyPair::generate().expect("key");
    let params = rcgen::CertificateParams::new(vec!["localhost".to_string()]).expect("params");
    let cert = params.self_signed(&key).expect("cert");
    ClientIdentity {
        pem: cert.pem(),
        cert: cert.der().clone(),
        key: PrivatePkcs8KeyDer::from(key.serialize_der()),
    }
}

fn start_with_tls(client: &ClientIdentity) -> Plugin {
    let mut command = command();
    command
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "5,6")
        .env("PLUGIN_CLIENT_CERT", &client.pem);
    start(command)
}

/// Trusts exactly the certificate from the handshake line, as go-plugin's client does (it pins it
/// as the only root; webpki would refuse a CA certificate used as the server's own, Go does not),
/// and checks that it names "localhost".
#[derive(Debug)]
struct PinnedServer {
    expected: CertificateDer<'static>,
    algorithms: rustls::crypto::WebPkiSupportedAlgorithms,
}

impl rustls::client::danger::ServerCertVerifier for PinnedServer {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        _ocsp: &[u8],
        _now: rustls::pki_types::UnixTime,
    ) -> Result<rustls::client::danger::ServerCertVerified, rustls::Error> {
        assert_eq!(server_name.to_str(), "localhost");
        if end_entity.as_ref() == self.expected.as_ref() {
            Ok(rustls::client::danger::ServerCertVerified::assertion())
        } else {
            Err(rustls::Error::InvalidCertificate(
                rustls::CertificateError::UnknownIssuer,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &rustls::DigitallySignedStruct,
    ) -> Result<rustls::client::danger::HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<rustls::SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

/// A client TLS stream over either transport.
enum Conn {
    Unix(Box<tokio_rustls::client::TlsStream<UnixStream>>),
    Tcp(Box<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>),
}

impl tokio::io::AsyncRead for Conn {
    fn poll_read(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Unix(s) => std::pin::Pin::new(s.as_mut()).poll_read(cx, buf),
            Conn::Tcp(s) => std::pin::Pin::new(s.as_mut()).poll_read(cx, buf),
        }
    }
}

impl tokio::io::AsyncWrite for Conn {
    fn poll_write(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        match self.get_mut() {
            Conn::Unix(s) => std::pin::Pin::new(s.as_mut()).poll_write(cx, buf),
            Conn::Tcp(s) => std::pin::Pin::new(s.as_mut()).poll_write(cx, buf),
        }
    }
    fn poll_flush(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Unix(s) => std::pin::Pin::new(s.as_mut()).poll_flush(cx),
            Conn::Tcp(s) => std::pin::Pin::new(s.as_mut()).poll_flush(cx),
        }
    }
    fn poll_shutdown(
        self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        match self.get_mut() {
            Conn::Unix(s) => std::pin::Pin::new(s.as_mut()).poll_shutdown(cx),
            Conn::Tcp(s) => std::pin::Pin::new(s.as_mut()).poll_shutdown(cx),
        }
    }
}

/// A gRPC channel over the plugin's unix socket, with TLS as go-plugin's client sets it up: the
/// server certificate from the handshake line is the only root, server name "localhost", ALPN h2.
async fn tls_channel(
    socket: &str,
    server_cert: CertificateDer<'static>,
    client: &ClientIdentity,
) -> Result<Channel, tonic::transport::Error> {
    let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
    let verifier = Arc::new(PinnedServer {
        expected: server_cert,
        algorithms: provider.signature_verification_algorithms,
    });
    let mut config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_client_auth_cert(
            vec![client.cert.clone()],
            PrivateKeyDer::Pkcs8(client.key.clone_key()),
        )
        .expect("client auth");
    config.alpn_protocols = vec![b"h2".to_vec()];
    let connector = tokio_rustls::TlsConnector::from(Arc::new(config));
    let socket = socket.to_string();
    Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let connector = connector.clone();
            let socket = socket.clone();
            async move {
                let name = ServerName::try_from("localhost").expect("name");
                let tls = match socket.strip_prefix("tcp:") {
                    Some(address) => {
                        let stream = tokio::net::TcpStream::connect(address).await?;
                        Conn::Tcp(Box::new(connector.connect(name, stream).await?))
                    }
                    None => {
                        let stream = UnixStream::connect(&socket).await?;
                        Conn::Unix(Box::new(connector.connect(name, stream).await?))
                    }
                };
                Ok::<_, std::io::Error>(TokioIo::new(tls))
            }
        }))
        .await
}

async fn plain_channel(socket: &str) -> Result<Channel, tonic::transport::Error> {
    let socket = socket.to_string();
    Endpoint::from_static("http://localhost")
        .connect_with_connector(tower::service_fn(move |_| {
            let socket = socket.clone();
            async move { Ok::<_, std::io::Error>(TokioIo::new(UnixStream::connect(&socket).await?)) }
        }))
        .await
}

async fn health_of_plugin(channel: Channel) -> Result<i32, tonic::Status> {
    let mut health = tonic_health::pb::health_client::HealthClient::new(channel);
    let response = health
        .check(tonic_health::pb::HealthCheckRequest {
            service: "plugin".to_string(),
        })
        .await?;
    Ok(response.into_inner().status)
}

/// Splits the handshake line into (socket path, server certificate).
fn parse_handshake(line: &str) -> (String, CertificateDer<'static>) {
    let fields: Vec<&str> = line.split('|').collect();
    assert_eq!(fields.len(), 6, "handshake line: {line}");
    assert_eq!(fields[..3], ["1", "6", "unix"], "{line}");
    assert_eq!(fields[4], "grpc", "{line}");
    assert!(
        !fields[5].ends_with('='),
        "certificate must be unpadded: {line}"
    );
    let der = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(fields[5])
        .expect("certificate is base64 without padding");
    let parsed = x509_parser::parse_x509_certificate(&der).expect("DER certificate");
    let san = parsed
        .1
        .subject_alternative_name()
        .expect("SAN")
        .expect("SAN present");
    assert!(
        format!("{:?}", san.value).contains("localhost"),
        "SAN names localhost"
    );
    assert!(parsed.1.is_ca(), "go-plugin's client pins it as a CA");
    (fields[3].to_string(), CertificateDer::from(der))
}

#[test]
fn without_the_magic_cookie_it_explains_how_to_use_it_and_exits_1() {
    let output = command().output().expect("run");
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8_lossy(&output.stderr).to_string()
        + &String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Terraform plugin"), "{text}");
    for needle in [
        "--debug",
        "TF_REATTACH_PROVIDERS",
        "docs/",
        "terraform init",
    ] {
        assert!(text.contains(needle), "{needle:?} missing: {text}");
    }
}

#[test]
fn help_explains_the_plugin_debug_mode_and_docs_and_exits_0() {
    for flag in ["--help", "-h"] {
        let output = command().arg(flag).output().expect("run");
        assert_eq!(output.status.code(), Some(0), "{flag}");
        let text = String::from_utf8_lossy(&output.stdout);
        for needle in [
            "Terraform plugin",
            "--debug",
            "TF_REATTACH_PROVIDERS",
            "docs/index.md",
            env!("CARGO_PKG_VERSION"),
        ] {
            assert!(text.contains(needle), "{flag}: {needle:?} missing: {text}");
        }
    }
}

#[test]
fn refuses_when_protocol_6_is_not_offered() {
    let output = command()
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "4,5")
        .output()
        .expect("run");
    assert_eq!(output.status.code(), Some(1));
    assert!(output.stdout.is_empty(), "no handshake line");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("protocol 6"), "{stderr}");
}

#[tokio::test]
async fn mtls_accepts_the_pinned_client_only_and_shutdown_exits() {
    let trusted = client_identity();
    let mut plugin = start_with_tls(&trusted);
    let (socket, server_cert) = parse_handshake(&plugin.first_line);

    let channel = tls_channel(&socket, server_cert.clone(), &trusted)
        .await
        .expect("trusted client connects");
    assert_eq!(
        health_of_plugin(channel.clone()).await.expect("health"),
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );
    let mut provider = tfplugin6::provider_client::ProviderClient::new(channel.clone());
    let metadata = provider
        .get_metadata(tfplugin6::get_metadata::Request {})
        .await
        .expect("GetMetadata")
        .into_inner();
    let capabilities = metadata.server_capabilities.expect("capabilities");
    assert!(capabilities.plan_destroy && capabilities.get_provider_schema_optional);
    assert!(!capabilities.move_resource_state);

    // Messages far above gRPC's default 4 MiB limit are accepted.
    let big_config = Value::object(
        SETTINGS
            .iter()
            .map(|setting| (setting.name, Value::Null))
            .chain([("client_id", Value::string("x".repeat(6 << 20)))]),
    );
    let provider_type = framework().schemas().provider.block.implied_type();
    let validated = provider
        .clone()
        .max_encoding_message_size(64 << 20)
        .validate_provider_config(tfplugin6::validate_provider_config::Request {
            config: Some(tfplugin6::DynamicValue {
                msgpack: msgpack::encode(&big_config, &provider_type).expect("encode"),
                json: vec![],
            }),
        })
        .await
        .expect("a 6 MiB request is accepted")
        .into_inner();
    assert!(
        validated.diagnostics.is_empty(),
        "{:?}",
        validated.diagnostics
    );

    // A different certificate, even a valid one for the same name, is refused.
    let stranger = client_identity();
    let refused = match tls_channel(&socket, server_cert, &stranger).await {
        Err(_) => true,
        Ok(channel) => health_of_plugin(channel).await.is_err(),
    };
    assert!(refused, "a client with another certificate must be refused");

    let mut controller = plugin::grpc_controller_client::GrpcControllerClient::new(channel);
    controller
        .shutdown(plugin::Empty {})
        .await
        .expect("Shutdown answered");
    wait_for_clean_exit(&mut plugin, &socket).await;
}

#[tokio::test]
async fn debug_mode_prints_reattach_providers_and_serves_without_tls() {
    let mut command = command();
    command.arg("--debug");
    let plugin = start(command);
    let mut text = plugin.first_line.clone();
    while !text.contains("TF_REATTACH_PROVIDERS") {
        let line = plugin
            .lines
            .recv_timeout(Duration::from_secs(10))
            .expect("more output");
        text.push('\n');
        text.push_str(&line);
    }
    let start = text.find("TF_REATTACH_PROVIDERS='").expect("variable") + 23;
    let end = start + text[start..].find('\'').expect("closing quote");
    let value: serde_json::Value = serde_json::from_str(&text[start..end]).expect("JSON value");
    let entry = &value["registry.terraform.io/resistant-ai/resistant"];
    assert_eq!(entry["Protocol"], "grpc");
    assert_eq!(entry["ProtocolVersion"], 6);
    assert_eq!(entry["Test"], true);
    assert_eq!(entry["Pid"], plugin.child.id());
    assert_eq!(entry["Addr"]["Network"], "unix");
    let socket = entry["Addr"]["String"].as_str().expect("address");
    let channel = plain_channel(socket).await.expect("plaintext connect");
    assert_eq!(
        health_of_plugin(channel.clone()).await.expect("health"),
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );
    let mut plugin = plugin;
    plugin::grpc_controller_client::GrpcControllerClient::new(channel)
        .shutdown(plugin::Empty {})
        .await
        .expect("Shutdown answered");
    wait_for_clean_exit(&mut plugin, socket).await;
}

#[tokio::test]
async fn tcp_transport_serves_mtls_within_the_port_range() {
    let trusted = client_identity();
    let mut command = command();
    command
        .env("TF_PLUGIN_MAGIC_COOKIE", COOKIE)
        .env("PLUGIN_PROTOCOL_VERSIONS", "6")
        .env("PLUGIN_CLIENT_CERT", &trusted.pem)
        .env("PLUGIN_TRANSPORT", "tcp")
        .env("PLUGIN_MIN_PORT", "24100")
        .env("PLUGIN_MAX_PORT", "24199");
    let plugin = start(command);
    let fields: Vec<&str> = plugin.first_line.split('|').collect();
    assert_eq!(fields[..3], ["1", "6", "tcp"], "{}", plugin.first_line);
    let port: u16 = fields[3]
        .strip_prefix("127.0.0.1:")
        .and_then(|port| port.parse().ok())
        .expect("loopback address");
    assert!((24100..=24199).contains(&port));
    let der = base64::engine::general_purpose::STANDARD_NO_PAD
        .decode(fields[5])
        .expect("certificate");
    let channel = tls_channel(
        &format!("tcp:{}", fields[3]),
        CertificateDer::from(der),
        &trusted,
    )
    .await
    .expect("connect over TCP");
    assert_eq!(
        health_of_plugin(channel).await.expect("health"),
        tonic_health::pb::health_check_response::ServingStatus::Serving as i32
    );
}

#[tokio::test]
async fn sigterm_stops_cleanly_and_removes_the_socket() {
    let trusted = client_identity();
    let mut plugin = start_with_tls(&trusted);
    let (socket, _) = parse_handshake(&plugin.first_line);
    let status = Command::new("kill")
        .args(["-TERM", &plugin.child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
    wait_for_clean_exit(&mut plugin, &socket).await;
}

async fn wait_for_clean_exit(plugin: &mut Plugin, socket: &str) {
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        if let Some(status) = plugin.child.try_wait().expect("wait") {
            assert!(status.success(), "clean exit: {status}");
            break;
        }
        assert!(Instant::now() < deadline, "plugin did not exit");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(
        !std::path::Path::new(socket).exists(),
        "socket file removed on exit"
    );
}
