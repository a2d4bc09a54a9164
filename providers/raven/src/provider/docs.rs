//! The provider's reference pages (`docs/` of this crate), rendered from the schemas Terraform
//! receives with the examples in `examples/` (the framework's `site::render_provider`);
//! `tests/docs.rs` fails when they are stale and `UPDATE_DOCS=1` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tf_provider_framework::protocol::provider::ProviderSchemas;

/// Every page: its path under `docs/` and its Markdown. `root` holds `examples/`.
pub fn render_all(schemas: &ProviderSchemas, root: &Path) -> BTreeMap<PathBuf, String> {
    tf_provider_framework::site::render_provider("raven", schemas, root)
}
