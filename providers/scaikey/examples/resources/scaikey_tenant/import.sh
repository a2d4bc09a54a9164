# By the tenant's ID:
terraform import scaikey_tenant.acme 3f1c2a9e-8d4b-4c1e-9a7f-2b6d5e8c0a11
# Or by its slug:
terraform import scaikey_tenant.acme slug:acme
