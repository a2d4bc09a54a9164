//! Serving an emulator: the layers every router gets, the accept loop that serves each connection
//! with hyper (so a fault can close a connection without answering), and the handle of a server
//! running on its own thread, stopped when dropped.

use std::net::SocketAddr;
use std::sync::Arc;
use std::thread::JoinHandle;

use anyhow::Context;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::get;
use axum::{Json, Router};
use hyper_util::rt::TokioIo;
use serde_json::{json, Value};
use tokio::net::TcpListener;
use tokio::sync::oneshot;
use tower::ServiceExt;

use crate::middleware::ConnectionKill;
use crate::{inject, Control, Emulated, Faults, Stats};

/// A body over the limit is left unread, so the connection cannot carry another request: say so,
/// or a client could reuse it and see its next request fail.
async fn close_after_unread_body(mut response: Response) -> Response {
    if response.status() == StatusCode::PAYLOAD_TOO_LARGE {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

/// `GET /_emulator/stats`: requests by route since start.
async fn stats<S: Emulated>(State(state): State<Arc<S>>) -> Json<Stats> {
    Json(state.control().stats())
}

/// `GET /health` for the emulators that serve one: `{"status": "ok"}`.
pub async fn health() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// The routes every emulator starts its own from: `GET /_emulator/stats`. (Start from these, so
/// that the emulator's fallbacks, added after its routes, cover them too.)
pub fn routes<S: Emulated>() -> Router<Arc<S>> {
    Router::new().route("/_emulator/stats", get(stats::<S>))
}

/// An emulator's routes (started from [`routes`], with its fallbacks) made ready to serve: the
/// fault middleware, the body limit (a larger body is refused with 413 and the connection closed)
/// and the state.
pub fn finish<S: Emulated>(routes: Router<Arc<S>>, state: Arc<S>, body_limit: usize) -> Router {
    routes
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            inject::<S>,
        ))
        .layer(DefaultBodyLimit::max(body_limit))
        .layer(axum::middleware::map_response(close_after_unread_body))
        .with_state(state)
}

/// Accepts connections until `shutdown` fires.
async fn serve(listener: TcpListener, router: Router, mut shutdown: oneshot::Receiver<()>) {
    loop {
        let accepted = tokio::select! {
            _ = &mut shutdown => break,
            accepted = listener.accept() => accepted,
        };
        match accepted {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                tokio::spawn(serve_connection(stream, router.clone()));
            }
            Err(err) => {
                tracing::warn!(error = %err, "accept failed");
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
    }
}

async fn serve_connection(stream: tokio::net::TcpStream, router: Router) {
    let kill = ConnectionKill(Arc::new(tokio::sync::Notify::new()));
    let handle = kill.clone();
    let service =
        hyper::service::service_fn(move |mut request: hyper::Request<hyper::body::Incoming>| {
            request.extensions_mut().insert(handle.clone());
            router.clone().oneshot(request)
        });
    let connection =
        hyper::server::conn::http1::Builder::new().serve_connection(TokioIo::new(stream), service);
    tokio::select! {
        result = connection => {
            if let Err(err) = result {
                tracing::debug!(error = %err, "connection ended with an error");
            }
        }
        // Dropping the connection future closes the socket without a response.
        _ = kill.0.notified() => {}
    }
}

/// A bound port not yet served: its address is known before the emulator's state is built.
#[derive(Debug)]
pub struct Listener {
    inner: std::net::TcpListener,
    addr: SocketAddr,
}

impl Listener {
    /// Binds `listen` (port 0 picks a free one).
    pub fn bind(listen: SocketAddr) -> anyhow::Result<Listener> {
        let inner = std::net::TcpListener::bind(listen)
            .with_context(|| format!("cannot listen on {listen}"))?;
        inner.set_nonblocking(true)?;
        let addr = inner.local_addr()?;
        Ok(Listener { inner, addr })
    }

    /// The address bound.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Serves `router` on a thread called `name` with its own two-worker tokio runtime, so the
    /// server works from synchronous and asynchronous tests alike; `control` is the one the
    /// router's state holds.
    pub fn serve(
        self,
        name: &str,
        router: Router,
        control: Arc<Control>,
    ) -> anyhow::Result<Server> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .thread_name(name)
            .enable_all()
            .build()?;
        let (shutdown_tx, shutdown_rx) = oneshot::channel();
        let listener = self.inner;
        let thread = std::thread::Builder::new()
            .name(name.to_string())
            .spawn(move || {
                runtime.block_on(async move {
                    match TcpListener::from_std(listener) {
                        Ok(listener) => serve(listener, router, shutdown_rx).await,
                        Err(err) => tracing::error!(error = %err, "cannot register the listener"),
                    }
                });
                runtime.shutdown_background();
            })?;
        Ok(Server {
            addr: self.addr,
            control,
            shutdown: Some(shutdown_tx),
            thread: Some(thread),
        })
    }
}

/// A running server with its test controls; dropping it stops accepting, ends its runtime and
/// joins its thread.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    control: Arc<Control>,
    shutdown: Option<oneshot::Sender<()>>,
    thread: Option<JoinHandle<()>>,
}

impl Server {
    /// The address served.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The seed of the fault dice (the one given, or the one picked at random); print it in a
    /// test so a failure can be replayed with it.
    pub fn fault_seed(&self) -> u64 {
        self.control.seed()
    }

    /// Requests per route since start, as `GET /_emulator/stats` shows them.
    pub fn stats(&self) -> Stats {
        self.control.stats()
    }

    /// Replaces the fault settings; rates outside 0..=1 are refused, naming the flag.
    pub fn set_faults(&self, faults: Faults) -> anyhow::Result<()> {
        self.control.try_set_faults(faults)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
