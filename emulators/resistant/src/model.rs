//! The contract's vocabulary: cells, scopes and the tenant name rule.

/// Cells the service knows, in the contract's order.
pub const CELLS: [&str; 5] = ["eu-1", "us-1", "ca-1", "ap-2", "ap-3"];

/// Cell a tenant gets when `cells` is omitted.
pub const DEFAULT_CELL: &str = "eu-1";

/// Scopes of the control plane; the organization client holds all of them.
pub const CONTROL_PLANE_SCOPES: [&str; 5] = [
    "tenants.read",
    "tenants.write",
    "tenants.applications.read",
    "tenants.applications.write",
    "organization.read",
];

/// Application scope (as registered) → data-plane scope it allows at the token endpoint.
pub const APPLICATION_SCOPES: [(&str, &str); 2] = [
    ("documents.submissions.read", "submissions.read"),
    ("documents.submissions.write", "submissions.write"),
];

pub const TENANT_NAME_MAX: usize = 61;

pub fn is_cell(name: &str) -> bool {
    CELLS.contains(&name)
}

/// `^[a-z0-9]{1,61}$`
pub fn is_valid_tenant_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= TENANT_NAME_MAX
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

/// Data-plane scope allowed by a registered application scope.
pub fn data_plane_scope(application_scope: &str) -> Option<&'static str> {
    APPLICATION_SCOPES
        .iter()
        .find(|(app, _)| *app == application_scope)
        .map(|(_, data)| *data)
}

/// Documents UI host of a tenant in a cell.
pub fn documents_ui_host(tenant: &str, org: &str, cell: &str) -> String {
    if cell == DEFAULT_CELL {
        format!("{tenant}-{org}.documents.localhost")
    } else {
        format!("{tenant}-{org}.{cell}.documents.localhost")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_names() {
        for good in ["a", "abc123", &"z".repeat(61)] {
            assert!(is_valid_tenant_name(good), "{good}");
        }
        for bad in ["", "A", "a-b", "a b", "é", &"z".repeat(62)] {
            assert!(!is_valid_tenant_name(bad), "{bad}");
        }
    }

    #[test]
    fn scopes_and_hosts() {
        assert_eq!(
            data_plane_scope("documents.submissions.read"),
            Some("submissions.read")
        );
        assert_eq!(data_plane_scope("submissions.read"), None);
        assert_eq!(
            documents_ui_host("t", "o", "eu-1"),
            "t-o.documents.localhost"
        );
        assert_eq!(
            documents_ui_host("t", "o", "ap-2"),
            "t-o.ap-2.documents.localhost"
        );
    }
}
