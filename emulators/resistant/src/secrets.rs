//! Random identifiers and secrets, and the one-way hash secrets are stored under.

use rand::distributions::Alphanumeric;
use rand::Rng;
use sha2::{Digest, Sha256};

/// A random alphanumeric string of `len` characters from the OS-seeded CSPRNG.
pub fn random_string(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// A random lowercase alphanumeric string (for ids that appear in URLs).
pub fn random_lower(len: usize) -> String {
    random_string(len).to_ascii_lowercase()
}

/// A high-entropy secret (client secrets, access tokens): 48 alphanumerics, about 285 bits.
pub fn new_secret() -> String {
    random_string(48)
}

/// Hex SHA-256 of a secret; what the emulator stores and compares.
pub fn hash_secret(secret: &str) -> String {
    let digest = Sha256::digest(secret.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Compares two hashes without an early exit.
pub fn hashes_equal(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
