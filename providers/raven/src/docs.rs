//! The provider's reference pages (`docs/` of this crate), rendered from the schemas Terraform
//! receives with the examples in `examples/`; `tests/docs.rs` fails when they are stale and
//! `UPDATE_DOCS=1` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tf_provider_framework::docs::{render_page, Page, PageKind};
use tf_provider_framework::protocol::provider::ProviderSchemas;

/// The prefix of every type name.
const PROVIDER_NAME: &str = "raven";

/// Each kind of page: its folder under `docs/` and `examples/`, and the example's file name.
const KINDS: &[(PageKind, &str, &str)] = &[
    (PageKind::Resource, "resources", "resource.tf"),
    (PageKind::DataSource, "data-sources", "data-source.tf"),
];

fn read(root: &Path, relative: &Path) -> Option<String> {
    std::fs::read_to_string(root.join(relative)).ok()
}

/// Every page: its path under `docs/` and its Markdown. `root` holds `examples/`.
pub fn render_all(schemas: &ProviderSchemas, root: &Path) -> BTreeMap<PathBuf, String> {
    let mut pages = BTreeMap::new();
    let example = read(root, Path::new("examples/provider/provider.tf"));
    pages.insert(
        PathBuf::from("index.md"),
        render_page(&Page {
            kind: PageKind::Provider,
            title: PROVIDER_NAME,
            block: &schemas.provider.block,
            example: example.as_deref(),
            footer: None,
        }),
    );
    for ((kind, folder, file), group) in KINDS
        .iter()
        .zip([&schemas.resources, &schemas.data_sources])
    {
        for (type_name, schema) in group {
            let dir = Path::new("examples").join(folder).join(type_name);
            let example = read(root, &dir.join(file));
            let footer = read(root, &dir.join("import.sh")).map(|text| {
                format!(
                    "## Import\n\nImport is supported using the following syntax:\n\n```shell\n{}\n```\n",
                    text.trim_end()
                )
            });
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
                    footer: footer.as_deref().filter(|_| *kind == PageKind::Resource),
                }),
            );
        }
    }
    pages
}
