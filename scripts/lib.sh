# shellcheck shell=bash
# What the scripts in scripts/ share. Sourcing it (`. "$(dirname "$0")/lib.sh"`) moves to the
# project root and defines:
#   provider_version   the provider's version, read from the [package] table of the root Cargo.toml
#   platform           this machine as Terraform names it (linux_amd64, darwin_arm64, ...)
#   mirror_package DIR the provider's directory for this version and platform in the filesystem
#                      mirror DIR (a packed mirror keeps zips one level up, in mirror_source DIR)
#   mirror_source DIR  the provider's source address inside the mirror DIR
#   provider_source    the source address Terraform installs the provider from

cd "$(dirname "${BASH_SOURCE[0]}")/.."

provider_source="registry.terraform.io/resistant-ai/resistant"

provider_version() {
  awk '/^\[/ { table = $0 } table == "[package]" && /^version = "/ { gsub(/^version = "|"$/, ""); print; exit }' Cargo.toml
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
