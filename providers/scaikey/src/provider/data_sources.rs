//! The data sources: `scaikey_tenant` (one tenant by `id` or by `slug`) and `scaikey_tenants`
//! (every tenant the `search`, `status` and `partner_id` filters select, read page after page).

use async_trait::async_trait;
use tf_provider_framework::attributes::{Config, Definition, Field, Kind};
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::validators::{validate, Validator};

use super::convert::{self, TenantView, SETTINGS_VIEW, TENANT_VIEW};
use super::errors::api_error;
use super::tenant::SLUG_PATTERN;
use super::ProviderData;
use crate::client::Filters;

const ONE_ID: Field = Field::optional_computed(
    "id",
    Kind::String,
    "The ID of the tenant to read. Set this or `slug`.",
);
const ONE_SLUG: Field = Field::optional_computed(
    "slug",
    Kind::String,
    "The slug of the tenant to read (among tenants that are not deleted). Set this or `id`.",
)
.validators(&[SLUG_PATTERN]);

/// The `scaikey_tenant` data source: the names of [`TENANT_VIEW`] (so its model is
/// [`TenantView`]), with `id` and `slug` to choose the tenant by.
const ONE_FIELDS: &[Field] = &[
    ONE_ID,
    ONE_SLUG,
    Field::computed("name", Kind::String, convert::NAME),
    Field::computed("partner_id", Kind::String, convert::PARTNER_ID),
    Field::computed(
        "status",
        Kind::String,
        "`active`, `suspended` or `deleted`.",
    ),
    Field::computed("settings", Kind::Nested(SETTINGS_VIEW), convert::SETTINGS),
    Field::computed("created_at", Kind::String, convert::CREATED_AT),
    Field::computed("updated_at", Kind::String, convert::UPDATED_AT),
    Field::computed("deleted_at", Kind::String, convert::DELETED_AT),
];

const ONE: Definition = Definition {
    type_name: "scaikey_tenant",
    description: "One ScaiKey tenant, by its ID (deleted ones too) or by its slug.",
    fields: ONE_FIELDS,
};

pub struct TenantDataSource;

impl ObjectType for TenantDataSource {
    fn definition(&self) -> &'static Definition {
        &ONE
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        let mut diagnostics = validate(ONE_FIELDS, config);
        let check = Config::new(ONE_FIELDS, config).exactly_one(
            ONE_ID.name,
            ONE_SLUG.name,
            "Both id and slug are set".to_string(),
            (
                "Neither id nor slug is set".to_string(),
                "Set `id` or `slug` to say which tenant to read.".to_string(),
            ),
        );
        diagnostics.extend(check);
        diagnostics
    }
}

#[async_trait]
impl DataSource<ProviderData> for TenantDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let wanted = TenantView::from_value(config)?;
        let (found, wanted) = match (&wanted.id, &wanted.slug) {
            (Attr::Known(id), _) => (data.client.get(id).await, format!("with the ID {id:?}")),
            (_, Attr::Known(slug)) => (
                data.client.find_by_slug(slug).await,
                format!("with the slug {slug:?} (that is not deleted)"),
            ),
            _ => {
                return Err(Diagnostics::error(
                    "Neither id nor slug is set",
                    "Set `id` or `slug` to say which tenant to read.",
                ))
            }
        };
        match found {
            Ok(Some(tenant)) => Ok(TenantView::from_api(&tenant).to_value()),
            Ok(None) => Err(Diagnostics::error(
                "Tenant not found",
                format!("No tenant {wanted} exists. Check the value, or list tenants with the `scaikey_tenants` data source."),
            )),
            Err(e) => Err(api_error("read the tenant", ONE_FIELDS, &e)),
        }
    }
}

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
const TENANTS: Field = Field::computed(
    "tenants",
    Kind::NestedList(TENANT_VIEW),
    "The tenants selected, oldest first (every page of the list).",
);

const MANY_FIELDS: &[Field] = &[SEARCH, STATUS, PARTNER_ID, TENANTS];

const MANY: Definition = Definition {
    type_name: "scaikey_tenants",
    description: "The ScaiKey tenants a search, a status and a partner select; without filters, \
                  every tenant that is not deleted.",
    fields: MANY_FIELDS,
};

tf_provider_framework::model! {
    /// The `scaikey_tenants` data source's filters and result.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantsModel for MANY_FIELDS {
        search: String = SEARCH,
        status: String = STATUS,
        partner_id: String = PARTNER_ID,
        tenants: objects TenantView = TENANTS,
    }
}

pub struct TenantsDataSource;

impl ObjectType for TenantsDataSource {
    fn definition(&self) -> &'static Definition {
        &MANY
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        validate(MANY_FIELDS, config)
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::convert::tests::tenant;
    use tf_provider_framework::model::{check_model_against, check_model_deep};

    #[test]
    fn the_tenant_view_covers_the_scaikey_tenant_table() {
        let view = TenantView::from_api(&tenant());
        assert_eq!(check_model_against(&view, ONE_FIELDS), Ok(()));
    }

    #[test]
    fn the_tenants_model_covers_its_table_and_the_listed_tenants() {
        let sample = TenantsModel {
            search: Attr::Known("ac".into()),
            status: Attr::Known("deleted".into()),
            partner_id: Attr::Known("p1".into()),
            tenants: Attr::Known(vec![TenantView::from_api(&tenant())]),
        };
        assert_eq!(check_model_deep(&sample), Ok(()));
    }
}
