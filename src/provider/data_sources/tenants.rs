//! `resistant_tenants`: every tenant of the organization (the paged listing followed to the end),
//! optionally filtered by name prefix and by a regular expression on the name.

use std::collections::BTreeMap;

use async_trait::async_trait;
use regex::Regex;

use super::{api_failure, DataSource};
use crate::protocol::cty::Value;
use crate::protocol::diagnostics::Diagnostics;
use crate::provider::attributes::{self, error_at, Config, Definition, Field, Kind, Setting};
use crate::provider::convert::{tenant_attributes, TENANT_ATTRIBUTES};
use crate::provider::registry::ObjectType;
use crate::provider::values;
use crate::provider::ProviderData;

pub const TYPE_NAME: &str = "resistant_tenants";

const FIELDS: &[Field] = &[
    Field::optional(
        "name_prefix",
        Kind::String,
        "Keep only tenants whose name starts with this prefix.",
    ),
    Field::optional(
        "name_regex",
        Kind::String,
        "Keep only tenants whose name matches this regular expression (Rust `regex` syntax, close \
         to RE2; unanchored, use `^` and `$` to match the whole name). Checked at plan time.",
    ),
    Field::computed(
        "tenants",
        Kind::NestedList(TENANT_ATTRIBUTES),
        "The matching tenants, in the order the API lists them (creation order).",
    ),
    Field::computed(
        "ids",
        Kind::StringList,
        "The ids of the matching tenants, in the same order as `tenants`.",
    ),
];

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
    fn from_config(config: &Config<'_>) -> Result<Filter, Diagnostics> {
        let regex = match config.string("name_regex") {
            Setting::Known(pattern) => Some(compile(&pattern)?),
            _ => None,
        };
        Ok(Filter {
            prefix: config.string("name_prefix").known(),
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
            "name_regex",
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
        match Filter::from_config(&Config::new(FIELDS, config)) {
            Ok(_) => Diagnostics::default(),
            Err(diagnostics) => diagnostics,
        }
    }
}

#[async_trait]
impl DataSource<ProviderData> for TenantsDataSource {
    async fn read(&self, data: &ProviderData, config: &Value) -> Result<Value, Diagnostics> {
        let services = data.services();
        let config = Config::new(FIELDS, config);
        let filter = Filter::from_config(&config)?;
        let all = services
            .client
            .list_tenants()
            .await
            .map_err(|e| api_failure("list tenants", &e))?;
        let kept: Vec<_> = all.iter().filter(|t| filter.keeps(&t.name)).collect();
        let tenants = kept
            .iter()
            .map(|t| attributes::object(TENANT_ATTRIBUTES, tenant_attributes(t)))
            .collect();
        let ids: Vec<&str> = kept.iter().map(|t| t.id.as_str()).collect();
        Ok(config.with_computed(BTreeMap::from([
            ("tenants".to_string(), Value::List(tenants)),
            ("ids".to_string(), values::string_list(&ids)),
        ])))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        let filter = Filter::from_config(&Config::new(FIELDS, &value)).unwrap();
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
