# Exactly one of id or name.
data "resistant_tenant" "acme" {
  name = "acme"
}

output "acme_cells" {
  value = data.resistant_tenant.acme.cells
}
