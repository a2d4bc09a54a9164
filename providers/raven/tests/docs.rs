//! `docs/` is exactly what the schemas render, so the reference pages cannot drift from what
//! Terraform sees; `UPDATE_DOCS=1 cargo test -p terraform-provider-raven --test docs` rewrites it.

use std::path::{Path, PathBuf};

use terraform_provider_raven::docs::render_all;
use terraform_provider_raven::protocol::provider::Provider;
use terraform_provider_raven::provider::framework;

fn markdown_under(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_under(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}

#[test]
fn docs_are_what_the_schemas_render() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = render_all(framework().schemas(), root);
    let docs = root.join("docs");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut existing = Vec::new();
    markdown_under(&docs, &docs, &mut existing);
    let orphans: Vec<&PathBuf> = existing
        .iter()
        .filter(|p| !pages.contains_key(*p))
        .collect();
    let mut stale = Vec::new();
    for (relative, text) in &pages {
        let path = docs.join(relative);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(relative.clone());
        }
    }
    if update {
        for orphan in orphans {
            std::fs::remove_file(docs.join(orphan)).unwrap();
        }
        return;
    }
    assert!(
        stale.is_empty() && orphans.is_empty(),
        "docs/ is out of date (stale: {stale:?}, orphaned: {orphans:?}); run \
         `UPDATE_DOCS=1 cargo test -p terraform-provider-raven --test docs`"
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
