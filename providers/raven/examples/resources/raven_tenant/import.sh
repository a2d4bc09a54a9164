# The tenant that the provider's api_key (or RAVEN_API_KEY) belongs to.
terraform import raven_tenant.example current
