//! The API's objects as the client hands them out.

use std::collections::BTreeMap;

use num_bigint::BigUint;

use super::Secret;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tenant {
    pub id: String,
    pub name: String,
    pub created: String,
    pub updated: String,
    pub cells: Vec<String>,
    /// Cell name to Documents UI address.
    pub documents_ui: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateTenant {
    pub name: String,
    /// `None` lets the server apply its default (`["eu-1"]`).
    pub cells: Option<Vec<String>>,
}

/// How a new application authenticates at its token endpoint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApplicationAuth {
    ClientSecret,
    Rsa { kid: String, n: BigUint, e: BigUint },
    Ec { kid: String, x: BigUint, y: BigUint },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CreateApplication {
    pub cell: String,
    pub scopes: Vec<String>,
    pub auth: ApplicationAuth,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Application {
    pub id: String,
    pub client_id: String,
    pub auth_server: String,
    pub cell: String,
    pub scopes: Vec<String>,
    pub token_url: String,
}

/// What the create response carries once and never again.
#[derive(Clone, Debug)]
pub enum IssuedCredentials {
    ClientSecret(Secret),
    /// `kind` is `RSA` or `EC`.
    Key {
        kind: String,
        alg: String,
        kid: String,
    },
}

#[derive(Clone, Debug)]
pub struct CreatedApplication {
    pub application: Application,
    pub credentials: IssuedCredentials,
}

#[derive(Clone, Debug)]
pub struct AccessToken {
    pub access_token: Secret,
    pub token_type: String,
    pub expires_in: u64,
    pub scope: String,
}
