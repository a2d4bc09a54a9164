//! What a failed call tells: never sent (nothing happened), throttled (Raven did not act),
//! rejected with a status and Raven's `{error, message}`, or an unknown outcome. [`ApiError::describe`]
//! turns each into the cause and the remedy a person reads, always with the server's message.

use std::time::Duration;

use api_client_kit::Delivery;
use serde_json::Value as Json;

/// A failed call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiError {
    /// The request never reached Raven (connection refused, DNS, TLS): nothing happened.
    NotSent(String),
    /// 429: Raven did not act; try again after `retry_after`.
    Throttled {
        message: String,
        retry_after: Option<Duration>,
    },
    /// Raven answered with an error status (a 5xx leaves the outcome open for changes).
    Rejected {
        status: u16,
        code: String,
        message: String,
    },
    /// Sent, but no answer that says what happened (timeout, connection lost, unreadable body).
    Unknown(String),
    /// Terraform asked the provider to stop; `sent` when the request was already on its way.
    Stopped { sent: bool },
    /// The audit log could not be written, so the change was not sent (the text names the file).
    Unrecorded(String),
}

impl ApiError {
    pub(super) async fn from_response(response: reqwest::Response) -> ApiError {
        let status = response.status().as_u16();
        let retry_after = api_client_kit::retry_after(response.headers());
        let text = response.text().await.unwrap_or_default();
        let body: Json = serde_json::from_str(&text).unwrap_or(Json::Null);
        let code = body["error"].as_str().unwrap_or_default().to_string();
        let message = match body["message"].as_str() {
            Some(message) => message.to_string(),
            None if text.trim().is_empty() => format!("HTTP {status} without a body"),
            None => text.chars().take(300).collect(),
        };
        if status == 429 {
            return ApiError::Throttled {
                message,
                retry_after,
            };
        }
        ApiError::Rejected {
            status,
            code,
            message,
        }
    }

    pub(super) fn from_transport(error: &reqwest::Error) -> ApiError {
        // The URL (service address only) is fine to show; the error text never holds headers.
        let text = error.to_string();
        match Delivery::of_transport(error) {
            Delivery::NotSent { .. } => ApiError::NotSent(text),
            _ => ApiError::Unknown(text),
        }
    }

    pub(super) fn retry_after(&self) -> Option<Duration> {
        match self {
            ApiError::Throttled { retry_after, .. } => *retry_after,
            _ => None,
        }
    }

    /// One line for logs.
    pub fn short(&self) -> String {
        match self {
            ApiError::NotSent(text) => format!("not sent: {text}"),
            ApiError::Throttled { message, .. } => format!("429: {message}"),
            ApiError::Rejected {
                status,
                code,
                message,
            } => format!("{status} {code}: {message}"),
            ApiError::Unknown(text) => format!("unknown outcome: {text}"),
            ApiError::Stopped { sent } => format!("interrupted by Terraform (sent: {sent})"),
            ApiError::Unrecorded(text) => format!("not sent: {text}"),
        }
    }

    /// The HTTP status Raven answered, if it answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            ApiError::Throttled { .. } => Some(429),
            ApiError::Rejected { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// Whether the request may have changed something although it failed.
    pub fn outcome_unknown(&self) -> bool {
        match self {
            ApiError::Unknown(_) | ApiError::Stopped { sent: true } => true,
            ApiError::Rejected { status, .. } => *status >= 500,
            _ => false,
        }
    }

    /// What the failure says about the request, when `repeatable` says whether sending it again
    /// after an unknown outcome is harmless.
    pub(super) fn delivery(&self, repeatable: bool) -> Delivery {
        match self {
            ApiError::NotSent(_) => Delivery::NotSent { retryable: true },
            ApiError::Throttled { .. } => Delivery::Throttled,
            ApiError::Unknown(_) => Delivery::Unknown {
                retryable: repeatable,
            },
            ApiError::Rejected { status, .. } if *status >= 500 => Delivery::Unknown {
                retryable: repeatable,
            },
            ApiError::Rejected { .. } => Delivery::Rejected,
            ApiError::Stopped { sent } => Delivery::Stopped { in_flight: *sent },
            ApiError::Unrecorded(_) => Delivery::NotSent { retryable: false },
        }
    }

    /// The summary (`Could not <action>`) and the detail: cause, Raven's message, remedy, for a
    /// call that changes something.
    pub fn describe(&self, action: &str) -> (String, String) {
        self.describe_as(action, Effect::Change)
    }

    /// [`ApiError::describe`] for a call with the given `effect`: what an unknown outcome means,
    /// and whether running terraform again helps, depend on it.
    pub fn describe_as(&self, action: &str, effect: Effect) -> (String, String) {
        let summary = format!("Could not {action}");
        if let ApiError::Stopped { sent } = self {
            return (summary, stopped(*sent, effect));
        }
        if let (true, Some(detail)) = (self.outcome_unknown(), self.unknown_outcome(effect)) {
            return (summary, detail);
        }
        let detail = match self {
            ApiError::NotSent(text) => format!(
                "The request did not reach Raven ({text}), so nothing changed. Check the \
                 provider's `endpoint` (or RAVEN_ENDPOINT) and that the service is running."
            ),
            ApiError::Throttled { message, .. } => format!(
                "Raven kept answering 429 (too many requests) after several tries: {message}. \
                 Nothing changed; run terraform again later, or with a lower -parallelism."
            ),
            ApiError::Unknown(text) => format!(
                "The request was sent but no usable answer came back ({text}), so it is not \
                 known whether Raven acted on it. Run terraform again: a read shows the current \
                 state."
            ),
            ApiError::Rejected {
                status,
                code,
                message,
            } => rejected(*status, code, message),
            ApiError::Stopped { sent } => stopped(*sent, effect),
            ApiError::Unrecorded(text) => {
                let mut text = text.clone();
                text[..1].make_ascii_uppercase();
                text
            }
        };
        (summary, detail)
    }

    /// What an unknown outcome means for a read or a registration (`None`: the general words).
    fn unknown_outcome(&self, effect: Effect) -> Option<String> {
        let cause = match self {
            ApiError::Rejected {
                status,
                code,
                message,
            } => format!("Raven answered {status} {code}: {message}, after several tries"),
            other => format!("no usable answer came back ({})", other.short()),
        };
        match effect {
            Effect::Change => None,
            Effect::Read => Some(format!(
                "{cause}. A read changes nothing; run terraform again once Raven answers."
            )),
            Effect::Register => Some(format!(
                "The registration was sent but {cause}, so Raven may or may not have registered \
                 the tenant. If it did, the tenant's API key was in the lost answer (Raven shows \
                 it only once), and running terraform again would only be refused with 409 \
                 because the email is taken. Ask Raven whether a tenant with this email exists: if \
                 none does, apply again; if one does, get a key for it from Raven's support, set \
                 the provider's `api_key` to it and run `terraform import <address> current`, or \
                 register with another email."
            )),
        }
    }
}

/// The detail of a call Terraform interrupted; `sent` when the request was on its way.
fn stopped(sent: bool, effect: Effect) -> String {
    let said = match (sent, effect) {
        (false, _) => "before the request was sent, so nothing changed",
        (true, Effect::Read) => "while the read was on its way; a read changes nothing",
        (true, _) => {
            "while the request was on its way, so it is not known whether Raven acted on it"
        }
    };
    format!("Terraform interrupted the run {said}.")
}

/// What a failed call was doing, which decides what its unknown outcome means.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    /// A read: nothing can have changed.
    Read,
    /// A registration: retrying cannot tell, since a registered email is refused with 409.
    Register,
    /// Any other change (a PATCH, a new key).
    Change,
}

/// The detail of an answered error, by status and Raven's error code.
fn rejected(status: u16, code: &str, message: &str) -> String {
    let said = format!("Raven answered {status} {code}: {message}");
    match (status, code) {
        (401, _) => format!(
            "{said}\nThe API key is missing, unknown or revoked. Set the provider's `api_key` \
             (or RAVEN_API_KEY), or the object's own key, to a valid `rk_live_…` key."
        ),
        (403, "tenant_suspended") => format!(
            "{said}\nThe tenant is suspended: Raven still lets its keys read, but refuses every \
             change (settings, name, new keys) until the tenant is resumed. Ask Raven to resume \
             the tenant, then apply again."
        ),
        (403, _) => format!(
            "{said}\nThe API key lacks the scope named above. Use a key that holds it (the \
             registration key of a tenant holds every scope), e.g. via `creator_api_key_wo` or \
             the provider's `api_key`."
        ),
        (409, _) => format!(
            "{said}\nA tenant with this email is already registered. Registration cannot take \
             over an existing tenant: use another `email`, or manage the existing one by setting \
             the provider's `api_key` to its key and running `terraform import <address> current`."
        ),
        (400, _) | (413, _) | (415, _) => format!(
            "{said}\nRaven refused the request as invalid; correct the attribute the message \
             names."
        ),
        (500..=599, _) => format!(
            "{said}\nRaven failed on its side after several tries; whether a change was made is \
             not known. Run terraform again later: a read shows the current state."
        ),
        _ => said,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rejected(status: u16, code: &str, message: &str) -> ApiError {
        ApiError::Rejected {
            status,
            code: code.into(),
            message: message.into(),
        }
    }

    #[test]
    fn a_missing_scope_and_a_suspended_tenant_each_say_so_with_the_server_message() {
        let (summary, detail) = rejected(403, "insufficient_scope", "this key lacks tenant:admin")
            .describe("update the tenant");
        assert_eq!(summary, "Could not update the tenant");
        assert!(detail.contains("this key lacks tenant:admin"), "{detail}");
        assert!(detail.contains("lacks the scope"), "{detail}");
        let (_, detail) =
            rejected(403, "tenant_suspended", "tenant is suspended").describe("update the tenant");
        assert!(detail.contains("The tenant is suspended"), "{detail}");
        assert!(detail.contains("resume"), "{detail}");
    }

    #[test]
    fn a_failed_read_never_says_a_change_may_have_been_made() {
        for error in [
            rejected(503, "unavailable", "down"),
            ApiError::Unknown("timeout".into()),
        ] {
            let (_, detail) = error.describe_as("read the tenant", Effect::Read);
            assert!(!detail.contains("whether a change"), "{detail}");
            assert!(!detail.contains("acted on it"), "{detail}");
            assert!(detail.contains("A read changes nothing"), "{detail}");
        }
    }

    #[test]
    fn a_lost_registration_does_not_advise_running_terraform_again_blindly() {
        let (_, detail) =
            ApiError::Unknown("connection reset".into()).describe_as("register", Effect::Register);
        assert!(!detail.contains("Run terraform again"), "{detail}");
        assert!(detail.contains("409"), "{detail}");
        assert!(
            detail.contains("terraform import <address> current"),
            "{detail}"
        );
    }

    #[test]
    fn server_failures_leave_the_outcome_open_and_client_errors_do_not() {
        assert!(rejected(500, "internal_error", "boom").outcome_unknown());
        assert!(ApiError::Unknown("timeout".into()).outcome_unknown());
        assert!(!rejected(409, "conflict", "taken").outcome_unknown());
        assert!(!ApiError::NotSent("refused".into()).outcome_unknown());
    }
}
