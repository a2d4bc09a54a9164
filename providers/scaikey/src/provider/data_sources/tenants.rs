//! The `scaikey_tenants` data source: every tenant the `search`, `status` and `partner_id`
//! filters select, read page after page, as a list of [`TenantView`]s.

use async_trait::async_trait;
use tf_provider_framework::attributes::{Definition, Field, Kind};
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::validators::Validator;

use crate::client::Filters;
use crate::provider::convert::TenantView;
use crate::provider::resources::api_error;
use crate::provider::ProviderData;

pub const SEARCH: Field = Field::optional(
    "search",
    Kind::String,
    "Only tenants whose name or slug contains this text, ignoring case.",
);
pub const STATUS: Field = Field::optional(
    "status",
    Kind::String,
    "Only tenants with this status. Deleted tenants are listed only with `deleted`.",
)
.validators(&[Validator::OneOf(&["active", "suspended", "deleted"])]);
pub const PARTNER_ID: Field = Field::optional(
    "partner_id",
    Kind::String,
    "Only the tenants of this partner.",
);
tf_provider_framework::model! {
    /// The `scaikey_tenants` data source's filters and result; `TenantsModel::FIELDS` is its
    /// table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantsModel {
        search: String = SEARCH,
        status: String = STATUS,
        partner_id: String = PARTNER_ID,
        tenants: objects TenantView = Field::computed(
            "tenants",
            Kind::NestedList(TenantView::FIELDS),
            "The tenants selected, oldest first (every page of the list).",
        ),
    }
}

const MANY_FIELDS: &[Field] = TenantsModel::FIELDS;

const MANY: Definition = Definition {
    type_name: "scaikey_tenants",
    description: "The ScaiKey tenants a search, a status and a partner select; without filters, \
                  every tenant that is not deleted.",
    fields: MANY_FIELDS,
};

pub struct TenantsDataSource;

impl ObjectType for TenantsDataSource {
    fn definition(&self) -> &'static Definition {
        &MANY
    }
}

#[async_trait]
impl DataSource<ProviderData> for TenantsDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let config = TenantsModel::from_value(config)?;
        let filters = Filters {
            search: config.search.known().cloned(),
            status: config.status.known().cloned(),
            partner_id: config.partner_id.known().cloned(),
        };
        let tenants = data
            .client
            .list(&filters)
            .await
            .map_err(|e| api_error("list the tenants", MANY_FIELDS, &e))?;
        let found = TenantsModel {
            tenants: Attr::Known(tenants.iter().map(TenantView::from_api).collect()),
            ..config
        };
        Ok(found.to_value())
    }
}
