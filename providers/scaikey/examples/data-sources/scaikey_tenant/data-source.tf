data "scaikey_tenant" "acme" {
  slug = "acme"
}

output "acme_session_timeout" {
  value = data.scaikey_tenant.acme.settings.session_timeout
}
