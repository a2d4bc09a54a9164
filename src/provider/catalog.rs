//! The service's fixed facts as data: environments, their URLs, the cells and their Documents API
//! addresses, auth servers and UI domains, the scopes, and the tenant name rule. Everything that
//! validates or derives an address reads this table instead of repeating a literal.

/// A deployment of the service the provider can talk to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Environment {
    pub name: &'static str,
    /// Control plane base URL.
    pub endpoint: &'static str,
    /// The organization's OAuth2 token endpoint.
    pub token_url: &'static str,
    pub cells: &'static [Cell],
    /// Where the environment is offered, when that limits its cells (for messages).
    pub region_note: Option<&'static str>,
}

/// A cell (region) as seen from one environment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cell {
    pub name: &'static str,
    /// Documents API base address (without the `/v2` version path).
    pub documents_api: &'static str,
    /// The cell's Documents auth server id at the identity provider.
    pub auth_server_id: &'static str,
    /// Domain under which tenants' Documents UIs live (`<tenant>-<org>.<domain>`).
    pub ui_domain: &'static str,
}

const IDENTITY_PROVIDER: &str = "https://eu.id.resistant.ai/oauth2";

pub const PRODUCTION: Environment = Environment {
    name: "production",
    endpoint: "https://api.tenants.resistant.ai/v0",
    token_url: "https://eu.id.resistant.ai/oauth2/aus17c172cLOCWEyk417/v1/token",
    cells: &[
        Cell {
            name: "eu-1",
            documents_api: "https://api.documents.resistant.ai",
            auth_server_id: "aus2un1hkrKhPjir4417",
            ui_domain: "documents.resistant.ai",
        },
        Cell {
            name: "us-1",
            documents_api: "https://api.us-1.documents.resistant.ai",
            auth_server_id: "aus3tzuy12e5blAJi417",
            ui_domain: "us-1.documents.resistant.ai",
        },
        Cell {
            name: "ca-1",
            documents_api: "https://api.ca-1.documents.resistant.ai",
            auth_server_id: "ausd6inbxjwgeJfq4417",
            ui_domain: "ca-1.documents.resistant.ai",
        },
        Cell {
            name: "ap-2",
            documents_api: "https://api.ap-2.documents.resistant.ai",
            auth_server_id: "aus827qzu1l953dI4417",
            ui_domain: "ap-2.documents.resistant.ai",
        },
        Cell {
            name: "ap-3",
            documents_api: "https://api.ap-3.documents.resistant.ai",
            auth_server_id: "ausp40dse1Q0rzDq6417",
            ui_domain: "ap-3.documents.resistant.ai",
        },
    ],
    region_note: None,
};

/// The testing environment exists in the EU only. Its control plane shares the organization token
/// endpoint of production (the contract names no other).
pub const TESTING: Environment = Environment {
    name: "testing",
    endpoint: "https://api.tenants.testing.resistant.ai/v0",
    token_url: "https://eu.id.resistant.ai/oauth2/aus17c172cLOCWEyk417/v1/token",
    cells: &[Cell {
        name: "eu-1",
        documents_api: "https://api.documents.testing.resistant.ai",
        auth_server_id: "aus17c52xbW6c0yA9417",
        ui_domain: "documents.testing.resistant.ai",
    }],
    region_note: Some("Testing is provided in the EU only"),
};

pub const ENVIRONMENTS: &[Environment] = &[PRODUCTION, TESTING];

/// Every cell name the API accepts, in the order the docs list them.
pub const CELL_NAMES: &[&str] = &["eu-1", "us-1", "ca-1", "ap-2", "ap-3"];

/// The cells a new tenant gets when none are given.
pub const DEFAULT_CELLS: &[&str] = &["eu-1"];

/// Scopes a tenant application may be granted (control-plane names).
pub const APPLICATION_SCOPES: &[&str] =
    &["documents.submissions.read", "documents.submissions.write"];

/// Scopes the organization client asks for by default.
pub const CONTROL_PLANE_SCOPES: &[&str] = &[
    "tenants.read",
    "tenants.write",
    "tenants.applications.read",
    "tenants.applications.write",
];

/// The tenant name rule, as the API documents it.
pub const TENANT_NAME_PATTERN: &str = "^[a-z0-9]{1,61}$";
pub const TENANT_NAME_MAX_LEN: usize = 61;

/// Looks an environment up by name.
pub fn environment(name: &str) -> Option<&'static Environment> {
    ENVIRONMENTS.iter().find(|e| e.name == name)
}

impl Environment {
    pub fn cell(&self, name: &str) -> Option<&'static Cell> {
        self.cells.iter().find(|c| c.name == name)
    }
}

impl Cell {
    /// The cell's Documents token endpoint.
    pub fn token_url(&self) -> String {
        format!("{IDENTITY_PROVIDER}/{}/v1/token", self.auth_server_id)
    }
}

/// True when `name` satisfies [`TENANT_NAME_PATTERN`].
pub fn is_valid_tenant_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= TENANT_NAME_MAX_LEN
        && name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tenant_names_follow_the_documented_rule() {
        assert!(is_valid_tenant_name("acme42"));
        assert!(is_valid_tenant_name(&"a".repeat(61)));
        for bad in [
            "",
            "Acme",
            "acme-corp",
            "acme corp",
            "acme_1",
            &"a".repeat(62),
            "ácme",
        ] {
            assert!(!is_valid_tenant_name(bad), "{bad:?} must be refused");
        }
    }

    #[test]
    fn every_environment_cell_is_a_known_cell() {
        for env in ENVIRONMENTS {
            for cell in env.cells {
                assert!(CELL_NAMES.contains(&cell.name));
            }
        }
        assert_eq!(PRODUCTION.cells.len(), CELL_NAMES.len());
        assert_eq!(
            PRODUCTION.cell("us-1").unwrap().token_url(),
            "https://eu.id.resistant.ai/oauth2/aus3tzuy12e5blAJi417/v1/token"
        );
    }
}
