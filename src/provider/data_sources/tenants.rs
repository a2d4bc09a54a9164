//! `resistant_tenants`: every tenant of the organization (the paged listing followed to the end),
//! optionally filtered by name prefix and by a regular expression on the name.

use async_trait::async_trait;
use regex::Regex;

use super::DataSource;
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::provider::attributes::{error_at, Definition, Field, Kind};
use crate::provider::convert::TenantView;
use crate::provider::registry::ObjectType;
use crate::provider::resources::api_error;
use crate::provider::ProviderData;
use tf_provider_framework::model::{Attr, Model};

pub const TYPE_NAME: &str = "resistant_tenants";

const NAME_REGEX: Field = Field::optional(
    "name_regex",
    Kind::String,
    "Keep only tenants whose name matches this regular expression (Rust `regex` syntax, close \
     to RE2; unanchored, use `^` and `$` to match the whole name). Checked at plan time.",
);
tf_provider_framework::model! {
    /// The data source's configuration and result; `TenantsModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct TenantsModel {
        name_prefix: String = Field::optional(
            "name_prefix",
            Kind::String,
            "Keep only tenants whose name starts with this prefix.",
        ),
        name_regex: String = NAME_REGEX,
        tenants: objects TenantView = Field::computed(
            "tenants",
            Kind::NestedList(TenantView::FIELDS),
            "The matching tenants, in the order the API lists them (creation order).",
        ),
        ids: Vec<String> = Field::computed(
            "ids",
            Kind::StringList,
            "The ids of the matching tenants, in the same order as `tenants`.",
        ),
    }
}

const DEFINITION: Definition = Definition {
    type_name: TYPE_NAME,
    description: "Lists the tenants of the organization, following the API's pages to the end, \
        optionally filtered by `name_prefix` and `name_regex` (both must match when both are set).",
    fields: TenantsModel::FIELDS,
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

    fn checks(&self, config: &Value) -> Diagnostics {
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
    use tf_provider_framework::registry::Validate;

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
