//! `scaikey_tenant` with real terraform against the emulator: create with settings, in-place
//! updates (one PATCH each, counted by the emulator), suspend and resume, import by ID and by slug,
//! a slug change that replaces, soft delete, a tenant deleted behind Terraform's back, a taken
//! slug, a 422 shown at its attribute, and bad input refused at plan time.

mod support;

use std::cell::Cell;
use std::rc::Rc;

use serde_json::{json, Value as Json};
use support::state::{id_of, values};
use support::{tenant_body, Api, Workspace, CREATE, PATCH};
use tf_acceptance::steps::{PlanCheck, Step, TestCase};

const ADDRESS: &str = "scaikey_tenant.t";

fn tenant(slug: &str, extra: &str) -> String {
    format!("resource \"scaikey_tenant\" \"t\" {{\n  name = \"Acme\"\n  slug = \"{slug}\"\n{extra}\n}}\n")
}

const SETTINGS: &str = r#"  settings = {
    mfa_required    = true
    mfa_methods     = ["webauthn", "totp"]
    session_timeout = 30
    password_policy = {
      min_length = 14
    }
  }"#;

/// A state check that exactly `expected` PATCH requests were made since the previous check.
fn patches(
    api: &Rc<Api>,
    seen: &Rc<Cell<u64>>,
    expected: u64,
) -> impl Fn(&Json) -> Result<(), String> {
    let (api, seen) = (api.clone(), seen.clone());
    move |_| {
        let now = api.count(PATCH);
        let made = now - seen.replace(now);
        if made == expected {
            Ok(())
        } else {
            Err(format!(
                "expected {expected} PATCH request(s), the emulator saw {made}"
            ))
        }
    }
}

fn remote(
    api: &Rc<Api>,
    check: impl Fn(&Json) -> Result<(), String> + 'static,
) -> impl Fn(&Json) -> Result<(), String> {
    let api = api.clone();
    move |show| check(&api.get(&id_of(show, ADDRESS)))
}

#[test]
fn a_tenant_is_created_updated_in_place_with_one_patch_each_imported_replaced_and_soft_deleted() {
    let api = Rc::new(Api::start());
    let seen = Rc::new(Cell::new(0));
    let first_id = Rc::new(std::cell::RefCell::new(String::new()));
    let remember = first_id.clone();
    let earlier = first_id.clone();
    let with = |slug: &str, extra: &str| api.config(&tenant(slug, extra));
    let renamed =
        |extra: &str| with("acme", extra).replace("name = \"Acme\"", "name = \"Acme Inc\"");
    let settings_changed = SETTINGS
        .replace("session_timeout = 30", "session_timeout = 45")
        .replace(
            "min_length = 14",
            "min_length = 14\n      require_symbol = true",
        );
    let check_api = api.clone();
    TestCase::new(vec![
        Step::apply(with("acme", SETTINGS))
            .check(move |show| {
                let v = values(show, ADDRESS);
                *remember.borrow_mut() = v["id"].as_str().unwrap_or_default().to_string();
                let expected = json!({
                    "mfa_required": true,
                    "mfa_methods": ["totp", "webauthn"],
                    "session_timeout": 30,
                    "password_policy": {
                        "min_length": 14, "require_uppercase": true, "require_lowercase": true,
                        "require_digit": true, "require_symbol": false
                    }
                });
                let mut got = v["settings"].clone();
                if let Some(methods) = got["mfa_methods"].as_array_mut() {
                    methods.sort_by_key(|m| m.to_string());
                }
                if got != expected || v["status"] != "active" {
                    return Err(format!("unexpected state: {v:#}"));
                }
                Ok(())
            })
            .check(patches(&api, &seen, 0)),
        Step::apply(renamed(SETTINGS))
            .plan_check(PlanCheck::update_at(ADDRESS, "name"))
            .check(patches(&api, &seen, 1))
            .check(remote(&api, |t| {
                (t["name"] == "Acme Inc")
                    .then_some(())
                    .ok_or(format!("{t}"))
            })),
        Step::apply(renamed(&settings_changed))
            .plan_check(PlanCheck::update_at(ADDRESS, "settings"))
            .check(patches(&api, &seen, 1))
            .check(remote(&api, |t| {
                let s = &t["settings"];
                (s["session_timeout"] == 45
                    && s["password_policy"]["require_symbol"] == true
                    && s["password_policy"]["min_length"] == 14)
                    .then_some(())
                    .ok_or(format!("{t}"))
            })),
        Step::apply(renamed(&format!(
            "{settings_changed}\n  status = \"suspended\""
        )))
        .plan_check(PlanCheck::update_at(ADDRESS, "status"))
        .check(patches(&api, &seen, 1))
        .check(remote(&api, |t| {
            (t["status"] == "suspended")
                .then_some(())
                .ok_or(format!("{t}"))
        })),
        // Leaving `status` out returns to the default, `active`.
        Step::apply(renamed(&settings_changed))
            .plan_check(PlanCheck::update_at(ADDRESS, "status"))
            .check(patches(&api, &seen, 1))
            .check(remote(&api, |t| {
                (t["status"] == "active")
                    .then_some(())
                    .ok_or(format!("{t}"))
            })),
        Step::import_from_state(
            renamed(&settings_changed),
            ADDRESS,
            |show| id_of(show, ADDRESS),
            &[],
        ),
        Step::import(renamed(&settings_changed), ADDRESS, "slug:acme", &[]),
        Step::apply(renamed(&settings_changed).replace("slug = \"acme\"", "slug = \"acme-2\""))
            .plan_check(PlanCheck::replace_at(ADDRESS, "slug"))
            .check(move |show| {
                let first = earlier.borrow().clone();
                if id_of(show, ADDRESS) == first {
                    return Err("the replacement kept the old ID".into());
                }
                let old = check_api.get(&first);
                (old["status"] == "deleted" && !old["deleted_at"].is_null())
                    .then_some(())
                    .ok_or(format!("the replaced tenant is not soft-deleted: {old}"))
            }),
    ])
    .check_destroy({
        let api = api.clone();
        move || {
            let deleted = api.tenants_with_status("deleted").len();
            let live = api.tenants_with_status("active").len()
                + api.tenants_with_status("suspended").len();
            if deleted == 2 && live == 0 {
                Ok(())
            } else {
                Err(format!(
                    "expected 2 deleted tenants and none live, found {deleted} and {live}"
                ))
            }
        }
    })
    .run(&Workspace::new(support::mirror()));
}

#[test]
fn a_tenant_deleted_behind_terraforms_back_leaves_the_state_with_a_warning_and_is_created_again() {
    let api = Rc::new(Api::start());
    let first = Rc::new(std::cell::RefCell::new(String::new()));
    let (deleter, deleted) = (api.clone(), first.clone());
    let (after, compare) = (api.clone(), first.clone());
    let config = api.config(&tenant("gone", ""));
    TestCase::new(vec![
        Step::apply(config.clone()),
        Step::apply(config)
            .before(move |show| {
                let id = id_of(show, ADDRESS);
                deleter.delete(&id);
                *deleted.borrow_mut() = id;
                Ok(())
            })
            .mentions(&["Tenant deleted outside Terraform", "will be created"])
            .check(move |show| {
                let (old, new) = (compare.borrow().clone(), id_of(show, ADDRESS));
                match new != old && after.get(&new)["status"] == "active" {
                    true => Ok(()),
                    false => Err(format!(
                        "expected a new live tenant instead of {old}, got {new}"
                    )),
                }
            }),
    ])
    .check_destroy(move || match api.tenants_with_status("deleted").len() {
        2 => Ok(()),
        n => Err(format!("expected both tenants soft-deleted, {n} are")),
    })
    .run(&Workspace::new(support::mirror()));
}

#[test]
fn a_taken_slug_is_refused_with_how_to_import_and_the_other_tenant_is_left_alone() {
    let api = Rc::new(Api::start());
    let other = api.create(tenant_body("Someone else", "taken", None));
    let check = api.clone();
    let other_id = other["id"].as_str().unwrap().to_string();
    TestCase::new(vec![Step::expect_error(
        api.config(&tenant("taken", "")),
        &["slug is taken", "slug:taken", "terraform import"],
    )])
    .check_destroy(move || {
        let t = check.get(&other_id);
        (t["status"] == "active" && t["name"] == "Someone else")
            .then_some(())
            .ok_or(format!("the other tenant was touched: {t}"))
    })
    .run(&Workspace::new(support::mirror()));
}

#[test]
fn a_validation_error_from_the_api_points_at_the_attribute_with_the_servers_message() {
    let api = Api::start();
    TestCase::new(vec![Step::expect_error(
        api.config(&tenant("partnerless", "  partner_id = \"\"")),
        &[
            "invalid partner_id",
            "at least 1 character",
            "HTTP 422",
            "partner_id = \"\"",
        ],
    )])
    .run(&Workspace::new(support::mirror()));
}

#[test]
fn bad_input_is_refused_at_plan_time_with_the_attribute_and_nothing_reaches_the_api() {
    let api = Rc::new(Api::start());
    let long_name = "n".repeat(101);
    let body = format!(
        r#"resource "scaikey_tenant" "t" {{
  name   = "{long_name}"
  slug   = "Not_A_Slug"
  status = "deleted"
  settings = {{
    mfa_methods     = ["totp", "fax"]
    session_timeout = 2
    password_policy = {{
      min_length = 4
    }}
  }}
}}
"#
    );
    let quiet = api.clone();
    TestCase::new(vec![Step::expect_plan_error(
        api.config(&body),
        &[
            "`name` must be 1 to 100 characters long; it has 101",
            "`slug` must be 1 to 63 lowercase letters",
            "\"deleted\" is not allowed for `status`",
            "\"fax\" is not allowed for `mfa_methods`",
            "`session_timeout` must be from 5 to 1440; it is 2",
            "`min_length` must be from 8 to 128; it is 4",
        ],
    )])
    .check_destroy(move || match quiet.count(CREATE) {
        0 => Ok(()),
        n => Err(format!("{n} create request(s) reached the API")),
    })
    .run(&Workspace::new(support::mirror()));
}

#[cfg(unix)]
#[test]
fn an_interrupted_create_ends_within_seconds_and_leaves_state_matching_the_api() {
    use std::collections::BTreeSet;
    use std::time::Duration;

    let named = |slug: &str| {
        format!("resource \"scaikey_tenant\" \"{slug}\" {{\n  name = \"{slug}\"\n  slug = \"{slug}\"\n}}\n")
    };
    let api = Api::start();
    let ws = Workspace::new(support::mirror());
    ws.write_file("main.tf", &api.config(&named("early")));
    ws.init();
    ws.apply();
    ws.write_file("main.tf", &api.config(&(named("early") + &named("late"))));
    api.emulator
        .set_faults(scaikey_emulator::Faults {
            latency_ms: 20_000,
            ..scaikey_emulator::Faults::default()
        })
        .unwrap();
    let said = ws
        .interrupt_apply_after(Duration::from_secs(4))
        .failed_within(Duration::from_secs(5));
    assert!(said.contains("asked the provider to stop"), "{said}");

    api.emulator
        .set_faults(scaikey_emulator::Faults::default())
        .unwrap();
    let show = ws.show_json();
    let held: BTreeSet<String> = ["early", "late"]
        .into_iter()
        .filter(|slug| {
            show["values"]["root_module"]["resources"]
                .as_array()
                .is_some_and(|all| all.iter().any(|r| r["name"] == *slug))
        })
        .map(String::from)
        .collect();
    let live: BTreeSet<String> = api
        .tenants_with_status("active")
        .iter()
        .map(|t| t["slug"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        held, live,
        "the tenants in state are the tenants the API has"
    );
}
