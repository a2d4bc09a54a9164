//! The data sources: `scaikey_tenant` (one tenant by `id` or by `slug`) and `scaikey_tenants`
//! (every tenant the `search`, `status` and `partner_id` filters select, read page after page).

use async_trait::async_trait;
use tf_provider_framework::attributes::{Config, Definition, Field, Kind, Setting};
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::validators::{validate, Validator};

use super::convert::{self, tenant_value, SETTINGS_VIEW, TENANT_VIEW};
use super::errors::api_error;
use super::tenant::SLUG_PATTERN;
use super::ProviderData;
use crate::client::Filters;

const ONE_FIELDS: &[Field] = &[
    Field::optional_computed(
        "id",
        Kind::String,
        "The ID of the tenant to read. Set this or `slug`.",
    ),
    Field::optional_computed(
        "slug",
        Kind::String,
        "The slug of the tenant to read (among tenants that are not deleted). Set this or `id`.",
    )
    .validators(&[SLUG_PATTERN]),
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
            "id",
            "slug",
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
        let block = Config::new(ONE_FIELDS, config);
        let (found, wanted) = match (block.string("id"), block.string("slug")) {
            (Setting::Known(id), _) => (data.client.get(&id).await, format!("with the ID {id:?}")),
            (_, Setting::Known(slug)) => (
                data.client.find_by_slug(&slug).await,
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
            Ok(Some(tenant)) => Ok(tenant_value(ONE_FIELDS, &tenant)),
            Ok(None) => Err(Diagnostics::error(
                "Tenant not found",
                format!("No tenant {wanted} exists. Check the value, or list tenants with the `scaikey_tenants` data source."),
            )),
            Err(e) => Err(api_error("read the tenant", ONE_FIELDS, &e)),
        }
    }
}

const MANY_FIELDS: &[Field] = &[
    Field::optional(
        "search",
        Kind::String,
        "Only tenants whose name or slug contains this text, ignoring case.",
    ),
    Field::optional(
        "status",
        Kind::String,
        "Only tenants with this status. Deleted tenants are listed only with `deleted`.",
    )
    .validators(&[Validator::OneOf(&["active", "suspended", "deleted"])]),
    Field::optional(
        "partner_id",
        Kind::String,
        "Only the tenants of this partner.",
    ),
    Field::computed(
        "tenants",
        Kind::NestedList(TENANT_VIEW),
        "The tenants selected, oldest first (every page of the list).",
    ),
];

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

    fn validate(&self, config: &Value) -> Diagnostics {
        validate(MANY_FIELDS, config)
    }
}

#[async_trait]
impl DataSource<ProviderData> for TenantsDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let block = Config::new(MANY_FIELDS, config);
        let filters = Filters {
            search: block.string("search").known(),
            status: block.string("status").known(),
            partner_id: block.string("partner_id").known(),
        };
        let tenants = data
            .client
            .list(&filters)
            .await
            .map_err(|e| api_error("list the tenants", MANY_FIELDS, &e))?;
        let items: Vec<Value> = tenants
            .iter()
            .map(|t| tenant_value(TENANT_VIEW, t))
            .collect();
        Ok(block.with_computed(
            [("tenants".to_string(), Value::List(items))]
                .into_iter()
                .collect(),
        ))
    }
}
