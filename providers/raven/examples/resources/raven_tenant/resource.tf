# Registers a tenant; settings left out take Raven's defaults, shown in the plan.
resource "raven_tenant" "example" {
  name  = "My AI Company"
  email = "developer@example.com"

  settings = {
    retention_days             = 90
    max_conversations_per_user = 50
    webhook_url                = "https://api.example.com/webhook"
    webhook_events             = ["memory.ingested", "conversation.created"]
  }
}
