//! Reads in batches, for a client that serves one terraform command: tenants come from one walk of
//! the paged tenant listing shared by every read, applications from one listing per tenant shared
//! by all of its applications. Concurrent reads wait for the request in flight instead of sending
//! their own, and what this client creates or deletes updates or drops what it read.
//!
//! The walk is adaptive. It fetches another page only while the pages fetched so far stay within
//! [`SPARE_PAGES`] of the tenants those pages answered; past that a read sends its own GET, so a
//! configuration that manages a few tenants of a large organization never pays for its listing.
//! A tenant missing from a walk that reached the last page is confirmed by a GET of its own before
//! it is reported gone: another process (another provider alias, a person) may have created it
//! after the walk passed, and a read never answers from what an earlier moment showed.
//!
//! Nothing read here outlives the client, and the provider builds its client when Terraform
//! configures it, so answers never come from before the current terraform command.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, MutexGuard};

use reqwest::Method;
use url::Url;

use super::http::Transport;
use super::{wire, ApiError, Application, Tenant, MAX_PAGES, PAGE_LIMIT};

/// Pages the walk may fetch beyond the tenants its pages answered: with the organization's token,
/// a read of `n` objects then costs at most `n + SPARE_PAGES + 1` requests however many tenants
/// the organization holds.
pub const SPARE_PAGES: usize = 2;

/// What a client that reads in batches keeps, shared by its clones.
#[derive(Default)]
pub struct Reads {
    tenants: Walk,
    listings: Mutex<HashMap<String, Arc<Listing>>>,
}

/// Poisoning only means another read panicked; the data it guards is still whole.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|p| p.into_inner())
}

fn stopped(what: &str) -> ApiError {
    ApiError::Stopped {
        message: format!("interrupted by Terraform while reading {what}"),
    }
}

fn tenant_not_found(id: &str) -> ApiError {
    ApiError::NotFound {
        message: format!("tenant {id} not found"),
    }
}

/// The shared walk of `GET /tenants?limit=100&after_id=…`.
#[derive(Default)]
struct Walk {
    state: Mutex<WalkState>,
    /// Held while a page is fetched, so that reads needing a page wait for that one.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct WalkState {
    known: HashMap<String, Known>,
    /// Deleted by this client: gone, whatever a page fetched meanwhile says.
    deleted: HashSet<String>,
    /// Whose delete failed, so that it may or may not exist: read them by themselves.
    unsure: HashSet<String>,
    next: Next,
    pages: usize,
    /// The tenants the walk's pages answered reads of (each counted once).
    served: HashSet<String>,
}

struct Known {
    tenant: Tenant,
    /// Whether it came from a page (rather than a create or a GET of its own).
    from_page: bool,
}

#[derive(Default)]
enum Next {
    #[default]
    First,
    Page(Url),
    /// The last page was fetched: the walk saw every tenant.
    Done,
    /// A page failed or made no sense; reads go by themselves from now on.
    Abandoned,
}

enum Lookup {
    Found(Tenant),
    Gone,
    /// Not among the pages fetched so far (their number given).
    NotYet(usize),
    ByItself,
}

impl WalkState {
    fn lookup(&mut self, id: &str) -> Lookup {
        if self.deleted.contains(id) {
            return Lookup::Gone;
        }
        if self.unsure.contains(id) {
            return Lookup::ByItself;
        }
        if let Some(known) = self.known.get(id) {
            if known.from_page {
                self.served.insert(id.to_string());
            }
            return Lookup::Found(known.tenant.clone());
        }
        match self.next {
            Next::Done | Next::Abandoned => Lookup::ByItself,
            Next::First | Next::Page(_) => Lookup::NotYet(self.pages),
        }
    }

    /// The next page to fetch, if the walk may fetch one.
    fn next_page(&self, transport: &Transport) -> Option<Url> {
        if self.pages >= self.served.len() + SPARE_PAGES || self.pages >= MAX_PAGES {
            return None;
        }
        match &self.next {
            Next::First => {
                let mut url = transport.url(&["tenants"]);
                url.query_pairs_mut()
                    .append_pair("limit", &PAGE_LIMIT.to_string());
                Some(url)
            }
            Next::Page(url) => Some(url.clone()),
            Next::Done | Next::Abandoned => None,
        }
    }

    /// Keeps what a create, a GET or a page said, unless this client deleted it since; what is
    /// known already stays (it is as recent, and a page must not take credit for it).
    fn remember(&mut self, tenant: Tenant, from_page: bool) {
        if self.deleted.contains(&tenant.id) {
            return;
        }
        self.known
            .entry(tenant.id.clone())
            .or_insert(Known { tenant, from_page });
    }
}

impl Reads {
    /// A tenant from the walk when it has it or may fetch the page holding it; otherwise by its
    /// own GET.
    pub async fn tenant(&self, transport: &Transport, id: &str) -> Result<Tenant, ApiError> {
        let walk = &self.tenants;
        loop {
            let pages_seen = match lock(&walk.state).lookup(id) {
                Lookup::Found(tenant) => return Ok(tenant),
                Lookup::Gone => return Err(tenant_not_found(id)),
                Lookup::ByItself => break,
                Lookup::NotYet(pages) => pages,
            };
            let _turn = transport
                .stop
                .unless_stopped(walk.fetching.lock())
                .await
                .map_err(|_| stopped(&format!("tenant {id}")))?;
            if lock(&walk.state).pages != pages_seen {
                // A page arrived while this read waited: look again.
                continue;
            }
            let Some(url) = lock(&walk.state).next_page(transport) else {
                break;
            };
            self.fetch_page(transport, &url).await;
        }
        let url = transport.url(&["tenants", id]);
        let reply = transport.call(Method::GET, &url, None).await?;
        let tenant = wire::parse_tenant(&reply.body)?;
        let mut state = lock(&self.tenants.state);
        state.unsure.remove(id);
        state.remember(tenant.clone(), false);
        Ok(tenant)
    }

    async fn fetch_page(&self, transport: &Transport, url: &Url) {
        let page = match transport.call(Method::GET, url, None).await {
            Ok(reply) => wire::parse_tenant_page(&reply.body),
            Err(e) => Err(e),
        };
        let mut state = lock(&self.tenants.state);
        state.pages += 1;
        let page = match page {
            Ok(page) => page,
            Err(error) => {
                tracing::debug!(error = %error.summary(), "the tenant listing failed; reading tenants one by one");
                state.next = Next::Abandoned;
                return;
            }
        };
        let empty = page.items.is_empty();
        for tenant in page.items {
            state.remember(tenant, true);
        }
        state.next = match page.next {
            None => Next::Done,
            // An empty page that promises more, or a link to itself, would never end.
            Some(_) if empty => Next::Abandoned,
            Some(href) => match transport.resolve_link(&href) {
                Ok(next) if &next != url => Next::Page(next),
                _ => Next::Abandoned,
            },
        };
        tracing::debug!(
            pages = state.pages,
            served = state.served.len(),
            last = matches!(state.next, Next::Done),
            "fetched a page of the tenant listing"
        );
    }

    /// What a create answered is as good as a read.
    pub fn created_tenant(&self, tenant: &Tenant) {
        lock(&self.tenants.state).remember(tenant.clone(), false);
    }

    /// After a delete of the tenant: `deleted` when it succeeded, otherwise it may exist or not.
    pub fn deleted_tenant(&self, id: &str, deleted: bool) {
        {
            let mut state = lock(&self.tenants.state);
            state.known.remove(id);
            if deleted {
                state.deleted.insert(id.to_string());
            } else {
                state.unsure.insert(id.to_string());
            }
        }
        self.changed_applications(id);
    }

    fn listing(&self, tenant_id: &str) -> Arc<Listing> {
        lock(&self.listings)
            .entry(tenant_id.to_string())
            .or_default()
            .clone()
    }

    /// An application from its tenant's listing, fetched once for all of them; by its own GET
    /// when the listing failed.
    pub async fn application(
        &self,
        transport: &Transport,
        tenant_id: &str,
        application_id: &str,
    ) -> Result<Application, ApiError> {
        let listing = self.listing(tenant_id);
        let answer = lock(&listing.state).answer(tenant_id, application_id);
        let answer = match answer {
            Answer::NotListed => list(transport, &listing, tenant_id, application_id).await?,
            answer => answer,
        };
        if let Answer::Listed(result) = answer {
            return result;
        }
        let url = transport.url(&["tenants", tenant_id, "applications", application_id]);
        let reply = transport.call(Method::GET, &url, None).await?;
        wire::parse_application(&reply.body)
    }

    /// After this client created or deleted an application of the tenant (or tried to).
    pub fn changed_applications(&self, tenant_id: &str) {
        let listing = self.listing(tenant_id);
        let mut state = lock(&listing.state);
        state.generation += 1;
        state.listed = None;
    }
}

/// Fetches the tenant's listing unless a read that held the turn before did, and answers from it.
async fn list(
    transport: &Transport,
    listing: &Listing,
    tenant_id: &str,
    application_id: &str,
) -> Result<Answer, ApiError> {
    let _turn = transport
        .stop
        .unless_stopped(listing.fetching.lock())
        .await
        .map_err(|_| {
            stopped(&format!(
                "application {application_id} of tenant {tenant_id}"
            ))
        })?;
    let generation = {
        let state = lock(&listing.state);
        match state.answer(tenant_id, application_id) {
            Answer::NotListed => state.generation,
            answer => return Ok(answer),
        }
    };
    let url = transport.url(&["tenants", tenant_id, "applications"]);
    let listed = match transport.call(Method::GET, &url, None).await {
        Ok(reply) => wire::parse_application_list(&reply.body).map(Listed::Applications),
        Err(ApiError::NotFound { .. }) => Ok(Listed::TenantGone),
        Err(e) => Err(e),
    };
    let listed = listed.unwrap_or_else(|error| {
        tracing::debug!(
            tenant_id,
            error = %error.summary(),
            "the application listing failed; reading applications one by one"
        );
        Listed::Failed
    });
    let answer = listed.answer(tenant_id, application_id);
    let mut state = lock(&listing.state);
    // A create or delete by this client while the listing was in flight makes it stale.
    if state.generation == generation {
        state.listed = Some(listed);
    }
    Ok(answer)
}

/// One tenant's application listing.
#[derive(Default)]
struct Listing {
    state: Mutex<ListingState>,
    /// Held while the listing is fetched, so that concurrent reads share it.
    fetching: tokio::sync::Mutex<()>,
}

#[derive(Default)]
struct ListingState {
    /// Raised by every change this client makes in the tenant.
    generation: u64,
    listed: Option<Listed>,
}

enum Listed {
    Applications(Vec<Application>),
    /// The listing answered 404: the tenant, and so every application of it, is gone.
    TenantGone,
    /// The listing failed: its applications are read by themselves.
    Failed,
}

enum Answer {
    Listed(Result<Application, ApiError>),
    NotListed,
    ByItself,
}

impl ListingState {
    fn answer(&self, tenant_id: &str, application_id: &str) -> Answer {
        match &self.listed {
            None => Answer::NotListed,
            Some(listed) => listed.answer(tenant_id, application_id),
        }
    }
}

impl Listed {
    fn answer(&self, tenant_id: &str, application_id: &str) -> Answer {
        match self {
            Listed::Applications(applications) => Answer::Listed(
                applications
                    .iter()
                    .find(|a| a.id == application_id)
                    .cloned()
                    .ok_or_else(|| ApiError::NotFound {
                        message: format!(
                            "application {application_id} not found in tenant {tenant_id}"
                        ),
                    }),
            ),
            Listed::TenantGone => Answer::Listed(Err(tenant_not_found(tenant_id))),
            Listed::Failed => Answer::ByItself,
        }
    }
}
