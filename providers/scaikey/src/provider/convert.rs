//! Tenants as Terraform attributes: the one place each attribute's description lives, and the
//! typed models of what the API shows, each declaring its table (shared by the data sources) — a
//! tenant as the API shows it ([`TenantView`]), its settings and password policy — made from the
//! client's tenant. The settings models serve the resource's settings tables too (their names
//! agree).

use tf_provider_framework::attributes::{Field, Kind};
use tf_provider_framework::model::Attr;

use crate::client::{PasswordPolicy, Settings, Tenant};

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

tf_provider_framework::model! {
    /// A password policy, as shown or configured; `PolicyModel::FIELDS` is the policy as the API
    /// shows it.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct PolicyModel {
        pub min_length: i64 = Field::computed("min_length", Kind::Int, MIN_LENGTH),
        pub require_uppercase: bool =
            Field::computed("require_uppercase", Kind::Bool, REQUIRE_UPPERCASE),
        pub require_lowercase: bool =
            Field::computed("require_lowercase", Kind::Bool, REQUIRE_LOWERCASE),
        pub require_digit: bool = Field::computed("require_digit", Kind::Bool, REQUIRE_DIGIT),
        pub require_symbol: bool = Field::computed("require_symbol", Kind::Bool, REQUIRE_SYMBOL),
    }
}

impl PolicyModel {
    /// The API's password policy.
    pub fn from_api(policy: &PasswordPolicy) -> PolicyModel {
        PolicyModel {
            min_length: Attr::Known(policy.min_length),
            require_uppercase: Attr::Known(policy.require_uppercase),
            require_lowercase: Attr::Known(policy.require_lowercase),
            require_digit: Attr::Known(policy.require_digit),
            require_symbol: Attr::Known(policy.require_symbol),
        }
    }
}

tf_provider_framework::model! {
    /// A tenant's security settings, as shown or configured; `SettingsModel::FIELDS` is the
    /// settings as the API shows them.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct SettingsModel {
        pub mfa_required: bool = Field::computed("mfa_required", Kind::Bool, MFA_REQUIRED),
        pub mfa_methods: Vec<String> = Field::computed("mfa_methods", Kind::StringSet, MFA_METHODS),
        pub session_timeout: i64 = Field::computed("session_timeout", Kind::Int, SESSION_TIMEOUT),
        pub password_policy: object PolicyModel = Field::computed(
            "password_policy",
            Kind::Nested(PolicyModel::FIELDS),
            PASSWORD_POLICY,
        ),
    }
}

impl SettingsModel {
    /// The API's settings.
    pub fn from_api(settings: &Settings) -> SettingsModel {
        let mut methods = settings.mfa_methods.clone();
        methods.sort();
        methods.dedup();
        SettingsModel {
            mfa_required: Attr::Known(settings.mfa_required),
            mfa_methods: Attr::Known(methods),
            session_timeout: Attr::Known(settings.session_timeout),
            password_policy: Attr::Known(PolicyModel::from_api(&settings.password_policy)),
        }
    }
}

tf_provider_framework::model! {
    /// A tenant as the API shows it: an element of `scaikey_tenants`' list, and the whole of the
    /// `scaikey_tenant` data source (whose table is this one with its lookup keys settable).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct TenantView {
        pub id: String = Field::computed("id", Kind::String, ID),
        pub name: String = Field::computed("name", Kind::String, NAME),
        pub slug: String = Field::computed("slug", Kind::String, SLUG),
        pub partner_id: String = Field::computed("partner_id", Kind::String, PARTNER_ID),
        pub status: String = Field::computed(
            "status",
            Kind::String,
            "`active`, `suspended` or `deleted`.",
        ),
        pub settings: object SettingsModel =
            Field::computed("settings", Kind::Nested(SettingsModel::FIELDS), SETTINGS),
        pub created_at: String = Field::computed("created_at", Kind::String, CREATED_AT),
        pub updated_at: String = Field::computed("updated_at", Kind::String, UPDATED_AT),
        pub deleted_at: String = Field::computed("deleted_at", Kind::String, DELETED_AT),
    }
}

impl TenantView {
    /// The client's tenant.
    pub fn from_api(tenant: &Tenant) -> TenantView {
        TenantView {
            id: Attr::Known(tenant.id.clone()),
            name: Attr::Known(tenant.name.clone()),
            slug: Attr::Known(tenant.slug.clone()),
            partner_id: tenant.partner_id.clone().into(),
            status: Attr::Known(tenant.status.clone()),
            settings: Attr::Known(SettingsModel::from_api(&tenant.settings)),
            created_at: Attr::Known(tenant.created_at.clone()),
            updated_at: Attr::Known(tenant.updated_at.clone()),
            deleted_at: tenant.deleted_at.clone().into(),
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tf_provider_framework::model::check_model_deep;

    /// A tenant as the API describes one, for tests.
    pub(crate) fn tenant() -> Tenant {
        Tenant {
            id: "t1".into(),
            name: "Acme".into(),
            slug: "acme".into(),
            partner_id: Some("p1".into()),
            status: "deleted".into(),
            settings: Settings {
                mfa_required: false,
                mfa_methods: vec!["totp".into(), "sms".into()],
                session_timeout: 60,
                password_policy: PasswordPolicy {
                    min_length: 12,
                    require_uppercase: true,
                    require_lowercase: true,
                    require_digit: true,
                    require_symbol: false,
                },
            },
            created_at: "2026-01-01T00:00:00Z".into(),
            updated_at: "2026-01-02T00:00:00Z".into(),
            deleted_at: Some("2026-01-03T00:00:00Z".into()),
        }
    }

    #[test]
    fn the_view_models_cover_their_tables_at_every_depth() {
        let view = TenantView::from_api(&tenant());
        assert_eq!(check_model_deep(&view), Ok(()));
        assert_eq!(check_model_deep(view.settings.known().unwrap()), Ok(()));
        let policy = view
            .settings
            .known()
            .unwrap()
            .password_policy
            .known()
            .unwrap();
        assert_eq!(check_model_deep(policy), Ok(()));
    }

    #[test]
    fn a_tenant_the_api_shows_without_a_partner_has_a_null_partner_id() {
        let mut tenant = tenant();
        tenant.partner_id = None;
        tenant.deleted_at = None;
        let view = TenantView::from_api(&tenant);
        assert_eq!(view.partner_id, Attr::Null);
        assert_eq!(view.deleted_at, Attr::Null);
        let methods = view.settings.known().unwrap().mfa_methods.clone();
        assert_eq!(
            methods,
            Attr::Known(vec!["sms".to_string(), "totp".to_string()])
        );
    }
}
