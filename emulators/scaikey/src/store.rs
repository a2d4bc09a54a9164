//! SQLite persistence of tenants (soft-deleted ones kept) and of the token signing key. Every change
//! runs in one immediate transaction under one connection lock; a slug is unique among tenants
//! that are not deleted.

use std::path::Path;

use chrono::{SecondsFormat, Utc};
use emulator_kit::Database;
use rusqlite::{params, OptionalExtension, Row, Transaction, TransactionBehavior};
use serde_json::{Map, Value};

use crate::error::ApiError;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tenants (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,
    id         TEXT NOT NULL UNIQUE,
    name       TEXT NOT NULL,
    slug       TEXT NOT NULL,
    partner_id TEXT,
    status     TEXT NOT NULL,
    settings   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    deleted_at TEXT
);
CREATE UNIQUE INDEX IF NOT EXISTS tenants_live_slug ON tenants(slug) WHERE status != 'deleted';
CREATE TABLE IF NOT EXISTS meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
";

pub const DELETED: &str = "deleted";

/// A stored tenant.
#[derive(Clone, Debug, PartialEq)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub partner_id: Option<String>,
    pub status: String,
    pub settings: Map<String, Value>,
    pub created_at: String,
    pub updated_at: String,
    pub deleted_at: Option<String>,
}

/// What a create stores.
pub struct NewTenant {
    pub name: String,
    pub slug: String,
    pub partner_id: Option<String>,
    pub settings: Map<String, Value>,
}

pub struct Store {
    db: Database,
}

/// The current time, RFC 3339 UTC with microseconds.
pub fn now() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Micros, true)
}

const COLUMNS: &str =
    "id, name, slug, partner_id, status, settings, created_at, updated_at, deleted_at";

fn tenant_from_row(row: &Row<'_>) -> rusqlite::Result<Tenant> {
    let settings: String = row.get(5)?;
    Ok(Tenant {
        id: row.get(0)?,
        name: row.get(1)?,
        slug: row.get(2)?,
        partner_id: row.get(3)?,
        status: row.get(4)?,
        settings: serde_json::from_str(&settings).unwrap_or_default(),
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        deleted_at: row.get(8)?,
    })
}

fn load(tx: &Transaction<'_>, id: &str) -> rusqlite::Result<Option<Tenant>> {
    tx.query_row(
        &format!("SELECT {COLUMNS} FROM tenants WHERE id = ?1"),
        [id],
        tenant_from_row,
    )
    .optional()
}

fn save(tx: &Transaction<'_>, t: &Tenant) -> rusqlite::Result<()> {
    tx.execute(
        "UPDATE tenants SET name = ?2, status = ?3, settings = ?4, updated_at = ?5, deleted_at = ?6
         WHERE id = ?1",
        params![
            t.id,
            t.name,
            t.status,
            Value::Object(t.settings.clone()).to_string(),
            t.updated_at,
            t.deleted_at
        ],
    )?;
    Ok(())
}

pub fn not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("Tenant {id} not found"))
}

fn slug_taken(tx: &Transaction<'_>, slug: &str) -> rusqlite::Result<bool> {
    Ok(tx
        .query_row(
            "SELECT 1 FROM tenants WHERE slug = ?1 AND status != 'deleted'",
            [slug],
            |_| Ok(()),
        )
        .optional()?
        .is_some())
}

impl Store {
    /// Opens (creating if needed) the database file; `None` is a private in-memory database.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Store> {
        Ok(Store {
            db: Database::open(path, SCHEMA)?,
        })
    }

    /// The value under `key` in the metadata table, stored from `make()` the first time.
    pub fn meta_or_insert(
        &self,
        key: &str,
        make: impl FnOnce() -> String,
    ) -> anyhow::Result<String> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let found: Option<String> = tx
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?;
        let value = match found {
            Some(value) => value,
            None => {
                let value = make();
                tx.execute(
                    "INSERT INTO meta (key, value) VALUES (?1, ?2)",
                    [key, &value],
                )?;
                value
            }
        };
        tx.commit()?;
        Ok(value)
    }

    /// Creates an active tenant unless its slug is taken by a tenant that is not deleted (409).
    pub fn create(&self, new: NewTenant) -> Result<Tenant, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        if slug_taken(&tx, &new.slug)? {
            return Err(ApiError::conflict(format!(
                "a tenant with slug '{}' already exists; choose another slug, or import that tenant",
                new.slug
            )));
        }
        let stamp = now();
        let tenant = Tenant {
            id: uuid::Uuid::new_v4().to_string(),
            name: new.name,
            slug: new.slug,
            partner_id: new.partner_id,
            status: "active".to_string(),
            settings: new.settings,
            created_at: stamp.clone(),
            updated_at: stamp,
            deleted_at: None,
        };
        tx.execute(
            &format!("INSERT INTO tenants ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"),
            params![
                tenant.id,
                tenant.name,
                tenant.slug,
                tenant.partner_id,
                tenant.status,
                Value::Object(tenant.settings.clone()).to_string(),
                tenant.created_at,
                tenant.updated_at,
                tenant.deleted_at
            ],
        )?;
        tx.commit()?;
        Ok(tenant)
    }

    pub fn get(&self, id: &str) -> Result<Option<Tenant>, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction()?;
        Ok(load(&tx, id)?)
    }

    /// Every tenant, deleted ones included, in creation order.
    pub fn all(&self) -> Result<Vec<Tenant>, ApiError> {
        let conn = self.db.lock();
        let mut stmt = conn.prepare(&format!("SELECT {COLUMNS} FROM tenants ORDER BY seq"))?;
        let rows = stmt
            .query_map([], tenant_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// Applies `change` to a tenant that is not deleted (404 otherwise); `updated_at` moves only
    /// when something changed.
    pub fn modify(
        &self,
        id: &str,
        change: impl FnOnce(&mut Tenant) -> Result<(), ApiError>,
    ) -> Result<Tenant, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let before = load(&tx, id)?
            .filter(|t| t.status != DELETED)
            .ok_or_else(|| not_found(id))?;
        let mut after = before.clone();
        change(&mut after)?;
        if after == before {
            return Ok(before);
        }
        after.updated_at = now();
        save(&tx, &after)?;
        tx.commit()?;
        Ok(after)
    }

    /// Soft-deletes a tenant: `status = deleted`, `deleted_at` set, its slug free again. A missing
    /// or already deleted tenant is a 404.
    pub fn soft_delete(&self, id: &str) -> Result<Tenant, ApiError> {
        self.modify(id, |tenant| {
            let stamp = now();
            tenant.status = DELETED.to_string();
            tenant.deleted_at = Some(stamp);
            Ok(())
        })
    }
}
