//! `resistant_tenants`: every tenant of the organization (the paged listing followed to the end),
//! optionally filtered by name prefix and by a regular expression on the name.

use async_trait::async_trait;
use regex::Regex;

use super::DataSource;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::provider::attributes::{error_at, Definition, Field, Kind};
use crate::provider::convert::{TenantView, TENANT_ATTRIBUTES};
use crate::provider::registry::ObjectType;
use crate::provider::resources::api_error;
use crate::provider::ProviderData;
use tf_provider_framework::model::{Attr, Model};

pub const TYPE_NAME: &str = "resistant_tenants";

const NAME_PREFIX: Field = Field::optional(
    "name_prefix",
    Kind::String,
    "Keep only tenants whose name starts with this prefix.",
);
const NAME_REGEX: Field = Field::optional(
    "name_regex",
    Kind::String,
    "Keep only tenants whose name matches this regular expression (Rust `regex` syntax, close \
     to RE2; unanchored, use `^` and `$` to match the whole name). Checked at plan time.",
);
const TENANTS: Field = Field::computed(
    "tenants",
    Kind::NestedList(TENANT_ATTRIBUTES),
    "The matching tenants, in the order the API lists them (creation order).",
);
const IDS: Field = Field::computed(
    "ids",
    Kind::StringList,
    "The ids of the matching tenants, in the same order as `tenants`.",
);

const FIELDS: &[Field] = &[NAME_PREFIX, NAME_REGEX, TENANTS, IDS];

tf_provider_framework::model! {
    /// The data source's configuration and result.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantsModel for FIELDS {
        name_prefix: String = NAME_PREFIX,
        name_regex: String = NAME_REGEX,
        tenants: objects TenantView = TENANTS,
        ids: Vec<String> = IDS,
    }
}

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "Lists the tenants of the organization, following the API's pages to the end, \
        optionally filtered by `name_prefix` and `name_regex` (both must match when both are set).",
    fields: FIELDS,
};

/// The name filters of one configuration.
struct Filter {
    prefix: Option<String>,
    regex: Option<Regex>,
}

impl Filter {
    fn from_config(config: &TenantsModel) -> Result<Filter, Diagnostics> {
        let regex = match config.name_regex.known() {
            Some(pattern) => Some(compile(pattern)?),
            None => None,
        };
        Ok(Filter {
            prefix: config.name_prefix.known().cloned(),
            regex,
        })
    }

    fn keeps(&self, name: &str) -> bool {
        self.prefix.as_deref().is_none_or(|p| name.starts_with(p))
            && self.regex.as_ref().is_none_or(|r| r.is_match(name))
    }
}

fn compile(pattern: &str) -> Result<Regex, Diagnostics> {
    Regex::new(pattern).map_err(|e| {
        Diagnostics::from(vec![error_at(
            NAME_REGEX.name,
            "Invalid regular expression",
            format!("{pattern:?} is not a valid regular expression: {e}"),
        )])
    })
}

pub struct TenantsDataSource;

impl ObjectType for TenantsDataSource {
    fn definition(&self) -> &'static Definition {
        &DEFINITION
    }

    fn validate(&self, config: &Value) -> Diagnostics {
        match TenantsModel::from_value(config).and_then(|config| Filter::from_config(&config)) {
            Ok(_) => Diagnostics::default(),
            Err(diagnostics) => diagnostics,
        }
    }
}

#[async_trait]
impl DataSource<ProviderData> for TenantsDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let services = data.services();
        let config = TenantsModel::from_value(config)?;
        let filter = Filter::from_config(&config)?;
        let all = services
            .client
            .list_tenants()
            .await
            .map_err(|e| api_error("list tenants", &e))?;
        let kept: Vec<_> = all.iter().filter(|t| filter.keeps(&t.name)).collect();
        Ok(TenantsModel {
            tenants: Attr::Known(kept.iter().map(|t| TenantView::from_api(t)).collect()),
            ids: Attr::Known(kept.iter().map(|t| t.id.clone()).collect()),
            ..config
        }
        .to_value())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::provider::values;
    use std::collections::BTreeMap;
    use tf_provider_framework::model::check_model;

    #[test]
    fn the_tenants_model_covers_its_table() {
        let tenant = crate::client::Tenant {
            id: "t1".into(),
            name: "acme".into(),
            created: "2026-01-01T00:00:00Z".into(),
            updated: "2026-01-01T00:00:00Z".into(),
            cells: vec!["eu-1".into()],
            documents_ui: BTreeMap::from([("eu-1".into(), "acme.example".into())]),
        };
        let sample = TenantsModel {
            name_prefix: Attr::Known("ac".into()),
            name_regex: Attr::Known("^a".into()),
            tenants: Attr::Known(vec![TenantView::from_api(&tenant)]),
            ids: Attr::Known(vec!["t1".into()]),
        };
        assert_eq!(check_model(&sample), Ok(()));
    }

    fn config(prefix: Option<&str>, regex: Option<&str>) -> Value {
        let opt = |v: Option<&str>| v.map(values::string).unwrap_or(Value::Null);
        Value::Object(BTreeMap::from([
            ("name_prefix".to_string(), opt(prefix)),
            ("name_regex".to_string(), opt(regex)),
            ("tenants".to_string(), Value::Null),
            ("ids".to_string(), Value::Null),
        ]))
    }

    #[test]
    fn filters_combine() {
        let value = config(Some("acme"), Some("[0-9]$"));
        let filter = Filter::from_config(&TenantsModel::from_value(&value).unwrap()).unwrap();
        assert!(filter.keeps("acme1"));
        assert!(!filter.keeps("acme"));
        assert!(!filter.keeps("other1"));
    }

    #[test]
    fn a_bad_regex_is_reported_on_its_attribute() {
        let diagnostics = TenantsDataSource.validate(&config(None, Some("(")));
        assert!(diagnostics.has_errors());
        let path = diagnostics[0].attribute.clone().unwrap();
        assert_eq!(
            path.0,
            vec![crate::protocol::diagnostics::PathStep::Attribute(
                "name_regex".to_string()
            )]
        );
    }

    #[test]
    fn unknown_filters_pass_validation() {
        let mut value = config(None, None);
        if let Value::Object(map) = &mut value {
            map.insert("name_regex".to_string(), Value::Unknown);
        }
        assert!(!TenantsDataSource.validate(&value).has_errors());
    }
}
