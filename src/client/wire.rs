//! The JSON bodies on the wire and their mapping to the client's model. Big integers (RSA `n`/`e`,
//! EC `x`/`y`) are written as exact JSON integers from their decimal text.

use std::collections::BTreeMap;
use std::str::FromStr;

use num_bigint::BigUint;
use serde::Deserialize;
use serde_json::{json, Value};

use super::{
    AccessToken, ApiError, Application, ApplicationAuth, CreateApplication, CreateTenant,
    CreatedApplication, IssuedCredentials, Secret, Tenant,
};

/// A JSON integer with exactly the digits of `value`.
pub fn big_integer(value: &BigUint) -> Value {
    // With serde_json's arbitrary_precision the number keeps its decimal text verbatim.
    Value::Number(
        serde_json::Number::from_str(&value.to_str_radix(10)).unwrap_or_else(|_| 0.into()),
    )
}

pub fn create_tenant_body(request: &CreateTenant) -> Value {
    let mut body = json!({ "name": request.name });
    if let Some(cells) = &request.cells {
        body["cells"] = json!(cells);
    }
    body
}

pub fn auth_method_body(auth: &ApplicationAuth) -> Value {
    match auth {
        ApplicationAuth::ClientSecret => json!({ "type": "CLIENT_SECRET" }),
        ApplicationAuth::Rsa { kid, n, e } => json!({
            "type": "RSA", "alg": "RS256", "kid": kid, "e": big_integer(e), "n": big_integer(n),
        }),
        ApplicationAuth::Ec { kid, x, y } => json!({
            "type": "EC", "alg": "ES256", "kid": kid, "x": big_integer(x), "y": big_integer(y),
        }),
    }
}

pub fn create_application_body(request: &CreateApplication) -> Value {
    json!({
        "cell": request.cell,
        "scopes": request.scopes,
        "auth_method": auth_method_body(&request.auth),
    })
}

/// A `_links` entry: `{"href": ..., "rel": ...}`, or a bare string.
#[derive(Deserialize)]
#[serde(untagged)]
enum Link {
    Object {
        href: String,
        #[serde(default)]
        rel: Option<String>,
    },
    Bare(String),
}

impl Link {
    fn href(&self) -> &str {
        match self {
            Link::Object { href, .. } | Link::Bare(href) => href,
        }
    }
}

/// One link or a list of them.
#[derive(Deserialize)]
#[serde(untagged)]
enum Links {
    Many(Vec<Link>),
    One(Link),
}

#[derive(Deserialize)]
struct TenantWire {
    id: String,
    name: String,
    created: String,
    updated: String,
    cells: Vec<String>,
    #[serde(rename = "_links", default)]
    links: TenantLinks,
}

#[derive(Deserialize, Default)]
struct TenantLinks {
    #[serde(rename = "documents-ui", default)]
    documents_ui: Option<Links>,
}

impl From<TenantWire> for Tenant {
    fn from(w: TenantWire) -> Tenant {
        let links = match w.links.documents_ui {
            Some(Links::Many(v)) => v,
            Some(Links::One(l)) => vec![l],
            None => vec![],
        };
        // Links without a `rel` belong to the cells in order.
        let documents_ui: BTreeMap<String, String> = links
            .iter()
            .enumerate()
            .filter_map(|(i, link)| {
                let rel = match link {
                    Link::Object { rel: Some(rel), .. } => Some(rel.clone()),
                    _ => w.cells.get(i).cloned(),
                };
                rel.map(|r| (r, link.href().to_string()))
            })
            .collect();
        Tenant {
            id: w.id,
            name: w.name,
            created: w.created,
            updated: w.updated,
            cells: w.cells,
            documents_ui,
        }
    }
}

#[derive(Deserialize)]
struct TenantPageWire {
    items: Vec<TenantWire>,
    #[serde(rename = "_links", default)]
    links: PageLinks,
}

#[derive(Deserialize, Default)]
struct PageLinks {
    #[serde(default)]
    next: Option<Link>,
}

/// One page of tenants and the `href` of the next page, if any.
pub struct TenantPage {
    pub items: Vec<Tenant>,
    pub next: Option<String>,
}

#[derive(Deserialize)]
struct ApplicationWire {
    id: String,
    client_id: String,
    auth_server: String,
    cell: String,
    scopes: Vec<String>,
    #[serde(rename = "_links", default)]
    links: ApplicationLinks,
    #[serde(default)]
    credentials: Option<CredentialsWire>,
}

#[derive(Deserialize, Default)]
struct ApplicationLinks {
    #[serde(default)]
    token_url: Option<Link>,
}

#[derive(Deserialize)]
struct CredentialsWire {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    client_secret: Option<String>,
    #[serde(default)]
    alg: Option<String>,
    #[serde(default)]
    kid: Option<String>,
}

impl From<ApplicationWire> for Application {
    fn from(w: ApplicationWire) -> Application {
        let token_url = match &w.links.token_url {
            Some(link) => link.href().to_string(),
            None => format!("{}/v1/token", w.auth_server.trim_end_matches('/')),
        };
        Application {
            id: w.id,
            client_id: w.client_id,
            auth_server: w.auth_server,
            cell: w.cell,
            scopes: w.scopes,
            token_url,
        }
    }
}

#[derive(Deserialize)]
struct ApplicationListWire {
    items: Vec<ApplicationWire>,
}

fn parse<T: for<'de> Deserialize<'de>>(body: &[u8], what: &str) -> Result<T, ApiError> {
    // The error names the field that was wrong (`items[3].cells`) and what was expected. Serde
    // quotes a scalar of the wrong type, never a string in its place, so secrets (strings where
    // strings belong) are not shown.
    let unexpected = |at: String, error: serde_json::Error| ApiError::Server {
        status: 200,
        message: format!("the API answered with an unexpected {what} body{at}: {error}"),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let field = e.path().to_string();
        let at = match field.as_str() {
            "." => String::new(),
            _ => format!(" at field {field}"),
        };
        unexpected(at, e.into_inner())
    })?;
    deserializer
        .end()
        .map_err(|e| unexpected(String::new(), e))?;
    Ok(value)
}

pub fn parse_tenant(body: &[u8]) -> Result<Tenant, ApiError> {
    parse::<TenantWire>(body, "tenant").map(Tenant::from)
}

pub fn parse_tenant_page(body: &[u8]) -> Result<TenantPage, ApiError> {
    let page: TenantPageWire = parse(body, "tenant page")?;
    Ok(TenantPage {
        items: page.items.into_iter().map(Tenant::from).collect(),
        next: page.links.next.map(|l| l.href().to_string()),
    })
}

pub fn parse_application(body: &[u8]) -> Result<Application, ApiError> {
    parse::<ApplicationWire>(body, "application").map(Application::from)
}

pub fn parse_application_list(body: &[u8]) -> Result<Vec<Application>, ApiError> {
    let list: ApplicationListWire = parse(body, "application list")?;
    Ok(list.items.into_iter().map(Application::from).collect())
}

/// The create response: the application and the credentials shown only this once.
pub fn parse_created_application(body: &[u8]) -> Result<CreatedApplication, ApiError> {
    let mut wire: ApplicationWire = parse(body, "created application")?;
    let credentials = wire.credentials.take().ok_or_else(|| ApiError::Server {
        status: 201,
        message: "the created application carries no credentials".into(),
    })?;
    let credentials = match (credentials.kind.as_str(), credentials.client_secret) {
        ("CLIENT_SECRET", Some(secret)) => IssuedCredentials::ClientSecret(Secret::new(secret)),
        ("CLIENT_SECRET", None) => {
            return Err(ApiError::Server {
                status: 201,
                message: "the created application's credentials carry no client_secret".into(),
            })
        }
        (kind, _) => IssuedCredentials::Key {
            kind: kind.to_string(),
            alg: credentials.alg.unwrap_or_default(),
            kid: credentials.kid.unwrap_or_default(),
        },
    };
    Ok(CreatedApplication {
        application: wire.into(),
        credentials,
    })
}

#[derive(Deserialize)]
struct TokenWire {
    access_token: String,
    #[serde(default)]
    token_type: Option<String>,
    #[serde(default)]
    expires_in: Option<u64>,
    #[serde(default)]
    scope: Option<String>,
}

pub fn parse_token(body: &[u8]) -> Result<AccessToken, ApiError> {
    // Never echo the body: it holds the token.
    let wire: TokenWire = serde_json::from_slice(body).map_err(|_| ApiError::Server {
        status: 200,
        message: "the token endpoint answered with a body that is not a token response".into(),
    })?;
    Ok(AccessToken {
        access_token: Secret::new(wire.access_token),
        token_type: wire.token_type.unwrap_or_else(|| "Bearer".into()),
        expires_in: wire.expires_in.unwrap_or(300),
        scope: wire.scope.unwrap_or_default(),
    })
}

#[derive(Deserialize)]
struct ErrorWire {
    #[serde(default)]
    message: Option<String>,
    #[serde(default)]
    error: Option<String>,
    #[serde(default)]
    error_description: Option<String>,
    #[serde(rename = "errorSummary", default)]
    error_summary: Option<String>,
}

/// The message of an error body: `{"message"}`, or OAuth2's `{"error", "error_description"}`.
/// Falls back to the start of a body that is not JSON.
pub fn error_message(body: &[u8]) -> String {
    if let Ok(e) = serde_json::from_slice::<ErrorWire>(body) {
        let oauth = match (e.error, e.error_description) {
            (Some(code), Some(text)) => Some(format!("{code}: {text}")),
            (code, text) => code.or(text),
        };
        if let Some(m) = e.message.or(oauth).or(e.error_summary) {
            return m;
        }
    }
    // JSON without a message (or cut short) is not echoed: its values could be anything,
    // credentials included. Text that is not JSON (a proxy's page) is shown, shortened.
    let text = String::from_utf8_lossy(body);
    let text = text.trim();
    if text.starts_with(['{', '[']) {
        return match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(fields)) => format!(
                "the error body carries no message (its JSON fields: {})",
                fields.keys().cloned().collect::<Vec<_>>().join(", ")
            ),
            _ => "the error body is JSON without a message, or cut short".to_string(),
        };
    }
    text.chars().take(512).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_error_body_without_a_message_is_described_not_echoed() {
        let body = br#"{"access_token": "tok-123", "detail": 5}"#;
        let message = error_message(body);
        assert!(!message.contains("tok-123"), "{message}");
        assert!(message.contains("access_token, detail"), "{message}");
        let cut = error_message(br#"{"client_secret": "sec-456"#);
        assert!(!cut.contains("sec-456"), "{cut}");
        assert_eq!(
            error_message(b"  <html>Bad gateway</html> "),
            "<html>Bad gateway</html>"
        );
    }

    #[test]
    fn a_response_field_of_the_wrong_type_is_named() {
        let body = br#"{"items": [{"id": "a", "client_id": "c", "auth_server": "s", "cell": "eu-1", "scopes": [7]}]}"#;
        let error = parse_application_list(body)
            .expect_err("refused")
            .to_string();
        assert!(error.contains("at field items[0].scopes[0]"), "{error}");
        let trailing = parse_application_list(br#"{"items": []} x"#).expect_err("refused");
        assert!(
            trailing.to_string().contains("trailing characters"),
            "{trailing}"
        );
    }

    #[test]
    fn big_integers_are_exact_json_integers() {
        let n = BigUint::parse_bytes(b"2".repeat(617).as_slice(), 10).unwrap();
        let body = auth_method_body(&ApplicationAuth::Rsa {
            kid: "k".into(),
            n: n.clone(),
            e: BigUint::from(65537u32),
        });
        let text = serde_json::to_string(&body).unwrap();
        assert!(
            text.contains(&format!("\"n\":{}", "2".repeat(617))),
            "{text}"
        );
        assert!(text.contains("\"e\":65537"), "{text}");
        assert!(text.contains("\"type\":\"RSA\"") && text.contains("\"alg\":\"RS256\""));
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["n"].to_string(), n.to_string());
    }

    #[test]
    fn ec_and_secret_auth_bodies() {
        let body = create_application_body(&CreateApplication {
            cell: "eu-1".into(),
            scopes: vec!["documents.submissions.read".into()],
            auth: ApplicationAuth::Ec {
                kid: "e".into(),
                x: BigUint::from(12345678901234567890123u128),
                y: BigUint::from(7u8),
            },
        });
        let text = serde_json::to_string(&body).unwrap();
        assert!(text.contains("\"x\":12345678901234567890123"), "{text}");
        assert_eq!(body["auth_method"]["alg"], "ES256");
        let body = auth_method_body(&ApplicationAuth::ClientSecret);
        assert_eq!(body, json!({"type": "CLIENT_SECRET"}));
    }

    #[test]
    fn tenant_body_omits_default_cells() {
        let body = create_tenant_body(&CreateTenant {
            name: "acme".into(),
            cells: None,
        });
        assert_eq!(body, json!({"name": "acme"}));
        let body = create_tenant_body(&CreateTenant {
            name: "acme".into(),
            cells: Some(vec!["us-1".into()]),
        });
        assert_eq!(body, json!({"name": "acme", "cells": ["us-1"]}));
    }

    #[test]
    fn tenant_and_page_parse() {
        let body = br#"{"items":[{"id":"t1","name":"a","created":"c","updated":"u","cells":["eu-1","us-1"],
            "_links":{"documents-ui":[{"href":"a-o.documents.x","rel":"eu-1"},{"href":"a-o.us-1.documents.x","rel":"us-1"}]}}],
            "_links":{"next":{"href":"/tenants?limit=1&after_id=t1"}}}"#;
        let page = parse_tenant_page(body).unwrap();
        assert_eq!(page.next.as_deref(), Some("/tenants?limit=1&after_id=t1"));
        assert_eq!(page.items[0].documents_ui["us-1"], "a-o.us-1.documents.x");
        let last = parse_tenant_page(br#"{"items":[],"_links":{}}"#).unwrap();
        assert!(last.next.is_none());
    }

    #[test]
    fn created_application_parses_credentials() {
        let body = br#"{"id":"a","client_id":"c","auth_server":"http://h/oauth2/documents-eu-1","cell":"eu-1",
            "scopes":["documents.submissions.read"],"_links":{"token_url":{"href":"http://h/t"}},
            "credentials":{"type":"CLIENT_SECRET","client_secret":"s3cr3t"}}"#;
        let created = parse_created_application(body).unwrap();
        assert_eq!(created.application.token_url, "http://h/t");
        match created.credentials {
            IssuedCredentials::ClientSecret(s) => assert_eq!(s.expose(), "s3cr3t"),
            other => panic!("{other:?}"),
        }
        let body = br#"{"id":"a","client_id":"c","auth_server":"http://h/as","cell":"eu-1","scopes":[],
            "_links":{"token_url":"http://h/t2"},"credentials":{"type":"EC","alg":"ES256","kid":"k"}}"#;
        let created = parse_created_application(body).unwrap();
        assert_eq!(created.application.token_url, "http://h/t2");
        assert!(
            matches!(created.credentials, IssuedCredentials::Key { ref kind, .. } if kind == "EC")
        );
    }

    #[test]
    fn error_messages() {
        assert_eq!(error_message(br#"{"message":"nope"}"#), "nope");
        assert_eq!(
            error_message(br#"{"error":"invalid_client","error_description":"bad assertion"}"#),
            "invalid_client: bad assertion"
        );
        assert_eq!(error_message(b"plain text"), "plain text");
        assert_eq!(error_message(b""), "");
    }

    #[test]
    fn token_parse_errors_do_not_echo_the_body() {
        let err = parse_token(br#"{"acess_token":"tok-123"}"#).unwrap_err();
        assert!(!err.to_string().contains("tok-123"));
    }
}

#[cfg(test)]
mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn any_big_integer_survives_the_wire(bytes in proptest::collection::vec(any::<u8>(), 0..600)) {
            let value = BigUint::from_bytes_be(&bytes);
            let text = serde_json::to_string(&json!({ "n": big_integer(&value) })).unwrap();
            prop_assert_eq!(&text, &format!("{{\"n\":{value}}}"));
            let back: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(back["n"].to_string(), value.to_string());
        }
    }
}
