//! The generic planner: turns Terraform's proposed new state into the planned state of any resource
//! described by a [`Field`] table — defaults filled, unknown configuration kept unknown, replacement
//! decided attribute by attribute, computed attributes unknown for a new object and kept otherwise
//! (but unknown in an in-place update when their row [`changes_on_update`](Field::changes_on_update)),
//! and the prior state returned untouched when nothing changes. [`plan_request`] is the whole plan
//! of a resource that adds nothing to its table: a resource's default `plan`.

use tf_plugin_protocol::cty::Value;
use tf_plugin_protocol::diagnostics::{AttributePath, Diagnostic, Diagnostics};
use tf_plugin_protocol::provider::{PlanRequest, PlanResponse};
use tf_plugin_protocol::schema::Presence;

use crate::attributes::{Change, DefaultValue, Field, Kind};
use crate::values::{attr, attributes, Object};

/// The outcome of planning a create or an update.
#[derive(Clone, Debug, PartialEq)]
pub struct Planned {
    /// The planned state, every attribute of the table present.
    pub state: Object,
    /// The attributes whose change forces a new object.
    pub requires_replace: Vec<AttributePath>,
    /// True when a new remote object will be created (a create or a replacement).
    pub new_object: bool,
}

impl Planned {
    /// The planned state as a value.
    pub fn into_value(self) -> Value {
        Value::Object(self.state)
    }

    /// The plan as Terraform receives it, with the resource's own findings.
    pub fn into_response(self, diagnostics: Vec<Diagnostic>) -> PlanResponse {
        PlanResponse {
            requires_replace: self.requires_replace.clone(),
            planned_state: self.into_value(),
            planned_private: Vec::new(),
            diagnostics: Diagnostics::from(diagnostics),
        }
    }
}

/// What the resource adds to the generic rules.
pub struct Hooks<'a> {
    /// Fills optional attributes whose default depends on other attributes; runs after the static
    /// defaults and before replacement is decided.
    pub derive_defaults: &'a dyn Fn(&mut Object),
    /// Fills computed attributes already known at plan time for a new object (they are unknown
    /// otherwise).
    pub known_when_new: &'a dyn Fn(&mut Object),
}

impl Hooks<'_> {
    /// No additions: the table's rules alone.
    pub const NONE: Hooks<'static> = Hooks {
        derive_defaults: &|_| {},
        known_when_new: &|_| {},
    };
}

/// Plans a create (`prior` null) or an update. Destroys (`proposed` null) are the resource's own
/// business and never reach this function.
pub fn plan(
    fields: &[Field],
    prior: &Value,
    proposed: &Value,
    config: &Value,
    hooks: &Hooks<'_>,
) -> Planned {
    let creating = matches!(prior, Value::Null);
    let mut state = attributes(proposed);
    for field in fields {
        let proposed_value = attr(proposed, field.name);
        let value = planned_value(
            field,
            attr(prior, field.name),
            proposed_value,
            attr(config, field.name),
        );
        state.insert(field.name.to_string(), value);
    }
    (hooks.derive_defaults)(&mut state);

    let requires_replace: Vec<AttributePath> = if creating {
        Vec::new()
    } else {
        fields
            .iter()
            .filter(|f| f.change == Some(Change::Replace))
            .filter(|f| !unchanged_from_prior(&state, prior, f))
            .map(|f| AttributePath::root(f.name))
            .collect()
    };
    let new_object = creating || !requires_replace.is_empty();
    if new_object {
        for field in fields.iter().filter(|f| f.presence == Presence::Computed) {
            state.insert(field.name.to_string(), Value::Unknown);
        }
        (hooks.known_when_new)(&mut state);
    }

    let unchanged = !creating
        && fields
            .iter()
            .all(|f| unchanged_from_prior(&state, prior, f));
    if unchanged {
        state = attributes(prior);
    } else if !new_object {
        // An in-place update: what the service changes on every update is not known yet.
        for field in fields.iter().filter(|f| f.changes_on_update) {
            state.insert(field.name.to_string(), Value::Unknown);
        }
    }
    Planned {
        state,
        requires_replace,
        new_object,
    }
}

/// The plan of a resource by its table alone (no [`Hooks`]): a destroy (a null proposed state) is
/// planned as it is; a create or an update by [`plan`].
pub fn plan_request(fields: &[Field], request: &PlanRequest) -> PlanResponse {
    if request.proposed_new_state.is_null() {
        return PlanResponse::default();
    }
    plan(
        fields,
        &request.prior_state,
        &request.proposed_new_state,
        &request.config,
        &Hooks::NONE,
    )
    .into_response(Vec::new())
}

/// The planned value of one attribute: computed ones keep their prior value (made unknown later for
/// a new object), write-only ones are never planned, unknown configuration stays unknown, a value
/// left out takes its default, and a nested object is planned field by field.
fn planned_value(field: &Field, prior: &Value, proposed: &Value, configured: &Value) -> Value {
    if field.write_only {
        return Value::Null;
    }
    if field.presence == Presence::Computed {
        return prior.clone();
    }
    match (configured, field.kind) {
        (Value::Unknown, _) => Value::Unknown,
        (Value::Null, Kind::Nested(nested)) if field.default == DefaultValue::Object => {
            planned_object(nested, prior, &Value::Null)
        }
        // Without a default, Terraform's proposal stands (for an optional computed attribute it
        // is the prior value).
        (Value::Null, _) => field.default.value().unwrap_or_else(|| proposed.clone()),
        (Value::Object(_), Kind::Nested(nested)) => planned_object(nested, prior, configured),
        _ => configured.clone(),
    }
}

/// A nested object planned field by field; its computed fields keep their prior value, or are
/// unknown without one.
fn planned_object(fields: &[Field], prior: &Value, configured: &Value) -> Value {
    Value::Object(
        fields
            .iter()
            .map(|f| {
                let prior_value = attr(prior, f.name);
                let proposed = if f.presence == Presence::OptionalComputed {
                    prior_value
                } else {
                    &Value::Null
                };
                let value = match planned_value(f, prior_value, proposed, attr(configured, f.name))
                {
                    Value::Null if f.presence == Presence::Computed => Value::Unknown,
                    value => value,
                };
                (f.name.to_string(), value)
            })
            .collect(),
    )
}

/// Whether the planned value of `field` is the prior one (sets in any order; an unknown value is
/// never unchanged, since the prior state is always known).
fn unchanged_from_prior(state: &Object, prior: &Value, field: &Field) -> bool {
    state
        .get(field.name)
        .unwrap_or(&Value::Null)
        .equivalent(attr(prior, field.name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::attributes::{DefaultValue, Kind};

    const FIELDS: &[Field] = &[
        Field::computed("id", Kind::String, ""),
        Field::required("name", Kind::String, "").replaces(),
        Field::optional_computed("cells", Kind::StringSet, "")
            .replaces()
            .default(DefaultValue::Strings(&["eu-1"])),
        Field::optional_computed("protect", Kind::Bool, "")
            .in_place()
            .default(DefaultValue::Bool(true)),
    ];

    fn path(name: &str) -> AttributePath {
        AttributePath::root(name)
    }

    fn object(items: &[(&str, Value)]) -> Value {
        Value::Object(
            items
                .iter()
                .map(|(k, v)| (k.to_string(), v.clone()))
                .collect(),
        )
    }

    fn s(v: &str) -> Value {
        Value::String(v.into())
    }

    fn prior() -> Value {
        object(&[
            ("id", s("t1")),
            ("name", s("acme")),
            ("cells", Value::set_of_strings(["us-1", "eu-1"])),
            ("protect", Value::Bool(true)),
        ])
    }

    #[test]
    fn a_create_fills_defaults_and_leaves_computed_unknown() {
        let config = object(&[
            ("id", Value::Null),
            ("name", s("acme")),
            ("cells", Value::Null),
            ("protect", Value::Null),
        ]);
        let planned = plan(FIELDS, &Value::Null, &config, &config, &Hooks::NONE);
        assert!(planned.new_object);
        assert!(planned.requires_replace.is_empty());
        assert_eq!(planned.state["id"], Value::Unknown);
        assert_eq!(planned.state["cells"], Value::set_of_strings(["eu-1"]));
        assert_eq!(planned.state["protect"], Value::Bool(true));
    }

    #[test]
    fn unknown_configuration_plans_unknown() {
        let config = object(&[
            ("id", Value::Null),
            ("name", Value::Unknown),
            ("cells", Value::Unknown),
            ("protect", Value::Unknown),
        ]);
        let planned = plan(FIELDS, &prior(), &config, &config, &Hooks::NONE);
        assert_eq!(planned.state["name"], Value::Unknown);
        assert_eq!(planned.state["protect"], Value::Unknown);
        assert_eq!(planned.requires_replace, vec![path("name"), path("cells")]);
        assert_eq!(planned.state["id"], Value::Unknown);
    }

    #[test]
    fn nothing_changed_returns_the_prior_state_exactly() {
        // Same set in another order, the default left out of the configuration.
        let config = object(&[
            ("id", Value::Null),
            ("name", s("acme")),
            ("cells", Value::set_of_strings(["eu-1", "us-1"])),
            ("protect", Value::Null),
        ]);
        let mut proposed = attributes(&config);
        proposed.insert("id".into(), s("t1"));
        proposed.insert("protect".into(), Value::Bool(true));
        let planned = plan(
            FIELDS,
            &prior(),
            &Value::Object(proposed),
            &config,
            &Hooks::NONE,
        );
        assert_eq!(Value::Object(planned.state.clone()), prior());
        assert!(!planned.new_object);
    }

    #[test]
    fn an_in_place_change_keeps_computed_values_and_replaces_nothing() {
        let config = object(&[
            ("id", Value::Null),
            ("name", s("acme")),
            ("cells", Value::set_of_strings(["eu-1", "us-1"])),
            ("protect", Value::Bool(false)),
        ]);
        let planned = plan(FIELDS, &prior(), &config, &config, &Hooks::NONE);
        assert!(planned.requires_replace.is_empty());
        assert!(!planned.new_object);
        assert_eq!(planned.state["id"], s("t1"));
        assert_eq!(planned.state["protect"], Value::Bool(false));
    }

    #[test]
    fn removing_a_defaulted_attribute_returns_to_the_default() {
        let mut prior = attributes(&prior());
        prior.insert("protect".into(), Value::Bool(false));
        let config = object(&[
            ("id", Value::Null),
            ("name", s("acme")),
            ("cells", Value::set_of_strings(["eu-1", "us-1"])),
            ("protect", Value::Null),
        ]);
        let planned = plan(
            FIELDS,
            &Value::Object(prior),
            &config,
            &config,
            &Hooks::NONE,
        );
        assert_eq!(planned.state["protect"], Value::Bool(true));
    }

    #[test]
    fn hooks_fill_derived_and_known_values() {
        let config = object(&[
            ("id", Value::Null),
            ("name", s("acme")),
            ("cells", Value::Null),
            ("protect", Value::Null),
        ]);
        let hooks = Hooks {
            derive_defaults: &|state| {
                state.insert("name".into(), s("derived"));
            },
            known_when_new: &|state| {
                state.insert("id".into(), s("fixed"));
            },
        };
        let planned = plan(FIELDS, &prior(), &config, &config, &hooks);
        assert_eq!(planned.requires_replace, vec![path("name"), path("cells")]);
        assert_eq!(planned.state["id"], s("fixed"));
    }

    const STAMPED: &[Field] = &[
        Field::computed("id", Kind::String, ""),
        Field::required("name", Kind::String, "").updates(),
        Field::computed("updated_at", Kind::String, "").changes_on_update(),
        Field::computed("created_at", Kind::String, ""),
    ];

    fn stamped(name: &str) -> Value {
        object(&[
            ("id", s("t1")),
            ("name", s(name)),
            ("updated_at", s("noon")),
            ("created_at", s("dawn")),
        ])
    }

    #[test]
    fn an_attribute_that_changes_on_update_is_unknown_in_an_update_and_kept_otherwise() {
        let prior = stamped("acme");
        let renamed = stamped("other");
        let planned = plan(STAMPED, &prior, &renamed, &renamed, &Hooks::NONE);
        assert!(!planned.new_object);
        assert_eq!(planned.state["updated_at"], Value::Unknown);
        assert_eq!(planned.state["created_at"], s("dawn"));
        assert_eq!(planned.state["name"], s("other"));

        // Nothing changed: nothing is unknown.
        let same = plan(STAMPED, &prior, &prior, &prior, &Hooks::NONE);
        assert_eq!(Value::Object(same.state), prior);
    }

    #[test]
    fn a_request_is_planned_by_the_table_and_a_destroy_as_it_is() {
        let request = PlanRequest {
            prior_state: stamped("acme"),
            proposed_new_state: stamped("other"),
            config: stamped("other"),
            ..Default::default()
        };
        let response = plan_request(STAMPED, &request);
        assert_eq!(attr(&response.planned_state, "updated_at"), &Value::Unknown);
        let destroy = PlanRequest {
            prior_state: stamped("acme"),
            ..Default::default()
        };
        let response = plan_request(STAMPED, &destroy);
        assert_eq!(response.planned_state, Value::Null);
        assert!(response.diagnostics.is_empty());
    }

    const SETTINGS: &[Field] = &[
        Field::optional_computed("timeout", Kind::Int, "")
            .updates()
            .default(DefaultValue::Int(60)),
        Field::optional("hook", Kind::String, "").updates(),
    ];

    const WITH_SETTINGS: &[Field] = &[
        Field::computed("id", Kind::String, ""),
        Field::optional_computed("settings", Kind::Nested(SETTINGS), "")
            .updates()
            .default(DefaultValue::Object),
        Field::optional("secret_wo", Kind::String, "").write_only(),
    ];

    #[test]
    fn nested_settings_get_their_defaults_and_write_only_values_are_never_planned() {
        let config = object(&[
            ("id", Value::Null),
            ("settings", Value::Null),
            ("secret_wo", s("hush")),
        ]);
        let planned = plan(WITH_SETTINGS, &Value::Null, &config, &config, &Hooks::NONE);
        assert_eq!(
            planned.state["settings"],
            object(&[("timeout", Value::int(60)), ("hook", Value::Null)])
        );
        assert_eq!(planned.state["secret_wo"], Value::Null);

        // A partial object keeps what is set and fills the rest; the change is in place.
        let prior = object(&[
            ("id", s("x")),
            (
                "settings",
                object(&[("timeout", Value::int(60)), ("hook", Value::Null)]),
            ),
            ("secret_wo", Value::Null),
        ]);
        let config = object(&[
            ("id", Value::Null),
            (
                "settings",
                object(&[("timeout", Value::Null), ("hook", s("https://h"))]),
            ),
            ("secret_wo", Value::Null),
        ]);
        let planned = plan(WITH_SETTINGS, &prior, &config, &config, &Hooks::NONE);
        assert!(!planned.new_object);
        assert_eq!(
            planned.state["settings"],
            object(&[("timeout", Value::int(60)), ("hook", s("https://h"))])
        );
        assert_eq!(planned.state["id"], s("x"));
    }
}
