//! Serving a [`Provider`] the way Terraform starts plugins: handshake, AutoMTLS, then gRPC with the
//! tfplugin6 service, go-plugin's controller (Shutdown exits) and stdio services, and the health
//! service reporting "plugin" as SERVING. `--debug` mode serves without TLS and prints the
//! `TF_REATTACH_PROVIDERS` value instead.

use std::io::Write;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::{mpsc, watch};
use tokio_rustls::TlsAcceptor;
use tokio_stream::wrappers::ReceiverStream;
use tonic::transport::server::Connected;
use tonic::transport::Server;
use tonic::{Request, Response, Status};

use super::handshake::{self, HandshakeError, Listener};
use super::proto_gen::plugin;
use super::provider::Provider;
use super::server::ProviderService;
use super::tls;

/// How to serve.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// The provider's source address, e.g. `registry.terraform.io/example/example`.
    pub provider_address: String,
    /// Serve without TLS and print `TF_REATTACH_PROVIDERS` (for attaching a debugger).
    pub debug: bool,
}

/// Any byte stream the gRPC server runs over (unix or TCP, plain or TLS).
pub struct Conn(Pin<Box<dyn Io>>);

trait Io: AsyncRead + AsyncWrite + Send + 'static {}
impl<T: AsyncRead + AsyncWrite + Send + 'static> Io for T {}

impl Conn {
    fn new(io: impl AsyncRead + AsyncWrite + Send + 'static) -> Self {
        Conn(Box::pin(io))
    }
}

impl AsyncRead for Conn {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_read(cx, buf)
    }
}

impl AsyncWrite for Conn {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        self.0.as_mut().poll_write(cx, buf)
    }
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_flush(cx)
    }
    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        self.0.as_mut().poll_shutdown(cx)
    }
    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        self.0.as_mut().poll_write_vectored(cx, bufs)
    }
    fn is_write_vectored(&self) -> bool {
        self.0.is_write_vectored()
    }
}

impl Connected for Conn {
    type ConnectInfo = ();
    fn connect_info(&self) -> Self::ConnectInfo {}
}

/// go-plugin's controller: `Shutdown` makes the process exit.
struct Controller {
    shutdown: watch::Sender<bool>,
}

#[tonic::async_trait]
impl plugin::grpc_controller_server::GrpcController for Controller {
    async fn shutdown(
        &self,
        _request: Request<plugin::Empty>,
    ) -> Result<Response<plugin::Empty>, Status> {
        tracing::debug!("shutdown requested by the plugin host");
        let _ = self.shutdown.send(true);
        Ok(Response::new(plugin::Empty {}))
    }
}

/// go-plugin's stdio forwarding: nothing is ever forwarded, the stream just stays open.
struct Stdio;

#[tonic::async_trait]
impl plugin::grpc_stdio_server::GrpcStdio for Stdio {
    type StreamStdioStream = tokio_stream::Pending<Result<plugin::StdioData, Status>>;

    async fn stream_stdio(
        &self,
        _request: Request<()>,
    ) -> Result<Response<Self::StreamStdioStream>, Status> {
        Ok(Response::new(tokio_stream::pending()))
    }
}

/// Accepts connections (with TCP_NODELAY), runs TLS handshakes when configured, and hands the
/// established streams to the gRPC server. A refused client is logged and dropped.
async fn accept_loop(
    listener: Listener,
    acceptor: Option<TlsAcceptor>,
    connections: mpsc::Sender<std::io::Result<Conn>>,
) {
    loop {
        let accepted = match &listener {
            #[cfg(unix)]
            Listener::Unix { listener, .. } => {
                listener.accept().await.map(|(stream, _)| Conn::new(stream))
            }
            Listener::Tcp(listener) => listener.accept().await.map(|(stream, _)| {
                let _ = stream.set_nodelay(true);
                Conn::new(stream)
            }),
        };
        let stream = match accepted {
            Ok(stream) => stream,
            Err(error) => {
                tracing::warn!(%error, "accepting a connection failed");
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        let connections = connections.clone();
        match &acceptor {
            None => {
                if connections.send(Ok(stream)).await.is_err() {
                    return;
                }
            }
            Some(acceptor) => {
                let acceptor = acceptor.clone();
                tokio::spawn(async move {
                    match acceptor.accept(stream).await {
                        Ok(tls_stream) => {
                            let _ = connections.send(Ok(Conn::new(tls_stream))).await;
                        }
                        Err(error) => {
                            tracing::warn!(%error, "refused a TLS connection");
                        }
                    }
                });
            }
        }
    }
}

/// An error before serving started, already explained to the user.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The start-up handshake failed.
    #[error(transparent)]
    Handshake(#[from] HandshakeError),
    /// The TLS set-up failed.
    #[error(transparent)]
    Tls(#[from] tls::TlsError),
    /// The gRPC server failed.
    #[error("gRPC server failed: {0}")]
    Transport(#[from] tonic::transport::Error),
}

fn env(key: &str) -> Option<String> {
    std::env::var(key).ok()
}

/// Serves `provider` until the host asks it to shut down (or, in debug mode, until Ctrl-C).
pub async fn serve<P: Provider>(provider: P, options: ServeOptions) -> Result<(), ServeError> {
    let provider = Arc::new(provider);
    if !options.debug {
        handshake::check_cookie(env)?;
    }
    let protocol = if options.debug {
        handshake::PROTOCOL_VERSION
    } else {
        handshake::negotiate_protocol(env("PLUGIN_PROTOCOL_VERSIONS").as_deref())?
    };
    let listener = handshake::listen(env).await?;

    let client_cert = env("PLUGIN_CLIENT_CERT").filter(|pem| !pem.trim().is_empty());
    let (acceptor, server_cert) = match client_cert {
        Some(pem) if !options.debug => {
            let identity = tls::ServerIdentity::generate().map_err(tls::TlsError::from)?;
            let config = tls::server_config(&identity, tls::parse_pem_certificate(&pem)?)?;
            (
                Some(TlsAcceptor::from(Arc::new(config))),
                identity.handshake_encoding(),
            )
        }
        _ => (None, String::new()),
    };

    let (network, address) = listener.network_and_address();
    let (connections_tx, connections_rx) = mpsc::channel(16);
    let (shutdown_tx, shutdown_rx) = watch::channel(false);

    let (health_reporter, health_service) = tonic_health::server::health_reporter();
    health_reporter
        .set_service_status("plugin", tonic_health::ServingStatus::Serving)
        .await;

    let router = Server::builder()
        .add_service(health_service)
        .add_service(plugin::grpc_controller_server::GrpcControllerServer::new(
            Controller {
                shutdown: shutdown_tx.clone(),
            },
        ))
        .add_service(plugin::grpc_stdio_server::GrpcStdioServer::new(Stdio))
        .add_service(ProviderService::new(provider).into_server());

    // Signals are hooked before the announcement, so none arrives unhandled.
    watch_signals(options.debug, &shutdown_tx);

    // Announce only now that the listener is bound; nothing else is written to stdout afterwards.
    {
        let mut stdout = std::io::stdout().lock();
        let announced = if options.debug {
            writeln!(
                stdout,
                "{}",
                reattach_instructions(&options, network, &address)
            )
        } else {
            writeln!(
                stdout,
                "{}",
                handshake::handshake_line(&listener, protocol, &server_cert)
            )
        };
        announced
            .and_then(|()| stdout.flush())
            .map_err(HandshakeError::Listen)?;
    }
    tracing::info!(network, address = %address, "plugin server listening");

    tokio::spawn(accept_loop(listener, acceptor, connections_tx));

    let mut signal = shutdown_rx.clone();
    let stopped = async move {
        let _ = signal.wait_for(|stop| *stop).await;
    };
    let mut grace = shutdown_rx;
    let forced = async move {
        let _ = grace.wait_for(|stop| *stop).await;
        // Long-lived streams (stdio) would hold a graceful shutdown open forever.
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    tokio::select! {
        result = router.serve_with_incoming_shutdown(ReceiverStream::new(connections_rx), stopped) => result?,
        () = forced => {}
    }
    Ok(())
}

/// SIGTERM stops cleanly (the socket file is removed on the way out). Ctrl-C (SIGINT) stops debug
/// mode; otherwise it is ignored, as the host handles it and stops us through the protocol.
fn watch_signals(debug: bool, shutdown: &watch::Sender<bool>) {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        if let Ok(mut terminate) = signal(SignalKind::terminate()) {
            let shutdown = shutdown.clone();
            tokio::spawn(async move {
                if terminate.recv().await.is_some() {
                    let _ = shutdown.send(true);
                }
            });
        }
        if let Ok(mut interrupt) = signal(SignalKind::interrupt()) {
            let shutdown = shutdown.clone();
            tokio::spawn(async move {
                while interrupt.recv().await.is_some() {
                    if debug {
                        let _ = shutdown.send(true);
                        return;
                    }
                    tracing::debug!("ignoring interrupt; the plugin host manages shutdown");
                }
            });
        }
    }
    #[cfg(not(unix))]
    {
        let shutdown = shutdown.clone();
        tokio::spawn(async move {
            while tokio::signal::ctrl_c().await.is_ok() {
                if debug {
                    let _ = shutdown.send(true);
                    return;
                }
            }
        });
    }
}

/// What debug mode prints: how to point Terraform at this process.
fn reattach_instructions(options: &ServeOptions, network: &str, address: &str) -> String {
    let value = serde_json::json!({
        options.provider_address.clone(): {
            "Protocol": "grpc",
            "ProtocolVersion": handshake::PROTOCOL_VERSION,
            "Pid": std::process::id(),
            "Test": true,
            "Addr": { "Network": network, "String": address },
        }
    });
    format!(
        "Provider started in debug mode. To attach Terraform, set this in Terraform's \
         environment:\n\n\tTF_REATTACH_PROVIDERS='{value}'\n"
    )
}
