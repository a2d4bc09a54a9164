//! Typed API errors, each carrying the server's message.

#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum ApiError {
    #[error("not found: {message}")]
    NotFound { message: String },
    #[error("conflict: {message}")]
    Conflict { message: String },
    #[error("already exists: {message}")]
    AlreadyExists { message: String },
    /// After a create whose outcome is unknown, objects appeared that the provider cannot prove
    /// its own call made: they were left alone, and the message names each with what to do.
    #[error("left alone: {message}")]
    Unplaced { message: String },
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
    #[error("stopped: {message}")]
    Stopped { message: String },
}

impl ApiError {
    /// The server's message (or the client's own, for transport and configuration errors).
    pub fn message(&self) -> &str {
        match self {
            ApiError::NotFound { message }
            | ApiError::Conflict { message }
            | ApiError::AlreadyExists { message }
            | ApiError::Unplaced { message }
            | ApiError::QuotaExceeded { message }
            | ApiError::Validation { message }
            | ApiError::Unauthorized { message }
            | ApiError::Forbidden { message }
            | ApiError::RateLimited { message }
            | ApiError::Server { message, .. }
            | ApiError::Transport { message }
            | ApiError::Config { message }
            | ApiError::Stopped { message } => message,
        }
    }

    /// The same kind of error with another message (e.g. with context added).
    pub fn with_message(&self, message: String) -> ApiError {
        match self {
            ApiError::NotFound { .. } => ApiError::NotFound { message },
            ApiError::Conflict { .. } => ApiError::Conflict { message },
            ApiError::AlreadyExists { .. } => ApiError::AlreadyExists { message },
            ApiError::Unplaced { .. } => ApiError::Unplaced { message },
            ApiError::QuotaExceeded { .. } => ApiError::QuotaExceeded { message },
            ApiError::Validation { .. } => ApiError::Validation { message },
            ApiError::Unauthorized { .. } => ApiError::Unauthorized { message },
            ApiError::Forbidden { .. } => ApiError::Forbidden { message },
            ApiError::RateLimited { .. } => ApiError::RateLimited { message },
            ApiError::Server { status, .. } => ApiError::Server {
                status: *status,
                message,
            },
            ApiError::Transport { .. } => ApiError::Transport { message },
            ApiError::Config { .. } => ApiError::Config { message },
            ApiError::Stopped { .. } => ApiError::Stopped { message },
        }
    }

    /// What went wrong, in a few words, without the operation.
    pub fn summary(&self) -> String {
        match self {
            ApiError::NotFound { .. } => "the object does not exist".into(),
            ApiError::Conflict { .. } => "the request conflicts with the current state".into(),
            ApiError::AlreadyExists { .. } => "the object already exists".into(),
            ApiError::Unplaced { .. } => {
                "objects appeared that the provider cannot prove it created".into()
            }
            ApiError::QuotaExceeded { .. } => "the organization's quota is exhausted".into(),
            ApiError::Validation { .. } => "the API rejected the request as invalid".into(),
            ApiError::Unauthorized { .. } => "authentication failed".into(),
            ApiError::Forbidden { .. } => "the credentials lack permission".into(),
            ApiError::RateLimited { .. } => "the API rate limit was hit".into(),
            ApiError::Server { status, .. } => {
                format!("the API answered with server error {status}")
            }
            ApiError::Transport { .. } => "the API could not be reached".into(),
            ApiError::Config { .. } => "the client configuration is invalid".into(),
            ApiError::Stopped { .. } => "Terraform interrupted the operation".into(),
        }
    }

    /// What to do next.
    pub fn advice(&self) -> &'static str {
        match self {
            ApiError::NotFound { .. } => {
                "The object may have been deleted outside Terraform; refresh the state or check the ID."
            }
            ApiError::Conflict { .. } => {
                "Check for an existing object with the same name (import it or pick another name), or delete what still depends on it first."
            }
            ApiError::AlreadyExists { .. } => {
                "Import the existing object as the message shows, or choose another name."
            }
            ApiError::Unplaced { .. } => {
                "Nothing was adopted or deleted. Import each object listed above that this configuration should manage, delete the others, then apply again."
            }
            ApiError::QuotaExceeded { .. } => {
                "Delete tenants that are no longer needed, or ask Resistant AI to raise the organization's quota."
            }
            ApiError::Validation { .. } => "Correct the values named in the message and apply again.",
            ApiError::Unauthorized { .. } => {
                "Check client_id and the client secret or private key (and key_id), and that token_url is the organization's token endpoint."
            }
            ApiError::Forbidden { .. } => {
                "Check that the configured scopes include the ones this operation needs and that the organization's client was granted them."
            }
            ApiError::RateLimited { .. } => {
                "Lower requests_per_second or Terraform's -parallelism, or raise operation_timeout (rate-limit waits count against it, not against max_retries)."
            }
            ApiError::Server { .. } => {
                "This is usually temporary: apply again later, or raise max_retries. Contact Resistant AI support if it persists."
            }
            ApiError::Transport { .. } => {
                "Check the endpoint and token_url, network access and proxies; raise request_timeout if the API is slow."
            }
            ApiError::Config { .. } => "Correct the provider configuration.",
            ApiError::Stopped { .. } => {
                "Nothing more was sent after the interrupt. Run terraform plan to see where things stand, then apply again."
            }
        }
    }

    /// A diagnostic for a failed `operation` (e.g. "create tenant"): a summary and a detail that
    /// carries the message and what to do next.
    pub fn describe(&self, operation: &str) -> (String, String) {
        let summary = format!("Could not {operation}: {}", self.summary());
        let message = self.message();
        let detail = if message.is_empty() {
            self.advice().to_string()
        } else {
            format!("{message}\n\n{}", self.advice())
        };
        (summary, detail)
    }

    /// The error for an unsuccessful HTTP status, classified by status class.
    pub fn from_status(status: u16, message: String) -> ApiError {
        let message = if message.trim().is_empty() {
            format!("HTTP status {status} without a message")
        } else {
            message
        };
        match status {
            401 => ApiError::Unauthorized { message },
            403 if message.to_ascii_lowercase().contains("quota") => {
                ApiError::QuotaExceeded { message }
            }
            403 => ApiError::Forbidden { message },
            404 | 410 => ApiError::NotFound { message },
            409 => ApiError::Conflict { message },
            429 => ApiError::RateLimited { message },
            500..=599 => ApiError::Server { status, message },
            _ => ApiError::Validation { message },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_classify_by_class_and_keep_the_message() {
        let cases = [
            (400, "bad name", "rejected as invalid: bad name"),
            (415, "json please", "rejected as invalid: json please"),
            (401, "expired", "unauthorized: expired"),
            (403, "scope missing", "forbidden: scope missing"),
            (
                403,
                "tenant quota of 20 reached",
                "quota exceeded: tenant quota of 20 reached",
            ),
            (404, "no tenant", "not found: no tenant"),
            (409, "exists", "conflict: exists"),
            (429, "", "rate limited: HTTP status 429 without a message"),
            (503, "down", "server error 503: down"),
        ];
        for (status, message, text) in cases {
            assert_eq!(
                ApiError::from_status(status, message.into()).to_string(),
                text
            );
        }
    }

    #[test]
    fn describe_names_operation_message_and_next_step() {
        let (summary, detail) =
            ApiError::from_status(403, "quota of 20 tenants".into()).describe("create tenant");
        assert!(summary.starts_with("Could not create tenant"), "{summary}");
        assert!(
            detail.contains("quota of 20 tenants") && detail.contains("raise"),
            "{detail}"
        );
        let (_, detail) = ApiError::from_status(401, "bad".into()).describe("list tenants");
        assert!(detail.contains("token_url"), "{detail}");
    }
}
