//! The `scaikey_tenant` data source: one tenant by `id` (deleted ones too) or by `slug` (among
//! tenants that are not deleted), shown as a [`TenantView`].

use async_trait::async_trait;
use tf_provider_framework::attributes::{Config, Definition, Field, Kind};
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::validators::validate;

use crate::provider::convert::{self, TenantView, SETTINGS_VIEW};
use crate::provider::resources::api_error;
use crate::provider::resources::tenant::SLUG_PATTERN;
use crate::provider::ProviderData;

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::convert::tests::tenant;
    use tf_provider_framework::model::check_model_against;

    #[test]
    fn the_tenant_view_covers_the_scaikey_tenant_table() {
        let view = TenantView::from_api(&tenant());
        assert_eq!(check_model_against(&view, ONE_FIELDS), Ok(()));
    }
}
