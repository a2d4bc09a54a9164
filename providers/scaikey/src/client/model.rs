//! The API's tenant objects as the wire carries them: a tenant, its settings and password policy,
//! and a page of the list.

use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    pub slug: String,
    #[serde(default)]
    pub partner_id: Option<String>,
    pub status: String,
    pub settings: Settings,
    pub created_at: String,
    pub updated_at: String,
    #[serde(default)]
    pub deleted_at: Option<String>,
}

impl Tenant {
    /// Whether the tenant was soft-deleted.
    pub fn is_deleted(&self) -> bool {
        self.status == "deleted"
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Settings {
    pub mfa_required: bool,
    pub mfa_methods: Vec<String>,
    pub session_timeout: i64,
    pub password_policy: PasswordPolicy,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PasswordPolicy {
    pub min_length: i64,
    pub require_uppercase: bool,
    pub require_lowercase: bool,
    pub require_digit: bool,
    pub require_symbol: bool,
}

/// One page of `GET /tenants/`.
#[derive(Clone, Debug, Deserialize)]
pub struct Page {
    pub items: Vec<Tenant>,
    #[serde(default)]
    pub total: u64,
}

/// The list's filters; empty ones are left out of the query.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Filters {
    pub search: Option<String>,
    pub status: Option<String>,
    pub partner_id: Option<String>,
}

impl Filters {
    pub fn query(&self) -> Vec<(&'static str, String)> {
        [
            ("search", &self.search),
            ("status", &self.status),
            ("partner_id", &self.partner_id),
        ]
        .into_iter()
        .filter_map(|(name, value)| {
            value
                .as_ref()
                .filter(|v| !v.is_empty())
                .map(|v| (name, v.clone()))
        })
        .collect()
    }
}
