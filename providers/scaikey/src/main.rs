//! The `terraform-provider-scaikey` executable: the ScaiKey provider served as a Terraform plugin.

use std::process::ExitCode;

use terraform_provider_scaikey::provider::{ScaikeyProvider, SOURCE_ADDRESS};
use tf_provider_framework::program::{self, Program};

fn main() -> ExitCode {
    program::main(
        ScaikeyProvider::default(),
        Program {
            address: SOURCE_ADDRESS,
            log_targets: &["terraform_provider_scaikey"],
            usage:
                "terraform-provider-scaikey: a Terraform plugin managing ScaiKey tenants through \
                    the admin Tenants API. Terraform starts it; run by hand, use --debug.\n",
        },
    )
}
