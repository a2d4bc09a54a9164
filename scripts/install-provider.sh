#!/usr/bin/env bash
# Builds terraform-provider-resistant and installs it into a Terraform filesystem mirror.
#
#   scripts/install-provider.sh [DIR]
#
# DIR defaults to ~/.terraform.d/plugins (an implicit mirror Terraform always searches). The binary
# lands at DIR/registry.terraform.io/resistant-ai/resistant/<version>/<os>_<arch>/
# terraform-provider-resistant_v<version>; then `terraform init` finds `resistant-ai/resistant`.
# PROFILE=debug builds without optimisations (faster to build); the default is release.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
dir="${1:-$HOME/.terraform.d/plugins}"
profile="${PROFILE:-release}"

version="$(provider_version)"
dest="$(mirror_package "$dir")"

if [ "$profile" = release ]; then
  cargo build --release --bin terraform-provider-resistant
else
  cargo build --bin terraform-provider-resistant
fi
target_dir="${CARGO_TARGET_DIR:-target}"
binary="$target_dir/$profile/terraform-provider-resistant"

mkdir -p "$dest"
install -m 0755 "$binary" "$dest/terraform-provider-resistant_v$version"
echo "installed $dest/terraform-provider-resistant_v$version"
