//! The Terraform code blocks of Markdown documents (```terraform, ```hcl, ```tf), for the tests
//! that format-check and validate what the docs show.

use std::path::{Path, PathBuf};

/// The text of every Terraform code block in `markdown`, in order.
pub fn terraform_blocks(markdown: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in markdown.lines() {
        let fence = line.trim_start();
        match current.as_mut() {
            None if ["```terraform", "```hcl", "```tf"].contains(&fence.trim_end()) => {
                current = Some(String::new());
            }
            Some(_) if fence.starts_with("```") => blocks.push(current.take().unwrap()),
            Some(block) => {
                block.push_str(line);
                block.push('\n');
            }
            None => {}
        }
    }
    blocks
}

/// Every `.md` file under `dir` (recursively), sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                found.push(path);
            }
        }
    }
    found.sort();
    found
}
