//! `docs/` must be exactly what the schemas render: descriptions live in the schema tables, so the
//! reference pages cannot drift from what Terraform sees. `UPDATE_DOCS=1` rewrites them.

use std::path::{Path, PathBuf};

use terraform_provider_resistant::protocol::provider::Provider;
use terraform_provider_resistant::provider::{docs, framework};

#[test]
fn docs_match_the_schemas() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let provider = framework();
    let pages = docs::render_all(provider.schemas(), root);
    let docs_dir = root.join("docs");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
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
    // Pages for objects that no longer exist.
    let mut existing: Vec<PathBuf> = Vec::new();
    collect_markdown(&docs_dir, &docs_dir, &mut existing);
    let orphans: Vec<_> = existing
        .iter()
        .filter(|p| !pages.contains_key(*p))
        .collect();
    if update {
        for orphan in &orphans {
            std::fs::remove_file(docs_dir.join(orphan)).unwrap();
        }
        return;
    }
    assert!(
        stale.is_empty() && orphans.is_empty(),
        "docs/ is out of date (stale: {stale:?}, orphaned: {orphans:?}); \
         run `UPDATE_DOCS=1 cargo test --test docs`"
    );
    assert!(
        pages.len() > 1,
        "the provider renders more than its index page"
    );
}

fn collect_markdown(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_markdown(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            out.push(path.strip_prefix(base).unwrap().to_path_buf());
        }
    }
}
