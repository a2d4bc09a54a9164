//! The tenant listing one page at a time, for `terraform query`: a list resource sends each page's
//! tenants on before asking for the next, and stops asking once Terraform has enough.

use reqwest::Method;

use super::{model, ApiError, Client, Filters, Tenant, PAGE_SIZE};

impl Client {
    /// Page `page` (from 1) of the tenants `filters` select, in creation order, and whether
    /// another page follows.
    pub async fn list_page(
        &self,
        filters: &Filters,
        page: u32,
    ) -> Result<(Vec<Tenant>, bool), ApiError> {
        let mut query = filters.query();
        query.push(("page", page.to_string()));
        query.push(("per_page", PAGE_SIZE.to_string()));
        let answer = self
            .send(Method::GET, self.tenants_url(None), &query, None, true)
            .await?;
        let page_of: model::Page = Self::decode(&answer)?;
        let seen = u64::from(page - 1) * u64::from(PAGE_SIZE) + page_of.items.len() as u64;
        let more = page_of.items.len() == PAGE_SIZE as usize && seen < page_of.total;
        Ok((page_of.items, more))
    }
}
