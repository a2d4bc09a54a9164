# A quickstart against a local scaikey-emulator (see the README):
#   scaikey-emulator --listen 127.0.0.1:8000 --client-id admin --client-secret s3cret
terraform {
  required_providers {
    scaikey = {
      source = "scaikey/scaikey"
    }
  }
}

provider "scaikey" {
  endpoint      = "http://127.0.0.1:8000"
  client_id     = "admin"
  client_secret = "s3cret"
}

resource "scaikey_tenant" "demo" {
  name = "Demo"
  slug = "demo"

  settings = {
    mfa_required = true
  }
}

data "scaikey_tenants" "all" {
  depends_on = [scaikey_tenant.demo]
}

output "tenant_count" {
  value = length(data.scaikey_tenants.all.tenants)
}
