# A read-only key, created with the tenant's registration key given write-only: that key is not
# copied into this resource's state.
resource "raven_api_key" "read_only" {
  name               = "Production Read-Only"
  scopes             = ["memory:read", "users:read", "conversations:read"]
  creator_api_key_wo = raven_tenant.example.api_key
}
