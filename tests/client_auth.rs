//! The client's authentication against the emulator over HTTP: both client authentication
//! methods, token reuse and single-flight refresh, expiry, refresh on 401, data-plane tokens.

mod support;

use std::time::Duration;

use resistant_emulator::Config;
use support::emulator::*;
use support::fixture;
use support::tokens::secret_token;
use terraform_provider_resistant::client::{
    request_access_token, ApiError, ApplicationAuth, Credentials, IssuedCredentials, Secret,
};

#[tokio::test]
async fn client_secret_authenticates_and_reuses_one_token() {
    let emu = start_default();
    let client = api(&emu);
    for _ in 0..5 {
        client.list_tenants().await.unwrap();
    }
    assert_eq!(emu.stats().org_token_requests, 1);
}

#[tokio::test]
async fn private_key_jwt_authenticates() {
    let emu = start_default();
    let client = client(key_config(&emu));
    let tenant = unique_tenant(&client, "jwt", None).await;
    assert_eq!(client.get_tenant(&tenant.id).await.unwrap(), tenant);
    assert_eq!(emu.stats().org_token_requests, 1);
}

#[tokio::test]
async fn private_key_jwt_in_pkcs8_with_key_id() {
    let emu = start_default();
    let pkcs8 = {
        use rsa::pkcs1::DecodeRsaPrivateKey;
        use rsa::pkcs8::EncodePrivateKey;
        rsa::RsaPrivateKey::from_pkcs1_pem(&fixture("org_rsa_pkcs1.pem"))
            .unwrap()
            .to_pkcs8_pem(rsa::pkcs8::LineEnding::LF)
            .unwrap()
            .to_string()
    };
    let mut config = key_config(&emu);
    config.credentials = Credentials::PrivateKey {
        client_id: emu.org_client_id(),
        private_key_pem: Secret::new(pkcs8),
        key_id: Some("org-key-1".into()),
    };
    client(config).list_tenants().await.unwrap();
}

#[tokio::test]
async fn wrong_credentials_are_unauthorized_with_advice() {
    let emu = start_default();
    let mut config = secret_config(&emu);
    config.credentials = Credentials::ClientSecret {
        client_id: emu.org_client_id(),
        client_secret: Secret::new("wrong-secret-value"),
    };
    let err = client(config).list_tenants().await.unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized { .. }), "{err:?}");
    let (summary, detail) = err.describe("list tenants");
    assert!(summary.contains("list tenants"), "{summary}");
    assert!(
        detail.contains("client_id") && detail.contains("token_url"),
        "{detail}"
    );
    assert!(!detail.contains("wrong-secret-value"));

    // A key the emulator does not know.
    let mut config = key_config(&emu);
    config.credentials = Credentials::PrivateKey {
        client_id: emu.org_client_id(),
        private_key_pem: Secret::new(fixture("rsa2048_pkcs1.pem")),
        key_id: None,
    };
    let err = client(config).list_tenants().await.unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized { .. }), "{err:?}");
}

#[tokio::test]
async fn missing_scope_is_forbidden() {
    let emu = start_default();
    let mut config = secret_config(&emu);
    config.scopes = scopes(&["tenants.read"]);
    let client = client(config);
    client.list_tenants().await.unwrap();
    let err = client
        .create_tenant(&new_tenant(&unique_name("noscope"), None))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Forbidden { .. }), "{err:?}");
    assert!(err.describe("create tenant").1.contains("scopes"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_calls_share_one_token_request() {
    let emu = start_default();
    let client = client(key_config(&emu));
    let calls: Vec<_> = (0..20)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.list_tenants().await })
        })
        .collect();
    for call in calls {
        call.await.unwrap().unwrap();
    }
    assert_eq!(emu.stats().org_token_requests, 1);
}

#[tokio::test]
async fn an_expiring_token_is_refreshed() {
    let emu = start(Config {
        token_ttl: Duration::from_secs(2),
        ..Config::default()
    });
    let client = api(&emu);
    client.list_tenants().await.unwrap();
    client.list_tenants().await.unwrap();
    assert_eq!(emu.stats().org_token_requests, 1);
    tokio::time::sleep(Duration::from_millis(2100)).await;
    client.list_tenants().await.unwrap();
    assert_eq!(emu.stats().org_token_requests, 2);
}

#[tokio::test]
async fn a_refused_token_is_refreshed_once() {
    let emu = start_default();
    let client = api(&emu);
    client.list_tenants().await.unwrap();
    client
        .replace_cached_token_for_tests(Secret::new("revoked-token"))
        .await;
    client.list_tenants().await.unwrap();
    assert_eq!(emu.stats().org_token_requests, 2);
}

#[tokio::test]
async fn data_plane_token_with_client_secret() {
    let emu = start_default();
    let client = api(&emu);
    let tenant = unique_tenant(&client, "dp", Some(&["eu-1"])).await.id;
    let created = add_application(
        &client,
        &tenant,
        "eu-1",
        &["documents.submissions.read", "documents.submissions.write"],
        ApplicationAuth::ClientSecret,
    )
    .await;
    let (application, secret) = issued_secret(created);
    let token = secret_token(
        &application,
        secret,
        &["submissions.read", "submissions.write"],
    )
    .await
    .unwrap();
    assert!(!token.access_token.expose().is_empty());
    assert_eq!(token.token_type, "Bearer");
    assert!(token.expires_in > 0);
    assert_eq!(emu.stats().documents_token_requests, 1);

    // A wrong secret is refused.
    let err = secret_token(
        &application,
        Secret::new("not-the-secret"),
        &["submissions.read"],
    )
    .await
    .unwrap_err();
    assert!(matches!(err, ApiError::Unauthorized { .. }), "{err:?}");
}

async fn data_plane_token_with_key(private: &str, public: &str, key_id: Option<&str>) {
    let emu = start_default();
    let client = api(&emu);
    let tenant = unique_tenant(&client, "dp", Some(&["eu-1"])).await.id;
    let public = public_key(public);
    let created = add_application(
        &client,
        &tenant,
        "eu-1",
        &["documents.submissions.read"],
        public.to_application_auth(key_id.map(String::from)),
    )
    .await;
    let IssuedCredentials::Key { kind, alg, kid } = created.credentials else {
        panic!("expected key credentials");
    };
    assert_eq!((kind.as_str(), alg.as_str()), (public.kind(), public.alg()));
    assert_eq!(
        kid,
        key_id
            .map(String::from)
            .unwrap_or_else(|| public.thumbprint())
    );
    let token = request_access_token(
        Duration::from_secs(5),
        &created.application.token_url,
        &Credentials::PrivateKey {
            client_id: created.application.client_id,
            private_key_pem: Secret::new(fixture(private)),
            key_id: Some(kid),
        },
        &scopes(&["submissions.read"]),
        &terraform_provider_resistant::client::Stop::default(),
    )
    .await
    .unwrap();
    assert!(!token.access_token.expose().is_empty());
}

#[tokio::test]
async fn data_plane_token_with_ec_key_es256() {
    data_plane_token_with_key("ec_p256_sec1.pem", "ec_p256_public.pem", None).await;
    data_plane_token_with_key("ec_p256_pkcs8.pem", "ec_p256_public.pem", Some("ec-1")).await;
}

#[tokio::test]
async fn data_plane_token_with_rsa_key() {
    data_plane_token_with_key(
        "rsa2048_pkcs8.pem",
        "rsa2048_public_spki.pem",
        Some("rsa-1"),
    )
    .await;
}

#[tokio::test]
async fn a_wrong_token_url_is_a_configuration_error() {
    let emu = start_default();
    let mut config = secret_config(&emu);
    config.token_url = format!("{}/oauth2/nowhere/v1/tokens", emu.base_url());
    let err = client(config).list_tenants().await.unwrap_err();
    assert!(matches!(err, ApiError::Config { .. }), "{err:?}");
    assert!(err.message().contains("token_url"), "{err}");
}

#[tokio::test]
async fn an_unreachable_api_is_a_transport_error() {
    let emu = start_default();
    let mut config = secret_config(&emu);
    config.max_retries = 1;
    drop(emu);
    let err = client(config).list_tenants().await.unwrap_err();
    assert!(matches!(err, ApiError::Transport { .. }), "{err:?}");
    assert!(err.message().contains("could not connect"), "{err}");
}
