//! The `scaikey_tenant` data source: one tenant by `id` (deleted ones too) or by `slug` (among
//! tenants that are not deleted), shown as a [`TenantView`].

use async_trait::async_trait;
use tf_provider_framework::attributes::{with_rows, Config, Definition, Field, Kind};
use tf_provider_framework::data_source::DataSource;
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::Diagnostics;
use tf_provider_framework::registry::ObjectType;

use crate::provider::convert::TenantView;
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

/// The `scaikey_tenant` data source: [`TenantView`]'s table (so its model is [`TenantView`]),
/// with `id` and `slug` to choose the tenant by.
const ONE_FIELDS: &[Field] =
    &with_rows::<{ TenantView::FIELDS.len() }>(TenantView::FIELDS, &[ONE_ID, ONE_SLUG]);

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

    fn checks(&self, config: &Value) -> Diagnostics {
        let check = Config::new(ONE_FIELDS, config).exactly_one(
            ONE_ID.name,
            ONE_SLUG.name,
            "Both id and slug are set".to_string(),
            (
                "Neither id nor slug is set".to_string(),
                "Set `id` or `slug` to say which tenant to read.".to_string(),
            ),
        );
        check.into_iter().collect()
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
    use tf_provider_framework::registry::Validate;

    #[test]
    fn the_lookup_keys_are_settable_and_checked_and_the_rest_is_shown() {
        use tf_provider_framework::protocol::schema::Presence;
        assert_eq!(ONE_FIELDS[0].presence, Presence::OptionalComputed);
        assert_eq!(ONE_FIELDS[2].presence, Presence::OptionalComputed);
        assert_eq!(ONE_FIELDS[1].presence, Presence::Computed);
        let mut config = TenantView::from_api(&tenant()).to_value();
        config.set_attribute("id", Value::Null);
        config.set_attribute("slug", Value::string("-Bad"));
        let diagnostics = TenantDataSource.validate(&config);
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert!(diagnostics[0].summary.contains("slug"), "{diagnostics:?}");
    }
}
