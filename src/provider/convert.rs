//! Client models as Terraform values: the attributes a tenant or a tenant application has wherever it
//! appears (resources and data sources), both their table rows (the one source of each shared
//! attribute's description) and their values. Secrets never pass through here.

use std::collections::BTreeMap;

use crate::client::{Application, Tenant};
use crate::protocol::cty::Value;
use crate::provider::attributes::Field;

/// The rows of what the API shows about a tenant. Objects that take one of them as input (the
/// resource, a data source's lookup key) reuse the row with another presence, or declare their own.
pub mod tenant_fields {
    use crate::provider::attributes::{Field, Kind};

    pub const ID: Field = Field::computed(
        "id",
        Kind::String,
        "The tenant's id, assigned by the service.",
    );
    pub const NAME: Field = Field::computed("name", Kind::String, "The tenant's name.");
    pub const CELLS: Field = Field::computed(
        "cells",
        Kind::StringSet,
        "The cells (regions) where the tenant's Documents web UI is available and where its \
         applications may live.",
    );
    pub const CREATED: Field = Field::computed(
        "created",
        Kind::String,
        "When the tenant was created (RFC 3339).",
    );
    pub const UPDATED: Field = Field::computed(
        "updated",
        Kind::String,
        "When the tenant was last changed (RFC 3339).",
    );
    pub const DOCUMENTS_UI: Field = Field::computed(
        "documents_ui",
        Kind::StringMap,
        "The tenant's Documents web UI address for each of its cells, by cell name.",
    );
}

/// Every attribute [`tenant_attributes`] fills, as the data sources show them.
pub const TENANT_ATTRIBUTES: &[Field] = &[
    tenant_fields::ID,
    tenant_fields::NAME,
    tenant_fields::CELLS,
    tenant_fields::CREATED,
    tenant_fields::UPDATED,
    tenant_fields::DOCUMENTS_UI,
];

/// The rows of what the API shows about a tenant application, reused like [`tenant_fields`].
pub mod application_fields {
    use crate::provider::attributes::{Field, Kind};

    pub const ID: Field = Field::computed(
        "id",
        Kind::String,
        "The application's id, assigned by the service.",
    );
    pub const TENANT_ID: Field = Field::computed(
        "tenant_id",
        Kind::String,
        "The id of the tenant that owns the application.",
    );
    pub const CLIENT_ID: Field = Field::computed(
        "client_id",
        Kind::String,
        "The OAuth2 client id to request Documents API tokens with.",
    );
    pub const CELL: Field = Field::computed(
        "cell",
        Kind::String,
        "The cell (region) whose Documents API the application gets tokens for.",
    );
    pub const SCOPES: Field = Field::computed(
        "scopes",
        Kind::StringSet,
        "The Documents API scopes granted to the application.",
    );
    pub const AUTH_SERVER: Field = Field::computed(
        "auth_server",
        Kind::String,
        "The address of the cell's Documents authorization server.",
    );
    pub const TOKEN_URL: Field = Field::computed(
        "token_url",
        Kind::String,
        "The token endpoint where the application requests Documents API tokens.",
    );
}

/// Every attribute [`application_attributes`] fills, as the data sources show them.
pub const APPLICATION_ATTRIBUTES: &[Field] = &[
    application_fields::ID,
    application_fields::TENANT_ID,
    application_fields::CLIENT_ID,
    application_fields::CELL,
    application_fields::SCOPES,
    application_fields::AUTH_SERVER,
    application_fields::TOKEN_URL,
];

/// A tenant's own attributes: `id`, `name`, `cells`, `created`, `updated`, `documents_ui`.
pub fn tenant_attributes(tenant: &Tenant) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("id".to_string(), Value::String(tenant.id.clone())),
        ("name".to_string(), Value::String(tenant.name.clone())),
        ("cells".to_string(), Value::set_of_strings(&tenant.cells)),
        ("created".to_string(), Value::String(tenant.created.clone())),
        ("updated".to_string(), Value::String(tenant.updated.clone())),
        (
            "documents_ui".to_string(),
            Value::Map(
                tenant
                    .documents_ui
                    .iter()
                    .map(|(cell, address)| (cell.clone(), Value::String(address.clone())))
                    .collect(),
            ),
        ),
    ])
}

/// An application's attributes as the API returns them: `id`, `tenant_id`, `client_id`, `cell`,
/// `scopes`, `auth_server`, `token_url`. The API does not echo the tenant, so the caller names it.
pub fn application_attributes(
    tenant_id: &str,
    application: &Application,
) -> BTreeMap<String, Value> {
    BTreeMap::from([
        ("id".to_string(), Value::String(application.id.clone())),
        (
            "tenant_id".to_string(),
            Value::String(tenant_id.to_string()),
        ),
        (
            "client_id".to_string(),
            Value::String(application.client_id.clone()),
        ),
        ("cell".to_string(), Value::String(application.cell.clone())),
        (
            "scopes".to_string(),
            Value::set_of_strings(&application.scopes),
        ),
        (
            "auth_server".to_string(),
            Value::String(application.auth_server.clone()),
        ),
        (
            "token_url".to_string(),
            Value::String(application.token_url.clone()),
        ),
    ])
}

/// [`application_attributes`] as an object value.
pub fn application_to_value(tenant_id: &str, application: &Application) -> Value {
    Value::Object(application_attributes(tenant_id, application))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// An application as the API describes one, for tests.
    pub(crate) fn application() -> Application {
        Application {
            id: "a1".into(),
            client_id: "c1".into(),
            auth_server: "http://x/oauth2/documents-eu-1".into(),
            cell: "eu-1".into(),
            scopes: vec!["documents.submissions.read".into()],
            token_url: "http://x/oauth2/documents-eu-1/v1/token".into(),
        }
    }

    #[test]
    fn a_tenant_becomes_its_attributes() {
        let tenant = Tenant {
            id: "t1".into(),
            name: "acme".into(),
            created: "2026-01-01T00:00:00Z".into(),
            updated: "2026-01-02T00:00:00Z".into(),
            cells: vec!["us-1".into(), "eu-1".into()],
            documents_ui: BTreeMap::from([("eu-1".into(), "acme-org.documents.localhost".into())]),
        };
        let value = tenant_attributes(&tenant);
        assert!(value["cells"].equivalent(&Value::set_of_strings(["eu-1", "us-1"])));
        assert_eq!(
            value["documents_ui"],
            Value::Map(BTreeMap::from([(
                "eu-1".into(),
                Value::String("acme-org.documents.localhost".into())
            )]))
        );
        assert_eq!(value.len(), 6);
        let names: Vec<_> = TENANT_ATTRIBUTES.iter().map(|f| f.name).collect();
        assert!(value.keys().eq(sorted(names)));
    }

    fn sorted(mut names: Vec<&str>) -> Vec<&str> {
        names.sort_unstable();
        names
    }

    #[test]
    fn an_application_carries_its_tenant() {
        let application = application();
        let value = application_attributes("t1", &application);
        assert_eq!(value["tenant_id"], Value::String("t1".into()));
        assert_eq!(value.len(), 7);
        let names: Vec<_> = APPLICATION_ATTRIBUTES.iter().map(|f| f.name).collect();
        assert!(value.keys().eq(sorted(names)));
    }
}
