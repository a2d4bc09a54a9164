//! What can go wrong talking to the API, with the server's own words kept: an error status with
//! its `detail` (and, for a 422, every `loc`/`msg` problem), credentials the token endpoint refused,
//! no usable answer, or a create whose outcome is unknown.

use std::fmt;

use serde_json::Value as Json;

/// One problem of a 422 answer: where (`loc`, e.g. `["body", "settings", "session_timeout"]`)
/// and what (`msg`).
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    pub loc: Vec<Json>,
    pub msg: String,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ApiError {
    /// The server answered with an error status.
    Rejected {
        status: u16,
        detail: String,
        problems: Vec<Problem>,
    },
    /// The token endpoint refused the client credentials (or the configured token was refused).
    Credentials { status: u16, detail: String },
    /// No usable answer after the retries: connection refused, timeouts, lost connections, 5xx.
    Unreachable { what: String },
    /// A request that changes something may or may not have taken effect.
    Unknown { what: String },
    /// After a create whose outcome is unknown, a tenant appeared that the provider cannot prove
    /// its own request made; it was left alone, and `what` says how to import or delete it.
    Unplaced { what: String },
    /// An answer the client could not read.
    Malformed { what: String },
    /// Terraform asked the provider to stop; `sent` when a request that changes something was
    /// already on its way (a read in flight changes nothing, so it counts as not sent).
    Stopped { sent: bool },
    /// The audit log could not be written, so the change was not sent (`what` names the file).
    Unrecorded { what: String },
}

impl ApiError {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Rejected { status, .. } | ApiError::Credentials { status, .. } => {
                Some(*status)
            }
            _ => None,
        }
    }

    /// An error from an error answer's status and body (`{"detail": "..."}` or a 422's list).
    pub fn from_answer(status: u16, body: &[u8]) -> ApiError {
        let (detail, problems) = parse_detail(body);
        ApiError::Rejected {
            status,
            detail,
            problems,
        }
    }
}

/// The `detail` of an error body as text, and a 422's problems.
pub fn parse_detail(body: &[u8]) -> (String, Vec<Problem>) {
    let json: Json = match serde_json::from_slice(body) {
        Ok(json) => json,
        Err(_) => {
            let text = String::from_utf8_lossy(body);
            let text: String = text.trim().chars().take(500).collect();
            return (text, Vec::new());
        }
    };
    match &json["detail"] {
        Json::String(text) => (text.clone(), Vec::new()),
        Json::Array(items) => {
            let problems: Vec<Problem> = items
                .iter()
                .map(|item| Problem {
                    loc: item["loc"].as_array().cloned().unwrap_or_default(),
                    msg: item["msg"].as_str().unwrap_or("invalid").to_string(),
                })
                .collect();
            let text = problems
                .iter()
                .map(|p| format!("{}: {}", location(&p.loc), p.msg))
                .collect::<Vec<_>>()
                .join("; ");
            (text, problems)
        }
        Json::Null => (json.to_string(), Vec::new()),
        other => (other.to_string(), Vec::new()),
    }
}

/// A `loc` as the server wrote it, dotted: `body.settings.session_timeout`.
pub fn location(loc: &[Json]) -> String {
    loc.iter()
        .map(|step| match step {
            Json::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect::<Vec<_>>()
        .join(".")
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ApiError::Rejected { status, detail, .. } => {
                write!(f, "the API answered HTTP {status}: {detail}")
            }
            ApiError::Credentials { status, detail } => write!(
                f,
                "the credentials were refused (HTTP {status}): {detail}. Check `client_id` and \
                 `client_secret` (or `access_token`), and that the client may use the tenants \
                 scopes."
            ),
            ApiError::Unreachable { what } => write!(
                f,
                "no usable answer from the API: {what}. Check `endpoint` and that the service \
                 is reachable, then run Terraform again."
            ),
            ApiError::Unknown { what } => write!(f, "the outcome is unknown: {what}"),
            ApiError::Unplaced { what } => write!(
                f,
                "the outcome is unknown and nothing was adopted or deleted: {what}"
            ),
            ApiError::Malformed { what } => write!(f, "the API's answer could not be read: {what}"),
            ApiError::Unrecorded { what } => f.write_str(what),
            ApiError::Stopped { sent: false } => f.write_str(
                "Terraform asked the provider to stop before any request that changes something \
                 was sent, so nothing changed.",
            ),
            ApiError::Stopped { sent: true } => f.write_str(
                "Terraform asked the provider to stop while a request was on its way, so it may \
                 or may not have taken effect. Run terraform plan to see where things stand; a \
                 tenant being created may exist: look it up by its slug and import it with \
                 `slug:<slug>`.",
            ),
        }
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_validation_answer_keeps_every_location_and_message() {
        let body = br#"{"detail": [{"loc": ["body", "settings", "session_timeout"], "msg": "Input should be greater than or equal to 5", "type": "greater_than_equal"}, {"loc": ["body", "name"], "msg": "Field required", "type": "missing"}]}"#;
        let ApiError::Rejected {
            status,
            detail,
            problems,
        } = ApiError::from_answer(422, body)
        else {
            panic!("not a rejection");
        };
        assert_eq!(status, 422);
        assert_eq!(problems.len(), 2);
        assert_eq!(location(&problems[0].loc), "body.settings.session_timeout");
        assert!(detail.contains("body.name: Field required"), "{detail}");
    }

    #[test]
    fn a_plain_detail_or_a_body_that_is_not_json_is_shown_as_it_is() {
        assert_eq!(
            parse_detail(br#"{"detail": "Tenant not found"}"#).0,
            "Tenant not found"
        );
        assert_eq!(parse_detail(b"Bad Gateway").0, "Bad Gateway");
    }
}
