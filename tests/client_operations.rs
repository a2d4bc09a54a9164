//! Every operation of the contract against the emulator over HTTP, with the typed errors the
//! client turns the emulator's answers into.

mod support;

use std::collections::BTreeSet;

use resistant_emulator::Config;
use support::emulator::*;
use terraform_provider_resistant::client::{
    ApiError, ApplicationAuth, CreateApplication, IssuedCredentials,
};

#[tokio::test]
async fn tenant_lifecycle() {
    let emu = start_default();
    let client = api(&emu);
    let name = unique_name("life");
    let created = client
        .create_tenant(&new_tenant(&name, None))
        .await
        .unwrap();
    assert_eq!(created.name, name);
    assert_eq!(created.cells, vec!["eu-1"]);
    assert_eq!(created.documents_ui.len(), 1);
    assert!(created.documents_ui["eu-1"].contains(&name));

    let multi = unique_tenant(&client, "multi", Some(&["us-1", "ca-1"])).await;
    assert_eq!(multi.cells, vec!["us-1", "ca-1"]);
    assert_eq!(
        multi.documents_ui.keys().collect::<Vec<_>>(),
        vec!["ca-1", "us-1"]
    );

    assert_eq!(client.get_tenant(&created.id).await.unwrap(), created);
    assert_eq!(
        client.find_tenant_by_name(&name).await.unwrap(),
        Some(created.clone())
    );
    assert_eq!(
        client.find_tenant_by_name("nosuchname").await.unwrap(),
        None
    );
    assert_eq!(client.list_tenants().await.unwrap().len(), 2);

    client.delete_tenant(&created.id).await.unwrap();
    let err = client.get_tenant(&created.id).await.unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    // Deleting again succeeds: the tenant is gone either way.
    client.delete_tenant(&created.id).await.unwrap();
    // The name can be reused.
    client
        .create_tenant(&new_tenant(&name, None))
        .await
        .unwrap();
}

#[tokio::test]
async fn tenant_errors_are_typed_and_carry_the_message() {
    let emu = start(Config {
        tenant_quota: 2,
        ..Config::default()
    });
    let client = api(&emu);
    let name = unique_name("dup");
    client
        .create_tenant(&new_tenant(&name, None))
        .await
        .unwrap();

    let err = client
        .create_tenant(&new_tenant(&name, None))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::AlreadyExists { .. }), "{err:?}");
    assert!(
        err.message()
            .contains(&format!("terraform import ADDRESS name:{name}")),
        "{err}"
    );
    assert!(err.message().contains("create_before_destroy"), "{err}");

    let err = client
        .create_tenant(&new_tenant("Not-Valid!", None))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Validation { .. }), "{err:?}");

    let err = client
        .create_tenant(&new_tenant(&unique_name("cell"), Some(&["mars-1"])))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Validation { .. }), "{err:?}");

    unique_tenant(&client, "second", None).await;
    let err = client
        .create_tenant(&new_tenant(&unique_name("third"), None))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::QuotaExceeded { .. }), "{err:?}");
    let (_, detail) = err.describe("create tenant");
    assert!(
        detail.contains(err.message()) && detail.contains("quota"),
        "{detail}"
    );

    let err = client.get_tenant("does-not-exist").await.unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
}

#[tokio::test]
async fn listing_follows_pages_to_the_end() {
    let emu = start(Config {
        tenant_quota: 130,
        ..Config::default()
    });
    let client = api(&emu);
    let mut names = BTreeSet::new();
    // More than one page of the client's 100-item pages.
    for i in 0..125 {
        let name = format!("page{i:03}");
        client
            .create_tenant(&new_tenant(&name, None))
            .await
            .unwrap();
        names.insert(name);
    }
    let listed: Vec<String> = client
        .list_tenants()
        .await
        .unwrap()
        .into_iter()
        .map(|t| t.name)
        .collect();
    assert_eq!(listed.len(), 125, "no tenant twice, none missing");
    assert_eq!(listed.iter().cloned().collect::<BTreeSet<_>>(), names);
    // The last one is found only on the second page.
    assert!(client
        .find_tenant_by_name("page124")
        .await
        .unwrap()
        .is_some());
}

#[tokio::test]
async fn application_lifecycle_with_every_auth_method() {
    let emu = start_default();
    let client = client(key_config(&emu));
    let t = unique_tenant(&client, "apps", Some(&["eu-1", "us-1"])).await;

    let with_secret = add_application(
        &client,
        &t.id,
        "eu-1",
        &["documents.submissions.read", "documents.submissions.write"],
        ApplicationAuth::ClientSecret,
    )
    .await;
    assert!(matches!(
        &with_secret.credentials,
        IssuedCredentials::ClientSecret(s) if !s.expose().is_empty()
    ));
    assert_eq!(with_secret.application.cell, "eu-1");
    assert!(with_secret
        .application
        .token_url
        .starts_with("http://127.0.0.1"));

    let rsa = public_key("rsa2048_public_pkcs1.pem");
    let with_rsa = add_application(
        &client,
        &t.id,
        "us-1",
        &["documents.submissions.read"],
        rsa.to_application_auth(Some("rsa-key".into())),
    )
    .await;
    match &with_rsa.credentials {
        IssuedCredentials::Key { kind, alg, kid } => {
            assert_eq!(
                (kind.as_str(), alg.as_str(), kid.as_str()),
                ("RSA", "RS256", "rsa-key")
            )
        }
        other => panic!("{other:?}"),
    }

    let ec = public_key("ec_p256_public.pem");
    let with_ec = add_application(
        &client,
        &t.id,
        "eu-1",
        &["documents.submissions.write"],
        ec.to_application_auth(None),
    )
    .await;
    assert!(
        matches!(&with_ec.credentials, IssuedCredentials::Key { kid, .. } if *kid == ec.thumbprint())
    );

    let listed = client.list_applications(&t.id).await.unwrap();
    assert_eq!(listed.len(), 3);
    for created in [&with_secret, &with_rsa, &with_ec] {
        assert!(listed.contains(&created.application));
        assert_eq!(
            client
                .get_application(&t.id, &created.application.id)
                .await
                .unwrap(),
            created.application
        );
    }

    // A tenant with applications cannot go.
    let err = client.delete_tenant(&t.id).await.unwrap_err();
    assert!(matches!(err, ApiError::Conflict { .. }), "{err:?}");

    for created in [&with_secret, &with_rsa, &with_ec] {
        client
            .delete_application(&t.id, &created.application.id)
            .await
            .unwrap();
        client
            .delete_application(&t.id, &created.application.id)
            .await
            .unwrap();
        let err = client
            .get_application(&t.id, &created.application.id)
            .await
            .unwrap_err();
        assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    }
    assert!(client.list_applications(&t.id).await.unwrap().is_empty());
    client.delete_tenant(&t.id).await.unwrap();
}

#[tokio::test]
async fn application_errors_are_typed() {
    let emu = start_default();
    let client = api(&emu);
    let t = unique_tenant(&client, "apperr", None).await;
    let request = |cell: &str, scope: &str| CreateApplication {
        cell: cell.into(),
        scopes: scopes(&[scope]),
        auth: ApplicationAuth::ClientSecret,
    };
    // A cell the tenant is not in.
    let err = client
        .create_application(&t.id, &request("us-1", "documents.submissions.read"))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Validation { .. }), "{err:?}");
    let err = client
        .create_application(&t.id, &request("eu-1", "tenants.write"))
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::Validation { .. }), "{err:?}");
    let err = client
        .create_application(
            "no-such-tenant",
            &request("eu-1", "documents.submissions.read"),
        )
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
    let err = client
        .list_applications("no-such-tenant")
        .await
        .unwrap_err();
    assert!(matches!(err, ApiError::NotFound { .. }), "{err:?}");
}
