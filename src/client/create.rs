//! Creates that happen exactly once although the API has no idempotency keys. A failed attempt is
//! retried only when it provably changed nothing (never sent, 429, a 4xx) or after checking what
//! it may have changed (a 5xx, a lost response). What such a check finds is taken as this call's
//! own only when no other writer can have made it:
//!
//! - a tenant: its name is unique, and it did not exist before the first attempt (looked up
//!   first; an existing tenant is never adopted, the create fails with how to import it);
//! - an application: the applications that appear in the tenant during this call's turn.
//!
//! Both hold because creates of one name, and creates in one tenant, take turns among every
//! provider process of the user on this machine (`api_client_kit::Turns`). When the turn reaches
//! this process only (the lock directory is unusable), nothing that appears after an unknown
//! outcome is claimed or deleted: it is named to the user with how to import or delete it.
//!
//! ARCHITECTURE.md ("Exactly once") gives the reasoning and what remains possible.

use std::collections::{BTreeSet, HashSet};

use api_client_kit::audit::{Ids, Pending, Settled};
use reqwest::Method;

use super::failure::{Delivery, Failure};
use super::{
    wire, ApiError, Application, ApplicationAuth, Client, CreateApplication, CreateTenant,
    CreatedApplication, IssuedCredentials, Tenant,
};

/// Why an object that appeared could not be placed, for messages.
fn unplaced_reason(client: &Client) -> String {
    let problem = client
        .transport
        .turns
        .dir()
        .problem()
        .unwrap_or("the lock directory cannot be used")
        .to_string();
    format!(
        "This provider process could not take turns with the other provider processes on this \
         machine ({problem}; set RESISTANT_LOCK_DIR to a writable directory), so it cannot prove \
         that its own request made it: it was left alone, neither adopted nor deleted."
    )
}

/// How to import an object that exists, for messages.
fn import_hint(resource_type: &str, import_id: &str) -> String {
    format!(
        "To manage it with this configuration, import it (ADDRESS is the resource's address, such \
         as {resource_type}.example):\n  terraform import ADDRESS {import_id}\nor with an import \
         block:\n  import {{\n    to = ADDRESS\n    id = \"{import_id}\"\n  }}"
    )
}

fn tenant_exists_error(name: &str, id: Option<&str>) -> ApiError {
    let which = id.map_or_else(String::new, |id| format!(" (id {id})"));
    ApiError::AlreadyExists {
        message: format!(
            "a tenant named {name:?} already exists in the organization{which}, and the provider \
             never takes over a tenant it did not create. {}\n\nIf this is a replacement under \
             create_before_destroy (set on this tenant, or inherited from an application that \
             uses it with create_before_destroy), the new tenant would need the name while the \
             old one still holds it, and tenant names are unique: give the replacement another \
             name, or remove create_before_destroy so that the old tenant is destroyed first.",
            import_hint("resistant_tenant", &format!("name:{name}"))
        ),
    }
}

/// What was being created, for messages, and how to find and import it when it may exist.
struct Subject {
    what: String,
    check: String,
}

impl Subject {
    fn tenant(name: &str) -> Subject {
        Subject {
            what: format!("creating the tenant {name:?}"),
            check: format!(
                "Check whether a tenant named {name:?} exists (terraform import by name works: \
                 \"name:{name}\"). {}",
                import_hint("resistant_tenant", &format!("name:{name}"))
            ),
        }
    }

    fn application(tenant_id: &str, cell: &str) -> Subject {
        Subject {
            what: format!("creating an application in cell {cell:?} of tenant {tenant_id}"),
            check: format!(
                "Check the applications of tenant {tenant_id} in cell {cell:?} (the \
                 resistant_tenant_applications data source lists them) for one this \
                 configuration does not manage. A key-based one can be imported: {} A \
                 client-secret one cannot be used (its secret is lost): delete it.",
                import_hint(
                    "resistant_tenant_application",
                    &format!("{tenant_id}/APPLICATION_ID")
                )
            ),
        }
    }

    /// The error to end with: what failed, whether anything may exist, and what to do.
    fn failed(&self, failure: Failure, maybe_created: bool) -> ApiError {
        let error = &failure.error;
        let message = match failure.delivery {
            Delivery::Stopped { in_flight } if in_flight || maybe_created => format!(
                "Terraform interrupted {} while a request that may have created it was in flight; \
                 it may or may not exist now. {}",
                self.what, self.check
            ),
            Delivery::Stopped { .. } => format!(
                "Terraform interrupted {} before it was created; nothing was created.",
                self.what
            ),
            Delivery::NotSent { .. } if !maybe_created => format!(
                "{} failed before the request reached the API, so nothing was created: {}",
                self.what,
                error.message()
            ),
            _ if maybe_created => format!(
                "{} failed ({error}); a check after the failure found that nothing was created.",
                self.what
            ),
            _ => format!("{} failed: {}", self.what, error.message()),
        };
        error.with_message(message)
    }

    /// The error when checking what a failed attempt did failed too.
    fn unknown(&self, original: &ApiError, lookup: &ApiError) -> ApiError {
        lookup.with_message(format!(
            "{} failed ({original}), and checking whether it took effect failed as well \
             ({lookup}); it may exist. {}",
            self.what, self.check
        ))
    }
}

pub async fn create_tenant(client: &Client, request: &CreateTenant) -> Result<Tenant, ApiError> {
    let t = &client.transport;
    let url = t.url(&["tenants"]);
    let body = wire::create_tenant_body(request);
    let subject = Subject::tenant(&request.name);
    // A change that cannot be recorded asks the API nothing.
    t.audit_ready()?;
    // Two creates of one name would otherwise both find the one that won.
    let turn = t
        .turns
        .take(&format!("tenant-name/{}", request.name), &t.stop)
        .await
        .map_err(|_| subject.failed(Failure::stopped(&subject.what, false), false))?;
    // What existed before the first attempt is never this call's.
    let existing = client
        .find_tenant_by_name(&request.name)
        .await
        .map_err(|e| subject.failed(Failure::not_sent(e), false))?;
    if let Some(existing) = existing {
        return Err(tenant_exists_error(&request.name, Some(&existing.id)));
    }
    let mut budget = t.budget();
    let mut maybe_created = false;
    // The audit event of the latest attempt whose outcome is unknown, until the check settles it.
    let mut unsettled: Option<Pending> = None;
    loop {
        let (result, pending) = t
            .attempt_recorded(&Method::POST, &url, Some(&body), budget.attempt())
            .await;
        let failure = match result {
            Ok(reply) => return wire::parse_tenant(&reply.body),
            Err(failure) => failure,
        };
        if pending.is_some() {
            unsettled = pending;
        }
        if let Delivery::Stopped { .. } = failure.delivery {
            return Err(subject.failed(failure, maybe_created));
        }
        maybe_created |= failure.maybe_processed();
        let conflict = matches!(failure.error, ApiError::Conflict { .. });
        if maybe_created && (conflict || failure.maybe_processed()) {
            let found = client.find_tenant_by_name(&request.name).await;
            settle_tenant(unsettled.take(), &found, |tenant| {
                if turn.machine_wide() && same_cells(tenant, request) {
                    Settled::Adopted
                } else {
                    Settled::LeftAlone
                }
            });
            match found {
                Ok(Some(tenant)) if !turn.machine_wide() => {
                    return Err(ApiError::Unplaced {
                        message: format!(
                            "{} failed ({}), and a tenant with that name appeared meanwhile (id \
                             {}, cells {}). {} If it is the one this configuration wants, import \
                             it: {}\nOtherwise delete it through the API (DELETE {}) and apply \
                             again.",
                            subject.what,
                            failure.error,
                            tenant.id,
                            tenant.cells.join(", "),
                            unplaced_reason(client),
                            import_hint("resistant_tenant", &tenant.id),
                            t.url(&["tenants", &tenant.id]),
                        ),
                    });
                }
                Ok(Some(tenant)) if same_cells(&tenant, request) => {
                    tracing::info!(
                        tenant_id = %tenant.id,
                        "a tenant create may have succeeded unseen; the tenant with its name, \
                         absent before the first attempt, is this create's"
                    );
                    return Ok(tenant);
                }
                Ok(Some(tenant)) => {
                    return Err(ApiError::Unplaced {
                        message: format!(
                            "{} failed ({}), and meanwhile a tenant with that name but other cells \
                             ({}) appeared: someone else created it, so it is left alone.",
                            subject.what,
                            failure.error,
                            tenant.cells.join(", ")
                        ),
                    })
                }
                Ok(None) => {}
                Err(lookup) => return Err(subject.unknown(&failure.error, &lookup)),
            }
        }
        if conflict {
            // Created by someone else between the check above and this call's first attempt.
            return Err(tenant_exists_error(&request.name, None));
        }
        if let Err(last) = t
            .wait_to_retry(&mut budget, failure, &Method::POST, &url)
            .await
        {
            return Err(subject.failed(last, maybe_created));
        }
    }
}

/// Writes how the check after an unknown outcome settled a tenant create's event: the tenant
/// found (adopted or left alone, as `how` judges it), none (not made), or nothing known when
/// the check failed (the event, dropped, says undetermined).
fn settle_tenant(
    event: Option<Pending>,
    found: &Result<Option<Tenant>, ApiError>,
    how: impl FnOnce(&Tenant) -> Settled,
) {
    let Some(event) = event else { return };
    match found {
        Ok(Some(tenant)) => event.settle(
            how(tenant),
            Ids {
                tenant_id: Some(tenant.id.clone()),
                ..Ids::default()
            },
        ),
        Ok(None) => event.settle(Settled::NotMade, Ids::default()),
        Err(_) => drop(event),
    }
}

fn same_cells(tenant: &Tenant, request: &CreateTenant) -> bool {
    match &request.cells {
        None => true,
        Some(cells) => {
            cells.iter().collect::<BTreeSet<_>>() == tenant.cells.iter().collect::<BTreeSet<_>>()
        }
    }
}

fn matches_request(application: &Application, request: &CreateApplication) -> bool {
    application.cell == request.cell
        && application.scopes.iter().collect::<BTreeSet<_>>()
            == request.scopes.iter().collect::<BTreeSet<_>>()
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
    let subject = Subject::application(tenant_id, &request.cell);
    t.audit_ready()?;
    // This tenant's creates take turns, from the listing below to the end of any recovery.
    let turn = t
        .turns
        .take(&format!("tenant/{tenant_id}/applications"), &t.stop)
        .await
        .map_err(|_| subject.failed(Failure::stopped(&subject.what, false), false))?;
    let before: HashSet<String> = client
        .list_applications(tenant_id)
        .await
        .map_err(|e| subject.failed(Failure::not_sent(e), false))?
        .into_iter()
        .map(|a| a.id)
        .collect();
    let mut budget = t.budget();
    let mut maybe_created = false;
    loop {
        let (result, pending) = t
            .attempt_recorded(&Method::POST, &url, Some(&body), budget.attempt())
            .await;
        let failure = match result {
            Ok(reply) => return wire::parse_created_application(&reply.body),
            Err(failure) => failure,
        };
        if let Delivery::Stopped { .. } = failure.delivery {
            return Err(subject.failed(failure, maybe_created));
        }
        if failure.maybe_processed() {
            maybe_created = true;
            let recovery = Recovery {
                client,
                tenant_id,
                request,
                before: &before,
                subject: &subject,
                failure: &failure,
                proven: turn.machine_wide(),
            };
            if let Some(created) = recovery.run(pending).await? {
                return Ok(created);
            }
        }
        if let Err(last) = t
            .wait_to_retry(&mut budget, failure, &Method::POST, &url)
            .await
        {
            return Err(subject.failed(last, maybe_created));
        }
    }
}

/// The ids of an application, for the audit trail.
fn ids_of(tenant_id: &str, application: &Application) -> Ids {
    Ids {
        tenant_id: Some(tenant_id.to_string()),
        application_id: Some(application.id.clone()),
        client_id: Some(application.client_id.clone()),
        ..Ids::default()
    }
}

/// After an attempt that may have created the application, during this call's turn.
struct Recovery<'a> {
    client: &'a Client,
    tenant_id: &'a str,
    request: &'a CreateApplication,
    /// The tenant's applications before the first attempt.
    before: &'a HashSet<String>,
    subject: &'a Subject,
    failure: &'a Failure,
    /// Whether the turn reached every provider process on the machine, so that what appeared
    /// during it is provably this call's.
    proven: bool,
}

impl Recovery<'_> {
    /// Every application that was not there before the first attempt is this call's. A
    /// key-based one is adopted (its key is the configured one); one with a client secret is
    /// deleted, since its secret went with the lost response. `Ok(None)`: nothing of this call's
    /// exists now. Without a proven turn, nothing that appeared is adopted or deleted.
    /// `event` is the attempt's audit event (when audited), settled here by what is found.
    async fn run(&self, event: Option<Pending>) -> Result<Option<CreatedApplication>, ApiError> {
        let (client, tenant_id, subject, failure) =
            (self.client, self.tenant_id, self.subject, self.failure);
        let now = client
            .list_applications(tenant_id)
            .await
            .map_err(|lookup| subject.unknown(&failure.error, &lookup))?;
        let appeared: Vec<Application> = now
            .into_iter()
            .filter(|a| !self.before.contains(&a.id))
            .collect();
        let settle = |how: Settled, application: Option<&Application>| {
            if let Some(event) = event {
                event.settle(
                    how,
                    application
                        .map(|a| ids_of(tenant_id, a))
                        .unwrap_or_default(),
                );
            }
        };
        if appeared.is_empty() {
            settle(Settled::NotMade, None);
            return Ok(None);
        }
        if !self.proven {
            settle(Settled::LeftAlone, appeared.first());
            return Err(self.left_alone(
                &appeared,
                &format!(
                    "applications appeared in the tenant meanwhile. {}",
                    unplaced_reason(client)
                ),
            ));
        }
        if let Some(stranger) = appeared.iter().find(|a| !matches_request(a, self.request)) {
            settle(Settled::LeftAlone, Some(stranger));
            return Err(self.left_alone(
                &appeared,
                &format!(
                    "applications appeared in the tenant that this create cannot have made \
                     (application {} is in cell {:?} with scopes {}): another client is creating \
                     applications in this tenant at the same time. Nothing was deleted or adopted.",
                    stranger.id,
                    stranger.cell,
                    stranger.scopes.join(", ")
                ),
            ));
        }
        let mut appeared = appeared.into_iter();
        let keep = match key_credentials(&self.request.auth) {
            Some(credentials) => appeared.next().map(|application| CreatedApplication {
                application,
                credentials,
            }),
            None => None,
        };
        match &keep {
            Some(kept) => settle(Settled::Adopted, Some(&kept.application)),
            None => settle(Settled::Discarded, appeared.as_slice().first()),
        }
        // The rest are this call's too: earlier attempts' duplicates, or secrets that were lost.
        for lost in appeared {
            tracing::warn!(
                application_id = %lost.id,
                "an application this create made cannot be used (its response was lost); deleting it"
            );
            client
                .delete_application(tenant_id, &lost.id)
                .await
                .map_err(|e| {
                    e.with_message(format!(
                        "{} failed ({}); the application {} that an attempt created cannot be \
                         used (its response, and any client secret, was lost) and deleting it \
                         failed as well ({e}). Delete application {} of tenant {tenant_id} \
                         before applying again.",
                        subject.what, failure.error, lost.id, lost.id
                    ))
                })?;
        }
        if let Some(kept) = &keep {
            tracing::info!(
                application_id = %kept.application.id,
                "a key-based application create may have succeeded unseen; adopted the \
                 application this create made"
            );
        }
        Ok(keep)
    }

    /// The error that names what appeared, each with how to import or delete it.
    fn left_alone(&self, appeared: &[Application], why: &str) -> ApiError {
        let tenant_id = self.tenant_id;
        let transport = &self.client.transport;
        let lines: Vec<String> = appeared
            .iter()
            .map(|a| {
                format!(
                    "  - application {} (client_id {}, cell {}, scopes {}):\n      import: \
                     terraform import ADDRESS {tenant_id}/{}\n      delete: DELETE {}",
                    a.id,
                    a.client_id,
                    a.cell,
                    a.scopes.join(", "),
                    a.id,
                    transport.url(&["tenants", tenant_id, "applications", &a.id])
                )
            })
            .collect();
        ApiError::Unplaced {
            message: format!(
                "{} failed ({}), and {why}\n{}\nImport one that this configuration should \
                 manage (ADDRESS is its resistant_tenant_application address); a client-secret \
                 one cannot be used, since its secret was never seen: delete it through the API \
                 (the DELETE above, with an organization token).",
                self.subject.what,
                self.failure.error,
                lines.join("\n")
            ),
        }
    }
}
