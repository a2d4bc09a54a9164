#!/usr/bin/env bash
# The quickstart: see a provider create something against its local emulator, in one command.
#
#   ./scripts/quickstart.sh [PROVIDER]        build, start the emulator in the background, init and apply
#   ./scripts/quickstart.sh [PROVIDER] down   destroy what the quickstart created and stop its emulator
#
# PROVIDER is resistant (the default: a tenant and an application), raven (a tenant and a read-only
# key) or scaikey (a tenant). Everything it writes stays in one git-ignored directory of the project,
# .quickstart/ for resistant and .quickstart-PROVIDER/ for the others: the filesystem mirror the
# provider is installed into, the Terraform CLI configuration that points there, the emulator's
# SQLite file, pid and logs, and the working directory (a copy of the provider's examples/quickstart
# with its state). Nothing is written to your home directory and nothing is downloaded by Terraform.
#
# It builds debug binaries (much faster to compile than --release; fine for trying things out).
# QUICKSTART_PROVIDER_BIN and QUICKSTART_EMULATOR_BIN name prebuilt binaries and skip the build
# (the test suite uses them so the project is not compiled twice).
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "$0")/lib.sh"
action=up
for argument in "$@"; do
  case "$argument" in
    up | down) action="$argument" ;;
    *)
      if is_provider "$argument"; then
        select_provider "$argument"
      else
        echo "usage: $0 [$(echo "$providers" | tr ' ' '|')] [up|down]" >&2
        exit 2
      fi
      ;;
  esac
done

root="$PWD"
if [ "$provider" = resistant ]; then
  here=".quickstart"
  command="./scripts/quickstart.sh"
else
  here=".quickstart-$provider"
  command="./scripts/quickstart.sh $provider"
fi
dir="$root/$here"
work="$dir/work"
pid_file="$dir/emulator.pid"
address_file="$dir/emulator.address"

# The emulator's admin credentials (resistant: the organization's; scaikey: the admin client's): a
# local emulator only, never a real account. Raven registers tenants without credentials.
client_id="quickstart"
client_secret="quickstart-secret"

# Terraform sees only the project-local CLI configuration, plugin locations and home (where the
# providers also keep their lock directories, without XDG_* directories to prefer).
terraform_env() {
  env -u TF_PLUGIN_CACHE_DIR -u TF_DATA_DIR -u TF_WORKSPACE -u XDG_CACHE_HOME -u XDG_RUNTIME_DIR \
    TF_CLI_CONFIG_FILE="$dir/terraform.rc" HOME="$dir/home" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1 \
    TF_INPUT=0 "$@"
}

# Whether the emulator recorded in the quickstart's directory is running (and is ours).
emulator_running() {
  [ -f "$pid_file" ] || return 1
  local pid
  pid="$(cat "$pid_file")"
  kill -0 "$pid" 2>/dev/null || return 1
  if [ -r "/proc/$pid/cmdline" ]; then
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q "$emulator_package" || return 1
  fi
}

# The emulator's flags besides the address and the database.
emulator_flags() {
  case "$provider" in
    resistant) echo "--org-client-id $client_id --org-client-secret $client_secret" ;;
    raven) echo "" ;;
    scaikey) echo "--client-id $client_id --client-secret $client_secret" ;;
  esac
}

# The example's variables for the emulator at the base URL $1.
tfvars() {
  case "$provider" in
    resistant)
      cat <<EOF
endpoint      = "$1/v0"
token_url     = "$1/oauth2/tenants/v1/token"
client_id     = "$client_id"
client_secret = "$client_secret"
EOF
      ;;
    raven) echo "endpoint = \"$1\"" ;;
    scaikey)
      cat <<EOF
endpoint      = "$1"
client_id     = "$client_id"
client_secret = "$client_secret"
EOF
      ;;
  esac
}

output() { terraform_env terraform -chdir="$work" output -raw "$1"; }

# What was created against the emulator at the base URL $1, and how to look around.
summary() {
  local base="$1" cleanup="destroys the tenant and stops the emulator"
  echo
  echo "Created against the emulator at $base:"
  case "$provider" in
    resistant)
      cat <<EOF
  tenant id       $(output tenant_id) (name: $(output tenant_name))
  client id       $(output client_id)
  token URL       $(output token_url)
  Documents UI    $(output documents_ui)
  Documents API   $(output documents_api_url)

Look around:
  terraform -chdir=$here/work show
  terraform -chdir=$here/work output -raw client_secret   # the application's secret
  # A Documents API (data-plane) token with the application's credentials:
  curl -s -u "\$(terraform -chdir=$here/work output -raw client_id):\$(terraform -chdir=$here/work output -raw client_secret)" \\
    -d grant_type=client_credentials -d scope=submissions.write \\
    "\$(terraform -chdir=$here/work output -raw token_url)"
EOF
      ;;
    raven)
      cleanup="forgets the tenant and its key, which Raven cannot delete, and stops the emulator"
      cat <<EOF
  tenant id       $(output tenant_id) (name: $(output tenant_name))
  reader key      $(output reader_key_prefix)… (scopes: tenant:read)

Look around:
  terraform -chdir=$here/work show
  terraform -chdir=$here/work output -raw api_key   # the tenant's registration key
  # The tenant as the read-only key sees it:
  curl -s -H "Authorization: Bearer \$(terraform -chdir=$here/work output -raw reader_api_key)" \\
    "$base/api/v1/tenant"
EOF
      ;;
    scaikey)
      cat <<EOF
  tenant id       $(output tenant_id) (slug: $(output tenant_slug))
  tenants listed  $(output tenant_count)

Look around:
  terraform -chdir=$here/work show
  terraform -chdir=$here/work output
EOF
      ;;
  esac
  cat <<EOF
  # Further terraform commands that talk to the provider need the project-local CLI configuration:
  TF_CLI_CONFIG_FILE=$here/terraform.rc terraform -chdir=$here/work plan

Clean up ($cleanup):
  $command down
EOF
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
  echo "quickstart cleaned up: $here/ removed, no emulator left running"
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
    cargo build --locked -p "$provider_package" -p "$emulator_package" --bins
    local target="${CARGO_TARGET_DIR:-$root/target}"
    provider_bin="${provider_bin:-$target/debug/$provider_package}"
    emulator_bin="${emulator_bin:-$target/debug/$emulator_package}"
  fi

  mkdir -p "$dir/home" "$work"
  local version
  version="$(provider_version)"
  local package
  package="$(mirror_package "$dir/mirror")"
  mkdir -p "$package"
  install -m 0755 "$provider_bin" "$package/${provider_package}_v$version"
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
    # shellcheck disable=SC2046 # the flags are words without spaces
    nohup "$emulator_bin" --listen 127.0.0.1:0 --db "$dir/emulator.sqlite" $(emulator_flags) \
      >"$dir/emulator.out" 2>"$dir/emulator.log" </dev/null &
    local pid=$!
    echo "$pid" >"$pid_file"
    local address=""
    for _ in $(seq 1 300); do
      address="$(head -n1 "$dir/emulator.out" 2>/dev/null || true)"
      [ -n "$address" ] && break
      # Alive is enough here: until the background shell has started the emulator, its command
      # line is still the script's.
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if [ -z "$address" ]; then
      echo "the emulator did not start; its log ($here/emulator.log):" >&2
      cat "$dir/emulator.log" >&2 || true
      exit 1
    fi
    echo "$address" >"$address_file"
  fi
  local base
  base="http://$(cat "$address_file")"

  cp "$root/$quickstart_example"/*.tf "$work/"
  (
    umask 077
    tfvars "$base" >"$work/terraform.tfvars"
  )

  echo "==> terraform init"
  terraform_env terraform -chdir="$work" init -input=false -no-color >"$dir/init.log" ||
    { cat "$dir/init.log" >&2; exit 1; }
  echo "==> terraform apply"
  terraform_env terraform -chdir="$work" apply -auto-approve -input=false

  summary "$base"
}

case "$action" in
  up) up ;;
  down) down ;;
esac
