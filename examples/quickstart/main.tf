# The quickstart: one customer tenant with one client-secret application, against the local
# emulator that ./scripts/quickstart.sh starts. The script writes the emulator's address and the
# organization's credentials to terraform.tfvars next to a copy of this file (under .quickstart/).

terraform {
  required_providers {
    resistant = {
      source = "resistant-ai/resistant"
    }
  }
}

variable "endpoint" {
  description = "The control-plane base URL, e.g. http://127.0.0.1:PORT/v0 for the emulator."
  type        = string
}

variable "token_url" {
  description = "The organization's token URL (control plane)."
  type        = string
}

variable "client_id" {
  description = "The organization's client id."
  type        = string
}

variable "client_secret" {
  description = "The organization's client secret."
  type        = string
  sensitive   = true
}

provider "resistant" {
  endpoint      = var.endpoint
  token_url     = var.token_url
  client_id     = var.client_id
  client_secret = var.client_secret
}

resource "resistant_tenant" "quickstart" {
  name  = provider::resistant::tenant_name("Quickstart Customer")
  cells = ["eu-1"]

  # A throwaway tenant: `./scripts/quickstart.sh down` destroys it. Keep the default (true) for
  # real customers.
  deletion_protection = false
}

resource "resistant_tenant_application" "eu" {
  tenant_id = resistant_tenant.quickstart.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read", "documents.submissions.write"]
}

data "resistant_cells" "all" {}

output "tenant_id" {
  value = resistant_tenant.quickstart.id
}

output "tenant_name" {
  value = resistant_tenant.quickstart.name
}

output "documents_ui" {
  value = resistant_tenant.quickstart.documents_ui["eu-1"]
}

output "client_id" {
  value = resistant_tenant_application.eu.client_id
}

output "token_url" {
  value = resistant_tenant_application.eu.token_url
}

output "documents_api_url" {
  value = one([for cell in data.resistant_cells.all.cells : cell.documents_api_url if cell.name == "eu-1"])
}

output "client_secret" {
  value     = resistant_tenant_application.eu.client_secret
  sensitive = true
}
