//! The emulator side of the tests: starting an emulator, API clients for its organization (real
//! HTTP), seeding it with tenants and applications, data-plane tokens, and terraform workspaces
//! whose provider block points at it.

use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use resistant_emulator::{Config, Emulator, Faults};
use serde_json::Value as Json;
use terraform_provider_resistant::client::keys::{self, PublicKey};
use terraform_provider_resistant::client::{
    request_access_token, AccessToken, ApiError, Application, ApplicationAuth, Client,
    ClientConfig, CreateApplication, CreateTenant, CreatedApplication, Credentials,
    IssuedCredentials, RetryTiming, Secret, Tenant,
};
use terraform_provider_resistant::provider::catalog::APPLICATION_SCOPES;

use super::state::{sorted, str_of, values};
use super::{fixture, provider_block, Workspace};

/// Every scope of the organization's control-plane credentials.
pub const CONTROL_PLANE_SCOPES: &[&str] = &[
    "tenants.read",
    "tenants.write",
    "tenants.applications.read",
    "tenants.applications.write",
    "organization.read",
];

/// An in-memory emulator that also accepts private_key_jwt with the organization's test key
/// (`org_rsa_pkcs1.pem`) unless `config` names another key.
pub fn start(config: Config) -> Emulator {
    resistant_emulator::spawn(Config {
        org_public_key_pem: config
            .org_public_key_pem
            .or_else(|| Some(fixture("org_rsa_public.pem"))),
        ..config
    })
    .expect("start the emulator")
}

/// [`start`] with the default configuration.
pub fn start_default() -> Emulator {
    start(Config::default())
}

/// [`start`] with these faults injected from the start.
pub fn start_faulty(faults: Faults) -> Emulator {
    start(Config {
        faults,
        ..Config::default()
    })
}

/// A client configuration with the organization's client secret and every control-plane scope.
pub fn secret_config(emu: &Emulator) -> ClientConfig {
    ClientConfig {
        endpoint: emu.endpoint(),
        token_url: emu.token_url(),
        credentials: Credentials::ClientSecret {
            client_id: emu.org_client_id(),
            client_secret: Secret::new(emu.org_client_secret()),
        },
        scopes: scopes(CONTROL_PLANE_SCOPES),
        request_timeout: Duration::from_secs(10),
        max_retries: 5,
        requests_per_second: None,
        user_agent_suffix: "terraform/1.11.4".into(),
    }
}

/// [`secret_config`] authenticating with the organization's private key instead.
pub fn key_config(emu: &Emulator) -> ClientConfig {
    ClientConfig {
        credentials: Credentials::PrivateKey {
            client_id: emu.org_client_id(),
            private_key_pem: Secret::new(fixture("org_rsa_pkcs1.pem")),
            key_id: None,
        },
        ..secret_config(emu)
    }
}

/// Short backoff so retry tests stay fast (still at least the 1 s `Retry-After` cap).
pub fn fast_timing() -> RetryTiming {
    RetryTiming {
        base_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(1500),
    }
}

/// A client with [`fast_timing`].
pub fn client(config: ClientConfig) -> Client {
    Client::with_retry_timing(config, fast_timing()).expect("client builds")
}

/// [`client`] with [`secret_config`] but at most `max_retries` retries.
pub fn retrying_client(emu: &Emulator, max_retries: u32) -> Client {
    client(ClientConfig {
        max_retries,
        ..secret_config(emu)
    })
}

/// The organization's API client, to look at or change things behind Terraform's back.
pub fn api(emu: &Emulator) -> Client {
    client(secret_config(emu))
}

/// Owned strings from string literals.
pub fn scopes(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// A tenant name unique within one test run (`^[a-z0-9]{1,61}$`).
pub fn unique_name(prefix: &str) -> String {
    let id = uuid::Uuid::new_v4().simple().to_string();
    format!("{prefix}{}", &id[..12])
}

/// A tenant creation request.
pub fn new_tenant(name: &str, cells: Option<&[&str]>) -> CreateTenant {
    CreateTenant {
        name: name.into(),
        cells: cells.map(|cells| cells.iter().map(|c| c.to_string()).collect()),
    }
}

/// An application creation request.
pub fn new_application(
    cell: &str,
    scope_list: &[&str],
    auth: ApplicationAuth,
) -> CreateApplication {
    CreateApplication {
        cell: cell.into(),
        scopes: scopes(scope_list),
        auth,
    }
}

/// Creates a tenant named `prefix` plus a random suffix, in `cells` or the default cell.
pub async fn unique_tenant(client: &Client, prefix: &str, cells: Option<&[&str]>) -> Tenant {
    client
        .create_tenant(&new_tenant(&unique_name(prefix), cells))
        .await
        .expect("create tenant")
}

/// Creates an application in the tenant.
pub async fn add_application(
    client: &Client,
    tenant_id: &str,
    cell: &str,
    scope_list: &[&str],
    auth: ApplicationAuth,
) -> CreatedApplication {
    client
        .create_application(tenant_id, &new_application(cell, scope_list, auth))
        .await
        .expect("create application")
}

/// The public key in a fixture file.
pub fn public_key(file: &str) -> PublicKey {
    keys::parse_public_key_pem(&fixture(file)).expect("fixture public key")
}

/// The client secret issued with an application, panicking if it got none.
pub fn issued_secret(created: CreatedApplication) -> (Application, Secret) {
    let IssuedCredentials::ClientSecret(secret) = created.credentials else {
        panic!("a client secret application got no secret");
    };
    (created.application, secret)
}

fn runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: OnceLock<tokio::runtime::Runtime> = OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .expect("tokio runtime")
    })
}

/// Runs a future to completion from a synchronous test.
pub fn block_on<F: Future>(future: F) -> F::Output {
    runtime().block_on(future)
}

/// How many tenants the organization has (through the API).
pub fn tenant_count(api: &Client) -> usize {
    block_on(api.list_tenants()).expect("list tenants").len()
}

/// How many applications the tenant has (through the API).
pub fn application_count(api: &Client, tenant_id: &str) -> usize {
    block_on(api.list_applications(tenant_id))
        .expect("list applications")
        .len()
}

/// An emulator and its organization's API client, for synchronous (terraform) tests.
pub struct Org {
    pub emulator: Emulator,
    pub client: Client,
}

impl Org {
    pub fn start(config: Config) -> Org {
        let emulator = start(config);
        let client = api(&emulator);
        Org { emulator, client }
    }

    pub fn tenant(&self, name: &str, cells: &[&str]) -> Tenant {
        block_on(self.client.create_tenant(&new_tenant(name, Some(cells)))).expect("create tenant")
    }

    /// An application authenticating with a key.
    pub fn application(&self, tenant: &Tenant, cell: &str, auth: ApplicationAuth) -> Application {
        self.create_application(tenant, cell, auth).application
    }

    /// An application with a client secret, and the secret.
    pub fn secret_application(&self, tenant: &Tenant, cell: &str) -> (Application, String) {
        let created = self.create_application(tenant, cell, ApplicationAuth::ClientSecret);
        let (application, secret) = issued_secret(created);
        (application, secret.expose().to_string())
    }

    fn create_application(
        &self,
        tenant: &Tenant,
        cell: &str,
        auth: ApplicationAuth,
    ) -> CreatedApplication {
        let request = new_application(cell, APPLICATION_SCOPES, auth);
        block_on(self.client.create_application(&tenant.id, &request)).expect("create application")
    }
}

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

/// The provider block pointing at the emulator, with the organization's client secret.
pub fn provider_config(emulator: &Emulator) -> String {
    provider_block(&format!(
        "  endpoint      = \"{}\"\n  token_url     = \"{}\"\n  client_id     = \"{}\"\n  \
         client_secret = \"{}\"\n",
        emulator.endpoint(),
        emulator.token_url(),
        emulator.org_client_id(),
        emulator.org_client_secret()
    ))
}

/// Writes `main.tf` (provider block plus `body`).
pub fn configure(ws: &Workspace, emulator: &Emulator, body: &str) {
    ws.write_file("main.tf", &(provider_config(emulator) + "\n" + body));
}

/// A fresh workspace with `main.tf` written and `terraform init` done.
pub fn workspace(emulator: &Emulator, body: &str) -> Workspace {
    let ws = Workspace::new();
    configure(&ws, emulator, body);
    ws.init();
    ws
}
