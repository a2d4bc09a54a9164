//! The emulator side of the tests: starting an emulator, API clients for its organization (real
//! HTTP), and seeding it with tenants and applications.

use std::collections::BTreeMap;
use std::future::Future;
use std::sync::OnceLock;
use std::time::Duration;

use resistant_emulator::{Config, Emulator, Faults, Stats};
use terraform_provider_resistant::client::keys::{self, PublicKey};
use terraform_provider_resistant::client::{
    Application, ApplicationAuth, Client, ClientConfig, CreateApplication, CreateTenant,
    CreatedApplication, Credentials, IssuedCredentials, RetryTiming, Secret, Stop, Tenant,
    DEFAULT_OPERATION_TIMEOUT,
};
use terraform_provider_resistant::provider::catalog::APPLICATION_SCOPES;

use super::fixture;

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
        operation_timeout: DEFAULT_OPERATION_TIMEOUT,
        max_retries: 5,
        requests_per_second: None,
        user_agent_suffix: "terraform/1.11.4".into(),
        stop: Stop::default(),
        lock_dir: terraform_provider_resistant::client::default_lock_dir(),
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
fn fast_timing() -> RetryTiming {
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

/// Creates `count` tenants named `prefix0`, `prefix1`, … through the API, a few at a time, and
/// answers them in creation order.
pub async fn seed_tenants(client: &Client, prefix: &str, count: usize) -> Vec<Tenant> {
    const AT_ONCE: usize = 8;
    let mut tenants = Vec::with_capacity(count);
    for start in (0..count).step_by(AT_ONCE) {
        let mut batch = tokio::task::JoinSet::new();
        for i in start..(start + AT_ONCE).min(count) {
            let (client, name) = (client.clone(), format!("{prefix}{i}"));
            batch.spawn(async move { client.create_tenant(&new_tenant(&name, None)).await });
        }
        while let Some(created) = batch.join_next().await {
            tenants.push(created.expect("join").expect("seed a tenant"));
        }
    }
    tenants.sort_by(|a, b| a.id.cmp(&b.id));
    tenants
}

/// The requests by `"<METHOD> <route>"` that the emulator served between two snapshots of its
/// counters (routes with none left out).
pub fn requests_between(before: &Stats, after: &Stats) -> BTreeMap<String, u64> {
    after
        .routes
        .requests
        .iter()
        .map(|(route, &count)| (route.clone(), count - before.count(route)))
        .filter(|(_, count)| *count > 0)
        .collect()
}

/// The route keys of the control plane and the token endpoint, as the emulator counts them.
pub mod routes {
    pub const TENANT_PAGE: &str = "GET /v0/tenants";
    pub const TENANT: &str = "GET /v0/tenants/{tenant_id}";
    pub const APPLICATION_LIST: &str = "GET /v0/tenants/{tenant_id}/applications";
    pub const APPLICATION: &str = "GET /v0/tenants/{tenant_id}/applications/{application_id}";
    pub const TOKEN: &str = "POST /oauth2/{server}/v1/token";
}
