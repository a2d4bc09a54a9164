//! The provider's reference pages (`docs/`, Registry layout), rendered from the schemas Terraform
//! receives with the examples from `examples/` (the framework's `site::render_provider`).
//! `tests/docs.rs` fails when `docs/` is stale; `UPDATE_DOCS=1 cargo test -p
//! terraform-provider-scaikey --test docs` rewrites it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tf_provider_framework::protocol::provider::ProviderSchemas;

/// Every page: its path under `docs/` and its Markdown. `root` holds `examples/`.
pub fn render_all(schemas: &ProviderSchemas, root: &Path) -> BTreeMap<PathBuf, String> {
    tf_provider_framework::site::render_provider("scaikey", schemas, root)
}
