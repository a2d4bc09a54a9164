//! The `terraform-provider-resistant` executable: serves the provider to Terraform over the plugin
//! protocol. `--debug` serves without TLS and prints `TF_REATTACH_PROVIDERS` for debugging; `--help`
//! (and a start without Terraform's magic cookie) explains what the program is and how to use it.

use std::process::ExitCode;

use terraform_provider_resistant::provider::{ResistantProvider, SOURCE_ADDRESS};
use tf_provider_framework::program::{self, Program};

/// What a person running the binary by hand needs to know.
fn usage() -> String {
    format!(
        "terraform-provider-resistant {version}: the Terraform provider for the Resistant Documents \
         Tenant Management API ({SOURCE_ADDRESS}).

This program is a Terraform plugin: Terraform starts it and talks to it over gRPC. Run by hand, it
is only useful for debugging.

Usage:
  terraform-provider-resistant --debug  serve without TLS for a debugger; prints a
                                        TF_REATTACH_PROVIDERS='...' line: export it in another
                                        shell and run terraform there
  terraform-provider-resistant --help   this text

Install it where terraform init finds it with ./scripts/install-provider.sh (a filesystem mirror
in ~/.terraform.d/plugins). Documentation: README.md and docs/ (docs/index.md for the provider
block, docs/resources/ and docs/data-sources/ for each object) in the source repository, and
examples/; `terraform providers schema -json` prints every attribute. Logs are JSON lines on
stderr, shown by terraform with TF_LOG=DEBUG or TF_LOG_PROVIDER=DEBUG.
",
        version = env!("CARGO_PKG_VERSION"),
    )
}

fn main() -> ExitCode {
    let usage = usage();
    program::main(
        ResistantProvider::default(),
        Program {
            address: SOURCE_ADDRESS,
            // The protocol and framework crates log the RPCs; they are ours too.
            log_targets: &[
                "terraform_provider_resistant",
                "tf_plugin_protocol",
                "tf_provider_framework",
            ],
            usage: &usage,
        },
    )
}
