# Every tenant whose name starts with "acme" and ends in digits.
data "resistant_tenants" "acme" {
  name_prefix = "acme"
  name_regex  = "[0-9]+$"
}

output "acme_tenant_ids" {
  value = data.resistant_tenants.acme.ids
}
