//! The `terraform-provider-raven` executable: serves the provider to Terraform over the plugin
//! protocol; `--help` says what it is and `--debug` serves it for a debugger.

use std::process::ExitCode;

use terraform_provider_raven::provider::{RavenProvider, SOURCE_ADDRESS};
use tf_provider_framework::program::{self, Program};

const USAGE: &str = "terraform-provider-raven: the Terraform provider for Raven's Tenants API \
(registry.terraform.io/raven/raven).

This program is a Terraform plugin: Terraform starts it. Run by hand it is only useful for
debugging:
  terraform-provider-raven --debug   serve without TLS; prints TF_REATTACH_PROVIDERS='...'
  terraform-provider-raven --help    this text

Documentation: the Raven section of the repository's README.md, and providers/raven/docs/. Logs are JSON lines on stderr, shown with TF_LOG_PROVIDER=DEBUG.
";

fn main() -> ExitCode {
    program::main(
        RavenProvider::default(),
        Program {
            address: SOURCE_ADDRESS,
            log_targets: &["terraform_provider_raven"],
            usage: USAGE,
        },
    )
}
