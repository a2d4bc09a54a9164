#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test of the workspace (unit, emulator over
# real HTTP, and acceptance tests that drive the real `terraform` binary offline). Ends with one
# summary line totalling every test binary's results.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings

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
