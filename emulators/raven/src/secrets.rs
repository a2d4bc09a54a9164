//! API keys and ids: their shapes, over the kit's random alphanumerics; the kit's SHA-256
//! digest is all the database keeps of a key.

pub use emulator_kit::secrets::digest;
use emulator_kit::secrets::random_alphanumeric;

/// What every key begins with.
pub const KEY_PREFIX: &str = "rk_live_";
/// How many leading characters of a key are shown as its `api_key_prefix`.
pub const SHOWN_PREFIX_LEN: usize = 10;

/// A new API key: `rk_live_` and 32 random alphanumerics (about 190 bits).
pub fn new_api_key() -> String {
    format!("{KEY_PREFIX}{}", random_alphanumeric(32))
}

/// The part of a key that may be shown again: its first ten characters.
pub fn shown_prefix(key: &str) -> String {
    key.chars().take(SHOWN_PREFIX_LEN).collect()
}

/// A key id, `key_` and 16 lowercase alphanumerics.
pub fn new_key_id() -> String {
    format!("key_{}", random_alphanumeric(16).to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_start_with_rk_live_and_show_ten_characters() {
        let key = new_api_key();
        assert!(key.starts_with(KEY_PREFIX));
        assert_eq!(key.len(), KEY_PREFIX.len() + 32);
        assert_eq!(shown_prefix(&key), key[..10]);
        assert_ne!(new_api_key(), key);
    }
}
