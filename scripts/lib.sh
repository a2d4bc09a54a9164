# shellcheck shell=bash
# What the scripts in scripts/ share. Sourcing it (`. "$(dirname "$0")/lib.sh"`) moves to the
# project root and defines:
#   is_provider NAME     whether NAME is one of this repository's providers (see `providers`)
#   select_provider NAME sets, for that provider (resistant, raven or scaikey):
#     provider           its name
#     provider_dir       the directory of its package (`.`, providers/raven, providers/scaikey)
#     provider_manifest  its Cargo.toml, relative to the project root
#     provider_package   its package and binary, terraform-provider-NAME
#     provider_source    the source address Terraform installs it from
#     emulator_package   the package and binary of its emulator, NAME-emulator
#     quickstart_example the directory of the configuration the quickstart applies
#   provider_version     the selected provider's version, read from the [package] table of its
#                        Cargo.toml
#   platform             this machine as Terraform names it (linux_amd64, darwin_arm64, ...)
#   mirror_package DIR   the provider's directory for this version and platform in the filesystem
#                        mirror DIR (a packed mirror keeps zips one level up, in mirror_source DIR)
#   mirror_source DIR    the provider's source address inside the mirror DIR
# The Resistant provider is selected to begin with.

cd "$(dirname "${BASH_SOURCE[0]}")/.."

# The providers, the default first.
providers="resistant raven scaikey"

is_provider() {
  case " $providers " in *" $1 "*) [ -n "$1" ] ;; *) return 1 ;; esac
}

select_provider() {
  provider="$1"
  case "$provider" in
    resistant)
      provider_dir="."
      provider_source="registry.terraform.io/resistant-ai/resistant"
      ;;
    raven)
      provider_dir="providers/raven"
      provider_source="registry.terraform.io/raven/raven"
      ;;
    scaikey)
      provider_dir="providers/scaikey"
      provider_source="registry.terraform.io/scaikey/scaikey"
      ;;
    *)
      echo "unknown provider '$provider': one of $providers" >&2
      return 2
      ;;
  esac
  if [ "$provider_dir" = . ]; then
    provider_manifest="Cargo.toml"
  else
    provider_manifest="$provider_dir/Cargo.toml"
  fi
  provider_package="terraform-provider-$provider"
  emulator_package="$provider-emulator"
  quickstart_example="$provider_dir/examples/quickstart"
}

select_provider resistant

provider_version() {
  awk '/^\[/ { table = $0 } table == "[package]" && /^version = "/ { gsub(/^version = "|"$/, ""); print; exit }' \
    "$provider_manifest"
}

platform() {
  local os arch
  case "$(uname -s)" in
    Linux) os=linux ;;
    Darwin) os=darwin ;;
    *) echo "unsupported OS: $(uname -s); releases are built on Linux or macOS" >&2; return 1 ;;
  esac
  case "$(uname -m)" in
    x86_64 | amd64) arch=amd64 ;;
    aarch64 | arm64) arch=arm64 ;;
    *) echo "unsupported architecture: $(uname -m); amd64 and arm64 are supported" >&2; return 1 ;;
  esac
  echo "${os}_${arch}"
}

mirror_source() {
  echo "$1/$provider_source"
}

mirror_package() {
  local version platform_name
  version="$(provider_version)"
  platform_name="$(platform)" || return 1
  echo "$(mirror_source "$1")/$version/$platform_name"
}
