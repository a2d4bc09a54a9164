//! `max_page_size` caps how many tenants one listing page holds, whatever `limit` asks for, and the
//! `_links.next` chain still visits every tenant once, in creation order.

use resistant_emulator::{spawn, Config};
use serde_json::{json, Value};

#[tokio::test]
async fn a_capped_page_size_still_lists_everything_through_next_links() {
    let emu = spawn(Config {
        max_page_size: 4,
        ..Config::default()
    })
    .expect("emulator starts");
    let http = reqwest::Client::new();
    let token: Value = http
        .post(emu.token_url())
        .basic_auth(emu.org_client_id(), Some(emu.org_client_secret()))
        .form(&[
            ("grant_type", "client_credentials"),
            ("scope", "tenants.read tenants.write"),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let bearer = format!("Bearer {}", token["access_token"].as_str().unwrap());
    let mut created = Vec::new();
    for i in 0..10 {
        let tenant: Value = http
            .post(format!("{}/tenants", emu.endpoint()))
            .header("Authorization", &bearer)
            .json(&json!({ "name": format!("capped{i}") }))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        created.push(tenant["id"].as_str().unwrap().to_string());
    }
    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut path = "/tenants?limit=100".to_string();
    loop {
        let page: Value = http
            .get(format!("{}{path}", emu.endpoint()))
            .header("Authorization", &bearer)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let items = page["items"].as_array().unwrap();
        sizes.push(items.len());
        seen.extend(items.iter().map(|t| t["id"].as_str().unwrap().to_string()));
        match page["_links"]["next"]["href"].as_str() {
            Some(next) => path = next.to_string(),
            None => break,
        }
    }
    assert_eq!(sizes, [4, 4, 2]);
    assert_eq!(seen, created);
}
