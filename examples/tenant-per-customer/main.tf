# One tenant per downstream customer, with one client-secret application per cell.
# Credentials come from RESISTANT_CLIENT_ID / RESISTANT_CLIENT_SECRET (or private_key_pem).

terraform {
  required_providers {
    resistant = {
      source = "resistant-ai/resistant"
    }
  }
}

provider "resistant" {
  environment = "production"
}

variable "customers" {
  description = "Customer display name to the cells it needs."
  type        = map(list(string))
  default = {
    "ACME Corp."      = ["eu-1", "us-1"]
    "Globex (Canada)" = ["ca-1"]
  }
}

resource "resistant_tenant" "customer" {
  for_each = var.customers

  name  = provider::resistant::tenant_name(each.key)
  cells = each.value
}

locals {
  # One application per (customer, cell).
  applications = merge([
    for customer, cells in var.customers : {
      for cell in cells : "${customer}/${cell}" => { customer = customer, cell = cell }
    }
  ]...)
}

resource "resistant_tenant_application" "documents" {
  for_each = local.applications

  tenant_id = resistant_tenant.customer[each.value.customer].id
  cell      = each.value.cell
  scopes    = ["documents.submissions.read", "documents.submissions.write"]
}

output "applications" {
  value = {
    for key, app in resistant_tenant_application.documents : key => {
      client_id = app.client_id
      token_url = app.token_url
    }
  }
}

output "client_secrets" {
  value     = { for key, app in resistant_tenant_application.documents : key => app.client_secret }
  sensitive = true
}
