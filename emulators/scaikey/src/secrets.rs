//! Random secrets and ids (40 alphanumerics, about 238 bits); the SHA-256 digest the client
//! secret is kept as and the comparison without early exit come from the kit.

pub use emulator_kit::secrets::{digest, same_digest};

/// 40 random alphanumerics: a generated client secret or token id.
pub fn random_secret() -> String {
    emulator_kit::secrets::random_alphanumeric(40)
}
