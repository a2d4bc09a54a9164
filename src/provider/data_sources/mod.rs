//! The provider's data sources, one file each (a framework [`DataSource`] that starts with its
//! attribute table and reads configuration in, state out), listed by [`all`]; and what data
//! sources and ephemeral resources share: the configured provider's [`Services`]. API failures
//! become diagnostics through the one mapping, [`api_error`](crate::provider::resources::api_error).

pub mod application;
pub mod applications;
pub mod cells;
pub mod tenant;
pub mod tenants;

use std::time::Duration;

use crate::client::Client;
use crate::provider::catalog::Environment;
use crate::provider::ProviderData;
pub use tf_provider_framework::data_source::DataSource;

/// What a configured provider lends to data sources and ephemeral resources.
#[derive(Clone, Copy)]
pub struct Services<'a> {
    pub client: &'a Client,
    /// The environment the provider is configured for.
    pub environment: &'static Environment,
    /// The control plane address in use (the environment's, or an override such as an emulator).
    pub endpoint: &'a str,
    /// Timeout for single HTTP requests the provider makes outside the client (token requests).
    pub http_timeout: Duration,
}

/// Every data source of the provider.
pub fn all() -> Vec<Box<dyn DataSource<ProviderData>>> {
    vec![
        Box::new(tenant::TenantDataSource),
        Box::new(tenants::TenantsDataSource),
        Box::new(application::ApplicationDataSource),
        Box::new(applications::ApplicationsDataSource),
        Box::new(cells::CellsDataSource),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::provider::Provider;
    use crate::provider::framework;

    #[test]
    fn the_provider_serves_every_data_source_ephemeral_resource_and_function() {
        let provider = framework();
        let schemas = provider.schemas();
        let names: Vec<_> = schemas.data_sources.keys().map(String::as_str).collect();
        assert_eq!(
            names,
            [
                "resistant_cells",
                "resistant_tenant",
                "resistant_tenant_application",
                "resistant_tenant_applications",
                "resistant_tenants",
            ]
        );
        assert!(schemas
            .ephemeral_resources
            .contains_key("resistant_access_token"));
        assert!(schemas.functions.contains_key("tenant_name"));
    }

    /// The lists of objects are nested attributes whose every field is described, and their
    /// values keep the `list(object({...}))` type they always had, so state does not change.
    #[test]
    fn object_lists_are_nested_attributes_with_described_fields() {
        use crate::protocol::cty::Type;
        use crate::protocol::schema::{AttributeType, Nesting, Presence};
        let strings = |names: &[&'static str]| names.iter().map(|n| (*n, Type::String)).collect();
        let object = |plain: Vec<(&'static str, Type)>, other: Vec<(&'static str, Type)>| {
            Type::list(Type::object(plain.into_iter().chain(other)))
        };
        let expected = [
            (
                "resistant_cells",
                "cells",
                object(
                    strings(&["name", "documents_api_url", "token_url", "ui_domain"]),
                    vec![],
                ),
            ),
            (
                "resistant_tenants",
                "tenants",
                object(
                    strings(&["id", "name", "created", "updated"]),
                    vec![
                        ("cells", Type::set(Type::String)),
                        ("documents_ui", Type::map(Type::String)),
                    ],
                ),
            ),
            (
                "resistant_tenant_applications",
                "applications",
                object(
                    strings(&[
                        "id",
                        "tenant_id",
                        "client_id",
                        "cell",
                        "auth_server",
                        "token_url",
                    ]),
                    vec![("scopes", Type::set(Type::String))],
                ),
            ),
        ];
        let provider = framework();
        for (type_name, name, value_type) in expected {
            let schema = &provider.schemas().data_sources[type_name];
            let attribute = schema.block.attribute(name).expect("the attribute");
            let AttributeType::Nested(nested) = &attribute.ty else {
                panic!("{type_name}.{name} is not nested: {:?}", attribute.ty)
            };
            assert_eq!(nested.nesting, Nesting::List, "{type_name}.{name}");
            assert_eq!(attribute.presence, Presence::Computed, "{type_name}.{name}");
            for field in &nested.attributes {
                assert!(
                    !field.description.trim().is_empty(),
                    "{type_name}.{name}.{} has no description",
                    field.name
                );
                assert_eq!(field.presence, Presence::Computed, "{name}.{}", field.name);
            }
            assert_eq!(attribute.value_type(), value_type, "{type_name}.{name}");
            let Type::Object { attributes, .. } = schema.implied_type() else {
                panic!("{type_name} has no object type")
            };
            assert_eq!(attributes[name], value_type, "{type_name}.{name}");
        }
    }

    #[test]
    fn no_data_source_has_a_secret_attribute() {
        use crate::protocol::schema::{Attribute, AttributeType};
        fn check(path: &str, attributes: &[Attribute]) {
            for attribute in attributes {
                let path = format!("{path}.{}", attribute.name);
                assert!(
                    !attribute.sensitive
                        && !attribute.name.contains("secret")
                        && !attribute.name.contains("key"),
                    "{path}"
                );
                if let AttributeType::Nested(nested) = &attribute.ty {
                    check(&path, &nested.attributes);
                }
            }
        }
        for data_source in all() {
            check(
                data_source.type_name(),
                &data_source.schema().block.attributes,
            );
        }
    }
}
