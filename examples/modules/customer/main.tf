# One downstream customer: a tenant and one tenant application per cell.

resource "resistant_tenant" "this" {
  name                = var.name
  cells               = var.cells
  deletion_protection = var.deletion_protection
  force_destroy       = var.force_destroy
}

resource "resistant_tenant_application" "cell" {
  for_each = var.cells

  tenant_id = resistant_tenant.this.id
  cell      = each.key
  scopes    = var.scopes

  # Null for client-secret applications.
  public_key_pem = lookup(var.public_keys, each.key, null)

  rotate_when_changed = {
    rotation = var.rotation
  }

  # The new application exists before the old one is deleted. Terraform extends this to the
  # tenant: a change of name or cells (a tenant replacement) then fails before anything is
  # deleted, since two tenants cannot share a name.
  lifecycle {
    create_before_destroy = true
  }
}
