resource "scaikey_tenant" "acme" {
  name       = "Acme Corporation"
  slug       = "acme"
  partner_id = "partner-42"

  settings = {
    mfa_required    = true
    mfa_methods     = ["totp", "webauthn"]
    session_timeout = 30
    password_policy = {
      min_length     = 14
      require_symbol = true
    }
  }
}
