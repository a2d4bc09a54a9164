//! Reading what terraform reports as JSON: the resources of `terraform show -json` (state and saved
//! plans), the actions a plan proposes, and the root module's outputs.

use serde_json::Value as Json;

use crate::Workspace;

/// The resources of `terraform show -json` (state) output.
pub fn resources(show: &Json) -> Vec<Json> {
    show["values"]["root_module"]["resources"]
        .as_array()
        .cloned()
        .unwrap_or_default()
}

/// The addresses of the resources in the workspace's state, in state order.
pub fn addresses(ws: &Workspace) -> Vec<String> {
    resources(&ws.show_json())
        .iter()
        .map(|r| r["address"].as_str().unwrap_or_default().to_string())
        .collect()
}

/// The attribute values of the resource at `address`.
pub fn values(show: &Json, address: &str) -> Json {
    resources(show)
        .into_iter()
        .find(|r| r["address"] == address)
        .map(|r| r["values"].clone())
        .unwrap_or_else(|| panic!("no {address} in state: {show:#}"))
}

/// The string attribute `name` of a resource's values.
pub fn str_of<'a>(values: &'a Json, name: &str) -> &'a str {
    values[name]
        .as_str()
        .unwrap_or_else(|| panic!("{name} is not a string in {values:#}"))
}

/// The `id` of the resource at `address`.
pub fn id_of(show: &Json, address: &str) -> String {
    str_of(&values(show, address), "id").to_string()
}

/// A set attribute as sorted strings.
pub fn sorted(value: &Json) -> Vec<String> {
    let mut items: Vec<String> = value
        .as_array()
        .unwrap_or_else(|| panic!("not a list: {value}"))
        .iter()
        .map(|v| v.as_str().unwrap_or_default().to_string())
        .collect();
    items.sort();
    items
}

/// Plans into a file and returns `terraform show -json` of that plan.
pub fn plan_json(ws: &Workspace) -> Json {
    ws.run_ok(&["plan", "-out=tfplan", "-input=false", "-no-color"]);
    let output = ws.run_ok(&["show", "-json", "tfplan"]);
    serde_json::from_slice(&output.stdout).expect("plan JSON")
}

/// The strings in `field` of the planned change of `address` (each mapped by `item`), empty when
/// the plan has no change for it.
fn change_list(plan: &Json, address: &str, field: &str, item: fn(&Json) -> &Json) -> Vec<String> {
    plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["address"] == address)
        .map(|c| {
            c["change"][field]
                .as_array()
                .into_iter()
                .flatten()
                .map(|v| item(v).as_str().unwrap_or_default().to_string())
                .collect()
        })
        .unwrap_or_default()
}

/// The actions planned for `address` (e.g. `["delete", "create"]`), empty when it is absent.
pub fn actions(plan: &Json, address: &str) -> Vec<String> {
    change_list(plan, address, "actions", |action| action)
}

/// The attributes Terraform reports as forcing the replacement of `address`, sorted.
pub fn replace_paths(plan: &Json, address: &str) -> Vec<String> {
    let mut paths = change_list(plan, address, "replace_paths", |path| &path[0]);
    paths.sort();
    paths
}

/// The top-level attributes of `address` that its planned change alters: a value that differs
/// between `before` and `after`, or one that becomes unknown; sorted, empty when it is absent.
pub fn changed_attributes(plan: &Json, address: &str) -> Vec<String> {
    let Some(change) = plan["resource_changes"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|c| c["address"] == address)
        .map(|c| &c["change"])
    else {
        return Vec::new();
    };
    let empty = serde_json::Map::new();
    let object = |field: &str| change[field].as_object().unwrap_or(&empty);
    let (before, after, unknown) = (object("before"), object("after"), object("after_unknown"));
    let mut names: Vec<String> = before
        .keys()
        .chain(after.keys())
        .chain(unknown.keys())
        .filter(|name| {
            unknown.get(*name).is_some_and(holds_unknown) || before.get(*name) != after.get(*name)
        })
        .cloned()
        .collect();
    names.sort();
    names.dedup();
    names
}

/// Whether an `after_unknown` entry marks anything unknown (`true` at any depth).
fn holds_unknown(marks: &Json) -> bool {
    match marks {
        Json::Bool(unknown) => *unknown,
        Json::Array(items) => items.iter().any(holds_unknown),
        Json::Object(entries) => entries.values().any(holds_unknown),
        _ => false,
    }
}

/// The root module's output values (`terraform output -json`), by name.
pub fn outputs(ws: &Workspace) -> Json {
    let output = ws.run_ok(&["output", "-json", "-no-color"]);
    let all: Json = serde_json::from_slice(&output.stdout).expect("output JSON");
    let map = all.as_object().expect("outputs object");
    Json::Object(
        map.iter()
            .map(|(name, output)| (name.clone(), output["value"].clone()))
            .collect(),
    )
}

/// The ids of the managed objects of type `kind` in `terraform show -json`.
pub fn ids_of_type(show: &Json, kind: &str) -> std::collections::BTreeSet<String> {
    resources(show)
        .iter()
        .filter(|r| r["type"] == kind)
        .map(|r| str_of(&r["values"], "id").to_string())
        .collect()
}

/// The identity stored with the resource instance at `address` (a root-module address such as
/// `example_thing.a`), read from the raw state (`terraform state pull`; Terraform 1.12+), or
/// `Json::Null` when it has none.
pub fn identity_of(ws: &Workspace, address: &str) -> Json {
    let state = ws.state_json();
    let (kind, name) = address
        .split_once('.')
        .unwrap_or_else(|| panic!("{address} is not TYPE.NAME"));
    state["resources"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|r| r["type"] == kind && r["name"] == name && r["mode"] == "managed")
        .map(|r| r["instances"][0]["identity"].clone())
        .unwrap_or_else(|| panic!("no {address} in the state: {state:#}"))
}
