//! The applications this provider process has planned to delete, by tenant. A destroy plan visits
//! a tenant's applications before the tenant itself (they depend on it), so when the tenant's
//! destroy is planned, this tells which of its applications go with it and which would stay.

use std::collections::{HashMap, HashSet};
use std::sync::{LazyLock, Mutex};

static PLANNED: LazyLock<Mutex<HashMap<String, HashSet<String>>>> = LazyLock::new(Mutex::default);

/// Notes that the plan deletes (destroys or replaces) application `application_id` of `tenant_id`.
pub fn plan_application_deletion(tenant_id: &str, application_id: &str) {
    PLANNED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .entry(tenant_id.to_string())
        .or_default()
        .insert(application_id.to_string());
}

/// The applications of `tenant_id` planned for deletion so far in this process.
pub fn planned_application_deletions(tenant_id: &str) -> HashSet<String> {
    PLANNED
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .get(tenant_id)
        .cloned()
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletions_are_kept_per_tenant() {
        plan_application_deletion("deletions-test-t1", "a1");
        plan_application_deletion("deletions-test-t1", "a2");
        plan_application_deletion("deletions-test-t2", "b1");
        let planned = planned_application_deletions("deletions-test-t1");
        assert_eq!(planned.len(), 2);
        assert!(planned.contains("a1") && planned.contains("a2"));
        assert!(planned_application_deletions("deletions-test-none").is_empty());
    }
}
