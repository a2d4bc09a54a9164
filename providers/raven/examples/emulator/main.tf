# A complete configuration against a local raven-emulator:
#   cargo run -p raven-emulator -- --listen 127.0.0.1:3000
terraform {
  required_providers {
    raven = {
      source = "raven/raven"
    }
  }
}

provider "raven" {
  endpoint = "http://127.0.0.1:3000"
}

resource "raven_tenant" "demo" {
  name  = "Demo"
  email = "demo@example.com"

  settings = {
    retention_days = 14
  }
}

resource "raven_api_key" "reader" {
  name               = "reader"
  scopes             = ["tenant:read", "memory:read"]
  creator_api_key_wo = raven_tenant.demo.api_key
}

data "raven_tenant" "through_reader" {
  api_key = raven_api_key.reader.api_key
}

output "tenant_id" {
  value = raven_tenant.demo.id
}

output "settings_seen_by_reader" {
  value = data.raven_tenant.through_reader.settings
}
