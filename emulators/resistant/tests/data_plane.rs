//! The Documents data plane over real HTTP: submission, upload, fraud result; tenant isolation,
//! cell binding, scopes, and organization tokens refused.

mod common;

use common::*;
use serde_json::{json, Value};

/// Creates an application with `scopes` in `cell` and returns a data-plane token for it.
async fn app_token(api: &Api, tenant_id: &str, cell: &str, scopes: &[&str]) -> String {
    let body =
        json!({ "cell": cell, "scopes": scopes, "auth_method": { "type": "CLIENT_SECRET" } });
    let response = api
        .post(&format!("/tenants/{tenant_id}/applications"), &body)
        .await;
    assert_eq!(response.status(), 201);
    let app: Value = response.json().await.unwrap();
    let response = token_basic(
        app["_links"]["token_url"].as_str().unwrap(),
        app["client_id"].as_str().unwrap(),
        app["credentials"]["client_secret"].as_str().unwrap(),
        None,
    )
    .await;
    access_token(response).await
}

#[tokio::test]
async fn submission_flow_and_isolation() {
    let emu = start();
    let api = Api::new(&emu).await;
    let t1 = api.tenant_id("alpha", Some(&["eu-1", "us-1"])).await;
    let t2 = api.tenant_id("beta", None).await;
    let token = app_token(&api, &t1, "eu-1", &ALL_APP_SCOPES).await;
    let other_tenant = app_token(&api, &t2, "eu-1", &ALL_APP_SCOPES).await;
    let other_cell = app_token(&api, &t1, "us-1", &ALL_APP_SCOPES).await;
    let read_only = app_token(&api, &t1, "eu-1", &["documents.submissions.read"]).await;
    let docs = emu.documents_url("eu-1");
    let client = http();

    let response = client
        .post(format!("{docs}/submission"))
        .bearer_auth(&token)
        .json(&json!({ "query_id": "q1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let created: Value = response.json().await.unwrap();
    let id = created["submission_id"].as_str().unwrap();
    let upload_url = created["upload_url"].as_str().unwrap();
    let fraud = format!("{docs}/submission/{id}/fraud");

    // Not ready before the upload.
    let response = client.get(&fraud).bearer_auth(&token).send().await.unwrap();
    expect_error(response, 404).await;
    let response = client
        .put(upload_url)
        .body(vec![1u8; 4096])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    let response = client.get(&fraud).bearer_auth(&token).send().await.unwrap();
    assert_eq!(response.status(), 200);
    let result: Value = response.json().await.unwrap();
    assert_eq!(result["submission_id"], id);
    // Same tenant, other application: visible.
    assert_eq!(
        client
            .get(&fraud)
            .bearer_auth(&read_only)
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    let us_fraud = format!("{}/submission/{id}/fraud", emu.documents_url("us-1"));
    let submit = format!("{docs}/submission");
    expect_refusals(vec![
        (
            "another tenant's submission is invisible",
            client.get(&fraud).bearer_auth(&other_tenant),
            404,
        ),
        (
            "tokens are for one cell",
            client.get(&fraud).bearer_auth(&other_cell),
            401,
        ),
        (
            "the submission is not in the other cell",
            client.get(&us_fraud).bearer_auth(&other_cell),
            404,
        ),
        (
            "organization tokens are refused on the data plane",
            client.get(&fraud).bearer_auth(&api.token),
            401,
        ),
        (
            "organization tokens cannot submit",
            client.post(&submit).bearer_auth(&api.token),
            401,
        ),
        (
            "read-only tokens cannot submit",
            client.post(&submit).bearer_auth(&read_only),
            403,
        ),
        ("no token", client.get(&fraud), 401),
        (
            "unknown cell",
            client
                .post(format!("{}/documents/mars-1/v2/submission", emu.base_url()))
                .bearer_auth(&token),
            404,
        ),
        (
            "unknown upload",
            client.put(format!("{docs}/upload/nothing")).body("x"),
            404,
        ),
    ])
    .await;
    // Deleting the application invalidates its tokens.
    let apps = api.get_json(&format!("/tenants/{t2}/applications")).await;
    let app_id = apps["items"][0]["id"].as_str().unwrap();
    assert_eq!(
        api.delete(&format!("/tenants/{t2}/applications/{app_id}"))
            .await
            .status(),
        204
    );
    expect_refusals(vec![(
        "the deleted application's token",
        client.post(&submit).bearer_auth(&other_tenant),
        401,
    )])
    .await;
}
