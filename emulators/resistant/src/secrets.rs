//! Random identifiers and secrets of this emulator, and (from the kit) the one-way hash secrets
//! are stored under.

pub use emulator_kit::secrets::{
    digest as hash_secret, random_alphanumeric as random_string, same_digest as hashes_equal,
};

/// A random lowercase alphanumeric string (for ids that appear in URLs).
pub fn random_lower(len: usize) -> String {
    random_string(len).to_ascii_lowercase()
}

/// A high-entropy secret (client secrets, access tokens): 48 alphanumerics, about 285 bits.
pub fn new_secret() -> String {
    random_string(48)
}
