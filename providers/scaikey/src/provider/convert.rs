//! Tenants as Terraform attributes: the one place each attribute's description lives, the tables
//! of what the API shows (shared by the data sources), and a tenant's values for any of them.

use std::collections::BTreeMap;

use tf_provider_framework::attributes::{object, Field, Kind};
use tf_provider_framework::protocol::cty::Value;

use crate::client::{Settings, Tenant};

pub const ID: &str = "The tenant's ID, chosen by the API.";
pub const NAME: &str = "The tenant's display name.";
pub const SLUG: &str = "The tenant's URL name: unique among tenants that are not deleted and \
                        never changed (a new slug replaces the tenant).";
pub const PARTNER_ID: &str =
    "The partner the tenant belongs to; fixed at creation (a change replaces the tenant).";
pub const STATUS: &str = "`active` or `suspended`.";
pub const SETTINGS: &str = "The tenant's security settings.";
pub const MFA_REQUIRED: &str = "Whether users must use a second factor.";
pub const MFA_METHODS: &str = "The second factors users may use.";
pub const SESSION_TIMEOUT: &str = "Minutes of inactivity after which a session ends.";
pub const PASSWORD_POLICY: &str = "What users' passwords must be like.";
pub const MIN_LENGTH: &str = "The shortest password allowed.";
pub const REQUIRE_UPPERCASE: &str = "Whether a password needs an uppercase letter.";
pub const REQUIRE_LOWERCASE: &str = "Whether a password needs a lowercase letter.";
pub const REQUIRE_DIGIT: &str = "Whether a password needs a digit.";
pub const REQUIRE_SYMBOL: &str = "Whether a password needs a symbol.";
pub const CREATED_AT: &str = "When the tenant was created (RFC 3339, UTC).";
pub const UPDATED_AT: &str = "When the tenant last changed (RFC 3339, UTC).";
pub const DELETED_AT: &str = "When the tenant was deleted (RFC 3339, UTC); null while it is not.";

/// The second factors the API knows.
pub const MFA_METHOD_NAMES: &[&str] = &["totp", "sms", "email", "webauthn"];

/// The password policy as the API shows it.
pub const POLICY_VIEW: &[Field] = &[
    Field::computed("min_length", Kind::Int, MIN_LENGTH),
    Field::computed("require_uppercase", Kind::Bool, REQUIRE_UPPERCASE),
    Field::computed("require_lowercase", Kind::Bool, REQUIRE_LOWERCASE),
    Field::computed("require_digit", Kind::Bool, REQUIRE_DIGIT),
    Field::computed("require_symbol", Kind::Bool, REQUIRE_SYMBOL),
];

/// The settings as the API shows them.
pub const SETTINGS_VIEW: &[Field] = &[
    Field::computed("mfa_required", Kind::Bool, MFA_REQUIRED),
    Field::computed("mfa_methods", Kind::StringSet, MFA_METHODS),
    Field::computed("session_timeout", Kind::Int, SESSION_TIMEOUT),
    Field::computed(
        "password_policy",
        Kind::Nested(POLICY_VIEW),
        PASSWORD_POLICY,
    ),
];

/// A tenant as the API shows it: the objects of `scaikey_tenants`' `tenants` list.
pub const TENANT_VIEW: &[Field] = &[
    Field::computed("id", Kind::String, ID),
    Field::computed("name", Kind::String, NAME),
    Field::computed("slug", Kind::String, SLUG),
    Field::computed("partner_id", Kind::String, PARTNER_ID),
    Field::computed(
        "status",
        Kind::String,
        "`active`, `suspended` or `deleted`.",
    ),
    Field::computed("settings", Kind::Nested(SETTINGS_VIEW), SETTINGS),
    Field::computed("created_at", Kind::String, CREATED_AT),
    Field::computed("updated_at", Kind::String, UPDATED_AT),
    Field::computed("deleted_at", Kind::String, DELETED_AT),
];

/// The settings object (the same attribute names in every table).
pub fn settings_value(settings: &Settings) -> Value {
    let policy = &settings.password_policy;
    Value::object([
        ("mfa_required", Value::Bool(settings.mfa_required)),
        (
            "mfa_methods",
            Value::set_of_strings(settings.mfa_methods.iter().cloned()),
        ),
        ("session_timeout", Value::int(settings.session_timeout)),
        (
            "password_policy",
            Value::object([
                ("min_length", Value::int(policy.min_length)),
                ("require_uppercase", Value::Bool(policy.require_uppercase)),
                ("require_lowercase", Value::Bool(policy.require_lowercase)),
                ("require_digit", Value::Bool(policy.require_digit)),
                ("require_symbol", Value::Bool(policy.require_symbol)),
            ]),
        ),
    ])
}

/// A tenant as an object of `fields` (any table whose names are the tenant's); names the table
/// does not have are left out, names the tenant does not have are null.
pub fn tenant_value(fields: &[Field], tenant: &Tenant) -> Value {
    let optional = |v: &Option<String>| v.clone().map(Value::String).unwrap_or(Value::Null);
    let values = BTreeMap::from([
        ("id".to_string(), Value::string(&tenant.id)),
        ("name".to_string(), Value::string(&tenant.name)),
        ("slug".to_string(), Value::string(&tenant.slug)),
        ("partner_id".to_string(), optional(&tenant.partner_id)),
        ("status".to_string(), Value::string(&tenant.status)),
        ("settings".to_string(), settings_value(&tenant.settings)),
        ("created_at".to_string(), Value::string(&tenant.created_at)),
        ("updated_at".to_string(), Value::string(&tenant.updated_at)),
        ("deleted_at".to_string(), optional(&tenant.deleted_at)),
    ]);
    object(fields, values)
}
