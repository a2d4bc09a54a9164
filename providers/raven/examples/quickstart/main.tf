# The quickstart: one tenant and a read-only key made with the tenant's own key, against the local
# raven-emulator that `./scripts/quickstart.sh raven` starts. The script writes the emulator's
# address to terraform.tfvars next to a copy of this file (under .quickstart-raven/).

terraform {
  required_providers {
    raven = {
      source = "raven/raven"
    }
  }
}

variable "endpoint" {
  description = "Raven's service URL, e.g. http://127.0.0.1:PORT for the emulator."
  type        = string
}

provider "raven" {
  endpoint = var.endpoint
}

resource "raven_tenant" "quickstart" {
  name  = "Quickstart"
  email = "quickstart@example.com"

  settings = {
    retention_days = 14
  }
}

resource "raven_api_key" "reader" {
  name               = "reader"
  scopes             = ["tenant:read"]
  creator_api_key_wo = raven_tenant.quickstart.api_key
}

output "tenant_id" {
  value = raven_tenant.quickstart.id
}

output "tenant_name" {
  value = raven_tenant.quickstart.name
}

output "api_key" {
  value     = raven_tenant.quickstart.api_key
  sensitive = true
}

output "reader_key_prefix" {
  value = raven_api_key.reader.api_key_prefix
}

output "reader_api_key" {
  value     = raven_api_key.reader.api_key
  sensitive = true
}
