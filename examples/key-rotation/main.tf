# A key-based (private_key_jwt) application, rotated by changing rotate_when_changed.
# create_before_destroy keeps a working application at every step of the rotation.
#
# Caveat: Terraform extends create_before_destroy to everything the application depends on,
# so the tenant below is replaced create-first too. A tenant replacement (a change of its name
# or cells) would then need a second tenant with the old one's name while it still exists, which
# the API refuses (tenant names are unique): the apply stops before anything is deleted. Rename the
# tenant in the same change, or drop create_before_destroy for that one apply.

terraform {
  required_providers {
    resistant = {
      source = "resistant-ai/resistant"
    }
  }
}

variable "public_key_pem" {
  description = "The customer's public key (RSA >= 2048 bits or EC P-256). The private key stays with them."
  type        = string
}

variable "rotation" {
  description = "Change this value to rotate the application."
  type        = string
  default     = "2026-11"
}

resource "resistant_tenant" "customer" {
  name = "acme"
}

resource "resistant_tenant_application" "eu" {
  tenant_id      = resistant_tenant.customer.id
  cell           = "eu-1"
  scopes         = ["documents.submissions.write"]
  public_key_pem = var.public_key_pem

  rotate_when_changed = {
    rotation = var.rotation
  }

  lifecycle {
    create_before_destroy = true
  }
}

output "client_id" {
  value = resistant_tenant_application.eu.client_id
}
