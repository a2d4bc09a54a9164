//! Documents API (data-plane) tokens for applications, obtained over real HTTP from the emulator's
//! authorization servers: to prove that the credentials Terraform created or rotated work.

use std::time::Duration;

use serde_json::Value as Json;
use terraform_provider_resistant::client::{
    request_access_token, AccessToken, ApiError, Application, Credentials, Secret,
};

use super::emulator::{block_on, scopes};
use super::state::{sorted, str_of, values};

/// A Documents API token for an application, with its secret or its private key.
pub fn data_plane_token(
    token_url: &str,
    client_id: &str,
    secret: Option<&str>,
    private_key_pem: Option<&str>,
    scopes: &[String],
) -> Result<AccessToken, ApiError> {
    let credentials = match (secret, private_key_pem) {
        (Some(secret), _) => Credentials::ClientSecret {
            client_id: client_id.into(),
            client_secret: Secret::new(secret),
        },
        (None, Some(pem)) => Credentials::PrivateKey {
            client_id: client_id.into(),
            private_key_pem: Secret::new(pem),
            key_id: None,
        },
        (None, None) => panic!("an application needs a secret or a key"),
    };
    block_on(request_access_token(
        Duration::from_secs(10),
        token_url,
        &credentials,
        scopes,
        &terraform_provider_resistant::client::Stop::default(),
    ))
}

/// A Documents API token for `app`, authenticating with a client secret.
pub async fn secret_token(
    app: &Application,
    secret: Secret,
    scope_list: &[&str],
) -> Result<AccessToken, ApiError> {
    let credentials = Credentials::ClientSecret {
        client_id: app.client_id.clone(),
        client_secret: secret,
    };
    request_access_token(
        Duration::from_secs(10),
        &app.token_url,
        &credentials,
        &scopes(scope_list),
        &terraform_provider_resistant::client::Stop::default(),
    )
    .await
}

/// Requests a token with the credentials of the application at `address` in `show`, panicking with
/// the error unless it works. Key-based applications use `private_key_pem`.
pub fn assert_token_works(show: &Json, address: &str, private_key_pem: Option<&str>) {
    let app = values(show, address);
    let secret = app["client_secret"].as_str();
    // Data-plane scope names drop the control plane's `documents.` prefix.
    let scopes: Vec<String> = sorted(&app["scopes"])
        .iter()
        .map(|s| s.trim_start_matches("documents.").to_string())
        .collect();
    let result = data_plane_token(
        str_of(&app, "token_url"),
        str_of(&app, "client_id"),
        secret,
        private_key_pem,
        &scopes,
    );
    assert!(result.is_ok(), "{address}: no token: {:?}", result.err());
}
