# Client credentials: tokens are exchanged at <endpoint>/api/v1/oauth/token and reused.
provider "scaikey" {
  endpoint      = "https://scaikey.example.com"
  client_id     = var.scaikey_client_id
  client_secret = var.scaikey_client_secret
}
