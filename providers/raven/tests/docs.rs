//! `docs/` is exactly what the schemas render, so the reference pages cannot drift from what
//! Terraform sees; `UPDATE_DOCS=1 cargo test -p terraform-provider-raven --test docs` rewrites it.

use std::path::Path;

use tf_acceptance::docs::check_rendered_docs;

use terraform_provider_raven::protocol::provider::Provider;
use terraform_provider_raven::provider::docs::render_all;
use terraform_provider_raven::provider::framework;

#[test]
fn docs_are_what_the_schemas_render() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = render_all(framework().schemas(), root);
    let docs = root.join("docs");
    check_rendered_docs(
        &pages,
        &docs,
        &[],
        "UPDATE_DOCS=1 cargo test -p terraform-provider-raven --test docs",
    );
    let expected = [
        "index.md",
        "resources/tenant.md",
        "resources/api_key.md",
        "data-sources/tenant.md",
    ];
    for page in expected {
        assert!(pages.contains_key(Path::new(page)), "no page {page}");
    }
    let tenant = &pages[Path::new("resources/tenant.md")];
    assert!(tenant.contains("terraform import raven_tenant.example current"));
}
