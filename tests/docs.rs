//! `docs/` must be exactly what the schemas render: descriptions live in the schema tables, so the
//! reference pages cannot drift from what Terraform sees. `UPDATE_DOCS=1` rewrites them.
//! The guides in `docs/guides/` are written by hand: they must exist, carry the Registry's front
//! matter, and their Terraform snippets must validate against the real provider (their format is
//! checked by `tests/formatting.rs`).

mod support;

use std::path::Path;

use terraform_provider_resistant::protocol::provider::Provider;
use terraform_provider_resistant::provider::{docs, framework};
use tf_acceptance::docs::check_rendered_docs;

#[test]
fn docs_match_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let provider = framework();
    let pages = docs::render_all(provider.schemas(), root);
    check_rendered_docs(
        &pages,
        &root.join("docs"),
        HAND_WRITTEN,
        "UPDATE_DOCS=1 cargo test --test docs",
    );
    assert!(
        pages.len() > 1,
        "the provider renders more than its index page"
    );
}

/// What `docs/` holds that is not rendered from the provider's schemas: the guides and the
/// benchmark page (written by hand or by `scripts/bench.sh`), and the audit log's JSON Schema
/// (checked by the test below).
const HAND_WRITTEN: &[&str] = &["guides", "benchmarks.md", "audit-log.schema.json"];

/// `docs/audit-log.schema.json` is the schema `api_client_kit::audit::AuditLine` generates, the
/// one every test validates the audit lines it makes against.
#[test]
fn the_audit_log_schema_in_docs_is_the_one_the_line_type_generates() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/audit-log.schema.json");
    let generated = api_client_kit::audit::schema_text();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let published = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        published == generated,
        "docs/audit-log.schema.json differs from what the AuditLine type generates; run \
         UPDATE_DOCS=1 cargo test --test docs"
    );
}

/// The guides users are pointed to, by file name under `docs/guides/`.
const GUIDES: &[&str] = &[
    "secrets.md",
    "onboarding-offboarding.md",
    "adopting-existing-tenants.md",
    "bring-existing-tenants-under-terraform.md",
    "rotation.md",
    "ci-with-the-emulator.md",
    "troubleshooting.md",
    "concurrent-writers.md",
    "audit-trail.md",
];

/// Objects guides refer to without declaring them (they continue an example): the declaration
/// added when a guide's snippets use the address but do not declare it.
const CONTEXT: &[(&str, &str)] = &[
    (
        "resistant_tenant.acme",
        "resource \"resistant_tenant\" \"acme\" {\n  name  = \"acme\"\n  cells = [\"eu-1\", \"us-1\"]\n}\n",
    ),
    (
        "resistant_tenant_application.eu",
        "resource \"resistant_tenant_application\" \"eu\" {\n  tenant_id = resistant_tenant.acme.id\n  \
         cell      = \"eu-1\"\n  scopes    = [\"documents.submissions.write\"]\n}\n",
    ),
    (
        "resistant_tenant_application.cell",
        "resource \"resistant_tenant_application\" \"cell\" {\n  for_each  = toset([\"eu-1\"])\n  \
         tenant_id = resistant_tenant.acme.id\n  cell      = each.key\n  \
         scopes    = [\"documents.submissions.write\"]\n}\n",
    ),
];

fn declares(text: &str, address: &str) -> bool {
    let (kind, name) = address.split_once('.').unwrap();
    text.contains(&format!("resource \"{kind}\" \"{name}\""))
}

#[test]
fn every_guide_exists_with_front_matter_and_its_snippets_validate() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/guides");
    for guide in GUIDES {
        let path = dir.join(guide);
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("docs/guides/{guide} must exist: {e}"));
        let front = text
            .strip_prefix("---\n")
            .and_then(|rest| rest.split_once("\n---\n"))
            .map(|(front, _)| front)
            .unwrap_or_else(|| panic!("{guide} opens with no `---` front matter"));
        for key in [
            "page_title: \"",
            "subcategory: \"Guides\"",
            "description: |-\n  ",
        ] {
            assert!(front.contains(key), "{guide}: front matter lacks {key:?}");
        }
        // Terraform configuration blocks (```terraform) validate together; ```hcl blocks are other
        // HCL files, such as the CLI configuration, and are only format-checked.
        let snippets: Vec<String> = support::markdown::terraform_blocks(&text)
            .into_iter()
            .zip(fences(&text))
            .filter(|(_, fence)| fence == "terraform")
            .map(|(block, _)| block)
            .collect();
        if snippets.is_empty() {
            continue;
        }
        let ws = support::Workspace::new(support::mirror());
        ws.write_file(
            "main.tf",
            &support::provider_block("  environment = \"production\""),
        );
        ws.write_file(
            "acme-us-1.pub.pem",
            &support::fixture("rsa2048_public_spki.pem"),
        );
        let all = snippets.join("\n");
        for (i, snippet) in snippets.iter().enumerate() {
            ws.write_file(&format!("snippet{i}.tf"), snippet);
        }
        let context: String = CONTEXT
            .iter()
            .filter(|(address, _)| all.contains(address) && !declares(&all, address))
            .map(|(_, declaration)| *declaration)
            .collect();
        ws.write_file("context.tf", &context);
        ws.init();
        let report = ws.validate_json();
        assert_eq!(
            report["valid"], true,
            "{guide}: its snippets do not validate: {report:#}"
        );
    }
}

/// The language of each Terraform code block, in the order `terraform_blocks` returns them.
fn fences(markdown: &str) -> Vec<String> {
    let mut inside = false;
    let mut found = Vec::new();
    for line in markdown.lines().map(str::trim) {
        if let Some(language) = line.strip_prefix("```") {
            if inside {
                inside = false;
            } else {
                inside = true;
                if ["terraform", "hcl", "tf"].contains(&language) {
                    found.push(language.to_string());
                }
            }
        }
    }
    found
}
