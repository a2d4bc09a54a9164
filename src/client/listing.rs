//! The tenant listing one page at a time, for `terraform query`: a list resource sends each page's
//! tenants on before asking for the next, and stops asking once Terraform has enough. Like
//! `list_tenants`, it always asks the API (nothing stored is answered).

use reqwest::Method;
use url::Url;

use super::{wire, ApiError, Client, Tenant, PAGE_LIMIT};

/// Where the next page of the tenant listing starts.
#[derive(Clone, Debug)]
pub struct TenantCursor(Url);

impl Client {
    /// One page of tenants in creation order (`None`: the first), and where the next starts, if
    /// any follows.
    pub async fn tenant_page(
        &self,
        cursor: Option<TenantCursor>,
    ) -> Result<(Vec<Tenant>, Option<TenantCursor>), ApiError> {
        let url = match cursor {
            Some(TenantCursor(url)) => url,
            None => {
                let mut url = self.transport.url(&["tenants"]);
                url.query_pairs_mut()
                    .append_pair("limit", &PAGE_LIMIT.to_string());
                url
            }
        };
        let reply = self.transport.call(Method::GET, &url, None).await?;
        let page = wire::parse_tenant_page(&reply.body)?;
        let next = match page.next {
            Some(href) if !page.items.is_empty() => {
                let next = self.transport.resolve_link(&href)?;
                if next == url {
                    return Err(ApiError::Server {
                        status: reply.status,
                        message: format!(
                            "the tenant list links to itself as its next page ({href})"
                        ),
                    });
                }
                Some(TenantCursor(next))
            }
            _ => None,
        };
        Ok((page.items, next))
    }
}
