# Run against a local emulator, no account needed (from the repository root):
#   cargo run -p resistant-emulator -- --listen 127.0.0.1:8080 \
#     --org-client-id local --org-client-secret local-secret
#   ./scripts/install-provider.sh && terraform init && terraform apply
# ./scripts/quickstart.sh does the same for examples/quickstart in one command.

terraform {
  required_providers {
    resistant = {
      source = "resistant-ai/resistant"
    }
  }
}

provider "resistant" {
  endpoint      = "http://127.0.0.1:8080/v0"
  token_url     = "http://127.0.0.1:8080/oauth2/tenants/v1/token"
  client_id     = "local"
  client_secret = "local-secret"
}

resource "resistant_tenant" "demo" {
  name                = "demo"
  cells               = ["eu-1", "us-1"]
  deletion_protection = false
}

resource "resistant_tenant_application" "eu" {
  tenant_id = resistant_tenant.demo.id
  cell      = "eu-1"
  scopes    = ["documents.submissions.read", "documents.submissions.write"]
}

data "resistant_cells" "all" {}

output "token_url" {
  value = resistant_tenant_application.eu.token_url
}
