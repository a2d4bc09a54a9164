# In a .tfquery.hcl file; run `terraform query -generate-config-out=generated.tf`.
list "scaikey_tenant" "partner" {
  provider         = scaikey
  include_resource = true

  config {
    status     = "active"
    partner_id = "7d0c8a5e-4f7b-4c3e-9a51-0d2f3b6c1e11"
    search     = "acme"
  }
}
