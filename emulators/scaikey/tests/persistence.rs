//! `--db` over real HTTP: tenants (deleted ones too) and the token signing key survive a restart
//! on the same file, so a token issued before still works; an in-memory emulator starts empty.

mod common;

use common::*;
use scaikey_emulator::{spawn, Config, Emulator};
use serde_json::json;

fn on_file(path: &std::path::Path, secret: &str) -> Emulator {
    spawn(Config {
        db: Some(path.to_path_buf()),
        client_secret: secret.to_string(),
        ..Config::default()
    })
    .expect("the emulator starts on the file")
}

#[tokio::test]
async fn tenants_and_tokens_survive_a_restart_on_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("scaikey.sqlite");
    let secret = "kept-secret-value";
    let (api, kept, gone) = {
        let emu = on_file(&path, secret);
        let api = Api::new(&emu).await;
        let kept = api.tenant("Kept", "kept").await;
        let body = json!({ "status": "suspended", "settings": { "mfa_methods": ["sms"] } });
        let kept = expect_json(api.patch(&id(&kept), body).await, 200).await;
        let gone = api.tenant("Gone", "gone").await;
        assert_eq!(api.delete(&id(&gone)).await.status(), 204);
        (api, kept, gone)
    };
    let emu = on_file(&path, secret);
    let api = Api {
        base: emu.endpoint(),
        ..api
    };
    assert_eq!(expect_json(api.get(&id(&kept)).await, 200).await, kept);
    assert_eq!(
        expect_json(api.get(&id(&gone)).await, 200).await["status"],
        "deleted"
    );
    assert_eq!(slugs(&api.page("status=deleted").await), ["gone"]);
    expect_detail(
        api.create(json!({ "name": "Again", "slug": "kept" })).await,
        409,
    )
    .await;
    assert_eq!(
        api.create(json!({ "name": "Again", "slug": "gone" }))
            .await
            .status(),
        201
    );
    // The file holds neither the client secret nor issued tokens.
    drop(emu);
    let text = String::from_utf8_lossy(&std::fs::read(&path).unwrap()).to_string();
    assert!(!text.contains(secret) && !text.contains(&api.token));
}

#[tokio::test]
async fn an_in_memory_emulator_starts_empty_with_a_new_signing_key() {
    let first = start();
    let old = Api::new(&first).await;
    old.tenant("Mem", "mem").await;
    drop(first);
    let second = start();
    let stale = Api {
        base: second.endpoint(),
        ..old
    };
    expect_detail(stale.list("").await, 401).await;
    let api = Api::new(&second).await;
    assert_eq!(api.page("").await["total"], 0);
}

#[test]
fn an_unusable_database_path_is_a_clear_start_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = spawn(Config {
        db: Some(dir.path().join("missing/dir/db.sqlite")),
        ..Config::default()
    })
    .unwrap_err();
    assert!(
        format!("{err:#}").contains("cannot open the database"),
        "{err:#}"
    );
}
