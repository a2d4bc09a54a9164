# <tenant_id>/<application_id>. The client secret cannot be recovered after import:
# rotate (change rotate_when_changed) to get a new one into state.
terraform import resistant_tenant_application.eu ten_0123456789abcdef/app_0123456789abcdef
