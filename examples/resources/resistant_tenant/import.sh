# By tenant id:
terraform import resistant_tenant.acme ten_0123456789abcdef
# Or by name:
terraform import resistant_tenant.acme name:acme
