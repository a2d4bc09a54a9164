#!/usr/bin/env bash
# Builds a release of one of this repository's providers in the layout the Terraform Registry and
# private registries expect, under dist/ (here for resistant; raven and scaikey alike):
#
#   terraform-provider-resistant_VERSION_linux_amd64.zip   the binary terraform-provider-resistant_vVERSION
#   terraform-provider-resistant_VERSION_manifest.json     protocol versions ["6.0"]
#   terraform-provider-resistant_VERSION_SHA256SUMS        checksums of the zip and the manifest
#   terraform-provider-resistant_VERSION_SHA256SUMS.sig    detached GPG signature (only with a key)
#   mirror/registry.terraform.io/resistant-ai/resistant/…  a packed filesystem mirror holding the zip
#
#   ./scripts/release.sh [PROVIDER] VERSION
#
# PROVIDER is resistant (the default), raven or scaikey. VERSION must be the version in that
# provider's Cargo.toml. Environment:
#   RELEASE_GPG_KEY_ID    the GPG key to sign the SHA256SUMS with; without it nothing is signed
#   RELEASE_PROVIDER_BIN  a prebuilt release binary to package instead of building one
#   RELEASE_DIST_DIR      where to write (default: dist/ in the project)
#
# Only the platform of this machine is built: there are no cross toolchains offline. The others a
# registry usually offers (darwin_amd64, darwin_arm64, linux_arm64, windows_amd64) are listed as not
# built.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
if is_provider "${1:-}"; then
  select_provider "$1"
  shift
fi
version="${1:-}"
if [ -z "$version" ] || [ $# -gt 1 ]; then
  echo "usage: $0 [PROVIDER] VERSION (PROVIDER: one of $providers; VERSION: the version in its" \
    "Cargo.toml)" >&2
  exit 2
fi
crate_version="$(provider_version)"
if [ "$version" != "$crate_version" ]; then
  echo "VERSION $version differs from $provider_manifest's version $crate_version: set the" \
    "version in $provider_manifest (and CHANGELOG.md) first, then release that version" >&2
  exit 2
fi

platform="$(platform)"

binary="${RELEASE_PROVIDER_BIN:-}"
if [ -z "$binary" ]; then
  cargo build --release --locked -p "$provider_package" --bin "$provider_package"
  binary="${CARGO_TARGET_DIR:-target}/release/$provider_package"
fi
[ -x "$binary" ] || { echo "no provider binary at $binary" >&2; exit 1; }

dist="${RELEASE_DIST_DIR:-dist}"
mkdir -p "$dist"
dist="$(cd "$dist" && pwd)"
name="${provider_package}_${version}"
zip_name="${name}_${platform}.zip"
staging="$(mktemp -d)"
trap 'rm -rf "$staging"' EXIT

install -m 0755 "$binary" "$staging/${provider_package}_v${version}"
rm -f "$dist/$zip_name"
if command -v zip >/dev/null 2>&1; then
  (cd "$staging" && zip -q -X "$dist/$zip_name" "${provider_package}_v${version}")
else
  python3 - "$dist/$zip_name" "$staging/${provider_package}_v${version}" <<'EOF'
import os, sys, zipfile
with zipfile.ZipFile(sys.argv[1], "w", zipfile.ZIP_DEFLATED) as archive:
    info = zipfile.ZipInfo(os.path.basename(sys.argv[2]))
    info.external_attr = 0o100755 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    with open(sys.argv[2], "rb") as f:
        archive.writestr(info, f.read())
EOF
fi

printf '{"version":1,"metadata":{"protocol_versions":["6.0"]}}\n' >"$dist/${name}_manifest.json"
(cd "$dist" && sha256sum "$zip_name" "${name}_manifest.json" >"${name}_SHA256SUMS")

rm -f "$dist/${name}_SHA256SUMS.sig"
if [ -n "${RELEASE_GPG_KEY_ID:-}" ]; then
  gpg --batch --yes --local-user "$RELEASE_GPG_KEY_ID" --output "$dist/${name}_SHA256SUMS.sig" \
    --detach-sign "$dist/${name}_SHA256SUMS"
  signed="signed with key $RELEASE_GPG_KEY_ID"
else
  signed="not signed (set RELEASE_GPG_KEY_ID to sign the SHA256SUMS)"
fi

mirror="$(mirror_source "$dist/mirror")"
mkdir -p "$mirror"
cp "$dist/$zip_name" "$mirror/$zip_name"

cat <<EOF
release $version written to $dist:
  $zip_name
  ${name}_manifest.json
  ${name}_SHA256SUMS ($signed)
  mirror/ (packed filesystem mirror: terraform providers lock -fs-mirror=$dist/mirror)
built for: $platform
not built here (no cross toolchains offline): $(for p in linux_amd64 linux_arm64 darwin_amd64 darwin_arm64 windows_amd64; do [ "$p" = "$platform" ] || printf '%s ' "$p"; done)
EOF
