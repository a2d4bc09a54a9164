#!/usr/bin/env bash
# The quickstart: see a tenant and an application created against a local emulator, in one command.
#
#   ./scripts/quickstart.sh        build, start the emulator in the background, init and apply
#   ./scripts/quickstart.sh down   destroy what the quickstart created and stop its emulator
#
# Everything it writes stays in .quickstart/ inside the project (git-ignored): the filesystem mirror
# the provider is installed into, the Terraform CLI configuration that points there, the emulator's
# SQLite file, pid and logs, and the working directory (a copy of examples/quickstart with its state).
# Nothing is written to your home directory and nothing is downloaded by Terraform.
#
# It builds debug binaries (much faster to compile than --release; fine for trying things out).
# QUICKSTART_PROVIDER_BIN and QUICKSTART_EMULATOR_BIN name prebuilt binaries and skip the build
# (the test suite uses them so the project is not compiled twice).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
root="$PWD"
dir="$root/.quickstart"
work="$dir/work"
pid_file="$dir/emulator.pid"
address_file="$dir/emulator.address"

# The emulator's organization credentials: a local emulator only, never a real account.
org_client_id="quickstart"
org_client_secret="quickstart-secret"

# Terraform sees only the project-local CLI configuration, plugin locations and home.
terraform_env() {
  env -u TF_PLUGIN_CACHE_DIR -u TF_DATA_DIR -u TF_WORKSPACE \
    TF_CLI_CONFIG_FILE="$dir/terraform.rc" HOME="$dir/home" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
    TF_INPUT=0 "$@"
}

# Whether the emulator recorded in .quickstart/ is running (and is ours).
emulator_running() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "resistant-emulator" || return 1
  fi
}

down() {
  if [ -d "$work" ] && [ -f "$work/terraform.tfstate" ] && emulator_running; then
    echo "==> terraform destroy"
    terraform_env terraform -chdir="$work" destroy -auto-approve -input=false
  fi
  if emulator_running; then
    local pid
    pid="$(cat "$pid_file")"
    echo "==> stopping the emulator (pid $pid)"
    kill "$pid"
    for _ in $(seq 1 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      kill -9 "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf "$dir"
  echo "quickstart cleaned up: .quickstart/ removed, no emulator left running"
}

up() {
  command -v terraform >/dev/null 2>&1 || {
    echo "terraform (1.11.x) must be on the PATH" >&2
    exit 1
  }
  local provider_bin="${QUICKSTART_PROVIDER_BIN:-}"
  local emulator_bin="${QUICKSTART_EMULATOR_BIN:-}"
  if [ -z "$provider_bin" ] || [ -z "$emulator_bin" ]; then
    echo "==> cargo build (debug) of the provider and the emulator"
    cargo build --locked -p terraform-provider-resistant -p resistant-emulator --bins
    local target="${CARGO_TARGET_DIR:-$root/target}"
    provider_bin="${provider_bin:-$target/debug/terraform-provider-resistant}"
    emulator_bin="${emulator_bin:-$target/debug/resistant-emulator}"
  fi

  mkdir -p "$dir/home" "$work"
  local version
  version="$(provider_version)"
  local package
  package="$(mirror_package "$dir/mirror")"
  mkdir -p "$package"
  install -m 0755 "$provider_bin" "$package/terraform-provider-resistant_v$version"
  cat >"$dir/terraform.rc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$dir/mirror"
    include = ["$provider_source"]
  }
  direct {
    exclude = ["$provider_source"]
  }
}
EOF

  if emulator_running; then
    echo "==> reusing the running emulator (pid $(cat "$pid_file"))"
  else
    echo "==> starting the emulator in the background"
    : >"$dir/emulator.out"
    nohup "$emulator_bin" --listen 127.0.0.1:0 --db "$dir/emulator.sqlite" \
      --org-client-id "$org_client_id" --org-client-secret "$org_client_secret" \
      >"$dir/emulator.out" 2>"$dir/emulator.log" </dev/null &
    echo $! >"$pid_file"
    local address=""
    for _ in $(seq 1 300); do
      address="$(head -n1 "$dir/emulator.out" 2>/dev/null || true)"
      [ -n "$address" ] && break
      emulator_running || break
      sleep 0.1
    done
    if [ -z "$address" ]; then
      echo "the emulator did not start; its log (.quickstart/emulator.log):" >&2
      cat "$dir/emulator.log" >&2 || true
      exit 1
    fi
    echo "$address" >"$address_file"
  fi
  local base
  base="http://$(cat "$address_file")"

  cp "$root"/examples/quickstart/*.tf "$work/"
  (
    umask 077
    cat >"$work/terraform.tfvars" <<EOF
endpoint      = "$base/v0"
token_url     = "$base/oauth2/tenants/v1/token"
client_id     = "$org_client_id"
client_secret = "$org_client_secret"
EOF
  )

  echo "==> terraform init"
  terraform_env terraform -chdir="$work" init -input=false -no-color >"$dir/init.log" ||
    { cat "$dir/init.log" >&2; exit 1; }
  echo "==> terraform apply"
  terraform_env terraform -chdir="$work" apply -auto-approve -input=false

  output() { terraform_env terraform -chdir="$work" output -raw "$1"; }
  cat <<EOF

Created against the emulator at $base:
  tenant id       $(output tenant_id) (name: $(output tenant_name))
  client id       $(output client_id)
  token URL       $(output token_url)
  Documents UI    $(output documents_ui)
  Documents API   $(output documents_api_url)

Look around:
  terraform -chdir=.quickstart/work show
  terraform -chdir=.quickstart/work output -raw client_secret   # the application's secret
  # A Documents API (data-plane) token with the application's credentials:
  curl -s -u "\$(terraform -chdir=.quickstart/work output -raw client_id):\$(terraform -chdir=.quickstart/work output -raw client_secret)" \\
    -d grant_type=client_credentials -d scope=submissions.write \\
    "\$(terraform -chdir=.quickstart/work output -raw token_url)"
  # Further terraform commands that talk to the provider need the project-local CLI configuration:
  TF_CLI_CONFIG_FILE=.quickstart/terraform.rc terraform -chdir=.quickstart/work plan

Clean up (destroys the tenant and stops the emulator):
  ./scripts/quickstart.sh down
EOF
}

case "${1:-up}" in
  up) up ;;
  down) down ;;
  *)
    echo "usage: $0 [up|down]" >&2
    exit 2
    ;;
esac
