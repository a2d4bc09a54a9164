//! A step runner in the spirit of terraform-plugin-testing: a [`TestCase`] is a list of [`Step`]s
//! run in one workspace. An apply step writes its configuration, checks the plan before applying
//! (e.g. "expect replace at this path", "expect an update in place of this attribute"), applies,
//! checks that the next plan is empty, and runs its state checks. A refresh-only step refreshes
//! the state from the API and checks it. An import step imports into a second workspace and
//! compares the imported object with the one in state (import-state verification, with an ignore
//! list). An expect-error step applies (or only plans, or imports) and requires a failure that
//! mentions what it should. Any step may first run hooks, e.g. a change made behind Terraform's
//! back through the API. After the steps, whatever their outcome, everything is destroyed and the
//! case's check-destroy runs.

use serde_json::Value as Json;

use crate::diagnostics::{text, unwrapped};
use crate::state::{actions, changed_attributes, plan_json, replace_paths, values};
use crate::{describe, Workspace};

/// A check of the plan an apply step is about to apply (`terraform show -json` of a saved plan).
#[derive(Clone, Debug)]
pub enum PlanCheck {
    /// Nothing changes.
    ExpectEmpty,
    /// Something changes.
    ExpectNonEmpty,
    /// The resource at the address is replaced because of the attribute (top-level name).
    ExpectReplaceAt {
        /// The resource address, e.g. `null_resource.n`.
        address: String,
        /// The top-level attribute Terraform names among the replace paths.
        attribute: String,
    },
    /// The resource at the address is updated in place (no replacement), and the attribute
    /// (top-level name) is among what changes or becomes unknown.
    ExpectUpdateAt {
        /// The resource address.
        address: String,
        /// The top-level attribute that changes.
        attribute: String,
    },
    /// The resource at the address has exactly these actions (`["update"]`, `["create"]` ...).
    ExpectActions {
        /// The resource address.
        address: String,
        /// The planned actions in Terraform's order, e.g. `["delete", "create"]`.
        actions: Vec<String>,
    },
}

impl PlanCheck {
    /// [`PlanCheck::ExpectReplaceAt`]: `address` is replaced because of `attribute`.
    pub fn replace_at(address: &str, attribute: &str) -> PlanCheck {
        PlanCheck::ExpectReplaceAt {
            address: address.into(),
            attribute: attribute.into(),
        }
    }

    /// [`PlanCheck::ExpectUpdateAt`]: `address` is updated in place and `attribute` changes.
    pub fn update_at(address: &str, attribute: &str) -> PlanCheck {
        PlanCheck::ExpectUpdateAt {
            address: address.into(),
            attribute: attribute.into(),
        }
    }

    /// [`PlanCheck::ExpectActions`]: `address` has exactly `actions`.
    pub fn actions(address: &str, actions: &[&str]) -> PlanCheck {
        PlanCheck::ExpectActions {
            address: address.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
        }
    }

    /// Whether `plan` passes, or why not.
    pub fn check(&self, plan: &Json) -> Result<(), String> {
        let changes: Vec<&Json> = plan["resource_changes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|c| c["change"]["actions"] != serde_json::json!(["no-op"]))
            .collect();
        match self {
            PlanCheck::ExpectEmpty if changes.is_empty() => Ok(()),
            PlanCheck::ExpectEmpty => Err(format!("expected an empty plan, got {changes:#?}")),
            PlanCheck::ExpectNonEmpty if !changes.is_empty() => Ok(()),
            PlanCheck::ExpectNonEmpty => Err("expected changes, the plan is empty".into()),
            PlanCheck::ExpectReplaceAt { address, attribute } => {
                let paths = replace_paths(plan, address);
                if paths.iter().any(|p| p == attribute) {
                    Ok(())
                } else {
                    Err(format!(
                        "expected {address} to be replaced because of {attribute}, replace paths: \
                         {paths:?}, actions: {:?}",
                        actions(plan, address)
                    ))
                }
            }
            PlanCheck::ExpectUpdateAt { address, attribute } => {
                let planned = actions(plan, address);
                let changed = changed_attributes(plan, address);
                if planned != ["update"] {
                    Err(format!(
                        "expected {address} to be updated in place, planned {planned:?} \
                         (replace paths: {:?})",
                        replace_paths(plan, address)
                    ))
                } else if !changed.iter().any(|c| c == attribute) {
                    Err(format!(
                        "expected {attribute} of {address} to change, changed: {changed:?}"
                    ))
                } else {
                    Ok(())
                }
            }
            PlanCheck::ExpectActions {
                address,
                actions: expected,
            } => {
                let planned = actions(plan, address);
                if &planned == expected {
                    Ok(())
                } else {
                    Err(format!(
                        "expected {address} to {expected:?}, planned {planned:?}"
                    ))
                }
            }
        }
    }
}

/// A check of the state after a step: `terraform show -json` in, an explanation out on failure.
pub type StateCheck = Box<dyn Fn(&Json) -> Result<(), String>>;

/// Something done before a step, given the state so far (`terraform show -json`): e.g. deleting
/// an object through the API behind Terraform's back. An error fails the step.
pub type Hook = Box<dyn Fn(&Json) -> Result<(), String>>;

/// What a step does.
pub enum StepKind {
    /// Apply the configuration.
    Apply {
        /// Checks of the plan before it is applied.
        plan_checks: Vec<PlanCheck>,
        /// Skip the check that the plan after the apply is empty.
        allow_non_empty_plan: bool,
    },
    /// `terraform apply -refresh-only`: the state takes what the API says, nothing is changed.
    RefreshOnly,
    /// Import into `address` in a fresh workspace with the same configuration and compare; `id`
    /// computes the import ID from the state (`terraform show -json`) so far.
    Import {
        /// The resource address imported into.
        address: String,
        /// The import ID, computed from the state so far.
        id: Box<dyn Fn(&Json) -> String>,
        /// Attributes not compared (those the API cannot return).
        ignore: Vec<String>,
    },
    /// Apply and require a failure (whose output mentions the step's `mentions`).
    ExpectError,
    /// Plan only and require a failure, so that the refusal is known to come at plan time.
    ExpectPlanError,
    /// `terraform import ADDRESS ID` in the case's workspace, required to fail (a bad import ID).
    ExpectImportError {
        /// The resource address imported into.
        address: String,
        /// The import ID that must be refused.
        id: String,
    },
}

/// One step: a configuration (the whole `main.tf`) and what to do with it.
pub struct Step {
    /// The whole `main.tf` of this step.
    pub config: String,
    /// What the step does with it.
    pub kind: StepKind,
    /// Run in order before the step, after the configuration is written.
    pub before: Vec<Hook>,
    /// Run on the state after the step (not for import steps, which compare instead).
    pub state_checks: Vec<StateCheck>,
    /// Pieces terraform's output must hold (its line wrapping undone): the error of an
    /// expect-error step, warnings of an apply.
    pub mentions: Vec<String>,
    /// Pieces terraform's output must not hold, e.g. a secret that must not be echoed.
    pub never_mentions: Vec<String>,
}

impl Step {
    fn new(config: impl Into<String>, kind: StepKind) -> Step {
        Step {
            config: config.into(),
            kind,
            before: Vec::new(),
            state_checks: Vec::new(),
            mentions: Vec::new(),
            never_mentions: Vec::new(),
        }
    }

    /// Applies `config`, then expects an empty plan.
    pub fn apply(config: impl Into<String>) -> Step {
        Step::new(
            config,
            StepKind::Apply {
                plan_checks: Vec::new(),
                allow_non_empty_plan: false,
            },
        )
    }

    /// Refreshes the state with `config` (`terraform apply -refresh-only`), changing nothing.
    pub fn refresh_only(config: impl Into<String>) -> Step {
        Step::new(config, StepKind::RefreshOnly)
    }

    /// Imports `id` into `address` and verifies it against the state, but for `ignore`.
    pub fn import(config: impl Into<String>, address: &str, id: &str, ignore: &[&str]) -> Step {
        let id = id.to_string();
        Step::import_from_state(config, address, move |_| id.clone(), ignore)
    }

    /// [`Step::import`] with the ID taken from the state, e.g. the object's `id` attribute.
    pub fn import_from_state(
        config: impl Into<String>,
        address: &str,
        id: impl Fn(&Json) -> String + 'static,
        ignore: &[&str],
    ) -> Step {
        Step::new(
            config,
            StepKind::Import {
                address: address.into(),
                id: Box::new(id),
                ignore: ignore.iter().map(|s| s.to_string()).collect(),
            },
        )
    }

    /// Applies `config` and expects it to fail, mentioning each of `mentions`.
    pub fn expect_error(config: impl Into<String>, mentions: &[&str]) -> Step {
        Step::new(config, StepKind::ExpectError).mentions(mentions)
    }

    /// Plans `config` and expects the plan to fail, mentioning each of `mentions`.
    pub fn expect_plan_error(config: impl Into<String>, mentions: &[&str]) -> Step {
        Step::new(config, StepKind::ExpectPlanError).mentions(mentions)
    }

    /// Imports `id` into `address` with `config` and expects the import to fail, mentioning each
    /// of `mentions`.
    pub fn expect_import_error(
        config: impl Into<String>,
        address: &str,
        id: &str,
        mentions: &[&str],
    ) -> Step {
        let kind = StepKind::ExpectImportError {
            address: address.into(),
            id: id.into(),
        };
        Step::new(config, kind).mentions(mentions)
    }

    /// Adds a plan check (apply steps only; ignored elsewhere).
    pub fn plan_check(mut self, check: PlanCheck) -> Step {
        if let StepKind::Apply { plan_checks, .. } = &mut self.kind {
            plan_checks.push(check);
        }
        self
    }

    /// Keeps the apply from failing when the plan after it is not empty (apply steps only).
    pub fn allow_non_empty_plan(mut self) -> Step {
        if let StepKind::Apply {
            allow_non_empty_plan,
            ..
        } = &mut self.kind
        {
            *allow_non_empty_plan = true;
        }
        self
    }

    /// Adds a state check, run on the state after the step (for an expect-error step: the state
    /// the failure left, e.g. that nothing half-created is in it).
    pub fn check(mut self, check: impl Fn(&Json) -> Result<(), String> + 'static) -> Step {
        self.state_checks.push(Box::new(check));
        self
    }

    /// Adds a hook run before the step with the state so far.
    pub fn before(mut self, hook: impl Fn(&Json) -> Result<(), String> + 'static) -> Step {
        self.before.push(Box::new(hook));
        self
    }

    /// Requires terraform's output of the step to mention each of `pieces`.
    pub fn mentions(mut self, pieces: &[&str]) -> Step {
        self.mentions.extend(pieces.iter().map(|s| s.to_string()));
        self
    }

    /// Requires terraform's output of the step to hold none of `pieces` (secrets, say).
    pub fn never_mentions(mut self, pieces: &[&str]) -> Step {
        self.never_mentions
            .extend(pieces.iter().map(|s| s.to_string()));
        self
    }
}

/// Steps run in order in one workspace, then destroy and the check-destroy.
pub struct TestCase {
    /// The steps, run in order until one fails.
    pub steps: Vec<Step>,
    /// Runs after the final destroy (also when a step failed): e.g. that the API has nothing left.
    pub check_destroy: Option<Box<dyn Fn() -> Result<(), String>>>,
}

impl TestCase {
    /// A case of `steps`, without a check-destroy.
    pub fn new(steps: Vec<Step>) -> TestCase {
        TestCase {
            steps,
            check_destroy: None,
        }
    }

    /// Sets the check run after the final destroy, whatever the steps did.
    pub fn check_destroy(mut self, check: impl Fn() -> Result<(), String> + 'static) -> TestCase {
        self.check_destroy = Some(Box::new(check));
        self
    }

    /// Runs every step in `ws` (initialised on the first step), then destroys and checks; panics
    /// with the first failure, naming the step. A check or hook may also panic (`assert!`): that
    /// fails its step like an error, and the destroy and check-destroy still run. The destroy
    /// runs with the configuration of the last step that is not an expect-plan-error or
    /// expect-import-error step (such a configuration may not even plan), or an empty one if
    /// there is none.
    pub fn run(self, ws: &Workspace) {
        let mut failure = None;
        let mut destroy_with = String::new();
        for (index, step) in self.steps.iter().enumerate() {
            if !matches!(
                step.kind,
                StepKind::ExpectPlanError | StepKind::ExpectImportError { .. }
            ) {
                destroy_with.clone_from(&step.config);
            }
            if let Err(message) = guarded(|| run_step(ws, step, index == 0)) {
                failure = Some(format!("step {}: {message}", index + 1));
                break;
            }
        }
        ws.write_file("main.tf", &destroy_with);
        let destroyed = ws.run(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
        let mut problems: Vec<String> = failure.into_iter().collect();
        if !destroyed.status.success() {
            problems.push(format!("destroy failed\n{}", describe(&destroyed)));
        }
        if let Some(check) = &self.check_destroy {
            if let Err(message) = guarded(check) {
                problems.push(format!("check-destroy: {message}"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
    }
}

/// Runs `work`, turning a panic (an `assert!` in a check, a state reader's complaint) into an
/// error, so that the destroy and the check-destroy still run.
fn guarded(work: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "a panic without a message".into());
        Err(format!("panicked: {message}"))
    })
}

/// The first of `mentions` that `said` lacks.
fn missing_mention<'m>(said: &str, mentions: &'m [String]) -> Option<&'m String> {
    mentions.iter().find(|m| !said.contains(m.as_str()))
}

/// Checks that the output of a step mentions what it should and nothing it must not. (An
/// unwanted piece is not quoted: it may be a secret.)
fn check_mentions(output: &std::process::Output, step: &Step) -> Result<(), String> {
    let raw = text(output);
    let said = unwrapped(&raw);
    if let Some(index) = step
        .never_mentions
        .iter()
        .position(|p| raw.contains(p.as_str()) || said.contains(p.as_str()))
    {
        return Err(format!(
            "the output holds what it must not (never_mentions item {})",
            index + 1
        ));
    }
    match missing_mention(&said, &step.mentions) {
        Some(missing) => Err(format!("the output does not mention {missing:?}:\n{said}")),
        None => Ok(()),
    }
}

fn run_step(ws: &Workspace, step: &Step, first: bool) -> Result<(), String> {
    ws.write_file("main.tf", &step.config);
    if first {
        let init = ws.run(&["init", "-input=false", "-no-color"]);
        if !init.status.success() {
            return Err(format!("terraform init failed\n{}", describe(&init)));
        }
    }
    if !step.before.is_empty() {
        let show = ws.show_json();
        for hook in &step.before {
            hook(&show).map_err(|e| format!("before the step: {e}"))?;
        }
    }
    let apply = ["apply", "-auto-approve", "-input=false", "-no-color"];
    match &step.kind {
        StepKind::Apply {
            plan_checks,
            allow_non_empty_plan,
        } => {
            if !plan_checks.is_empty() {
                let plan = plan_json(ws);
                for check in plan_checks {
                    check.check(&plan).map_err(|e| format!("plan check: {e}"))?;
                }
            }
            let applied = ws.run(&apply);
            if !applied.status.success() {
                return Err(format!("apply failed\n{}", describe(&applied)));
            }
            check_mentions(&applied, step)?;
            if !allow_non_empty_plan && !ws.plan_is_empty() {
                return Err("the plan after the apply is not empty".into());
            }
        }
        StepKind::RefreshOnly => {
            let refreshed = ws.run(&[
                "apply",
                "-refresh-only",
                "-auto-approve",
                "-input=false",
                "-no-color",
            ]);
            if !refreshed.status.success() {
                return Err(format!("refresh failed\n{}", describe(&refreshed)));
            }
            check_mentions(&refreshed, step)?;
        }
        StepKind::Import {
            address,
            id,
            ignore,
        } => {
            let id = id(&ws.show_json());
            return verify_import(ws, &step.config, address, &id, ignore);
        }
        StepKind::ExpectError | StepKind::ExpectPlanError | StepKind::ExpectImportError { .. } => {
            let failed = match &step.kind {
                StepKind::ExpectError => ws.run(&apply),
                StepKind::ExpectImportError { address, id } => {
                    ws.run(&["import", "-input=false", "-no-color", address, id])
                }
                _ => ws.run(&["plan", "-input=false", "-no-color"]),
            };
            if failed.status.success() {
                return Err(format!(
                    "terraform should have failed\n{}",
                    describe(&failed)
                ));
            }
            check_mentions(&failed, step)?;
        }
    }
    if !step.state_checks.is_empty() {
        let show = ws.show_json();
        for check in &step.state_checks {
            check(&show).map_err(|e| format!("state check: {e}"))?;
        }
    }
    Ok(())
}

/// Imports into a second workspace with the same configuration and compares every attribute of
/// `address` with the first workspace's state, but for `ignore`.
fn verify_import(
    ws: &Workspace,
    config: &str,
    address: &str,
    id: &str,
    ignore: &[String],
) -> Result<(), String> {
    let expected = values(&ws.show_json(), address);
    let fresh = Workspace::new(ws.mirror());
    fresh.write_file("main.tf", config);
    for args in [
        vec!["init", "-input=false", "-no-color"],
        vec!["import", "-input=false", "-no-color", address, id],
    ] {
        let output = fresh.run(&args);
        if !output.status.success() {
            return Err(format!(
                "terraform {} failed\n{}",
                args[0],
                describe(&output)
            ));
        }
    }
    let imported = values(&fresh.show_json(), address);
    let (Some(expected), Some(imported)) = (expected.as_object(), imported.as_object()) else {
        return Err(format!("{address} has no attributes"));
    };
    let differences: Vec<String> = expected
        .iter()
        .filter(|(name, _)| !ignore.iter().any(|i| i == *name))
        .filter(|(name, value)| imported.get(*name) != Some(value))
        .map(|(name, value)| {
            format!(
                "{name}: state {value}, imported {}",
                imported.get(name).unwrap_or(&Json::Null)
            )
        })
        .collect();
    // The imported object is only in the fresh workspace's state: leave the remote object to the
    // main workspace, which destroys it.
    let _ = fresh.run(&["state", "rm", "-no-color", address]);
    if differences.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "import of {address} differs from state:\n{}",
            differences.join("\n")
        ))
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// A plan with one change of `t.x`: `actions`, from `before` to `after`.
    fn plan(actions: &[&str], before: Json, after: Json, replace: &[&str]) -> Json {
        let replace: Vec<Json> = replace.iter().map(|p| json!([p])).collect();
        json!({"resource_changes": [{
            "address": "t.x",
            "change": {
                "actions": actions,
                "before": before,
                "after": after,
                "after_unknown": {"id": false, "status": true},
                "replace_paths": replace,
            }
        }]})
    }

    #[test]
    fn update_at_passes_for_an_in_place_change_of_the_attribute() {
        let update = plan(
            &["update"],
            json!({"name": "a", "size": 1}),
            json!({"name": "b", "size": 1}),
            &[],
        );
        assert_eq!(PlanCheck::update_at("t.x", "name").check(&update), Ok(()));
        assert_eq!(
            PlanCheck::update_at("t.x", "status").check(&update),
            Ok(()),
            "an attribute becoming unknown changes too"
        );
    }

    #[test]
    fn update_at_fails_for_an_unchanged_attribute_naming_what_changed() {
        let update = plan(
            &["update"],
            json!({"name": "a", "size": 1}),
            json!({"name": "b", "size": 1}),
            &[],
        );
        let error = PlanCheck::update_at("t.x", "size")
            .check(&update)
            .expect_err("size does not change");
        assert!(
            error.contains("size") && error.contains("\"name\""),
            "{error}"
        );
    }

    #[test]
    fn update_at_fails_for_a_replacement_or_an_absent_resource() {
        let replace = plan(
            &["delete", "create"],
            json!({"name": "a"}),
            json!({"name": "b"}),
            &["name"],
        );
        let error = PlanCheck::update_at("t.x", "name")
            .check(&replace)
            .expect_err("a replacement is no update");
        assert!(error.contains("[\"delete\", \"create\"]"), "{error}");
        assert!(PlanCheck::update_at("t.other", "name")
            .check(&replace)
            .is_err());
    }

    #[test]
    fn replace_at_and_actions_read_the_planned_change() {
        let replace = plan(
            &["delete", "create"],
            json!({"name": "a"}),
            json!({"name": "b"}),
            &["name"],
        );
        assert_eq!(PlanCheck::replace_at("t.x", "name").check(&replace), Ok(()));
        assert!(PlanCheck::replace_at("t.x", "size")
            .check(&replace)
            .is_err());
        assert_eq!(
            PlanCheck::actions("t.x", &["delete", "create"]).check(&replace),
            Ok(())
        );
        assert!(PlanCheck::actions("t.x", &["update"])
            .check(&replace)
            .is_err());
    }

    #[test]
    fn empty_and_non_empty_ignore_no_op_changes() {
        let no_op = plan(&["no-op"], json!({"name": "a"}), json!({"name": "a"}), &[]);
        assert_eq!(PlanCheck::ExpectEmpty.check(&no_op), Ok(()));
        assert!(PlanCheck::ExpectNonEmpty.check(&no_op).is_err());
        let update = plan(&["update"], json!({"name": "a"}), json!({"name": "b"}), &[]);
        assert!(PlanCheck::ExpectEmpty.check(&update).is_err());
        assert_eq!(PlanCheck::ExpectNonEmpty.check(&update), Ok(()));
    }

    #[test]
    fn a_panicking_check_becomes_an_error_with_its_message() {
        assert_eq!(guarded(|| Ok(())), Ok(()));
        assert_eq!(guarded(|| Err("no".into())), Err("no".to_string()));
        let error = guarded(|| panic!("missing {}", "t.x")).expect_err("a panic is an error");
        assert_eq!(error, "panicked: missing t.x");
    }

    #[test]
    fn a_mention_missing_from_the_output_is_the_one_reported() {
        let mentions = vec!["quota".to_string(), "import".to_string()];
        assert_eq!(
            missing_mention("over the quota; import it", &mentions),
            None
        );
        assert_eq!(
            missing_mention("over the quota", &mentions),
            Some(&"import".to_string())
        );
    }
}
