# What the vendor's guide says to record for each customer.

output "tenant_id" {
  description = "The tenant's id."
  value       = resistant_tenant.this.id
}

output "tenant_name" {
  description = "The tenant's name."
  value       = resistant_tenant.this.name
}

output "cells" {
  description = "The tenant's cells."
  value       = resistant_tenant.this.cells
}

output "documents_ui" {
  description = "The tenant's Documents web UI address per cell."
  value       = resistant_tenant.this.documents_ui
}

output "applications" {
  description = "Per cell: the application's id, client id, authentication method and token URL."
  value = {
    for cell, app in resistant_tenant_application.cell : cell => {
      id          = app.id
      client_id   = app.client_id
      auth_method = app.auth_method
      token_url   = app.token_url
    }
  }
}

output "client_secrets" {
  description = "Per cell with a client-secret application, its secret (hand it to a secrets manager)."
  value       = { for cell, app in resistant_tenant_application.cell : cell => app.client_secret if app.client_secret != null }
  sensitive   = true
}
