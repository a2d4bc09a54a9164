# Applies the module against a running emulator (or any Tenant Management API). The provider is
# configured from the environment: RESISTANT_ENDPOINT, RESISTANT_TOKEN_URL, RESISTANT_CLIENT_ID and
# RESISTANT_CLIENT_SECRET. `terraform test` destroys what it created at the end.

provider "resistant" {}

variables {
  name                = "moduletest"
  cells               = ["eu-1", "us-1"]
  deletion_protection = false
}

run "creates_a_tenant_with_one_application_per_cell" {
  variables {
    public_keys = {
      "us-1" = file("tests/customer-us-1.pub.pem")
    }
  }

  assert {
    condition     = startswith(output.tenant_id, "ten_")
    error_message = "The tenant id is the service's."
  }

  assert {
    condition     = output.tenant_name == "moduletest" && output.cells == toset(["eu-1", "us-1"])
    error_message = "The tenant has the name and cells asked for."
  }

  assert {
    condition     = length(output.documents_ui) == 2 && startswith(output.documents_ui["eu-1"], "moduletest-")
    error_message = "Each cell has a Documents UI address starting with the tenant's name."
  }

  assert {
    condition     = output.applications["eu-1"].auth_method == "client_secret" && output.applications["us-1"].auth_method == "private_key_jwt"
    error_message = "eu-1 uses a client secret, us-1 the customer's key."
  }

  assert {
    condition     = endswith(output.applications["us-1"].token_url, "/oauth2/documents-us-1/v1/token")
    error_message = "Each application's token URL is its cell's."
  }

  assert {
    condition     = keys(output.client_secrets) == ["eu-1"]
    error_message = "Only the client-secret application has a secret."
  }
}

run "rotation_replaces_the_applications_and_keeps_the_tenant" {
  variables {
    rotation = "second"
    public_keys = {
      "us-1" = file("tests/customer-us-1.pub.pem")
    }
  }

  assert {
    condition     = output.tenant_id == run.creates_a_tenant_with_one_application_per_cell.tenant_id
    error_message = "Rotation keeps the tenant."
  }

  assert {
    condition     = output.applications["eu-1"].client_id != run.creates_a_tenant_with_one_application_per_cell.applications["eu-1"].client_id
    error_message = "Rotation issues new client ids."
  }
}
