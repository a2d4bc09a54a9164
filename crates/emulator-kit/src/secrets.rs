//! Secrets as the emulators keep them: random alphanumerics from the OS-seeded generator, the hex
//! SHA-256 digest that is all a store holds of a secret, and a comparison of digests that takes
//! the same time wherever they differ.

use rand::distributions::Alphanumeric;
use rand::Rng;
use sha2::{Digest, Sha256};

/// `len` random alphanumerics (about 5.95 bits each).
pub fn random_alphanumeric(len: usize) -> String {
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(len)
        .map(char::from)
        .collect()
}

/// Hex SHA-256 of a secret: what is stored and compared.
pub fn digest(secret: &str) -> String {
    Sha256::digest(secret.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Whether two digests are equal, without an early exit.
pub fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_hex_sha256_and_compare_equal_only_when_equal() {
        assert_eq!(
            digest("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert!(same_digest(&digest("s3cret"), &digest("s3cret")));
        assert!(!same_digest(&digest("s3cret"), &digest("s3cret!")));
        assert!(!same_digest("ab", "abc"));
    }

    #[test]
    fn random_strings_have_the_length_asked_and_differ() {
        let one = random_alphanumeric(40);
        assert_eq!(one.len(), 40);
        assert!(one.chars().all(|c| c.is_ascii_alphanumeric()));
        assert_ne!(one, random_alphanumeric(40));
    }
}
