#!/usr/bin/env bash
# Validates every example under examples/ with `tofu validate` and, when it
# is on PATH, `terraform validate`, against this build (dev_overrides): a
# snippet on a docs page that does not validate is a docs bug. Snippets are
# fragments, so each is validated in a scratch copy where the files it reads
# exist (keys are real PEMs) and what it refers to but does not declare is
# stubbed. Modules are validated through their test fixture (a module with
# ephemeral outputs cannot be a root module).
#
# Examples that use hashicorp/aws (a CloudFront distribution, queues, IAM,
# GuardDuty) need `init`, which dev_overrides cannot serve: they are
# initialised from a scratch filesystem mirror holding this build and the
# hashicorp/aws found under $FILESTORE_PROVIDER_MIRROR (default
# /opt/tf-plugins, laid out <host>/hashicorp/aws/<version>/<os>_<arch>/),
# else from the registry.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/dev-overrides.sh "$work"
export TF_CLI_CONFIG_FILE="$work/tofurc"
tools=("$(scripts/tools.sh --path tofu)")
command -v terraform >/dev/null 2>&1 && tools+=("$(command -v terraform)")

# Files the snippets read, created in each scratch copy.
prepare() {
  local d=$1 k
  mkdir -p "$d/dist" "$d/keys" "$d/secrets" "$d/media"
  for f in dist/app.tar.gz dist/app-1.4.2.tar.gz media/intro.mp4; do echo x >"$d/$f"; done
  echo '{}' >"$d/feature-flags.json"
  echo 'notes for ${version}' >"$d/notes.md.tftpl"
  for k in 2026-11 2027-05; do
    openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$d/secrets/$k.pem" 2>/dev/null
    openssl pkey -in "$d/secrets/$k.pem" -pubout -out "$d/keys/$k.pub.pem" 2>/dev/null
  done
}

# Declarations a snippet uses without declaring them.
stub() {
  case $1 in
    examples/resources/filestore_content_object)
      printf 'resource "filestore_upload_bucket" "uploads" {\n  bucket = "stub-bucket"\n}\nvariable "app_version" {\n  type    = string\n  default = "1"\n}\n' ;;
  esac
}

# The scratch mirror and its CLI configuration (see above).
mirror="$work/mirror"
mirrorrc="$work/mirrorrc"
provider_mirror=${FILESTORE_PROVIDER_MIRROR:-/opt/tf-plugins}
os_arch="$(go env GOOS)_$(go env GOARCH)"
local_aws=false
for host in registry.terraform.io registry.opentofu.org; do
  d="$mirror/$host/filestore/filestore/0.0.1/$os_arch"
  mkdir -p "$d"
  ln -s "$work/bin/terraform-provider-filestore" "$d/terraform-provider-filestore_v0.0.1"
  # Directories of their own, files linked (the mirror does not follow a
  # linked directory).
  for v in "$provider_mirror"/*/hashicorp/aws/*/"$os_arch"; do
    [ -d "$v" ] || continue
    d="$mirror/$host/hashicorp/aws/$(basename "${v%/"$os_arch"}")/$os_arch"
    mkdir -p "$d"
    ln -sf "$v"/* "$d/"
    local_aws=true
  done
done
{
  echo 'provider_installation {'
  echo "  filesystem_mirror {"
  echo "    path = \"$mirror\""
  echo '  }'
  if [ "$local_aws" = false ]; then
    echo '  direct {'
    echo '    exclude = ["registry.terraform.io/filestore/filestore", "registry.opentofu.org/filestore/filestore"]'
    echo '  }'
  fi
  echo '}'
} >"$mirrorrc"

# uses_aws DIR: whether the example in DIR needs hashicorp/aws.
uses_aws() {
  grep -Eqs '^[[:space:]]*(resource|data|ephemeral)[[:space:]]+"aws_|source[[:space:]]*=[[:space:]]*"hashicorp/aws"' "$1"/*.tf
}

status=0
if ! "${tools[0]}" fmt -check -recursive examples >"$work/fmt.txt"; then
  echo "FAIL not formatted (run: tofu fmt -recursive examples):"; sed 's/^/     /' "$work/fmt.txt"
  status=1
fi

validate() {
  local src=$1 dir=$2 tool out
  for tool in "${tools[@]}"; do
    if out=$(cd "$dir" && "$tool" validate -no-color 2>&1); then
      echo "ok   $src ($(basename "$tool"))"
    else
      echo "FAIL $src ($(basename "$tool"))"; echo "$out" | grep -v 'CLI configuration' | sed 's/^/     /'
      status=1
    fi
  done
}

# validate_with_aws SRC DIR: init from the scratch mirror, then validate, in
# a copy of DIR per tool (their lock files differ).
validate_with_aws() {
  local src=$1 dir=$2 tool out copy
  for tool in "${tools[@]}"; do
    copy="$dir.$(basename "$tool")"
    cp -r "$dir" "$copy"
    if out=$(cd "$copy" && TF_CLI_CONFIG_FILE="$mirrorrc" "$tool" init -backend=false -input=false -no-color 2>&1 &&
      TF_CLI_CONFIG_FILE="$mirrorrc" "$tool" validate -no-color 2>&1); then
      echo "ok   $src ($(basename "$tool"), with hashicorp/aws)"
    else
      echo "FAIL $src ($(basename "$tool"), with hashicorp/aws)"; echo "$out" | sed 's/^/     /'
      status=1
    fi
  done
}

for src in examples/provider examples/resources/* examples/data-sources/* \
  examples/ephemeral-resources/* examples/functions/* examples/quickstart examples/rotation \
  examples/r2 examples/upload-pipeline; do
  [ -d "$src" ] || continue
  dir="$work/$src"
  mkdir -p "$dir"
  prepare "$dir"
  cp "$src"/*.tf "$dir/"
  stub "$src" >"$dir/zz_stub.tf"
  grep -q required_providers "$dir"/*.tf ||
    printf 'terraform {\n  required_providers {\n    filestore = { source = "filestore/filestore" }\n  }\n}\n' >"$dir/zz_versions.tf"
  if uses_aws "$dir"; then
    validate_with_aws "$src" "$dir"
  else
    validate "$src" "$dir"
  fi
done

for module in examples/modules/*/; do
  module=${module%/}
  dir="$work/$module"
  mkdir -p "$dir"
  cp -r "$root/$module/." "$dir/"
  for fixture in "$dir"/tests/fixtures/*/; do
    (cd "$fixture" && "${tools[0]}" get -no-color >/dev/null)
    validate "$module/${fixture#"$dir/"}" "$fixture"
  done
done
exit $status
