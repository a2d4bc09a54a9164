#!/usr/bin/env bash
# Builds a provider of this repository and installs it into a Terraform filesystem mirror.
#
#   scripts/install-provider.sh [PROVIDER] [DIR]
#
# PROVIDER is resistant (the default), raven or scaikey. DIR defaults to ~/.terraform.d/plugins (an
# implicit mirror Terraform always searches). The binary lands at
# DIR/<source address>/<version>/<os>_<arch>/terraform-provider-PROVIDER_v<version> (for resistant,
# DIR/registry.terraform.io/resistant-ai/resistant/...); then `terraform init` finds it.
# PROFILE=debug builds without optimisations (faster to build); the default is release.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
if is_provider "${1:-}"; then
  select_provider "$1"
  shift
fi
dir="${1:-$HOME/.terraform.d/plugins}"
profile="${PROFILE:-release}"

version="$(provider_version)"
dest="$(mirror_package "$dir")"

if [ "$profile" = release ]; then
  cargo build --release -p "$provider_package" --bin "$provider_package"
else
  cargo build -p "$provider_package" --bin "$provider_package"
fi
target_dir="${CARGO_TARGET_DIR:-target}"
binary="$target_dir/$profile/$provider_package"

mkdir -p "$dest"
install -m 0755 "$binary" "$dest/${provider_package}_v$version"
echo "installed $dest/${provider_package}_v$version"
