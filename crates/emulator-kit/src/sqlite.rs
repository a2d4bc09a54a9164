//! The SQLite database an emulator keeps its objects in: one connection (a file, or private and
//! in memory) behind a lock, so that every change runs in one transaction at a time.

use std::path::Path;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::Duration;

use rusqlite::Connection;

/// An open database with its schema in place.
#[derive(Debug)]
pub struct Database(Mutex<Connection>);

impl Database {
    /// Opens (creating if needed) the file at `path`, or a private in-memory database for
    /// `None`, with foreign keys enforced, and runs `schema` (statements that create what is
    /// missing).
    pub fn open(path: Option<&Path>, schema: &str) -> rusqlite::Result<Database> {
        let conn = match path {
            Some(path) => Connection::open(path)?,
            None => Connection::open_in_memory()?,
        };
        conn.busy_timeout(Duration::from_secs(5))?;
        conn.pragma_update(None, "foreign_keys", true)?;
        conn.execute_batch(schema)?;
        Ok(Database(Mutex::new(conn)))
    }

    /// The connection, for one statement or one transaction.
    pub fn lock(&self) -> MutexGuard<'_, Connection> {
        self.0.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_database_keeps_its_rows_and_enforces_foreign_keys() {
        let dir = std::env::temp_dir().join(format!("emulator-kit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("kit.sqlite");
        let schema = "CREATE TABLE IF NOT EXISTS a (id TEXT PRIMARY KEY);
                      CREATE TABLE IF NOT EXISTS b (a TEXT NOT NULL REFERENCES a(id));";
        let db = Database::open(Some(&path), schema).unwrap();
        db.lock().execute("INSERT INTO a VALUES ('x')", []).unwrap();
        assert!(db.lock().execute("INSERT INTO b VALUES ('y')", []).is_err());
        drop(db);
        let again = Database::open(Some(&path), schema).unwrap();
        let count: i64 = again
            .lock()
            .query_row("SELECT count(*) FROM a", [], |row| row.get(0))
            .unwrap();
        assert_eq!(count, 1);
        drop(again);
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
