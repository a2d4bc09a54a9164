//! Raven's fixed facts as data: the scopes a key can hold, the webhook events, the encryption
//! modes, the settings' defaults and limits, and the rules on names, emails and webhook URLs.

/// Every scope an API key can hold.
pub const SCOPES: &[&str] = &[
    "tenant:read",
    "tenant:admin",
    "memory:read",
    "memory:write",
    "users:read",
    "users:write",
    "conversations:read",
    "conversations:write",
];

/// The events a webhook can receive.
pub const WEBHOOK_EVENTS: &[&str] = &[
    "memory.ingested",
    "conversation.created",
    "conversation.deleted",
    "user.created",
];

/// How the tenant's encryption keys are managed.
pub const ENCRYPTION_MODES: &[&str] = &["platform", "byok"];

/// The server's defaults for settings left out.
pub const DEFAULT_RETENTION_DAYS: i64 = 30;
pub const DEFAULT_BATCH_SIZE: i64 = 10;
pub const DEFAULT_MAX_CONVERSATIONS_PER_USER: i64 = 100;
pub const DEFAULT_MAX_USERS: i64 = 1000;
pub const DEFAULT_ENCRYPTION_MODE: &str = "platform";

/// The longest retention Raven accepts, in days.
pub const MAX_RETENTION_DAYS: i64 = 3650;

/// Tenant and key names: 1 to 200 characters.
pub const NAME_MIN: usize = 1;
pub const NAME_MAX: usize = 200;

/// An address with one `@` and a dotted domain.
pub const EMAIL_PATTERN: &str = r"^[^@\s]+@([^@\s.]+\.)+[^@\s.]+$";
pub const EMAIL_MEANING: &str = "an email address such as `dev@example.com`";

/// `https://<host>…`, or `http://localhost` for local testing.
pub const WEBHOOK_URL_PATTERN: &str = r"(?i)^(https://[^/?#:@\s]|http://localhost([:/]|$))";
pub const WEBHOOK_URL_MEANING: &str =
    "an `https://` URL (or `http://localhost…` for local testing)";

/// The import ID of the tenant that the provider's `api_key` belongs to.
pub const CURRENT: &str = "current";
