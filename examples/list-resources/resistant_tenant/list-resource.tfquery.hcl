# In a .tfquery.hcl file; run `terraform query` (add -generate-config-out=generated.tf to get
# import blocks and resource blocks for what is found).
list "resistant_tenant" "customers" {
  provider         = resistant
  include_resource = true
  limit            = 500

  config {
    name_prefix = "cust"
  }
}
