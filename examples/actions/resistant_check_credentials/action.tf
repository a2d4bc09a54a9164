# Run with: terraform apply -invoke=action.resistant_check_credentials.eu
action "resistant_check_credentials" "eu" {
  config {
    token_url     = resistant_tenant_application.eu.token_url
    client_id     = resistant_tenant_application.eu.client_id
    client_secret = resistant_tenant_application.eu.client_secret
    scopes        = ["documents.submissions.read"]
  }
}
