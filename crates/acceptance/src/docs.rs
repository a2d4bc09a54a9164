//! The check that a provider's `docs/` is exactly what its schemas render, so that the reference
//! pages cannot drift from what Terraform sees; with `UPDATE_DOCS` set it rewrites them instead.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Compares `pages` (path under `docs_dir` → Markdown, as the provider renders them) with the
/// Markdown files in `docs_dir`. A page that differs is stale; a Markdown file that no page renders
/// is an orphan, unless its path starts with one of `hand_written` (a file such as
/// `benchmarks.md` or a folder such as `guides`). With `UPDATE_DOCS` in the environment it writes
/// every page, deletes the orphans and returns; otherwise it panics naming both lists and
/// `rerun`, the command that rewrites them.
pub fn check_rendered_docs(
    pages: &BTreeMap<PathBuf, String>,
    docs_dir: &Path,
    hand_written: &[&str],
    rerun: &str,
) {
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    compare_or_rewrite(pages, docs_dir, hand_written, rerun, update);
}

fn compare_or_rewrite(
    pages: &BTreeMap<PathBuf, String>,
    docs_dir: &Path,
    hand_written: &[&str],
    rerun: &str,
    update: bool,
) {
    let mut stale = Vec::new();
    for (relative, text) in pages {
        let path = docs_dir.join(relative);
        if update {
            std::fs::create_dir_all(path.parent().expect("a page lies in docs/"))
                .expect("create a docs folder");
            std::fs::write(&path, text).expect("write a docs page");
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(relative.clone());
        }
    }
    let mut existing = Vec::new();
    markdown_under(docs_dir, docs_dir, &mut existing);
    let orphans: Vec<PathBuf> = existing
        .into_iter()
        .filter(|p| !hand_written.iter().any(|kept| p.starts_with(kept)))
        .filter(|p| !pages.contains_key(p))
        .collect();
    if update {
        for orphan in &orphans {
            std::fs::remove_file(docs_dir.join(orphan)).expect("delete an orphaned page");
        }
        return;
    }
    assert!(
        stale.is_empty() && orphans.is_empty(),
        "docs/ is out of date (stale: {stale:?}, orphaned: {orphans:?}); run `{rerun}`"
    );
}

/// The Markdown files below `dir`, as paths relative to `base`.
fn markdown_under(base: &Path, dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            markdown_under(base, &path, out);
        } else if path.extension().is_some_and(|e| e == "md") {
            if let Ok(relative) = path.strip_prefix(base) {
                out.push(relative.to_path_buf());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pages(entries: &[(&str, &str)]) -> BTreeMap<PathBuf, String> {
        entries
            .iter()
            .map(|(path, text)| (PathBuf::from(path), text.to_string()))
            .collect()
    }

    #[test]
    fn matching_pages_and_hand_written_files_pass() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("guides")).unwrap();
        std::fs::write(dir.path().join("index.md"), "index").unwrap();
        std::fs::write(dir.path().join("guides/start.md"), "by hand").unwrap();
        std::fs::write(dir.path().join("benchmarks.md"), "by hand").unwrap();
        compare_or_rewrite(
            &pages(&[("index.md", "index")]),
            dir.path(),
            &["guides", "benchmarks.md"],
            "rerun",
            false,
        );
    }

    #[test]
    fn a_stale_page_and_an_orphan_are_both_named() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("resources")).unwrap();
        std::fs::write(dir.path().join("index.md"), "old").unwrap();
        std::fs::write(dir.path().join("resources/gone.md"), "gone").unwrap();
        let failure = std::panic::catch_unwind(|| {
            compare_or_rewrite(
                &pages(&[("index.md", "new")]),
                dir.path(),
                &[],
                "UPDATE_DOCS=1 cargo test",
                false,
            )
        })
        .unwrap_err();
        let message = failure.downcast_ref::<String>().unwrap();
        assert!(message.contains("stale: [\"index.md\"]"), "{message}");
        assert!(message.contains("resources/gone.md"), "{message}");
        assert!(
            message.contains("run `UPDATE_DOCS=1 cargo test`"),
            "{message}"
        );
    }

    #[test]
    fn rewriting_writes_every_page_and_deletes_orphans_but_not_hand_written_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("gone.md"), "gone").unwrap();
        std::fs::write(dir.path().join("benchmarks.md"), "by hand").unwrap();
        let rendered = pages(&[("resources/new.md", "new")]);
        compare_or_rewrite(&rendered, dir.path(), &["benchmarks.md"], "rerun", true);
        assert!(!dir.path().join("gone.md").exists());
        assert!(dir.path().join("benchmarks.md").exists());
        compare_or_rewrite(&rendered, dir.path(), &["benchmarks.md"], "rerun", false);
    }
}
