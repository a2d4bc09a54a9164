//! Pieces of error answers every emulator gives in its own JSON shape: the bearer challenge of a
//! 401, and the message of a storage failure (logged, never shown).

use axum::http::{header, HeaderValue};
use axum::response::Response;

/// Adds the challenge a 401 of a bearer-token API carries (`WWW-Authenticate: Bearer`).
pub fn challenge_bearer(response: &mut Response) {
    response
        .headers_mut()
        .insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
}

/// Logs a storage failure and gives the message its 500 may carry (the SQL error stays in the log).
pub fn storage_failure(err: &rusqlite::Error) -> &'static str {
    tracing::error!(error = %err, "storage error");
    "storage error; see the emulator's log"
}
