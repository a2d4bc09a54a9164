//! The executable around a provider: `--help`, Terraform's magic cookie (a start by hand explains
//! what the program is instead of hanging), `--debug` (serve without TLS and print
//! `TF_REATTACH_PROVIDERS`), the JSON logs Terraform reads, the runtime, and serving until
//! Terraform is done.

use std::process::ExitCode;

use tf_plugin_protocol::{handshake, logging, serve};

use crate::provider::{Framework, ProviderDefinition};

/// What the program needs to know about itself.
pub struct Program<'a> {
    /// The provider's source address, e.g. `registry.terraform.io/example/null`.
    pub address: &'a str,
    /// The crate names whose logs are the provider's own, besides the protocol's and the
    /// framework's (at the level Terraform asks for).
    pub log_targets: &'a [&'a str],
    /// What `--help` prints, and a start without Terraform after its error.
    pub usage: &'a str,
}

/// Runs `definition` as a Terraform plugin with the process's arguments and environment.
pub fn main<P: ProviderDefinition>(definition: P, program: Program<'_>) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let flag = |names: &[&str]| args.iter().any(|arg| names.contains(&arg.as_str()));
    if flag(&["--help", "-help", "-h"]) {
        print!("{}", program.usage);
        return ExitCode::SUCCESS;
    }
    let debug = flag(&["--debug", "-debug"]);
    if !debug {
        if let Err(error) = handshake::check_cookie(|key| std::env::var(key).ok()) {
            eprintln!("{error}\n\n{}", program.usage);
            return ExitCode::FAILURE;
        }
    }
    // The protocol and the framework log the RPCs: every provider's logs include them.
    let mut targets = vec!["tf_plugin_protocol", "tf_provider_framework"];
    targets.extend(program.log_targets.iter().copied());
    logging::init(&targets);
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
        provider_address: program.address.to_string(),
        debug,
    };
    match runtime.block_on(serve::serve(Framework::new(definition), options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(%error, "provider stopped");
            eprintln!("{error}");
            ExitCode::FAILURE
        }
    }
}
