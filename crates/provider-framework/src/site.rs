//! A provider's whole set of reference pages in the Registry's layout (`docs/index.md`,
//! `docs/resources/` with each resource's identity, `docs/data-sources/`,
//! `docs/ephemeral-resources/`, `docs/list-resources/`, `docs/actions/`, `docs/functions/`),
//! rendered from its schemas with the examples beside them. A provider's docs test compares these
//! pages with its `docs/` and rewrites them on request.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tf_plugin_protocol::provider::ProviderSchemas;

use crate::docs::{render_function, render_identity, render_page, Page, PageKind};

/// Where each kind of object's pages and examples live, relative to the repository root.
const KINDS: &[(PageKind, &str, &str)] = &[
    (PageKind::Resource, "resources", "resource.tf"),
    (PageKind::DataSource, "data-sources", "data-source.tf"),
    (
        PageKind::EphemeralResource,
        "ephemeral-resources",
        "ephemeral-resource.tf",
    ),
    (
        PageKind::ListResource,
        "list-resources",
        "list-resource.tfquery.hcl",
    ),
    (PageKind::Action, "actions", "action.tf"),
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

/// Every page of a provider called `name` (its type names' prefix): path under `docs/` → Markdown.
/// `root` is the directory holding `examples/`, laid out as the Registry's docs are:
/// `examples/provider/provider.tf`, `examples/<kind>/<type>/{resource,data-source,ephemeral-resource}.tf`
/// and `import.sh`, `examples/list-resources/<type>/list-resource.tfquery.hcl`,
/// `examples/actions/<type>/action.tf`, `examples/functions/<name>/function.tf`.
pub fn render_provider(
    name: &str,
    schemas: &ProviderSchemas,
    root: &Path,
) -> BTreeMap<PathBuf, String> {
    let mut pages = BTreeMap::new();
    let provider_example = read_example(root, PathBuf::from("examples/provider/provider.tf"));
    pages.insert(
        PathBuf::from("index.md"),
        render_page(&Page {
            kind: PageKind::Provider,
            title: name,
            block: &schemas.provider.block,
            example: provider_example.as_deref(),
            footer: None,
        }),
    );
    let groups = [
        &schemas.resources,
        &schemas.data_sources,
        &schemas.ephemeral_resources,
        &schemas.list_resources,
        &schemas.actions,
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
                PageKind::Resource => {
                    let identity = schemas.identities.get(type_name).map(render_identity);
                    let import = import_footer(root, type_name);
                    match (identity, import) {
                        (Some(identity), Some(import)) => Some(format!("{identity}\n{import}")),
                        (identity, import) => identity.or(import),
                    }
                }
                _ => None,
            };
            let short = type_name
                .strip_prefix(&format!("{name}_"))
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
