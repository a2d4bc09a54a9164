//! The providers under test, placed in a filesystem mirror inside a temporary directory, with a CLI
//! configuration that installs them from there and nothing from the network.

use std::path::{Path, PathBuf};

/// One provider executable and the address and version Terraform knows it by.
#[derive(Clone, Debug)]
pub struct ProviderUnderTest {
    /// The full source address, e.g. `registry.terraform.io/example/null`.
    pub source: String,
    /// The version placed in the mirror, e.g. `0.1.0`.
    pub version: String,
    /// The built executable.
    pub binary: PathBuf,
}

/// A filesystem mirror with its CLI configuration and a `HOME` of its own.
pub struct Mirror {
    _root: tempfile::TempDir,
    /// The `TF_CLI_CONFIG_FILE` to use.
    pub cli_config: PathBuf,
    /// Used as `HOME` for terraform, so no user configuration leaks in.
    pub home: PathBuf,
    /// Prefixes of environment variables never passed on to terraform (and so the providers).
    pub scrubbed: Vec<String>,
}

/// Terraform's name for this machine's platform, e.g. `linux_amd64`.
pub fn platform() -> String {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        other => other,
    };
    format!("{os}_{arch}")
}

/// Links (or copies) `binary` to `target`.
fn place(binary: &Path, target: &Path) {
    if std::fs::hard_link(binary, target).is_err() {
        std::fs::copy(binary, target)
            .unwrap_or_else(|e| panic!("copy {} into the mirror: {e}", binary.display()));
    }
}

impl Mirror {
    /// A mirror holding `providers`; everything else terraform would fetch is refused.
    pub fn new(providers: &[ProviderUnderTest]) -> Mirror {
        let root = tempfile::tempdir().expect("mirror temp dir");
        let mirror_dir = root.path().join("mirror");
        for provider in providers {
            let package = mirror_dir
                .join(&provider.source)
                .join(&provider.version)
                .join(platform());
            std::fs::create_dir_all(&package).expect("mirror package dir");
            let name = provider.source.rsplit('/').next().unwrap_or_default();
            let executable = package.join(format!(
                "terraform-provider-{name}_v{}{}",
                provider.version,
                std::env::consts::EXE_SUFFIX
            ));
            place(&provider.binary, &executable);
        }
        let home = root.path().join("home");
        std::fs::create_dir_all(&home).expect("home dir");
        let cli_config = root.path().join("terraform.rc");
        let mirror_text = mirror_dir.display().to_string().replace('\\', "/");
        let sources = providers
            .iter()
            .map(|p| format!("\"{}\"", p.source))
            .collect::<Vec<_>>()
            .join(", ");
        std::fs::write(
            &cli_config,
            format!(
                "provider_installation {{\n  filesystem_mirror {{\n    path    = \"{mirror_text}\"\n    \
                 include = [{sources}]\n  }}\n  direct {{\n    exclude = [{sources}]\n  }}\n}}\n"
            ),
        )
        .expect("write CLI config");
        Mirror {
            _root: root,
            cli_config,
            home,
            scrubbed: Vec::new(),
        }
    }

    /// The same mirror, keeping variables that start with `prefix` (a provider's own settings,
    /// such as `RESISTANT_`) out of every command, so the developer's shell cannot leak in.
    pub fn scrubbing(mut self, prefix: &str) -> Mirror {
        self.scrubbed.push(prefix.to_string());
        self
    }
}
