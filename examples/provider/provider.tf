provider "resistant" {
  environment = "production"
  client_id   = var.resistant_client_id

  # Either a client secret ...
  client_secret = var.resistant_client_secret

  # ... or a private key for private_key_jwt (keep it in your secrets manager):
  # private_key_pem = var.resistant_private_key_pem
  # key_id          = "org-key-2026"
}
