//! SQLite persistence of tenants and API keys (keys only as SHA-256 digests). Every change runs
//! in one immediate transaction under one connection lock.

use std::path::Path;

use chrono::{SecondsFormat, Utc};
use emulator_kit::Database;
use rusqlite::{params, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde_json::{Map, Value};

use crate::error::ApiError;
use crate::fields::email_key;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tenants (
    id         TEXT PRIMARY KEY,
    name       TEXT NOT NULL,
    email      TEXT NOT NULL,
    email_key  TEXT NOT NULL UNIQUE,
    settings   TEXT NOT NULL,
    status     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS api_keys (
    id         TEXT PRIMARY KEY,
    tenant_id  TEXT NOT NULL REFERENCES tenants(id),
    name       TEXT NOT NULL,
    scopes     TEXT NOT NULL,
    digest     TEXT NOT NULL UNIQUE,
    prefix     TEXT NOT NULL,
    created_at TEXT NOT NULL
);
";

/// The statuses a tenant can have.
pub const ACTIVE: &str = "active";
pub const SUSPENDED: &str = "suspended";

/// A stored tenant.
#[derive(Clone, Debug, PartialEq)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    pub email: String,
    pub settings: Map<String, Value>,
    pub status: String,
    pub created_at: String,
    pub updated_at: String,
}

/// A stored API key (without the key itself, which is never kept).
#[derive(Clone, Debug)]
pub struct ApiKey {
    pub id: String,
    pub tenant_id: String,
    pub name: String,
    pub scopes: Vec<String>,
    pub prefix: String,
    pub created_at: String,
}

/// A new key to store: its digest and shown prefix.
pub struct NewKey<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub scopes: &'a [String],
    pub digest: &'a str,
    pub prefix: &'a str,
}

/// The database.
pub struct Store {
    db: Database,
}

/// The current time as RFC 3339 UTC with milliseconds.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

const TENANT_COLUMNS: &str = "id, name, email, settings, status, created_at, updated_at";

fn tenant_from_row(row: &Row<'_>) -> rusqlite::Result<Tenant> {
    let settings: String = row.get(3)?;
    Ok(Tenant {
        id: row.get(0)?,
        name: row.get(1)?,
        email: row.get(2)?,
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        status: row.get(4)?,
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
    })
}

fn to_json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_string())
}

fn load_tenant(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<Option<Tenant>> {
    tx.query_row(
        &format!("SELECT {TENANT_COLUMNS} FROM tenants WHERE id = ?1"),
        [id],
        tenant_from_row,
    )
    .optional()
}

fn insert_key(tx: &Transaction<'_>, tenant_id: &str, key: &NewKey<'_>) -> Result<ApiKey, ApiError> {
    let created_at = now();
    tx.execute(
        "INSERT INTO api_keys (id, tenant_id, name, scopes, digest, prefix, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            key.id,
            tenant_id,
            key.name,
            to_json(&key.scopes),
            key.digest,
            key.prefix,
            created_at
        ],
    )?;
    Ok(ApiKey {
        id: key.id.to_string(),
        tenant_id: tenant_id.to_string(),
        name: key.name.to_string(),
        scopes: key.scopes.to_vec(),
        prefix: key.prefix.to_string(),
        created_at,
    })
}

fn tenant_not_found() -> ApiError {
    ApiError::not_found("the tenant of this API key no longer exists")
}

impl Store {
    /// Opens (creating if needed) the database file; `None` is a private in-memory database.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Store> {
        Ok(Store {
            db: Database::open(path, SCHEMA)?,
        })
    }

    /// Registers a tenant with its first key, unless the email is already registered (409).
    pub fn register(
        &self,
        name: &str,
        email: &str,
        settings: &Map<String, Value>,
        key: &NewKey<'_>,
    ) -> Result<Tenant, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken = tx
            .query_row(
                "SELECT 1 FROM tenants WHERE email_key = ?1",
                [email_key(email)],
                |_| Ok(()),
            )
            .optional()?
            .is_some();
        if taken {
            return Err(ApiError::conflict(format!(
                "the email {email} is already registered; use that tenant's API key, \
                 or register with another email"
            )));
        }
        let stamp = now();
        let tenant = Tenant {
            id: uuid::Uuid::new_v4().to_string(),
            name: name.to_string(),
            email: email.to_string(),
            settings: settings.clone(),
            status: ACTIVE.to_string(),
            created_at: stamp.clone(),
            updated_at: stamp,
        };
        tx.execute(
            &format!("INSERT INTO tenants ({TENANT_COLUMNS}, email_key) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)"),
            params![
                tenant.id,
                tenant.name,
                tenant.email,
                to_json(&tenant.settings),
                tenant.status,
                tenant.created_at,
                tenant.updated_at,
                email_key(email)
            ],
        )?;
        insert_key(&tx, &tenant.id, key)?;
        tx.commit()?;
        Ok(tenant)
    }

    pub fn tenant(&self, id: &str) -> Result<Option<Tenant>, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction()?;
        Ok(load_tenant(&tx, id)?)
    }

    /// Applies `change` to an active tenant in one transaction; `updated_at` moves only when
    /// something changed. A suspended tenant is refused (403).
    pub fn modify_tenant(
        &self,
        id: &str,
        change: impl FnOnce(&mut Tenant) -> Result<(), ApiError>,
    ) -> Result<Tenant, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = load_tenant(&tx, id)?.ok_or_else(tenant_not_found)?;
        if before.status == SUSPENDED {
            return Err(ApiError::suspended());
        }
        let mut after = before.clone();
        change(&mut after)?;
        if after == before {
            return Ok(before);
        }
        after.updated_at = now();
        tx.execute(
            "UPDATE tenants SET name = ?2, settings = ?3, updated_at = ?4 WHERE id = ?1",
            params![id, after.name, to_json(&after.settings), after.updated_at],
        )?;
        tx.commit()?;
        Ok(after)
    }

    /// Stores another key of an active tenant (403 when it is suspended).
    pub fn create_key(&self, tenant_id: &str, key: &NewKey<'_>) -> Result<ApiKey, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let tenant = load_tenant(&tx, tenant_id)?.ok_or_else(tenant_not_found)?;
        if tenant.status == SUSPENDED {
            return Err(ApiError::suspended());
        }
        let stored = insert_key(&tx, tenant_id, key)?;
        tx.commit()?;
        Ok(stored)
    }

    /// The tenant id and scopes of the key with this digest.
    pub fn key_by_digest(&self, digest: &str) -> Result<Option<(String, Vec<String>)>, ApiError> {
        let conn = self.db.lock();
        let found = conn
            .query_row(
                "SELECT tenant_id, scopes FROM api_keys WHERE digest = ?1",
                [digest],
                |row| Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?)),
            )
            .optional()?;
        Ok(found.map(|(tenant_id, scopes)| {
            (tenant_id, serde_json::from_str(&scopes).unwrap_or_default())
        }))
    }

    /// Sets a tenant's status (the test-only suspend and resume); `false` for an unknown tenant.
    pub fn set_status(&self, id: &str, status: &str) -> Result<bool, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let Some(tenant) = load_tenant(&tx, id)? else {
            return Ok(false);
        };
        if tenant.status != status {
            tx.execute(
                "UPDATE tenants SET status = ?2, updated_at = ?3 WHERE id = ?1",
                params![id, status, now()],
            )?;
        }
        tx.commit()?;
        Ok(true)
    }
}
