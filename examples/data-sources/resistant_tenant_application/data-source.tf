data "resistant_tenant_application" "eu" {
  tenant_id = data.resistant_tenant.acme.id
  id        = "app_0123456789abcdef"
}

output "eu_token_url" {
  value = data.resistant_tenant_application.eu.token_url
}
