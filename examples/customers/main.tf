# Many downstream customers, one module instance each (examples/modules/customer).
# Credentials come from RESISTANT_CLIENT_ID / RESISTANT_CLIENT_SECRET (or RESISTANT_PRIVATE_KEY_PEM).

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
  description = "Customer display name to its cells and, per cell, an optional public key (private_key_jwt)."
  type = map(object({
    cells       = set(string)
    public_keys = optional(map(string), {})
  }))
  default = {
    "ACME Corp." = {
      cells = ["eu-1", "us-1"]
    }
    "Globex (Canada)" = {
      cells = ["ca-1"]
    }
  }
}

module "customer" {
  source   = "../modules/customer"
  for_each = var.customers

  name        = provider::resistant::tenant_name(each.key)
  cells       = each.value.cells
  public_keys = each.value.public_keys
}

output "customers" {
  description = "What to record per customer: tenant, cells, Documents UI addresses and applications."
  value = {
    for customer, m in module.customer : customer => {
      tenant_id    = m.tenant_id
      tenant_name  = m.tenant_name
      cells        = m.cells
      documents_ui = m.documents_ui
      applications = m.applications
    }
  }
}

output "client_secrets" {
  value     = { for customer, m in module.customer : customer => m.client_secrets }
  sensitive = true
}
