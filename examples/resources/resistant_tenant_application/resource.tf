# A client-secret application: the secret is in state (sensitive) from the create response.
resource "resistant_tenant_application" "eu" {
  tenant_id = resistant_tenant.acme.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read", "documents.submissions.write"]
}

# A private_key_jwt application: only the public key is sent; the customer keeps the private key.
resource "resistant_tenant_application" "us" {
  tenant_id      = resistant_tenant.acme.id
  cell           = "us-1"
  scopes         = ["documents.submissions.write"]
  public_key_pem = file("${path.module}/acme-us-1.pub.pem")

  # Change a value here to rotate; the new application exists before the old one is deleted.
  # Terraform extends create_before_destroy to the tenant: replacing the tenant then fails, as
  # two tenants cannot share a name (rename it in the same change, or drop the lifecycle once).
  rotate_when_changed = {
    rotated = "2026-11"
  }
  lifecycle {
    create_before_destroy = true
  }
}
