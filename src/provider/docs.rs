//! The provider's reference pages (`docs/`), rendered from the same schemas Terraform receives, with
//! examples taken from `examples/`. `tests/docs.rs` fails when `docs/` is out of date;
//! `UPDATE_DOCS=1 cargo test --test docs` rewrites it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::protocol::provider::ProviderSchemas;
use tf_provider_framework::docs::{render_function, render_page, Page, PageKind};

/// The provider's name as it prefixes its resource types.
const PROVIDER_NAME: &str = "resistant";

/// Where each kind of object's pages and examples live, relative to the repository root.
const KINDS: &[(PageKind, &str, &str)] = &[
    (PageKind::Resource, "resources", "resource.tf"),
    (PageKind::DataSource, "data-sources", "data-source.tf"),
    (
        PageKind::EphemeralResource,
        "ephemeral-resources",
        "ephemeral-resource.tf",
    ),
];

fn read_example(root: &Path, relative: PathBuf) -> Option<String> {
    std::fs::read_to_string(root.join(relative)).ok()
}

fn import_footer(root: &Path, type_name: &str) -> Option<String> {
    let text = read_example(
        root,
        Path::new("examples/resources")
            .join(type_name)
            .join("import.sh"),
    )?;
    Some(format!(
        "## Import\n\nImport is supported using the following syntax:\n\n```shell\n{}\n```\n",
        text.trim_end()
    ))
}

/// Renders every page: path under `docs/` → Markdown text. `root` is the repository root, where
/// `examples/` is read from.
pub fn render_all(schemas: &ProviderSchemas, root: &Path) -> BTreeMap<PathBuf, String> {
    let mut pages = BTreeMap::new();
    let provider_example = read_example(root, PathBuf::from("examples/provider/provider.tf"));
    pages.insert(
        PathBuf::from("index.md"),
        render_page(&Page {
            kind: PageKind::Provider,
            title: PROVIDER_NAME,
            block: &schemas.provider.block,
            example: provider_example.as_deref(),
            footer: None,
        }),
    );
    let groups = [
        &schemas.resources,
        &schemas.data_sources,
        &schemas.ephemeral_resources,
    ];
    for ((kind, folder, example_file), group) in KINDS.iter().zip(groups) {
        for (type_name, schema) in group {
            let example = read_example(
                root,
                Path::new("examples")
                    .join(folder)
                    .join(type_name)
                    .join(example_file),
            );
            let footer = match kind {
                PageKind::Resource => import_footer(root, type_name),
                _ => None,
            };
            let short = type_name
                .strip_prefix(&format!("{PROVIDER_NAME}_"))
                .unwrap_or(type_name);
            pages.insert(
                Path::new(folder).join(format!("{short}.md")),
                render_page(&Page {
                    kind: *kind,
                    title: type_name,
                    block: &schema.block,
                    example: example.as_deref(),
                    footer: footer.as_deref(),
                }),
            );
        }
    }
    for (name, signature) in &schemas.functions {
        let example = read_example(
            root,
            Path::new("examples/functions")
                .join(name)
                .join("function.tf"),
        );
        pages.insert(
            Path::new("functions").join(format!("{name}.md")),
            render_function(name, signature, example.as_deref()),
        );
    }
    pages
}
