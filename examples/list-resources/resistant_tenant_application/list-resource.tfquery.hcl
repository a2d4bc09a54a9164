# In a .tfquery.hcl file: the applications of one tenant, in one cell.
list "resistant_tenant_application" "acme_eu" {
  provider         = resistant
  include_resource = true

  config {
    tenant_id = "ten_0123456789abcdef01234"
    cell      = "eu-1"
  }
}
