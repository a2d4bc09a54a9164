# A Documents API token for a tenant application; it never reaches state or plan files.
ephemeral "resistant_access_token" "eu" {
  token_url     = resistant_tenant_application.eu.token_url
  client_id     = resistant_tenant_application.eu.client_id
  client_secret = resistant_tenant_application.eu.client_secret
  scopes        = ["submissions.write"]
}

resource "terraform_data" "smoke_test" {
  provisioner "local-exec" {
    command = "curl -fsS -X POST -H \"Authorization: Bearer $TOKEN\" https://api.documents.resistant.ai/v2/submission"
    environment = {
      TOKEN = ephemeral.resistant_access_token.eu.access_token
    }
  }
}
