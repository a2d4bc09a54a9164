# Every suspended tenant of one partner, across all pages of the list.
data "scaikey_tenants" "suspended" {
  partner_id = "partner-42"
  status     = "suspended"
}

output "suspended_slugs" {
  value = [for t in data.scaikey_tenants.suspended.tenants : t.slug]
}
