//! `--db` over real HTTP: tenants, key digests and statuses survive a restart on the same file,
//! and an in-memory emulator starts empty.

mod common;

use common::*;
use raven_emulator::{spawn, Config};
use reqwest::Method;
use serde_json::json;

fn on_file(path: &std::path::Path) -> raven_emulator::Emulator {
    spawn(Config {
        db: Some(path.to_path_buf()),
        ..Config::default()
    })
    .expect("the emulator starts on the file")
}

#[tokio::test]
async fn tenants_and_keys_survive_a_restart_on_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("raven.sqlite");
    let (t, reader) = {
        let emu = on_file(&path);
        let t = register(&emu, "kept@example.com").await;
        let body = json!({ "settings": { "webhook_url": "https://h.example/x", "webhook_events": ["user.created"] } });
        assert_eq!(patch_tenant(&emu, &t.key, body).await.status(), 200);
        let reader = new_key(&emu, &t.key, &["tenant:read"]).await;
        emu.suspend(&t.id).unwrap();
        (t, reader)
    };
    let emu = on_file(&path);
    let tenant = expect_json(get_tenant(&emu, &reader).await, 200).await;
    assert_eq!(tenant["tenant_id"], t.id.as_str());
    assert_eq!(tenant["status"], "suspended");
    assert_eq!(
        tenant["settings"]["webhook_events"],
        json!(["user.created"])
    );
    expect_error(
        patch_tenant(&emu, &t.key, json!({ "name": "X" })).await,
        403,
        "tenant_suspended",
    )
    .await;
    let again = json!({ "name": "A", "email": "kept@example.com" });
    let response = send(request(&emu, Method::POST, "/tenants", None).json(&again)).await;
    expect_error(response, 409, "conflict").await;
    // The file keeps digests, never the keys themselves.
    drop(emu);
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    assert!(!text.contains(&t.key) && !text.contains(&reader));
}

#[tokio::test]
async fn an_in_memory_emulator_starts_empty() {
    let first = start();
    let t = register(&first, "mem@example.com").await;
    drop(first);
    let second = start();
    expect_error(get_tenant(&second, &t.key).await, 401, "unauthorized").await;
    register(&second, "mem@example.com").await;
}

#[test]
fn an_unusable_database_path_is_a_clear_start_error() {
    let dir = tempfile::tempdir().unwrap();
    let err = spawn(Config {
        db: Some(dir.path().join("missing/dir/raven.sqlite")),
        ..Config::default()
    })
    .unwrap_err();
    assert!(
        format!("{err:#}").contains("cannot open the database"),
        "{err:#}"
    );
}
