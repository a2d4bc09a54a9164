//! Client models as Terraform values: the attributes a tenant or a tenant application has wherever it
//! appears (resources and data sources), both their table rows (the one source of each shared
//! attribute's description) and their typed models ([`TenantView`], [`ApplicationView`]). Secrets
//! pass through here only as [`Secret`]s.

use std::collections::BTreeMap;

use crate::client::{Application, Secret, Tenant};
use crate::protocol::cty::Value;
use tf_provider_framework::model::{Attr, CtyValue};

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

tf_provider_framework::model! {
    /// What the API shows of a tenant, as typed attributes, and the one mapping from the client's
    /// [`Tenant`] that the resource and the data sources share. `TenantView::FIELDS` is every
    /// attribute as the data sources show them (the fields of `resistant_tenants`' list).
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct TenantView {
        pub id: String = tenant_fields::ID,
        pub name: String = tenant_fields::NAME,
        pub cells: Vec<String> = tenant_fields::CELLS,
        pub created: String = tenant_fields::CREATED,
        pub updated: String = tenant_fields::UPDATED,
        pub documents_ui: BTreeMap<String, String> = tenant_fields::DOCUMENTS_UI,
    }
}

impl TenantView {
    /// The tenant as the API describes it.
    pub fn from_api(tenant: &Tenant) -> TenantView {
        let known = |text: &String| Attr::Known(text.clone());
        TenantView {
            id: known(&tenant.id),
            name: known(&tenant.name),
            cells: Attr::Known(tenant.cells.clone()),
            created: known(&tenant.created),
            updated: known(&tenant.updated),
            documents_ui: Attr::Known(tenant.documents_ui.clone()),
        }
    }
}

tf_provider_framework::model! {
    /// What the API shows of a tenant application, as typed attributes, and the one mapping from
    /// the client's [`Application`]; `ApplicationView::FIELDS` is every attribute as the data
    /// sources show them. Never a secret: the API shows those only in the answer to a create.
    #[derive(Clone, Debug, Default, PartialEq)]
    pub struct ApplicationView {
        pub id: String = application_fields::ID,
        pub tenant_id: String = application_fields::TENANT_ID,
        pub client_id: String = application_fields::CLIENT_ID,
        pub cell: String = application_fields::CELL,
        pub scopes: Vec<String> = application_fields::SCOPES,
        pub auth_server: String = application_fields::AUTH_SERVER,
        pub token_url: String = application_fields::TOKEN_URL,
    }
}

impl ApplicationView {
    /// The application as the API describes it. The API does not echo the tenant, so the caller
    /// names it.
    pub fn from_api(tenant_id: &str, application: &Application) -> ApplicationView {
        let known = |text: &str| Attr::Known(text.to_string());
        ApplicationView {
            id: known(&application.id),
            tenant_id: known(tenant_id),
            client_id: known(&application.client_id),
            cell: known(&application.cell),
            scopes: Attr::Known(application.scopes.clone()),
            auth_server: known(&application.auth_server),
            token_url: known(&application.token_url),
        }
    }
}

/// A secret attribute (a client secret, a private key, a token) read straight into a client
/// [`Secret`], so that a model's `Debug` never shows it. (A wrapper, because the framework's
/// [`CtyValue`] and the client kit's [`Secret`] belong to crates that know nothing of each other.)
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SecretAttr(pub Secret);

impl std::ops::Deref for SecretAttr {
    type Target = Secret;
    fn deref(&self) -> &Secret {
        &self.0
    }
}

impl From<Secret> for SecretAttr {
    fn from(secret: Secret) -> Self {
        SecretAttr(secret)
    }
}

impl CtyValue for SecretAttr {
    fn from_cty(value: &Value) -> Option<Self> {
        value.as_str().map(|text| SecretAttr(Secret::new(text)))
    }
    fn to_cty(&self) -> Value {
        Value::string(self.0.expose())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use tf_provider_framework::model::{check_model, Model};
    use tf_provider_framework::values::attr;

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

    fn tenant() -> Tenant {
        Tenant {
            id: "t1".into(),
            name: "acme".into(),
            created: "2026-01-01T00:00:00Z".into(),
            updated: "2026-01-02T00:00:00Z".into(),
            cells: vec!["us-1".into(), "eu-1".into()],
            documents_ui: BTreeMap::from([("eu-1".into(), "acme-org.documents.localhost".into())]),
        }
    }

    #[test]
    fn the_views_show_every_attribute_the_api_returns() {
        // Every row of the views is known after the one mapping from the API: none is forgotten.
        assert_eq!(check_model(&TenantView::from_api(&tenant())), Ok(()));
        assert_eq!(
            check_model(&ApplicationView::from_api("t1", &application())),
            Ok(())
        );
    }

    #[test]
    fn a_tenant_becomes_its_attributes() {
        let value = TenantView::from_api(&tenant()).to_value();
        assert!(attr(&value, "cells").equivalent(&Value::set_of_strings(["eu-1", "us-1"])));
        assert_eq!(
            attr(&value, "documents_ui"),
            &Value::Map(BTreeMap::from([(
                "eu-1".into(),
                Value::String("acme-org.documents.localhost".into())
            )]))
        );
        assert_eq!(
            attr(&value, "created"),
            &Value::string("2026-01-01T00:00:00Z")
        );
    }

    #[test]
    fn an_application_carries_its_tenant() {
        let value = ApplicationView::from_api("t1", &application()).to_value();
        assert_eq!(attr(&value, "tenant_id"), &Value::String("t1".into()));
        assert_eq!(
            attr(&value, "scopes"),
            &Value::set_of_strings(["documents.submissions.read"])
        );
    }

    #[test]
    fn a_secret_reads_into_a_secret_that_debug_hides() {
        let secret = SecretAttr::from_cty(&Value::string("s3cret")).expect("a string");
        assert_eq!(secret.expose(), "s3cret");
        assert!(!format!("{:?}", Attr::Known(secret.clone())).contains("s3cret"));
        assert_eq!(secret.to_cty(), Value::string("s3cret"));
    }
}
