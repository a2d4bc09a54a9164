#!/usr/bin/env bash
# The project's test command: formatting, lints, then every test of the workspace (unit, emulator over
# real HTTP, and acceptance tests that drive the real `terraform` binary offline).
set -euo pipefail
cd "$(dirname "$0")/.."

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
cargo test --workspace --locked --no-fail-fast
