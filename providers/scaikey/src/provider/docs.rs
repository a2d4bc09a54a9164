//! The provider's reference pages (`docs/`, Registry layout), rendered from the schemas Terraform
//! receives with the examples from `examples/`. `tests/docs.rs` fails when `docs/` is stale;
//! `UPDATE_DOCS=1 cargo test -p terraform-provider-scaikey --test docs` rewrites it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tf_provider_framework::docs::{render_page, Page, PageKind};
use tf_provider_framework::protocol::provider::ProviderSchemas;

const PROVIDER_NAME: &str = "scaikey";

fn read(root: &Path, relative: impl AsRef<Path>) -> Option<String> {
    std::fs::read_to_string(root.join(relative)).ok()
}

/// Every page: its path under `docs/` and its Markdown. `root` is the crate directory.
pub fn render_all(schemas: &ProviderSchemas, root: &Path) -> BTreeMap<PathBuf, String> {
    let mut pages = BTreeMap::new();
    let provider_example = read(root, "examples/provider/provider.tf");
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
        (
            PageKind::Resource,
            "resources",
            "resource.tf",
            &schemas.resources,
        ),
        (
            PageKind::DataSource,
            "data-sources",
            "data-source.tf",
            &schemas.data_sources,
        ),
    ];
    for (kind, folder, example_file, group) in groups {
        for (type_name, schema) in group {
            let dir = Path::new("examples").join(folder).join(type_name);
            let example = read(root, dir.join(example_file));
            let footer = match kind {
                PageKind::Resource => read(root, dir.join("import.sh")).map(|text| {
                    format!(
                        "## Import\n\nImport is supported using the following syntax:\n\n\
                         ```shell\n{}\n```\n",
                        text.trim_end()
                    )
                }),
                _ => None,
            };
            let short = type_name
                .strip_prefix(&format!("{PROVIDER_NAME}_"))
                .unwrap_or(type_name);
            pages.insert(
                Path::new(folder).join(format!("{short}.md")),
                render_page(&Page {
                    kind,
                    title: type_name,
                    block: &schema.block,
                    example: example.as_deref(),
                    footer: footer.as_deref(),
                }),
            );
        }
    }
    pages
}
