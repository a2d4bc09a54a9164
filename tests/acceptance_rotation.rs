//! Credential rotation under real terraform: changing `rotate_when_changed` (client secret) or the
//! public key (private_key_jwt) with `create_before_destroy` creates the new application before the
//! old one is deleted, so the tenant never lacks working credentials, and the old ones stop working.

mod support;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

use serde_json::Value as Json;
use support::emulator::{api, application_count, start_default};
use support::state::{actions, id_of, plan_json, replace_paths, str_of, values};
use support::tokens::data_plane_token;
use support::{configure, fixture, workspace, FIXTURES};

const SECRET_APP: &str = "resistant_tenant_application.secret";
const KEY_APP: &str = "resistant_tenant_application.key";

/// One rotation round: the value that rotates the secret app, and the key pair of the key app.
struct Round {
    label: &'static str,
    public_key: &'static str,
    private_key: &'static str,
}

const ROUNDS: [Round; 3] = [
    Round {
        label: "2026-01",
        public_key: "rsa2048_public_spki.pem",
        private_key: "rsa2048_pkcs1.pem",
    },
    Round {
        label: "2026-02",
        public_key: "rsa2048b_public_spki.pem",
        private_key: "rsa2048b_pkcs1.pem",
    },
    Round {
        label: "2026-03",
        public_key: "ec_p256_public.pem",
        private_key: "ec_p256_pkcs8.pem",
    },
];

fn body(round: &Round) -> String {
    format!(
        r#"
resource "resistant_tenant" "rotating" {{
  name                = "rotating"
  deletion_protection = false
}}

resource "resistant_tenant_application" "secret" {{
  tenant_id           = resistant_tenant.rotating.id
  cell                = "eu-1"
  scopes              = ["documents.submissions.read"]
  rotate_when_changed = {{ round = "{label}" }}

  lifecycle {{
    create_before_destroy = true
  }}
}}

resource "resistant_tenant_application" "key" {{
  tenant_id      = resistant_tenant.rotating.id
  cell           = "eu-1"
  scopes         = ["documents.submissions.read"]
  public_key_pem = file("{FIXTURES}/{public_key}")

  lifecycle {{
    create_before_destroy = true
  }}
}}
"#,
        label = round.label,
        public_key = round.public_key,
    )
}

/// Credentials of both applications as the state holds them.
fn credentials(show: &Json) -> (Json, Json) {
    (values(show, SECRET_APP), values(show, KEY_APP))
}

fn token_ok(app: &Json, private_key: Option<&str>) -> bool {
    data_plane_token(
        str_of(app, "token_url"),
        str_of(app, "client_id"),
        app["client_secret"].as_str(),
        private_key,
        &["submissions.read".to_string()],
    )
    .is_ok()
}

#[test]
fn rotation_with_create_before_destroy() {
    let emu = start_default();
    let api = api(&emu);
    let ws = workspace(&emu, &body(&ROUNDS[0]));
    ws.apply();
    let mut show = ws.show_json();
    let tenant_id = id_of(&show, "resistant_tenant.rotating");
    let (mut secret_app, mut key_app) = credentials(&show);
    let mut private_key = fixture(ROUNDS[0].private_key);
    assert!(token_ok(&secret_app, None) && token_ok(&key_app, Some(&private_key)));

    for round in &ROUNDS[1..] {
        configure(&ws, &emu, &body(round));
        let plan = plan_json(&ws);
        for address in [SECRET_APP, KEY_APP] {
            assert_eq!(actions(&plan, address), ["create", "delete"], "{address}");
        }
        assert_eq!(replace_paths(&plan, SECRET_APP), ["rotate_when_changed"]);

        // Watch the tenant's applications while terraform applies: never fewer than two.
        let done = Arc::new(AtomicBool::new(false));
        let watcher = {
            let (api, tenant_id, done) = (api.clone(), tenant_id.clone(), done.clone());
            std::thread::spawn(move || {
                let (mut fewest, mut most) = (usize::MAX, 0);
                while !done.load(Ordering::SeqCst) {
                    let count = application_count(&api, &tenant_id);
                    fewest = fewest.min(count);
                    most = most.max(count);
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                (fewest, most)
            })
        };
        ws.apply();
        done.store(true, Ordering::SeqCst);
        let (fewest, most) = watcher.join().expect("watcher");
        assert!(
            fewest >= 2,
            "an application was missing during the rotation ({fewest})"
        );
        assert!(most <= 4, "{most} applications at once");

        show = ws.show_json();
        let (new_secret_app, new_key_app) = credentials(&show);
        let new_private_key = fixture(round.private_key);
        assert_ne!(new_secret_app["client_id"], secret_app["client_id"]);
        assert_ne!(new_secret_app["client_secret"], secret_app["client_secret"]);
        assert_ne!(new_key_app["client_id"], key_app["client_id"]);
        assert!(token_ok(&new_secret_app, None), "the new secret works");
        assert!(
            token_ok(&new_key_app, Some(&new_private_key)),
            "the new key works"
        );
        assert!(
            !token_ok(&secret_app, None),
            "the old secret no longer works"
        );
        assert!(
            !token_ok(&key_app, Some(&private_key)),
            "the old key no longer works"
        );
        assert_eq!(
            application_count(&api, &tenant_id),
            2,
            "the old applications are gone"
        );
        assert!(ws.plan_is_empty());
        (secret_app, key_app, private_key) = (new_secret_app, new_key_app, new_private_key);
    }
    ws.destroy();
}
