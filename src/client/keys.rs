//! Key material: private keys that sign client assertions, public keys that key-based
//! applications register, and RFC 7638 JWK thumbprints. Error texts never quote key material.

use base64::{engine::general_purpose::URL_SAFE_NO_PAD, Engine};
use num_bigint::BigUint;
use p256::elliptic_curve::sec1::ToEncodedPoint;
use rsa::pkcs1::{DecodeRsaPrivateKey, DecodeRsaPublicKey};
use rsa::pkcs8::der::{asn1::ObjectIdentifier, Decode};
use rsa::pkcs8::{
    spki::SubjectPublicKeyInfoRef, DecodePrivateKey, DecodePublicKey, PrivateKeyInfo,
};
use rsa::traits::PublicKeyParts;
use sha2::{Digest, Sha256};

use super::ApplicationAuth;

/// The smallest RSA modulus the API accepts.
pub const MIN_RSA_BITS: u64 = 2048;

const OID_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const OID_EC: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.2.1");
const OID_P256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.3.1.7");

/// Curves people commonly have, by OID, so a refusal can name what was given.
const KNOWN_CURVES: &[(&str, &str)] = &[
    ("1.2.840.10045.3.1.7", "P-256"),
    ("1.3.132.0.34", "P-384"),
    ("1.3.132.0.35", "P-521"),
    ("1.3.132.0.10", "secp256k1"),
];

/// DER encodings of curve OIDs other than P-256, to name the curve of a refused SEC1 key.
const OTHER_CURVE_DER: &[(&[u8], &str)] = &[
    (&[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x22], "P-384"),
    (&[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x23], "P-521"),
    (&[0x06, 0x05, 0x2b, 0x81, 0x04, 0x00, 0x0a], "secp256k1"),
];

/// Why a key was refused. The text names the problem, never the key.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct KeyError {
    pub message: String,
}

impl KeyError {
    fn new(message: impl Into<String>) -> Self {
        KeyError {
            message: message.into(),
        }
    }
}

impl From<KeyError> for super::ApiError {
    fn from(e: KeyError) -> Self {
        super::ApiError::Config { message: e.message }
    }
}

/// A private key that signs client assertions (RS256 or ES256).
pub enum PrivateKey {
    Rsa(Box<rsa::RsaPrivateKey>),
    Ec(p256::SecretKey),
}

impl std::fmt::Debug for PrivateKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "PrivateKey({}, <redacted>)", self.alg())
    }
}

impl PrivateKey {
    /// The JWS algorithm this key signs with.
    pub fn alg(&self) -> &'static str {
        match self {
            PrivateKey::Rsa(_) => "RS256",
            PrivateKey::Ec(_) => "ES256",
        }
    }

    /// A JWS signature over `message` (PKCS#1 v1.5 for RSA, fixed-size r||s for ECDSA).
    pub fn sign(&self, message: &[u8]) -> Result<Vec<u8>, KeyError> {
        match self {
            PrivateKey::Rsa(key) => {
                use rsa::signature::{SignatureEncoding, Signer};
                let signer = rsa::pkcs1v15::SigningKey::<Sha256>::new(key.as_ref().clone());
                signer
                    .try_sign(message)
                    .map(|s| s.to_vec())
                    .map_err(|_| KeyError::new("signing with the RSA private key failed"))
            }
            PrivateKey::Ec(key) => {
                use p256::ecdsa::signature::Signer;
                let signer = p256::ecdsa::SigningKey::from(key);
                let signature: p256::ecdsa::Signature = signer
                    .try_sign(message)
                    .map_err(|_| KeyError::new("signing with the EC private key failed"))?;
                Ok(signature.to_bytes().to_vec())
            }
        }
    }

    /// The matching public key.
    pub fn public_key(&self) -> Result<PublicKey, KeyError> {
        match self {
            PrivateKey::Rsa(key) => Ok(rsa_public_parts(&key.to_public_key())),
            PrivateKey::Ec(key) => ec_public_parts(&key.public_key()),
        }
    }
}

/// A public key in the form an application registration needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PublicKey {
    Rsa { n: BigUint, e: BigUint },
    Ec { x: BigUint, y: BigUint },
}

impl PublicKey {
    /// `RS256` or `ES256`.
    pub fn alg(&self) -> &'static str {
        match self {
            PublicKey::Rsa { .. } => "RS256",
            PublicKey::Ec { .. } => "ES256",
        }
    }

    /// The key type as the API names it: `RSA` or `EC`.
    pub fn kind(&self) -> &'static str {
        match self {
            PublicKey::Rsa { .. } => "RSA",
            PublicKey::Ec { .. } => "EC",
        }
    }

    /// The RFC 7638 JWK thumbprint: base64url (no padding) SHA-256 of the canonical JWK.
    pub fn thumbprint(&self) -> String {
        let b64 = |bytes: &[u8]| URL_SAFE_NO_PAD.encode(bytes);
        // Members in lexicographic order, no whitespace (RFC 7638 section 3).
        let canonical = match self {
            PublicKey::Rsa { n, e } => format!(
                r#"{{"e":"{}","kty":"RSA","n":"{}"}}"#,
                b64(&e.to_bytes_be()),
                b64(&n.to_bytes_be())
            ),
            PublicKey::Ec { x, y } => format!(
                r#"{{"crv":"P-256","kty":"EC","x":"{}","y":"{}"}}"#,
                b64(&fixed_32(x)),
                b64(&fixed_32(y))
            ),
        };
        b64(&Sha256::digest(canonical.as_bytes()))
    }

    /// The `auth_method` of a new application using this key; `kid` defaults to the thumbprint.
    pub fn to_application_auth(&self, kid: Option<String>) -> ApplicationAuth {
        let kid = kid.unwrap_or_else(|| self.thumbprint());
        match self {
            PublicKey::Rsa { n, e } => ApplicationAuth::Rsa {
                kid,
                n: n.clone(),
                e: e.clone(),
            },
            PublicKey::Ec { x, y } => ApplicationAuth::Ec {
                kid,
                x: x.clone(),
                y: y.clone(),
            },
        }
    }
}

/// A P-256 coordinate as the 32 big-endian bytes JWK requires.
fn fixed_32(value: &BigUint) -> Vec<u8> {
    let bytes = value.to_bytes_be();
    let mut out = vec![0u8; 32usize.saturating_sub(bytes.len())];
    out.extend_from_slice(&bytes);
    out
}

fn rsa_public_parts(key: &rsa::RsaPublicKey) -> PublicKey {
    PublicKey::Rsa {
        n: BigUint::from_bytes_be(&key.n().to_bytes_be()),
        e: BigUint::from_bytes_be(&key.e().to_bytes_be()),
    }
}

fn ec_public_parts(key: &p256::PublicKey) -> Result<PublicKey, KeyError> {
    let point = key.to_encoded_point(false);
    match (point.x(), point.y()) {
        (Some(x), Some(y)) => Ok(PublicKey::Ec {
            x: BigUint::from_bytes_be(x),
            y: BigUint::from_bytes_be(y),
        }),
        _ => Err(KeyError::new("the EC public key is the point at infinity")),
    }
}

fn check_rsa_size(bits: u64, what: &str) -> Result<(), KeyError> {
    if bits < MIN_RSA_BITS {
        return Err(KeyError::new(format!(
            "the RSA {what} is {bits} bits; keys under {MIN_RSA_BITS} bits are not accepted, use an RSA key of 2048 bits or more (or EC P-256)"
        )));
    }
    Ok(())
}

fn curve_name(oid: &ObjectIdentifier) -> String {
    let text = oid.to_string();
    KNOWN_CURVES
        .iter()
        .find(|(o, _)| *o == text)
        .map(|(_, name)| name.to_string())
        .unwrap_or_else(|| format!("the curve with OID {text}"))
}

fn unsupported_curve(name: &str) -> KeyError {
    KeyError::new(format!(
        "the EC key uses {name}; only P-256 (ES256) is supported, or use an RSA key"
    ))
}

/// Splits a PEM document into its label and DER bytes.
fn decode_pem(pem: &str, expected: &str) -> Result<(String, Vec<u8>), KeyError> {
    let text = pem.trim();
    if !text.starts_with("-----BEGIN ") {
        return Err(KeyError::new(format!(
            "the value is not PEM text; expected {expected} starting with a -----BEGIN ...----- line"
        )));
    }
    rsa::pkcs8::der::pem::decode_vec(text.as_bytes())
        .map(|(label, der)| (label.to_string(), der))
        .map_err(|_| {
            KeyError::new(format!(
                "the PEM text is malformed (check the BEGIN/END lines and the base64 body); expected {expected}"
            ))
        })
}

const PRIVATE_EXPECTED: &str = "an RSA (PKCS#1 or PKCS#8) or EC P-256 (SEC1 or PKCS#8) private key";
const PUBLIC_EXPECTED: &str =
    "an RSA (PKCS#1 or SubjectPublicKeyInfo) or EC P-256 (SubjectPublicKeyInfo) public key";

/// Parses a private key PEM: RSA as PKCS#1 or PKCS#8, EC P-256 as SEC1 or PKCS#8.
pub fn parse_private_key_pem(pem: &str) -> Result<PrivateKey, KeyError> {
    let (label, der) = decode_pem(pem, PRIVATE_EXPECTED)?;
    let key = match label.as_str() {
        "RSA PRIVATE KEY" => rsa::RsaPrivateKey::from_pkcs1_der(&der)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|_| KeyError::new("the RSA PRIVATE KEY (PKCS#1) could not be decoded"))?,
        "EC PRIVATE KEY" => parse_sec1(&der)?,
        "PRIVATE KEY" => parse_pkcs8(&der)?,
        "ENCRYPTED PRIVATE KEY" => {
            return Err(KeyError::new(
                "encrypted private keys are not supported; give the key unencrypted (e.g. from a secrets manager)",
            ))
        }
        l if l.contains("PUBLIC KEY") => {
            return Err(KeyError::new(format!(
                "this is a public key ({l}); a private key is needed here: {PRIVATE_EXPECTED}"
            )))
        }
        l => {
            return Err(KeyError::new(format!(
                "unexpected PEM type {l:?}; expected {PRIVATE_EXPECTED}"
            )))
        }
    };
    if let PrivateKey::Rsa(k) = &key {
        check_rsa_size(k.size() as u64 * 8, "private key")?;
    }
    Ok(key)
}

fn parse_sec1(der: &[u8]) -> Result<PrivateKey, KeyError> {
    match p256::SecretKey::from_sec1_der(der) {
        Ok(key) => Ok(PrivateKey::Ec(key)),
        Err(_) => match OTHER_CURVE_DER
            .iter()
            .find(|(oid, _)| der.windows(oid.len()).any(|w| w == *oid))
        {
            Some((_, name)) => Err(unsupported_curve(name)),
            None => Err(KeyError::new(
                "the EC PRIVATE KEY (SEC1) could not be decoded as a P-256 key",
            )),
        },
    }
}

fn parse_pkcs8(der: &[u8]) -> Result<PrivateKey, KeyError> {
    let info = PrivateKeyInfo::from_der(der)
        .map_err(|_| KeyError::new("the PRIVATE KEY (PKCS#8) could not be decoded"))?;
    if info.algorithm.oid == OID_RSA {
        rsa::RsaPrivateKey::from_pkcs8_der(der)
            .map(|k| PrivateKey::Rsa(Box::new(k)))
            .map_err(|_| {
                KeyError::new("the RSA key in the PKCS#8 PRIVATE KEY could not be decoded")
            })
    } else if info.algorithm.oid == OID_EC {
        let curve = info
            .algorithm
            .parameters_oid()
            .map_err(|_| KeyError::new("the EC PRIVATE KEY (PKCS#8) names no curve"))?;
        if curve != OID_P256 {
            return Err(unsupported_curve(&curve_name(&curve)));
        }
        p256::SecretKey::from_pkcs8_der(der)
            .map(PrivateKey::Ec)
            .map_err(|_| {
                KeyError::new("the EC P-256 key in the PKCS#8 PRIVATE KEY could not be decoded")
            })
    } else {
        Err(KeyError::new(format!(
            "the PKCS#8 private key uses algorithm {}; expected RSA or EC P-256",
            info.algorithm.oid
        )))
    }
}

/// Parses a public key PEM: RSA as PKCS#1 (`RSA PUBLIC KEY`) or SPKI (`PUBLIC KEY`), EC P-256 as SPKI.
/// Refuses RSA keys under 2048 bits and curves other than P-256.
pub fn parse_public_key_pem(pem: &str) -> Result<PublicKey, KeyError> {
    let (label, der) = decode_pem(pem, PUBLIC_EXPECTED)?;
    let key = match label.as_str() {
        "RSA PUBLIC KEY" => rsa::RsaPublicKey::from_pkcs1_der(&der)
            .map(|k| rsa_public_parts(&k))
            .map_err(|e| {
                KeyError::new(format!(
                    "the RSA PUBLIC KEY (PKCS#1) could not be decoded: {e}"
                ))
            })?,
        "PUBLIC KEY" => parse_spki(&der)?,
        l if l.contains("PRIVATE KEY") => {
            return Err(KeyError::new(format!(
            "this is a private key ({l}); give the public key only (e.g. `openssl pkey -pubout`)"
        )))
        }
        l => {
            return Err(KeyError::new(format!(
                "unexpected PEM type {l:?}; expected {PUBLIC_EXPECTED}"
            )))
        }
    };
    if let PublicKey::Rsa { n, .. } = &key {
        check_rsa_size(n.bits(), "public key")?;
    }
    Ok(key)
}

fn parse_spki(der: &[u8]) -> Result<PublicKey, KeyError> {
    let info = SubjectPublicKeyInfoRef::from_der(der)
        .map_err(|e| KeyError::new(format!("the PUBLIC KEY could not be decoded: {e}")))?;
    if info.algorithm.oid == OID_RSA {
        rsa::RsaPublicKey::from_public_key_der(der)
            .map(|k| rsa_public_parts(&k))
            .map_err(|e| KeyError::new(format!("the RSA PUBLIC KEY could not be decoded: {e}")))
    } else if info.algorithm.oid == OID_EC {
        let curve = info
            .algorithm
            .parameters_oid()
            .map_err(|_| KeyError::new("the EC PUBLIC KEY names no curve"))?;
        if curve != OID_P256 {
            return Err(unsupported_curve(&curve_name(&curve)));
        }
        let key = p256::PublicKey::from_public_key_der(der).map_err(|e| {
            KeyError::new(format!("the EC P-256 PUBLIC KEY could not be decoded: {e}"))
        })?;
        ec_public_parts(&key)
    } else {
        Err(KeyError::new(format!(
            "the public key uses algorithm {}; expected RSA or EC P-256",
            info.algorithm.oid
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> String {
        let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
    }

    #[test]
    fn private_keys_in_every_supported_format_parse() {
        for (file, alg) in [
            ("rsa2048_pkcs1.pem", "RS256"),
            ("rsa2048_pkcs8.pem", "RS256"),
            ("org_rsa_pkcs1.pem", "RS256"),
            ("ec_p256_sec1.pem", "ES256"),
            ("ec_p256_pkcs8.pem", "ES256"),
        ] {
            let key =
                parse_private_key_pem(&fixture(file)).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(key.alg(), alg, "{file}");
        }
    }

    #[test]
    fn private_and_public_halves_match() {
        for (private, public) in [
            ("rsa2048_pkcs1.pem", "rsa2048_public_spki.pem"),
            ("rsa2048_pkcs8.pem", "rsa2048_public_pkcs1.pem"),
            ("org_rsa_pkcs1.pem", "org_rsa_public.pem"),
            ("ec_p256_sec1.pem", "ec_p256_public.pem"),
            ("ec_p256_pkcs8.pem", "ec_p256_public.pem"),
        ] {
            let from_private = parse_private_key_pem(&fixture(private))
                .and_then(|k| k.public_key())
                .unwrap();
            let from_public = parse_public_key_pem(&fixture(public)).unwrap();
            assert_eq!(from_private, from_public, "{private} vs {public}");
        }
        let a = parse_public_key_pem(&fixture("rsa2048_public_spki.pem")).unwrap();
        let b = parse_public_key_pem(&fixture("rsa2048b_public_spki.pem")).unwrap();
        assert_ne!(a, b);
    }

    #[test]
    fn small_rsa_and_other_curves_are_refused_clearly() {
        let err = parse_public_key_pem(&fixture("rsa1024_public_spki.pem")).unwrap_err();
        assert!(err.message.contains("1024 bits"), "{err}");
        let err = parse_private_key_pem(&fixture("rsa1024_pkcs1.pem")).unwrap_err();
        assert!(err.message.contains("2048"), "{err}");
        let err = parse_public_key_pem(&fixture("ec_p384_public.pem")).unwrap_err();
        assert!(
            err.message.contains("P-384") && err.message.contains("P-256"),
            "{err}"
        );
        let err = parse_private_key_pem(&fixture("ec_p384_sec1.pem")).unwrap_err();
        assert!(err.message.contains("P-384"), "{err}");
    }

    #[test]
    fn errors_never_quote_the_key() {
        let pem = fixture("rsa2048_pkcs1.pem");
        let body_line = pem.lines().nth(3).unwrap().to_string();
        let broken = pem.replacen(&body_line, &body_line[..body_line.len() - 7], 1);
        let err = parse_private_key_pem(&broken).unwrap_err();
        assert!(!err.message.contains(&body_line[..20]), "{err}");
        let err = parse_public_key_pem(&pem).unwrap_err();
        assert!(err.message.contains("private key"), "{err}");
        assert!(!err.message.contains(&body_line[..20]));
        let err = parse_private_key_pem("not a key").unwrap_err();
        assert!(err.message.contains("not PEM"), "{err}");
        let err = parse_private_key_pem(&fixture("rsa2048_public_spki.pem")).unwrap_err();
        assert!(err.message.contains("public key"), "{err}");
        assert!(!format!("{:?}", parse_private_key_pem(&pem).unwrap()).contains("MII"));
    }

    #[test]
    fn thumbprint_matches_rfc7638_example() {
        // The RSA key of RFC 7638 section 3.1 and its published thumbprint.
        let n = "0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw";
        let n = BigUint::from_bytes_be(&URL_SAFE_NO_PAD.decode(n).unwrap());
        let key = PublicKey::Rsa {
            n,
            e: BigUint::from(65537u32),
        };
        assert_eq!(
            key.thumbprint(),
            "NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"
        );
    }

    #[test]
    fn application_auth_defaults_kid_to_thumbprint() {
        let key = parse_public_key_pem(&fixture("ec_p256_public.pem")).unwrap();
        match key.to_application_auth(None) {
            ApplicationAuth::Ec { kid, .. } => assert_eq!(kid, key.thumbprint()),
            other => panic!("{other:?}"),
        }
        match key.to_application_auth(Some("k1".into())) {
            ApplicationAuth::Ec { kid, .. } => assert_eq!(kid, "k1"),
            other => panic!("{other:?}"),
        }
    }
}
