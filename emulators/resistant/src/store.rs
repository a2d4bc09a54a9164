//! SQLite persistence of tenants and applications. Every change runs in one transaction under
//! one connection lock, so concurrent creates can neither exceed the quota nor duplicate a name.

use std::path::Path;

use chrono::{SecondsFormat, Utc};
use emulator_kit::Database;
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};

use crate::error::ApiError;
use crate::secrets::random_lower;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS tenants (
    id      TEXT PRIMARY KEY,
    name    TEXT NOT NULL UNIQUE,
    cells   TEXT NOT NULL,
    created TEXT NOT NULL,
    updated TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS applications (
    id          TEXT PRIMARY KEY,
    tenant_id   TEXT NOT NULL REFERENCES tenants(id),
    client_id   TEXT NOT NULL UNIQUE,
    cell        TEXT NOT NULL,
    scopes      TEXT NOT NULL,
    auth_type   TEXT NOT NULL,
    secret_hash TEXT,
    alg         TEXT,
    kid         TEXT,
    key_a       TEXT,
    key_b       TEXT,
    created     TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS applications_tenant ON applications(tenant_id, id);
CREATE TABLE IF NOT EXISTS access_tokens (
    token_hash TEXT PRIMARY KEY,
    principal  TEXT NOT NULL,
    expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS seen_assertions (
    client_id  TEXT NOT NULL,
    jti        TEXT NOT NULL,
    expires    INTEGER NOT NULL,
    PRIMARY KEY (client_id, jti)
);
";

/// A stored tenant.
#[derive(Clone, Debug)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    pub cells: Vec<String>,
    pub created: String,
    pub updated: String,
}

/// How an application authenticates at its token endpoint.
#[derive(Clone, Debug)]
pub enum AppAuth {
    /// SHA-256 hex of the client secret.
    ClientSecret { secret_hash: String },
    /// RSA key: decimal `n` and `e`.
    Rsa { kid: String, n: String, e: String },
    /// EC P-256 key: decimal `x` and `y`.
    Ec { kid: String, x: String, y: String },
}

impl AppAuth {
    pub fn type_name(&self) -> &'static str {
        match self {
            AppAuth::ClientSecret { .. } => "CLIENT_SECRET",
            AppAuth::Rsa { .. } => "RSA",
            AppAuth::Ec { .. } => "EC",
        }
    }
}

/// A stored tenant application.
#[derive(Clone, Debug)]
pub struct Application {
    pub id: String,
    pub tenant_id: String,
    pub client_id: String,
    pub cell: String,
    pub scopes: Vec<String>,
    pub auth: AppAuth,
    pub created: String,
}

/// The database.
pub struct Store {
    db: Database,
}

fn now_rfc3339() -> String {
    Utc::now().to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// A tenant id that sorts in creation order: `ten_` + 13 hex digits of microseconds + random.
fn next_tenant_id(previous: Option<&str>) -> String {
    let now = Utc::now().timestamp_micros().max(0) as u64;
    let last = previous
        .and_then(|id| id.strip_prefix("ten_"))
        .and_then(|rest| rest.get(..13))
        .and_then(|hex| u64::from_str_radix(hex, 16).ok())
        .unwrap_or(0);
    format!("ten_{:013x}{}", now.max(last + 1), random_lower(8))
}

fn to_json_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_else(|_| "[]".to_string())
}

fn from_json_list(text: &str) -> Vec<String> {
    serde_json::from_str(text).unwrap_or_default()
}

fn tenant_from_row(row: &Row<'_>) -> rusqlite::Result<Tenant> {
    Ok(Tenant {
        id: row.get(0)?,
        name: row.get(1)?,
        cells: from_json_list(&row.get::<_, String>(2)?),
        created: row.get(3)?,
        updated: row.get(4)?,
    })
}

const TENANT_COLUMNS: &str = "id, name, cells, created, updated";
const APP_COLUMNS: &str =
    "id, tenant_id, client_id, cell, scopes, auth_type, secret_hash, kid, key_a, key_b, created";

fn application_from_row(row: &Row<'_>) -> rusqlite::Result<Application> {
    let auth_type: String = row.get(5)?;
    let text = |i: usize| -> rusqlite::Result<String> {
        Ok(row.get::<_, Option<String>>(i)?.unwrap_or_default())
    };
    let auth = match auth_type.as_str() {
        "RSA" => AppAuth::Rsa {
            kid: text(7)?,
            n: text(8)?,
            e: text(9)?,
        },
        "EC" => AppAuth::Ec {
            kid: text(7)?,
            x: text(8)?,
            y: text(9)?,
        },
        _ => AppAuth::ClientSecret {
            secret_hash: text(6)?,
        },
    };
    Ok(Application {
        id: row.get(0)?,
        tenant_id: row.get(1)?,
        client_id: row.get(2)?,
        cell: row.get(3)?,
        scopes: from_json_list(&row.get::<_, String>(4)?),
        auth,
        created: row.get(10)?,
    })
}

impl Store {
    /// Opens (creating if needed) the database file; `None` is a private in-memory database.
    pub fn open(path: Option<&Path>) -> anyhow::Result<Store> {
        Ok(Store {
            db: Database::open(path, SCHEMA)?,
        })
    }

    /// Creates a tenant if the name is free and the quota allows.
    pub fn create_tenant(
        &self,
        name: &str,
        cells: &[String],
        quota: u32,
    ) -> Result<Tenant, ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let taken: bool = tx
            .query_row("SELECT 1 FROM tenants WHERE name = ?1", [name], |_| Ok(()))
            .optional()?
            .is_some();
        if taken {
            return Err(ApiError::conflict(format!(
                "a tenant named {name:?} already exists in this organization"
            )));
        }
        let count: i64 = tx.query_row("SELECT COUNT(*) FROM tenants", [], |r| r.get(0))?;
        if count >= i64::from(quota) {
            return Err(ApiError::forbidden(format!(
                "tenant quota exceeded: the organization may hold at most {quota} tenants"
            )));
        }
        let last: Option<String> = tx.query_row("SELECT MAX(id) FROM tenants", [], |r| r.get(0))?;
        let now = now_rfc3339();
        let tenant = Tenant {
            id: next_tenant_id(last.as_deref()),
            name: name.to_string(),
            cells: cells.to_vec(),
            created: now.clone(),
            updated: now,
        };
        tx.execute(
            "INSERT INTO tenants (id, name, cells, created, updated) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                tenant.id,
                tenant.name,
                to_json_list(&tenant.cells),
                tenant.created,
                tenant.updated
            ],
        )?;
        tx.commit()?;
        Ok(tenant)
    }

    /// Up to `limit` tenants after `after_id` (exclusive) in creation order, and whether more follow.
    pub fn list_tenants(
        &self,
        limit: u32,
        after_id: Option<&str>,
    ) -> Result<(Vec<Tenant>, bool), ApiError> {
        let conn = self.db.lock();
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {TENANT_COLUMNS} FROM tenants WHERE id > ?1 ORDER BY id LIMIT ?2"
        ))?;
        let mut tenants = stmt
            .query_map(
                params![after_id.unwrap_or(""), i64::from(limit) + 1],
                tenant_from_row,
            )?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let more = tenants.len() > limit as usize;
        tenants.truncate(limit as usize);
        Ok((tenants, more))
    }

    pub fn get_tenant(&self, id: &str) -> Result<Option<Tenant>, ApiError> {
        let conn = self.db.lock();
        let found = conn
            .prepare_cached(&format!(
                "SELECT {TENANT_COLUMNS} FROM tenants WHERE id = ?1"
            ))?
            .query_row([id], tenant_from_row)
            .optional()?;
        Ok(found)
    }

    /// Hard-deletes a tenant that has no applications left.
    pub fn delete_tenant(&self, id: &str) -> Result<(), ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let exists = tx
            .query_row("SELECT 1 FROM tenants WHERE id = ?1", [id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Err(tenant_not_found(id));
        }
        let apps: i64 = tx.query_row(
            "SELECT COUNT(*) FROM applications WHERE tenant_id = ?1",
            [id],
            |r| r.get(0),
        )?;
        if apps > 0 {
            return Err(ApiError::conflict(format!(
                "tenant {id} still has {apps} application(s); delete them first"
            )));
        }
        tx.execute("DELETE FROM tenants WHERE id = ?1", [id])?;
        tx.commit()?;
        Ok(())
    }

    /// Stores a new application in an existing tenant whose cells include the application's cell.
    pub fn create_application(&self, app: &Application) -> Result<(), ApiError> {
        let mut conn = self.db.lock();
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let cells: Option<String> = tx
            .query_row(
                "SELECT cells FROM tenants WHERE id = ?1",
                [&app.tenant_id],
                |r| r.get(0),
            )
            .optional()?;
        let Some(cells) = cells else {
            return Err(tenant_not_found(&app.tenant_id));
        };
        let cells = from_json_list(&cells);
        if !cells.contains(&app.cell) {
            return Err(ApiError::bad_request(format!(
                "cell {:?} is not one of the tenant's cells ({})",
                app.cell,
                cells.join(", ")
            )));
        }
        let (secret_hash, kid, a, b) = match &app.auth {
            AppAuth::ClientSecret { secret_hash } => (Some(secret_hash), None, None, None),
            AppAuth::Rsa { kid, n, e } => (None, Some(kid), Some(n), Some(e)),
            AppAuth::Ec { kid, x, y } => (None, Some(kid), Some(x), Some(y)),
        };
        tx.execute(
            &format!(
                "INSERT INTO applications ({APP_COLUMNS}) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
            ),
            params![
                app.id,
                app.tenant_id,
                app.client_id,
                app.cell,
                to_json_list(&app.scopes),
                app.auth.type_name(),
                secret_hash,
                kid,
                a,
                b,
                app.created
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// All applications of a tenant (`None` when the tenant does not exist).
    pub fn list_applications(&self, tenant_id: &str) -> Result<Option<Vec<Application>>, ApiError> {
        let conn = self.db.lock();
        let exists = conn
            .prepare_cached("SELECT 1 FROM tenants WHERE id = ?1")?
            .query_row([tenant_id], |_| Ok(()))
            .optional()?
            .is_some();
        if !exists {
            return Ok(None);
        }
        let mut stmt = conn.prepare_cached(&format!(
            "SELECT {APP_COLUMNS} FROM applications WHERE tenant_id = ?1 ORDER BY created, id"
        ))?;
        let apps = stmt
            .query_map([tenant_id], application_from_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(Some(apps))
    }

    pub fn get_application(
        &self,
        tenant_id: &str,
        app_id: &str,
    ) -> Result<Option<Application>, ApiError> {
        let conn = self.db.lock();
        let found = conn
            .prepare_cached(&format!(
                "SELECT {APP_COLUMNS} FROM applications WHERE tenant_id = ?1 AND id = ?2"
            ))?
            .query_row([tenant_id, app_id], application_from_row)
            .optional()?;
        Ok(found)
    }

    pub fn find_application_by_client_id(
        &self,
        client_id: &str,
    ) -> Result<Option<Application>, rusqlite::Error> {
        let conn = self.db.lock();
        let found = conn
            .prepare_cached(&format!(
                "SELECT {APP_COLUMNS} FROM applications WHERE client_id = ?1"
            ))?
            .query_row([client_id], application_from_row)
            .optional();
        found
    }

    /// Whether an application still exists (tokens of deleted applications stop working).
    pub fn application_exists(&self, app_id: &str) -> bool {
        let conn = self.db.lock();
        conn.prepare_cached("SELECT 1 FROM applications WHERE id = ?1")
            .and_then(|mut stmt| stmt.query_row([app_id], |_| Ok(())).optional())
            .ok()
            .flatten()
            .is_some()
    }

    /// Hard-deletes an application; `false` when it does not exist.
    pub fn delete_application(&self, tenant_id: &str, app_id: &str) -> Result<bool, ApiError> {
        let conn = self.db.lock();
        let n = conn.execute(
            "DELETE FROM applications WHERE tenant_id = ?1 AND id = ?2",
            [tenant_id, app_id],
        )?;
        Ok(n > 0)
    }
}

/// Access tokens and assertion ids.
impl Store {
    /// Stores an issued token (by hash) and drops expired ones.
    pub fn insert_token(
        &self,
        token_hash: &str,
        principal: &str,
        expires_ms: i64,
        now_ms: i64,
    ) -> rusqlite::Result<()> {
        let conn = self.db.lock();
        conn.execute("DELETE FROM access_tokens WHERE expires_ms <= ?1", [now_ms])?;
        conn.execute(
            "INSERT OR REPLACE INTO access_tokens (token_hash, principal, expires_ms) VALUES (?1, ?2, ?3)",
            params![token_hash, principal, expires_ms],
        )?;
        Ok(())
    }

    /// The principal JSON and expiry of a token hash.
    pub fn find_token(&self, token_hash: &str) -> rusqlite::Result<Option<(String, i64)>> {
        let conn = self.db.lock();
        let found = conn
            .prepare_cached(
                "SELECT principal, expires_ms FROM access_tokens WHERE token_hash = ?1",
            )?
            .query_row([token_hash], |r| Ok((r.get(0)?, r.get(1)?)))
            .optional();
        found
    }

    /// Records an assertion id; `false` when this client already used it.
    pub fn record_jti(
        &self,
        client_id: &str,
        jti: &str,
        expires: i64,
        forget_before: i64,
    ) -> rusqlite::Result<bool> {
        let conn = self.db.lock();
        conn.execute(
            "DELETE FROM seen_assertions WHERE expires < ?1",
            [forget_before],
        )?;
        let inserted = conn.execute(
            "INSERT OR IGNORE INTO seen_assertions (client_id, jti, expires) VALUES (?1, ?2, ?3)",
            params![client_id, jti, expires],
        )?;
        Ok(inserted == 1)
    }
}

pub fn tenant_not_found(id: &str) -> ApiError {
    ApiError::not_found(format!("tenant {id} not found"))
}

/// Current time in the API's timestamp format.
pub fn timestamp() -> String {
    now_rfc3339()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_ids_increase_even_against_a_later_clock() {
        // An id minted by a clock one day ahead (e.g. before the clock was corrected).
        let ahead = Utc::now().timestamp_micros() as u64 + 86_400_000_000;
        let far_future = format!("ten_{ahead:013x}abcdefgh");
        let next = next_tenant_id(Some(&far_future));
        assert!(next > far_future, "{next} > {far_future}");
        let a = next_tenant_id(None);
        let b = next_tenant_id(Some(&a));
        assert!(b > a);
    }
}
