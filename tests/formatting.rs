//! Every HCL file and snippet users copy is in `terraform fmt` style: `terraform fmt -check
//! -recursive` over `examples/` (module tests included), and `terraform fmt -check` over each
//! Terraform code block of the docs (`docs/`, README files and the examples' READMEs).

mod support;

use std::path::Path;
use std::process::Command;

use support::markdown::{markdown_files, terraform_blocks};

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

fn fmt_check(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("terraform")
        .arg("fmt")
        .arg("-check")
        .arg("-list=true")
        .args(args)
        .current_dir(dir)
        .env("CHECKPOINT_DISABLE", "1")
        .env_remove("TF_CLI_CONFIG_FILE")
        .output()
        .expect("run terraform fmt (is terraform on the PATH?)")
}

#[test]
fn every_example_file_is_formatted() {
    let output = fmt_check(Path::new(ROOT), &["-recursive", "examples"]);
    assert!(
        output.status.success(),
        "not in `terraform fmt` style (run `terraform fmt -recursive examples`):\n{}",
        support::describe(&output)
    );
}

#[test]
fn every_terraform_snippet_in_the_docs_is_formatted() {
    let root = Path::new(ROOT);
    let mut documents = markdown_files(&root.join("docs"));
    documents.extend(markdown_files(&root.join("examples")));
    documents.extend(["README.md", "CONTRIBUTING.md"].map(|d| root.join(d)));
    let scratch = tempfile::tempdir().expect("temp dir");
    let mut count = 0;
    for document in documents.iter().filter(|d| d.exists()) {
        let text = std::fs::read_to_string(document).expect("read document");
        for (i, block) in terraform_blocks(&text).into_iter().enumerate() {
            let name = format!(
                "{}-{i}.tf",
                document
                    .strip_prefix(root)
                    .unwrap()
                    .to_string_lossy()
                    .replace(['/', '.'], "_")
            );
            std::fs::write(scratch.path().join(&name), block).unwrap();
            count += 1;
        }
    }
    assert!(
        count >= 20,
        "found only {count} snippets: is the parsing broken?"
    );
    let output = fmt_check(scratch.path(), &[]);
    assert!(
        output.status.success(),
        "these snippets (document-index.tf) are not in `terraform fmt` style:\n{}",
        support::describe(&output)
    );
}
