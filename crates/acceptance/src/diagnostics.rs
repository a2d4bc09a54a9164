//! Reading terraform's complaints: the text of a failed command with terraform's line wrapping
//! undone, checks that it mentions what it should, and the errors of `terraform validate -json`.

use std::process::Output;

use serde_json::Value as Json;

use crate::Workspace;

/// stdout and stderr of a run, as text.
pub fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Terraform wraps long diagnostics; this joins the lines back for substring checks.
pub fn unwrapped(text: &str) -> String {
    text.split_whitespace()
        .filter(|w| *w != "│")
        .collect::<Vec<_>>()
        .join(" ")
}

/// Runs `terraform <args>` expecting failure; the output with terraform's wrapping undone.
pub fn fails(ws: &Workspace, args: &[&str]) -> String {
    unwrapped(&text(&ws.run_fails(args)))
}

/// A `terraform plan` that must fail: its output, unwrapped.
pub fn plan_fails(ws: &Workspace) -> String {
    fails(ws, &["plan", "-input=false", "-no-color"])
}

/// A `terraform apply -auto-approve` that must fail: its output, unwrapped.
pub fn apply_fails(ws: &Workspace) -> String {
    fails(ws, &["apply", "-auto-approve", "-no-color"])
}

/// A `terraform destroy -auto-approve` that must fail: its output, unwrapped.
pub fn destroy_fails(ws: &Workspace) -> String {
    fails(ws, &["destroy", "-auto-approve", "-no-color"])
}

/// Asserts that every expected piece appears in `text`.
pub fn assert_mentions(text: &str, expected: &[&str]) {
    for piece in expected {
        assert!(text.contains(piece), "missing {piece:?} in:\n{text}");
    }
}

/// How terraform cites the first line of `main.tf` holding `needle`, inside `block` (e.g.
/// `data "resistant_tenant" "x"`): `on main.tf line N, in BLOCK: N: LINE` with the line's spacing
/// collapsed, as in [`unwrapped`] output.
pub fn source_reference(ws: &Workspace, block: &str, needle: &str) -> String {
    let line = ws.line_of(needle);
    let source = ws.read_file("main.tf");
    let text = source
        .lines()
        .nth(line as usize - 1)
        .expect("the line exists");
    format!(
        "on main.tf line {line}, in {block}: {line}: {}",
        unwrapped(text)
    )
}

/// The error diagnostics of `terraform validate -json`, asserting that it found the
/// configuration invalid.
pub fn validation_errors(ws: &Workspace) -> Vec<Json> {
    let report = ws.validate_json();
    assert_eq!(report["valid"], false, "{report:#}");
    report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["severity"] == "error")
        .cloned()
        .collect()
}
