resource "resistant_tenant" "acme" {
  name  = "acme"
  cells = ["eu-1", "us-1"]

  # Both default to the safe side; turn protection off (and apply) before destroying.
  deletion_protection = true
  force_destroy       = false
}

output "acme_ui" {
  value = resistant_tenant.acme.documents_ui["eu-1"]
}
