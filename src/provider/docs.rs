//! The provider's reference pages (`docs/`), rendered from the same schemas Terraform receives, with
//! examples taken from `examples/` (the framework's `site::render_provider`). `tests/docs.rs` fails
//! when `docs/` is out of date; `UPDATE_DOCS=1 cargo test --test docs` rewrites it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::protocol::provider::ProviderSchemas;

/// Renders every page: path under `docs/` → Markdown text. `root` is the repository root, where
/// `examples/` is read from.
pub fn render_all(schemas: &ProviderSchemas, root: &Path) -> BTreeMap<PathBuf, String> {
    tf_provider_framework::site::render_provider("resistant", schemas, root)
}
