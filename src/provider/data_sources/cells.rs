//! `resistant_cells`: for the configured environment, each cell's Documents API address, token URL
//! and UI domain — what an operator records for every customer. Also the one place that derives those
//! addresses when the provider's `endpoint` points somewhere else than the environment's own control
//! plane (a local emulator).
//!
//! Derivation for an overridden endpoint `<base>/v0` (the `/v0` suffix is optional): the cells of the
//! configured environment, each at `<base>/documents/<cell>/v2` with token URL
//! `<base>/oauth2/documents-<cell>/v1/token` and the production UI domain with `resistant.ai`
//! replaced by `localhost` (`documents.localhost`, `us-1.documents.localhost`, ...): the emulator's
//! layout.

use async_trait::async_trait;

use super::DataSource;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::provider::attributes::{Definition, Field, Kind};
use crate::provider::catalog::{Environment, PRODUCTION};
use crate::provider::registry::ObjectType;
use crate::provider::ProviderData;
use tf_provider_framework::model::{Attr, Model};

pub const TYPE_NAME: &str = "resistant_cells";

/// Version path of the Documents API, appended to the catalog's host addresses.
const DOCUMENTS_API_VERSION: &str = "/v2";
/// The registrable domain of the real UI hosts, and what stands for it in front of an emulator.
const REAL_DOMAIN: &str = "resistant.ai";
const LOCAL_DOMAIN: &str = "localhost";

const NAME: Field = Field::computed("name", Kind::String, "The cell's name, e.g. `eu-1`.");
const DOCUMENTS_API_URL: Field = Field::computed(
    "documents_api_url",
    Kind::String,
    "The cell's Documents API base address, including the `/v2` version path.",
);
const TOKEN_URL: Field = Field::computed(
    "token_url",
    Kind::String,
    "The cell's token endpoint, where tenant applications of that cell request Documents API \
     tokens.",
);
const UI_DOMAIN: Field = Field::computed(
    "ui_domain",
    Kind::String,
    "The domain of the tenants' Documents web UIs in that cell \
     (`<tenant>-<organization>.<ui_domain>`).",
);

tf_provider_framework::model! {
    /// One cell of the result.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct CellModel {
        name: String = NAME,
        documents_api_url: String = DOCUMENTS_API_URL,
        token_url: String = TOKEN_URL,
        ui_domain: String = UI_DOMAIN,
    }
}

impl From<CellAddresses> for CellModel {
    fn from(cell: CellAddresses) -> CellModel {
        CellModel {
            name: Attr::Known(cell.name),
            documents_api_url: Attr::Known(cell.documents_api_url),
            token_url: Attr::Known(cell.token_url),
            ui_domain: Attr::Known(cell.ui_domain),
        }
    }
}

tf_provider_framework::model! {
    /// The data source's result (it takes no arguments); `CellsModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct CellsModel {
        cells: objects CellModel = Field::computed(
            "cells",
            Kind::NestedList(CellModel::FIELDS),
            "The cells of the configured environment (production: all five cells; testing: \
             `eu-1` only).",
        ),
    }
}

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description:
        "The cells of the configured environment with the addresses an operator needs for \
        every customer: Documents API, token URL, web UI domain. When the provider's `endpoint` is \
        overridden (a local emulator at `<base>/v0`), the addresses follow the emulator's layout \
        under `<base>`: `<base>/documents/<cell>/v2`, `<base>/oauth2/documents-<cell>/v1/token`, \
        and UI domains under `documents.localhost`.",
    fields: CellsModel::FIELDS,
};

/// Where one cell is reached.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CellAddresses {
    pub name: String,
    pub documents_api_url: String,
    pub token_url: String,
    pub ui_domain: String,
}

/// The addresses of every cell of `environment`, as seen through the control plane `endpoint`.
pub fn cell_addresses(environment: &Environment, endpoint: &str) -> Vec<CellAddresses> {
    let override_base = overridden_base(environment, endpoint);
    environment
        .cells
        .iter()
        .map(|cell| match &override_base {
            None => CellAddresses {
                name: cell.name.to_string(),
                documents_api_url: format!("{}{DOCUMENTS_API_VERSION}", cell.documents_api),
                token_url: cell.token_url(),
                ui_domain: cell.ui_domain.to_string(),
            },
            Some(base) => CellAddresses {
                name: cell.name.to_string(),
                documents_api_url: format!("{base}/documents/{}{DOCUMENTS_API_VERSION}", cell.name),
                token_url: format!("{base}/oauth2/documents-{}/v1/token", cell.name),
                ui_domain: local_ui_domain(cell.name),
            },
        })
        .collect()
}

/// The addresses of one cell of `environment`, if it has that cell.
pub fn cell_address(
    environment: &Environment,
    endpoint: &str,
    name: &str,
) -> Option<CellAddresses> {
    cell_addresses(environment, endpoint)
        .into_iter()
        .find(|c| c.name == name)
}

/// `None` when `endpoint` is the environment's own control plane, otherwise the base address the
/// emulator layout hangs off.
fn overridden_base(environment: &Environment, endpoint: &str) -> Option<String> {
    let endpoint = endpoint.trim_end_matches('/');
    if endpoint == environment.endpoint.trim_end_matches('/') {
        return None;
    }
    Some(endpoint.strip_suffix("/v0").unwrap_or(endpoint).to_string())
}

/// The production UI domain of a cell, moved from `resistant.ai` to `localhost`.
fn local_ui_domain(cell: &str) -> String {
    let real = PRODUCTION
        .cell(cell)
        .map(|c| c.ui_domain.to_string())
        .unwrap_or_else(|| format!("{cell}.documents.{REAL_DOMAIN}"));
    let prefix = real.strip_suffix(REAL_DOMAIN).unwrap_or(&real);
    format!("{prefix}{LOCAL_DOMAIN}")
}

pub struct CellsDataSource;

impl ObjectType for CellsDataSource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }
}

#[async_trait]
impl DataSource<ProviderData> for CellsDataSource {
    async fn read(&self, data: &ProviderData, _config: &Value) -> Result<Value, Diagnostics> {
        let services = data.services();
        let cells = cell_addresses(services.environment, services.endpoint)
            .into_iter()
            .map(CellModel::from)
            .collect();
        Ok(CellsModel {
            cells: Attr::Known(cells),
        }
        .to_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::catalog::TESTING;

    #[test]
    fn production_lists_five_cells_from_the_catalog() {
        let cells = cell_addresses(&PRODUCTION, PRODUCTION.endpoint);
        let names: Vec<_> = cells.iter().map(|c| c.name.as_str()).collect();
        assert_eq!(names, ["eu-1", "us-1", "ca-1", "ap-2", "ap-3"]);
        assert_eq!(
            cells[0].documents_api_url,
            "https://api.documents.resistant.ai/v2"
        );
        assert_eq!(
            cells[1].token_url,
            "https://eu.id.resistant.ai/oauth2/aus3tzuy12e5blAJi417/v1/token"
        );
        assert_eq!(cells[1].ui_domain, "us-1.documents.resistant.ai");
    }

    #[test]
    fn testing_lists_eu_1_only() {
        let cells = cell_addresses(&TESTING, TESTING.endpoint);
        assert_eq!(cells.len(), 1);
        assert_eq!(
            cells[0].documents_api_url,
            "https://api.documents.testing.resistant.ai/v2"
        );
        assert_eq!(
            cells[0].token_url,
            "https://eu.id.resistant.ai/oauth2/aus17c52xbW6c0yA9417/v1/token"
        );
    }

    #[test]
    fn an_overridden_endpoint_gets_the_emulator_layout() {
        let eu = cell_address(&PRODUCTION, "http://127.0.0.1:8080/v0/", "eu-1").unwrap();
        assert_eq!(
            eu.documents_api_url,
            "http://127.0.0.1:8080/documents/eu-1/v2"
        );
        assert_eq!(
            eu.token_url,
            "http://127.0.0.1:8080/oauth2/documents-eu-1/v1/token"
        );
        assert_eq!(eu.ui_domain, "documents.localhost");
        let ap = cell_address(&PRODUCTION, "http://127.0.0.1:8080/v0", "ap-3").unwrap();
        assert_eq!(ap.ui_domain, "ap-3.documents.localhost");
        assert!(cell_address(&TESTING, "http://127.0.0.1:8080/v0", "us-1").is_none());
    }
}
