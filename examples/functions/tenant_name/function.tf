# "ACME Corp. (EU)" -> "acmecorpeu"
resource "resistant_tenant" "customer" {
  name = provider::resistant::tenant_name("ACME Corp. (EU)")
}
