# The service URL (the provider adds /api/v1) and, for objects that bring no key of their own,
# the key of an existing tenant. Both also come from RAVEN_ENDPOINT and RAVEN_API_KEY.
provider "raven" {
  endpoint = "https://raven.example.com"
  api_key  = var.raven_api_key
}

variable "raven_api_key" {
  type      = string
  sensitive = true
}
