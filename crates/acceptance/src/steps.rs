//! A step runner in the spirit of terraform-plugin-testing: a [`TestCase`] is a list of [`Step`]s
//! run in one workspace. An apply step writes its configuration, checks the plan before applying
//! (e.g. "expect replace at this path"), applies, checks that the next plan is empty, and runs its
//! state checks. An import step imports into a second workspace and compares the imported object
//! with the one in state (import-state verification, with an ignore list). An expect-error step
//! applies and requires a failure that mentions what it should. After the steps, whatever their
//! outcome, everything is destroyed and the case's check-destroy runs.

use serde_json::Value as Json;

use crate::diagnostics::{text, unwrapped};
use crate::state::{actions, plan_json, replace_paths, values};
use crate::{describe, Workspace};

/// A check of the plan an apply step is about to apply.
#[derive(Clone, Debug)]
pub enum PlanCheck {
    /// Nothing changes.
    ExpectEmpty,
    /// Something changes.
    ExpectNonEmpty,
    /// The resource at the address is replaced because of the attribute (top-level name).
    ExpectReplaceAt { address: String, attribute: String },
    /// The resource at the address has exactly these actions (`["update"]`, `["create"]` ...).
    ExpectActions {
        address: String,
        actions: Vec<String>,
    },
}

impl PlanCheck {
    pub fn replace_at(address: &str, attribute: &str) -> PlanCheck {
        PlanCheck::ExpectReplaceAt {
            address: address.into(),
            attribute: attribute.into(),
        }
    }

    pub fn actions(address: &str, actions: &[&str]) -> PlanCheck {
        PlanCheck::ExpectActions {
            address: address.into(),
            actions: actions.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn check(&self, plan: &Json) -> Result<(), String> {
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

/// What a step does.
pub enum StepKind {
    /// Apply the configuration.
    Apply {
        plan_checks: Vec<PlanCheck>,
        state_checks: Vec<StateCheck>,
        /// Skip the check that the plan after the apply is empty.
        allow_non_empty_plan: bool,
    },
    /// Import into `address` in a fresh workspace with the same configuration and compare; `id`
    /// computes the import ID from the state (`terraform show -json`) so far.
    Import {
        address: String,
        id: Box<dyn Fn(&Json) -> String>,
        /// Attributes not compared (those the API cannot return).
        ignore: Vec<String>,
    },
    /// Apply and require a failure whose output mentions every one of `mentions`.
    ExpectError { mentions: Vec<String> },
}

/// One step: a configuration (the whole `main.tf`) and what to do with it.
pub struct Step {
    pub config: String,
    pub kind: StepKind,
}

impl Step {
    /// Applies `config`, then expects an empty plan.
    pub fn apply(config: impl Into<String>) -> Step {
        Step {
            config: config.into(),
            kind: StepKind::Apply {
                plan_checks: Vec::new(),
                state_checks: Vec::new(),
                allow_non_empty_plan: false,
            },
        }
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
        Step {
            config: config.into(),
            kind: StepKind::Import {
                address: address.into(),
                id: Box::new(id),
                ignore: ignore.iter().map(|s| s.to_string()).collect(),
            },
        }
    }

    /// Applies `config` and expects it to fail, mentioning each of `mentions`.
    pub fn expect_error(config: impl Into<String>, mentions: &[&str]) -> Step {
        Step {
            config: config.into(),
            kind: StepKind::ExpectError {
                mentions: mentions.iter().map(|s| s.to_string()).collect(),
            },
        }
    }

    /// Adds a plan check (apply steps only).
    pub fn plan_check(mut self, check: PlanCheck) -> Step {
        if let StepKind::Apply { plan_checks, .. } = &mut self.kind {
            plan_checks.push(check);
        }
        self
    }

    /// Adds a state check (apply steps only).
    pub fn check(mut self, check: impl Fn(&Json) -> Result<(), String> + 'static) -> Step {
        if let StepKind::Apply { state_checks, .. } = &mut self.kind {
            state_checks.push(Box::new(check));
        }
        self
    }
}

/// Steps run in order in one workspace, then destroy and the check-destroy.
pub struct TestCase {
    pub steps: Vec<Step>,
    /// Runs after the final destroy (also when a step failed): e.g. that the API has nothing left.
    pub check_destroy: Option<Box<dyn Fn() -> Result<(), String>>>,
}

impl TestCase {
    pub fn new(steps: Vec<Step>) -> TestCase {
        TestCase {
            steps,
            check_destroy: None,
        }
    }

    pub fn check_destroy(mut self, check: impl Fn() -> Result<(), String> + 'static) -> TestCase {
        self.check_destroy = Some(Box::new(check));
        self
    }

    /// Runs every step in `ws` (initialised on the first step), then destroys and checks; panics
    /// with the first failure, naming the step.
    pub fn run(self, ws: &Workspace) {
        let mut failure = None;
        for (index, step) in self.steps.iter().enumerate() {
            if let Err(message) = run_step(ws, step, index == 0) {
                failure = Some(format!("step {}: {message}", index + 1));
                break;
            }
        }
        let destroyed = ws.run(&["destroy", "-auto-approve", "-input=false", "-no-color"]);
        let mut problems: Vec<String> = failure.into_iter().collect();
        if !destroyed.status.success() {
            problems.push(format!("destroy failed\n{}", describe(&destroyed)));
        }
        if let Some(check) = &self.check_destroy {
            if let Err(message) = check() {
                problems.push(format!("check-destroy: {message}"));
            }
        }
        assert!(problems.is_empty(), "{}", problems.join("\n\n"));
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
    match &step.kind {
        StepKind::Apply {
            plan_checks,
            state_checks,
            allow_non_empty_plan,
        } => {
            if !plan_checks.is_empty() {
                let plan = plan_json(ws);
                for check in plan_checks {
                    check.check(&plan).map_err(|e| format!("plan check: {e}"))?;
                }
            }
            let applied = ws.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
            if !applied.status.success() {
                return Err(format!("apply failed\n{}", describe(&applied)));
            }
            if !allow_non_empty_plan && !ws.plan_is_empty() {
                return Err("the plan after the apply is not empty".into());
            }
            let show = ws.show_json();
            for check in state_checks {
                check(&show).map_err(|e| format!("state check: {e}"))?;
            }
            Ok(())
        }
        StepKind::Import {
            address,
            id,
            ignore,
        } => {
            let id = id(&ws.show_json());
            verify_import(ws, &step.config, address, &id, ignore)
        }
        StepKind::ExpectError { mentions } => {
            let failed = ws.run(&["apply", "-auto-approve", "-input=false", "-no-color"]);
            if failed.status.success() {
                return Err(format!("apply should have failed\n{}", describe(&failed)));
            }
            let said = unwrapped(&text(&failed));
            match mentions.iter().find(|m| !said.contains(m.as_str())) {
                Some(missing) => Err(format!("the error does not mention {missing:?}:\n{said}")),
                None => Ok(()),
            }
        }
    }
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
