//! `docs/` is exactly what the schemas render (descriptions live in the tables, so the pages cannot
//! drift from what Terraform sees). `UPDATE_DOCS=1` rewrites it.

use std::path::Path;

use tf_acceptance::docs::check_rendered_docs;

use terraform_provider_scaikey::protocol::provider::Provider;
use terraform_provider_scaikey::provider::{docs, framework};

#[test]
fn the_docs_match_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = docs::render_all(framework().schemas(), root);
    let docs_dir = root.join("docs");
    check_rendered_docs(
        &pages,
        &docs_dir,
        &[],
        "UPDATE_DOCS=1 cargo test -p terraform-provider-scaikey --test docs",
    );
    for page in [
        "index.md",
        "resources/tenant.md",
        "data-sources/tenant.md",
        "data-sources/tenants.md",
    ] {
        assert!(pages.contains_key(Path::new(page)), "no {page}");
    }
}
