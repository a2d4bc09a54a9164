//! `docs/` is exactly what the schemas render (descriptions live in the tables, so the pages cannot
//! drift from what Terraform sees). `UPDATE_DOCS=1` rewrites it.

use std::path::{Path, PathBuf};

use terraform_provider_scaikey::protocol::provider::Provider;
use terraform_provider_scaikey::provider::{docs, framework};

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
fn the_docs_match_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let pages = docs::render_all(framework().schemas(), root);
    let docs_dir = root.join("docs");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut existing = Vec::new();
    markdown_under(&docs_dir, &docs_dir, &mut existing);
    let orphans: Vec<_> = existing
        .iter()
        .filter(|p| !pages.contains_key(*p))
        .collect();
    let mut stale = Vec::new();
    for (relative, text) in &pages {
        let path = docs_dir.join(relative);
        if update {
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(relative.clone());
        }
    }
    if update {
        for orphan in orphans {
            std::fs::remove_file(docs_dir.join(orphan)).unwrap();
        }
        return;
    }
    assert!(
        stale.is_empty() && orphans.is_empty(),
        "docs/ is out of date (stale: {stale:?}, orphaned: {orphans:?}); run \
         `UPDATE_DOCS=1 cargo test -p terraform-provider-scaikey --test docs`"
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
