//! The `terraform-provider-resistant` executable: serves the provider to Terraform over the plugin
//! protocol. `--debug` serves without TLS and prints `TF_REATTACH_PROVIDERS` for debugging.

use std::process::ExitCode;

use terraform_provider_resistant::protocol::{logging, serve};
use terraform_provider_resistant::provider::{ResistantProvider, SOURCE_ADDRESS};

fn main() -> ExitCode {
    let debug = std::env::args()
        .skip(1)
        .any(|arg| arg == "--debug" || arg == "-debug");
    logging::init(&["terraform_provider_resistant"]);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    let options = serve::ServeOptions {
        provider_address: SOURCE_ADDRESS.to_string(),
        debug,
    };
    match runtime.block_on(serve::serve(ResistantProvider::new(), options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "provider stopped");
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
