//! Public keys for private_key_jwt: loading them from PEM (organization) or from the JSON
//! integers an application registers (RSA `n`/`e`, EC P-256 `x`/`y`), and verifying compact JWS
//! signatures (RS256, ES256) with them.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use num_bigint::BigUint;
use p256::ecdsa::signature::Verifier;
use p256::elliptic_curve::sec1::{EncodedPoint, FromEncodedPoint};
use rsa::pkcs1::DecodeRsaPublicKey;
use rsa::pkcs8::DecodePublicKey;
use rsa::traits::PublicKeyParts;

/// Smallest RSA modulus accepted.
pub const RSA_MIN_BITS: u64 = 2048;
/// Largest RSA modulus accepted (keeps verification cheap).
const RSA_MAX_BITS: usize = 16384;

/// A key that can verify client assertions.
#[derive(Clone, Debug)]
pub enum PublicKey {
    Rsa(rsa::RsaPublicKey),
    Ec(p256::PublicKey),
}

impl PublicKey {
    /// The JWS `alg` this key verifies.
    pub fn alg(&self) -> &'static str {
        match self {
            PublicKey::Rsa(_) => "RS256",
            PublicKey::Ec(_) => "ES256",
        }
    }

    /// Reads an RSA (SPKI or PKCS#1) or EC P-256 (SPKI) public key from PEM.
    pub fn from_pem(pem: &str) -> Result<Self, String> {
        if let Ok(key) = rsa::RsaPublicKey::from_public_key_pem(pem) {
            return Self::checked_rsa(key);
        }
        if let Ok(key) = rsa::RsaPublicKey::from_pkcs1_pem(pem) {
            return Self::checked_rsa(key);
        }
        if let Ok(key) = p256::PublicKey::from_public_key_pem(pem) {
            return Ok(PublicKey::Ec(key));
        }
        Err("the PEM is not an RSA or EC P-256 public key (SPKI or PKCS#1)".to_string())
    }

    fn checked_rsa(key: rsa::RsaPublicKey) -> Result<Self, String> {
        if (key.n().bits() as u64) < RSA_MIN_BITS {
            return Err(format!("RSA keys must have at least {RSA_MIN_BITS} bits"));
        }
        Ok(PublicKey::Rsa(key))
    }

    /// An RSA key from modulus and exponent.
    pub fn rsa(n: &BigUint, e: &BigUint) -> Result<Self, String> {
        if n.bits() < RSA_MIN_BITS {
            return Err(format!(
                "RSA modulus n has {} bits; at least {RSA_MIN_BITS} are required",
                n.bits()
            ));
        }
        let n = rsa::BigUint::from_bytes_be(&n.to_bytes_be());
        let e = rsa::BigUint::from_bytes_be(&e.to_bytes_be());
        rsa::RsaPublicKey::new_with_max_size(n, e, RSA_MAX_BITS)
            .map(PublicKey::Rsa)
            .map_err(|err| format!("invalid RSA public key: {err}"))
    }

    /// An EC key from P-256 affine coordinates; the point must be on the curve.
    pub fn ec_p256(x: &BigUint, y: &BigUint) -> Result<Self, String> {
        let x = to_32_bytes(x).ok_or("x is larger than a P-256 coordinate")?;
        let y = to_32_bytes(y).ok_or("y is larger than a P-256 coordinate")?;
        let point = EncodedPoint::<p256::NistP256>::from_affine_coordinates(
            (&x).into(),
            (&y).into(),
            false,
        );
        Option::<p256::PublicKey>::from(p256::PublicKey::from_encoded_point(&point))
            .map(PublicKey::Ec)
            .ok_or_else(|| "the point (x, y) is not on the P-256 curve".to_string())
    }

    /// Verifies `signature` over `signing_input` as the JWS algorithm of this key.
    fn verify(&self, signing_input: &[u8], signature: &[u8]) -> bool {
        match self {
            PublicKey::Rsa(key) => {
                let verifier = rsa::pkcs1v15::VerifyingKey::<sha2::Sha256>::new(key.clone());
                rsa::pkcs1v15::Signature::try_from(signature)
                    .map(|sig| verifier.verify(signing_input, &sig).is_ok())
                    .unwrap_or(false)
            }
            PublicKey::Ec(key) => {
                let verifier = p256::ecdsa::VerifyingKey::from(key);
                p256::ecdsa::Signature::from_slice(signature)
                    .map(|sig| verifier.verify(signing_input, &sig).is_ok())
                    .unwrap_or(false)
            }
        }
    }
}

fn to_32_bytes(value: &BigUint) -> Option<[u8; 32]> {
    let bytes = value.to_bytes_be();
    if bytes.len() > 32 {
        return None;
    }
    let mut out = [0u8; 32];
    out[32 - bytes.len()..].copy_from_slice(&bytes);
    Some(out)
}

/// A verified JWT: its header `kid` and its claims.
pub struct VerifiedJwt {
    pub kid: Option<String>,
    pub claims: serde_json::Map<String, serde_json::Value>,
}

/// Reads the unverified claims of a compact JWT (to find out who claims to have signed it).
pub fn peek_claims(token: &str) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let mut parts = token.split('.');
    let (_, payload) = match (parts.next(), parts.next()) {
        (Some(h), Some(p)) => (h, p),
        _ => return Err("client_assertion is not a compact JWT".to_string()),
    };
    decode_json_part(payload, "payload")
}

/// Verifies a compact JWS with `key`; the header `alg` must be the key's algorithm.
pub fn verify_jwt(token: &str, key: &PublicKey) -> Result<VerifiedJwt, String> {
    let parts: Vec<&str> = token.split('.').collect();
    let [header_b64, payload_b64, signature_b64] = parts.as_slice() else {
        return Err("client_assertion is not a compact JWT".to_string());
    };
    let header = decode_json_part(header_b64, "header")?;
    let alg = header.get("alg").and_then(|v| v.as_str()).unwrap_or("");
    if alg != key.alg() {
        return Err(format!(
            "client_assertion alg {alg:?} does not match the registered key ({})",
            key.alg()
        ));
    }
    let signature = URL_SAFE_NO_PAD
        .decode(signature_b64)
        .map_err(|_| "client_assertion signature is not base64url".to_string())?;
    let signing_input = format!("{header_b64}.{payload_b64}");
    if !key.verify(signing_input.as_bytes(), &signature) {
        return Err("client_assertion signature does not verify".to_string());
    }
    let claims = decode_json_part(payload_b64, "payload")?;
    let kid = header
        .get("kid")
        .and_then(|v| v.as_str())
        .map(str::to_string);
    Ok(VerifiedJwt { kid, claims })
}

fn decode_json_part(
    part: &str,
    what: &str,
) -> Result<serde_json::Map<String, serde_json::Value>, String> {
    let bytes = URL_SAFE_NO_PAD
        .decode(part.trim_end_matches('='))
        .map_err(|_| format!("client_assertion {what} is not base64url"))?;
    match serde_json::from_slice::<serde_json::Value>(&bytes) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        _ => Err(format!("client_assertion {what} is not a JSON object")),
    }
}

/// Parses the exact text of a JSON number as a non-negative integer (no sign, fraction or exponent).
pub fn json_integer(value: &serde_json::Value) -> Option<BigUint> {
    let serde_json::Value::Number(number) = value else {
        return None;
    };
    let text = number.to_string();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    BigUint::parse_bytes(text.as_bytes(), 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_integers_are_exact() {
        let digits = "1".repeat(600);
        let value: serde_json::Value = serde_json::from_str(&digits).unwrap();
        assert_eq!(json_integer(&value).unwrap().to_string(), digits);
        for text in ["-1", "1.0", "1e5", "\"12\"", "null"] {
            let value: serde_json::Value = serde_json::from_str(text).unwrap();
            assert!(json_integer(&value).is_none(), "{text}");
        }
    }

    #[test]
    fn small_rsa_and_off_curve_points_are_refused() {
        let n = BigUint::from(1u32) << 2000;
        assert!(PublicKey::rsa(&n, &BigUint::from(65537u32)).is_err());
        assert!(PublicKey::ec_p256(&BigUint::from(1u32), &BigUint::from(2u32)).is_err());
    }

    #[test]
    fn malformed_jwts_are_errors() {
        let n = (BigUint::from(1u32) << 2048) - 1u32;
        let key = PublicKey::rsa(&n, &BigUint::from(65537u32)).unwrap();
        for token in ["", "a", "a.b", "a.b.c.d", "!!.??.**"] {
            assert!(verify_jwt(token, &key).is_err(), "{token}");
        }
    }
}
