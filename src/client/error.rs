//! Typed API errors, each carrying the server's message.

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ApiError {
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("conflict: {message}")]
    Conflict { message: String },
    #[error("quota exceeded: {message}")]
    QuotaExceeded { message: String },
    #[error("rejected as invalid: {message}")]
    Validation { message: String },
    #[error("unauthorized: {message}")]
    Unauthorized { message: String },
    #[error("forbidden: {message}")]
    Forbidden { message: String },
    #[error("rate limited: {message}")]
    RateLimited { message: String },
    #[error("server error {status}: {message}")]
    Server { status: u16, message: String },
    #[error("transport error: {message}")]
    Transport { message: String },
    #[error("configuration error: {message}")]
    Config { message: String },
}
