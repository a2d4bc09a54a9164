# The tenant that a key belongs to, with its settings and usage stats.
data "raven_tenant" "current" {
  api_key = raven_api_key.read_only.api_key
}

output "raven_storage_bytes" {
  value = data.raven_tenant.current.stats.storage_bytes
}
