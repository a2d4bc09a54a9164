//! Creates that survive a lost response without leaving duplicates: before retrying, look for
//! what the lost attempt may have created and recover it, or clean it up when it cannot be used.

use std::collections::{BTreeSet, HashSet};

use reqwest::Method;

use super::auth::Failure;
use super::{
    wire, ApiError, Application, ApplicationAuth, Client, CreateApplication, CreateTenant,
    CreatedApplication, IssuedCredentials, Tenant,
};

/// A failure after a recovery lookup failed too: the lookup's kind of error, both messages.
fn lookup_failed(what: &str, original: &ApiError, lookup: ApiError) -> ApiError {
    lookup.with_message(format!(
        "{what} failed ({original}) and checking whether it took effect failed as well ({lookup}); \
         check in the API whether it exists before applying again"
    ))
}

pub async fn create_tenant(client: &Client, request: &CreateTenant) -> Result<Tenant, ApiError> {
    let t = &client.transport;
    let url = t.url(&["tenants"]);
    let body = wire::create_tenant_body(request);
    let mut retry = 0;
    loop {
        let failure: Failure = match t.attempt(&Method::POST, &url, Some(&body), retry + 1).await {
            Ok(reply) => return wire::parse_tenant(&reply.body),
            Err(f) => f,
        };
        // A conflict after an earlier attempt is most likely that attempt's tenant.
        let lost_earlier = retry > 0 && matches!(failure.error, ApiError::Conflict { .. });
        if !(lost_earlier || failure.retryable) {
            return Err(failure.error);
        }
        let may_retry = !lost_earlier && retry < t.max_retries;
        if may_retry {
            t.pause(retry, &failure, &Method::POST, &url).await;
        }
        // The attempt may have created the tenant before its response was lost.
        match client.find_tenant_by_name(&request.name).await {
            Ok(Some(tenant)) => {
                tracing::info!(tenant_id = %tenant.id, "a tenant create response was lost; recovered the tenant by its name");
                return Ok(tenant);
            }
            Ok(None) if may_retry => {}
            Ok(None) => return Err(failure.error),
            Err(e) => return Err(lookup_failed("creating the tenant", &failure.error, e)),
        }
        retry += 1;
    }
}

fn same_scopes(a: &[String], b: &[String]) -> bool {
    a.iter().collect::<BTreeSet<_>>() == b.iter().collect::<BTreeSet<_>>()
}

/// Applications created since `before` that look like `request`.
fn new_candidates<'a>(
    now: &'a [Application],
    before: &HashSet<String>,
    request: &CreateApplication,
) -> Vec<&'a Application> {
    now.iter()
        .filter(|a| !before.contains(&a.id))
        .filter(|a| a.cell == request.cell && same_scopes(&a.scopes, &request.scopes))
        .collect()
}

/// What the create response would have said about key-based credentials.
fn key_credentials(auth: &ApplicationAuth) -> Option<IssuedCredentials> {
    match auth {
        ApplicationAuth::ClientSecret => None,
        ApplicationAuth::Rsa { kid, .. } => Some(IssuedCredentials::Key {
            kind: "RSA".into(),
            alg: "RS256".into(),
            kid: kid.clone(),
        }),
        ApplicationAuth::Ec { kid, .. } => Some(IssuedCredentials::Key {
            kind: "EC".into(),
            alg: "ES256".into(),
            kid: kid.clone(),
        }),
    }
}

pub async fn create_application(
    client: &Client,
    tenant_id: &str,
    request: &CreateApplication,
) -> Result<CreatedApplication, ApiError> {
    let t = &client.transport;
    let url = t.url(&["tenants", tenant_id, "applications"]);
    let body = wire::create_application_body(request);
    // What exists before the first attempt, to tell a lost create's application from others.
    let before: HashSet<String> = client
        .list_applications(tenant_id)
        .await?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let mut retry = 0;
    loop {
        let failure = match t.attempt(&Method::POST, &url, Some(&body), retry + 1).await {
            Ok(reply) => return wire::parse_created_application(&reply.body),
            Err(f) => f,
        };
        if !failure.retryable {
            return Err(failure.error);
        }
        let may_retry = retry < t.max_retries;
        if may_retry {
            t.pause(retry, &failure, &Method::POST, &url).await;
        }
        // The attempt may have created the application before its response was lost.
        let now = client
            .list_applications(tenant_id)
            .await
            .map_err(|e| lookup_failed("creating the application", &failure.error, e))?;
        let candidates = new_candidates(&now, &before, request);
        match (candidates.as_slice(), key_credentials(&request.auth)) {
            ([], _) => {}
            ([found], Some(credentials)) => {
                tracing::info!(application_id = %found.id, "an application create response was lost; recovered the key-based application");
                return Ok(CreatedApplication {
                    application: (*found).clone(),
                    credentials,
                });
            }
            ([found], None) => {
                // Its one-time secret went with the lost response: remove it and create anew.
                tracing::warn!(application_id = %found.id, "an application create response was lost with its client secret; deleting that application");
                client
                    .delete_application(tenant_id, &found.id)
                    .await
                    .map_err(|e| {
                        lookup_failed(
                            &format!(
                                "creating the application (its response and client secret were lost; \
                                 application {} in tenant {tenant_id} is unusable and should be deleted)",
                                found.id
                            ),
                            &failure.error,
                            e,
                        )
                    })?;
            }
            (many, _) => {
                let ids: Vec<&str> = many.iter().map(|a| a.id.as_str()).collect();
                return Err(ApiError::Conflict {
                    message: format!(
                        "the response to creating an application in tenant {tenant_id} was lost ({}), and \
                         {} new applications with the same cell and scopes appeared meanwhile ({}); \
                         cannot tell which one is this one. Delete the unused ones (or import the right one) \
                         and apply again",
                        failure.error,
                        many.len(),
                        ids.join(", ")
                    ),
                });
            }
        }
        if !may_retry {
            return Err(failure.error);
        }
        retry += 1;
    }
}
