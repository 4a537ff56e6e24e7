#!/usr/bin/env bash
# Runs the tests of every module under examples/modules/ (tests/*.tftest.hcl)
# with `tofu test` and, when it is on PATH, `terraform test`, against the
# local test bed (run it inside scripts/with-testbed.sh; `make testmodule`
# does), with this build of the provider through dev_overrides. Each tool
# works in a fresh copy of the module, so nothing is written to the tree.
#
# It also checks what a tftest file cannot express: that the module refuses
# bad input at plan time with its own message (a child module's variable
# validation cannot be named in expect_failures).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
: "${AWS_ENDPOINT_URL_S3:?run inside scripts/with-testbed.sh (make testmodule)}"
# tests/*_kumo.tftest.hcl run against kumo's S3 (lifecycle transitions,
# which SeaweedFS lacks), the others against SeaweedFS.
kumo_s3="${FILESTORE_TESTBED_KUMO_S3:?the test bed must include kumo}"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/dev-overrides.sh "$work"
export TF_CLI_CONFIG_FILE="$work/tofurc"
export TF_IN_AUTOMATION=1

tools=("$(scripts/tools.sh --path tofu)")
if command -v terraform >/dev/null 2>&1; then
  tools+=("$(command -v terraform)")
else
  echo "terraform not on PATH: module tests run with OpenTofu only"
fi

# expect_refused DIR TOOL VAR=VALUE MESSAGE: a plan of the test fixture with
# that variable must fail and print MESSAGE.
expect_refused() {
  local dir=$1 tool=$2 var=$3 message=$4 out
  if out=$(cd "$dir/tests/fixtures/consumer" && "$tool" plan -input=false -no-color -var "$var" -var roundtrip=false 2>&1); then
    echo "FAIL: plan with -var '$var' succeeded; the module must refuse it" >&2
    return 1
  fi
  if ! grep -qF -- "$message" <<<"$(tr -s ' \n' ' ' <<<"$out")"; then
    echo "FAIL: plan with -var '$var' failed without \"$message\":" >&2
    echo "$out" >&2
    return 1
  fi
  echo "refused as expected: -var '$var'"
}

status=0
for module in examples/modules/*/; do
  name=$(basename "$module")
  for tool in "${tools[@]}"; do
    label="$name ($(basename "$tool"))"
    dir="$work/$(basename "$tool")/$name"
    mkdir -p "$dir"
    cp -r "$root/$module/." "$dir/"
    # `get`, not `init`: it installs the modules the test files use, and
    # leaves providers alone (init would ask the registry for the
    # dev-overridden provider, which fails offline).
    echo "==> $label: get"
    (cd "$dir" && "$tool" get -no-color >"$dir.get.log" 2>&1) || { cat "$dir.get.log"; status=1; continue; }
    failed=0
    for file in "$dir"/tests/*.tftest.hcl; do
      rel=tests/$(basename "$file")
      endpoint=$AWS_ENDPOINT_URL_S3
      case $rel in *_kumo.tftest.hcl) endpoint=$kumo_s3 ;; esac
      echo "==> $label: test $rel (S3: $endpoint)"
      (cd "$dir" && AWS_ENDPOINT_URL_S3=$endpoint "$tool" test -no-color -filter="$rel") || failed=1
    done
    if [ "$failed" = 1 ]; then
      status=1
      continue
    fi
    if [ "$name" = upload-bucket ]; then
      (cd "$dir/tests/fixtures/consumer" && "$tool" get -no-color >/dev/null)
      expect_refused "$dir" "$tool" 'app_origins=["*"]' "Each origin must be scheme://host[:port]" || status=1
      expect_refused "$dir" "$tool" 'app_origins=[]' "Give at least one origin" || status=1
      expect_refused "$dir" "$tool" 'max_upload_bytes=0' "max_upload_bytes must be between 1 byte and 5 GiB" || status=1
    fi
  done
done
exit $status
