# The tenant's applications in one cell (omit cell for all of them). Secrets are never returned.
data "resistant_tenant_applications" "eu" {
  tenant_id = data.resistant_tenant.acme.id
  cell      = "eu-1"
}

output "eu_client_ids" {
  value = [for app in data.resistant_tenant_applications.eu.applications : app.client_id]
}
