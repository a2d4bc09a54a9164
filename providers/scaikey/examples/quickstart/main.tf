# The quickstart: one tenant, then every tenant listed, against the local scaikey-emulator that
# `./scripts/quickstart.sh scaikey` starts. The script writes the emulator's address and its admin
# client's credentials to terraform.tfvars next to a copy of this file (under .quickstart-scaikey/).

terraform {
  required_providers {
    scaikey = {
      source = "scaikey/scaikey"
    }
  }
}

variable "endpoint" {
  description = "ScaiKey's service URL, e.g. http://127.0.0.1:PORT for the emulator."
  type        = string
}

variable "client_id" {
  description = "The admin client's ID."
  type        = string
}

variable "client_secret" {
  description = "The admin client's secret."
  type        = string
  sensitive   = true
}

provider "scaikey" {
  endpoint      = var.endpoint
  client_id     = var.client_id
  client_secret = var.client_secret
}

resource "scaikey_tenant" "quickstart" {
  name = "Quickstart"
  slug = "quickstart"

  settings = {
    mfa_required = true
  }
}

data "scaikey_tenants" "all" {
  depends_on = [scaikey_tenant.quickstart]
}

output "tenant_id" {
  value = scaikey_tenant.quickstart.id
}

output "tenant_slug" {
  value = scaikey_tenant.quickstart.slug
}

output "tenant_count" {
  value = length(data.scaikey_tenants.all.tenants)
}
