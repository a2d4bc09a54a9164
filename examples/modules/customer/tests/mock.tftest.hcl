# Plans and applies the module against a mocked provider: no emulator and no credentials needed.
# Computed values are made up by Terraform, except those set below.

mock_provider "resistant" {
  mock_resource "resistant_tenant_application" {
    defaults = {
      auth_method = "client_secret"
      token_url   = "https://example.invalid/oauth2/token"
    }
  }
}

variables {
  name  = "acme"
  cells = ["eu-1", "us-1", "ap-2"]
}

run "one_application_per_cell" {
  assert {
    condition     = output.tenant_name == "acme" && length(output.cells) == 3
    error_message = "The tenant has the name and cells asked for."
  }

  assert {
    condition     = toset(keys(output.applications)) == toset(["eu-1", "us-1", "ap-2"])
    error_message = "There is one application per cell."
  }

  assert {
    condition     = resistant_tenant.this.deletion_protection && !resistant_tenant.this.force_destroy
    error_message = "The tenant is protected by default."
  }
}

run "a_public_key_makes_that_cell_key_based" {
  command = plan

  variables {
    public_keys = {
      "us-1" = file("tests/customer-us-1.pub.pem")
    }
  }

  assert {
    condition     = resistant_tenant_application.cell["us-1"].public_key_pem != null && resistant_tenant_application.cell["eu-1"].public_key_pem == null
    error_message = "Only us-1 gets the key."
  }
}

run "an_invalid_name_is_refused" {
  command = plan

  variables {
    name = "Acme Corp"
  }

  expect_failures = [var.name]
}

run "an_unknown_cell_is_refused" {
  command = plan

  variables {
    cells = ["eu-2"]
  }

  expect_failures = [var.cells]
}

run "a_key_for_a_cell_the_customer_lacks_is_refused" {
  command = plan

  variables {
    public_keys = {
      "ca-1" = file("tests/customer-us-1.pub.pem")
    }
  }

  expect_failures = [var.public_keys]
}

run "a_private_key_is_refused" {
  command = plan

  variables {
    public_keys = {
      "eu-1" = "-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n"
    }
  }

  expect_failures = [var.public_keys]
}
