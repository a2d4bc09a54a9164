//! The provider's own code compiles for every platform a release lists, including those not built
//! here (no cross toolchains offline): no Unix-only or Windows-only API is used without a `cfg`
//! attribute just above it.

use std::path::{Path, PathBuf};

/// Paths that exist on one family of platforms only.
const PLATFORM_ONLY: &[&str] = &[
    "std::os::unix",
    "std::os::windows",
    "std::os::linux",
    "libc::",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of `text` that use a platform-only path without `#[cfg(` on one of the three lines
/// before it.
fn unguarded(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<&str> = text.lines().collect();
    lines
        .iter()
        .enumerate()
        .filter(|(_, line)| PLATFORM_ONLY.iter().any(|p| line.contains(p)))
        .filter(|(i, _)| {
            !lines[i.saturating_sub(3)..*i]
                .iter()
                .any(|before| before.contains("#[cfg(") || before.contains("cfg!("))
        })
        .map(|(i, line)| (i + 1, line.trim().to_string()))
        .collect()
}

#[test]
fn no_platform_only_api_is_used_without_a_cfg() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 10, "found only {} source files", files.len());
    let mut found = Vec::new();
    for file in &files {
        let text = std::fs::read_to_string(file).expect("read source");
        for (line, code) in unguarded(&text) {
            found.push(format!("{}:{line}: {code}", file.display()));
        }
    }
    assert!(
        found.is_empty(),
        "platform-only APIs without a #[cfg(...)] (guard them, or use a portable API):\n{}",
        found.join("\n")
    );
}

#[test]
fn the_check_catches_an_unguarded_use_and_accepts_a_guarded_one() {
    let unguarded_use = "fn f() {\n    use std::os::unix::fs::PermissionsExt;\n}\n";
    assert_eq!(unguarded(unguarded_use).len(), 1);
    let guarded = "#[cfg(unix)]\nuse std::os::unix::fs::PermissionsExt;\n";
    assert!(unguarded(guarded).is_empty());
}
