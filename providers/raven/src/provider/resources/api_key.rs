//! `raven_api_key`: creates an additional scoped API key, with the admin key given write-only in
//! `creator_api_key_wo` (so that key is not copied into a second place in state) or else the
//! provider's `api_key`. Raven cannot read, list or revoke keys: refresh keeps state as it is, any
//! change of name or scopes creates a new key, and destroy leaves the key working, with a warning.

use async_trait::async_trait;
use tf_provider_framework::attributes::{Definition, Field, Kind, Validator};
use tf_provider_framework::get;
use tf_provider_framework::model::{Attr, Model};
use tf_provider_framework::plan;
use tf_provider_framework::protocol::cty::Value;
use tf_provider_framework::protocol::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use tf_provider_framework::protocol::provider::{
    ApplyResponse, ImportResponse, PlanRequest, PlanResponse, ReadRequest, ReadResponse,
};
use tf_provider_framework::registry::ObjectType;
use tf_provider_framework::resource::{
    state_only_update, CreateRequest, DeleteRequest, Resource, UpdateRequest,
};

use super::{api_error, failed, key_for};
use crate::provider::catalog::{NAME_MAX, NAME_MIN, SCOPES};
use crate::provider::convert::{key_request, CreatedKey};
use crate::provider::ProviderData;

const CREATOR: Field = Field::optional(
    "creator_api_key_wo",
    Kind::String,
    "The key that creates this one, which must hold `tenant:admin` and every \
     scope granted, e.g. `raven_tenant.example.api_key`. Read from the configuration during \
     apply and never stored in plan or state. Left out, the provider's `api_key` is used.",
)
.sensitive()
.write_only();
tf_provider_framework::model! {
    /// The resource's configuration, plan or state (`creator_api_key_wo` only ever in the
    /// configuration); `ApiKeyModel::FIELDS` is its table.
    #[derive(Clone, Debug, Default, PartialEq)]
    struct ApiKeyModel {
        id: String = Field::computed("id", Kind::String, "The key's ID at Raven (`key_…`)."),
        name: String = Field::required(
            "name",
            Kind::String,
            "What the key is for. Raven cannot rename a key: a new name creates a new key.",
        )
        .replaces()
        .validators(&[Validator::Length {
            min: NAME_MIN,
            max: NAME_MAX,
        }]),
        scopes: Vec<String> = Field::required(
            "scopes",
            Kind::StringSet,
            "What the key may do (a set). A key can grant only scopes the creating key holds. A \
             change creates a new key.",
        )
        .replaces()
        .validators(&[
            Validator::OneOf(SCOPES),
            Validator::Items {
                min: 1,
                max: usize::MAX,
            },
        ]),
        creator_api_key_wo: String = CREATOR,
        api_key: String = Field::computed(
            "api_key",
            Kind::String,
            "The new key (`rk_live_…`), shown by Raven only once, kept in state.",
        )
        .sensitive(),
        api_key_prefix: String = Field::computed(
            "api_key_prefix",
            Kind::String,
            "The first characters of `api_key`, safe to show.",
        ),
        created_at: String = Field::computed(
            "created_at",
            Kind::String,
            "When the key was created (RFC 3339).",
        ),
    }
}

const API_KEY: Definition = Definition {
    type_name: "raven_api_key",
    description: "An additional API key of a Raven tenant, with the scopes it grants.\n\n\
                  Raven has no endpoint to read, list or revoke keys. A refresh keeps the state \
                  as it is (a key revoked in Raven's dashboard is not noticed), and destroying \
                  this resource only removes it from state, with a warning: revoke the key in \
                  Raven's dashboard. Keys cannot be imported, since Raven shows a key only when \
                  it is created.",
    fields: ApiKeyModel::FIELDS,
};

/// The `raven_api_key` resource.
pub struct ApiKeyResource;

impl ObjectType for ApiKeyResource {
    fn definition(&self) -> &'static Definition {
        &API_KEY
    }
}

/// The error of a create that has no key to create with.
fn no_creator() -> Diagnostic {
    Diagnostic::error(
        "No API key to create the key with",
        format!(
            "Set `{}` to a key holding `tenant:admin` (e.g. `raven_tenant.example.api_key`) \
             or the provider's `api_key` (or RAVEN_API_KEY).",
            CREATOR.name
        ),
    )
    .at(AttributePath::root(CREATOR.name))
}

#[async_trait]
impl Resource<ProviderData> for ApiKeyResource {
    async fn plan(&self, data: Option<&ProviderData>, request: PlanRequest) -> PlanResponse {
        // The table plans; this adds the check that a new key has a key to be created with.
        let mut response = plan::plan_request(ApiKeyModel::FIELDS, &request);
        let config: ApiKeyModel = get!(request.config);
        let new_key = !response.planned_state.is_null()
            && (request.prior_state.is_null() || !response.requires_replace.is_empty());
        if let (true, Some(data), true) = (new_key, data, config.creator_api_key_wo.is_null()) {
            if data.api_key.is_none() {
                response.diagnostics.push(no_creator());
            }
        }
        response
    }

    async fn create(&self, data: &ProviderData, request: CreateRequest) -> ApplyResponse {
        let config: ApiKeyModel = get!(request.config);
        let planned: ApiKeyModel = get!(request.planned);
        let Some(creator) = key_for(&config.creator_api_key_wo, data) else {
            return failed(Value::Null, Diagnostics::from(vec![no_creator()]));
        };
        let body = key_request(
            planned.name.known().map(String::as_str),
            planned.scopes.known().map(Vec::as_slice),
        );
        let created = match data.client.create_key(&creator, &body).await {
            Ok(answer) => CreatedKey::from_json(&answer),
            Err(error) => {
                let mut diagnostics = api_error("create the API key", &error);
                if error.outcome_unknown() {
                    diagnostics.push_error(
                        "The key may have been created",
                        "Raven shows a key only in the answer to its creation, which was lost. \
                         If it was created, it cannot be recovered: revoke it in Raven's \
                         dashboard (its name is the configured `name`). Applying again creates \
                         another key.",
                    );
                }
                return failed(Value::Null, diagnostics);
            }
        };
        let state = ApiKeyModel {
            id: created.key_id,
            api_key: created.api_key,
            api_key_prefix: created.api_key_prefix,
            created_at: created.created_at,
            creator_api_key_wo: Attr::Null,
            ..planned
        };
        ApplyResponse {
            new_state: state.to_value(),
            ..Default::default()
        }
    }

    async fn read(&self, _data: &ProviderData, request: ReadRequest) -> ReadResponse {
        // Raven cannot read keys: what state holds is all there is to know.
        ReadResponse {
            new_state: request.current_state,
            private: request.private,
            diagnostics: Diagnostics::default(),
        }
    }

    async fn update(&self, _data: &ProviderData, request: UpdateRequest) -> ApplyResponse {
        // Only the write-only creator key can change without a replacement; nothing is stored.
        state_only_update(request)
    }

    async fn delete(&self, _data: &ProviderData, request: DeleteRequest) -> ApplyResponse {
        let prior = ApiKeyModel::from_value(&request.prior).unwrap_or_default();
        let id = prior.id.known().map_or("(unknown id)", String::as_str);
        let prefix = prior.api_key_prefix.known().map_or("?", String::as_str);
        ApplyResponse {
            new_state: Value::Null,
            diagnostics: Diagnostics::warning(
                "The API key still works",
                format!(
                    "Raven has no endpoint to revoke a key, so key {id} (prefix {prefix}) was \
                     only removed from Terraform's state and still works. Revoke it in Raven's \
                     dashboard."
                ),
            ),
            ..Default::default()
        }
    }

    async fn import(&self, _data: &ProviderData, _id: &str) -> ImportResponse {
        ImportResponse {
            imported: Vec::new(),
            diagnostics: Diagnostics::error(
                "API keys cannot be imported",
                "Raven shows a key only once, when it is created, and has no endpoint to read \
                 keys, so an existing key cannot be brought under Terraform. Create a new \
                 `raven_api_key` and revoke the old key in Raven's dashboard.",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tf_provider_framework::attributes::blamed;
    use tf_provider_framework::registry::Validate;
    use tf_provider_framework::values::object_of;

    #[test]
    fn unknown_or_missing_scopes_are_refused_at_scopes() {
        let config = |scopes: Value| {
            object_of(
                ApiKeyModel::FIELDS.iter().map(|f| f.name),
                &[("name", Value::string("ci")), ("scopes", scopes)],
            )
        };
        let bad = ApiKeyResource.validate(&config(Value::set_of_strings(["tenant:write"])));
        assert_eq!(blamed(&bad), ["scopes"]);
        assert!(
            bad[0].detail.contains("\"tenant:write\""),
            "{}",
            bad[0].detail
        );
        let empty = ApiKeyResource.validate(&config(Value::Set(Vec::new())));
        assert_eq!(blamed(&empty), ["scopes"]);
        let fine = ApiKeyResource.validate(&config(Value::set_of_strings(["memory:read"])));
        assert!(fine.is_empty(), "{fine:?}");
    }
}
