#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test of the workspace (unit, emulator over
# real HTTP, and acceptance tests that drive the real `terraform` binary offline). Ends with one
# summary line totalling every test binary's results.
set -euo pipefail
cd "$(dirname "$0")/.."

# Formatting and lints are enforced wherever the toolchain has rustfmt and clippy (rustup installs them
# by default; .ci/run asks rustup for them too).
if cargo fmt --version >/dev/null 2>&1; then
  cargo fmt --all -- --check
else
  echo "warning: rustfmt is not installed; formatting not checked" >&2
fi
if cargo clippy --version >/dev/null 2>&1; then
  cargo clippy --workspace --all-targets --locked -- -D warnings
else
  echo "warning: clippy is not installed; lints not checked" >&2
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
awk '/^test result:/ {
       for (i = 2; i <= NF; i++) {
         if ($i ~ /^passed;?$/)  passed  += $(i - 1)
         if ($i ~ /^failed;?$/)  failed  += $(i - 1)
         if ($i ~ /^ignored;?$/) skipped += $(i - 1)
       }
     }
     END { printf "summary: %d passed, %d failed, %d skipped\n", passed, failed, skipped }' "$log"
exit "$status"
