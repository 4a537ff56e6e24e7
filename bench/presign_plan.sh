#!/usr/bin/env bash
# End-to-end cost of minting at plan time: plans 1,000 presigned URLs
# (for_each over filestore_presigned_url) with OpenTofu and reports the wall
# time added over an empty plan and over a plan with one URL. For scale it
# also times COUNT built-in terraform_data resources: OpenTofu's own cost for
# that many instances, with no provider involved (it grows faster than
# linearly with the count).
#
#   bench/presign_plan.sh [COUNT] [RUNS]     (defaults: 1000 URLs, 5 runs each)
#
# The provider binary is built into a temporary directory and used through
# dev_overrides (scripts/dev-overrides.sh). Minting makes no network call, so static fake credentials and
# an unroutable endpoint are enough: no test bed is needed. Each figure is
# the median of RUNS plans; the first plan of each configuration is a
# discarded warm-up.
set -euo pipefail

COUNT=${1:-1000}
RUNS=${2:-5}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
TOFU=${TOFU:-$("$ROOT/scripts/tools.sh" --path tofu)}

WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
"$ROOT/scripts/dev-overrides.sh" "$WORK"

export TF_CLI_CONFIG_FILE="$WORK/tofurc"
export TF_IN_AUTOMATION=1
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE
export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY
export AWS_REGION=us-east-1
export AWS_ENDPOINT_URL_S3=https://127.0.0.1:9
export AWS_EC2_METADATA_DISABLED=true
export AWS_CONFIG_FILE=/dev/null
export AWS_SHARED_CREDENTIALS_FILE=/dev/null
unset AWS_PROFILE AWS_SESSION_TOKEN TF_LOG

# POLICY=off plans without the guardrails (policy.enforcement = "off"), to
# separate minting from the OPA evaluation of each minting request.
if [ "${POLICY:-on}" = off ]; then
  provider_block='provider "filestore" {
  policy = { enforcement = "off" }
}'
else
  provider_block='provider "filestore" {}'
fi
header="terraform {
  required_providers {
    filestore = { source = \"filestore/filestore\" }
  }
}
$provider_block
"

# $1 = directory, $2 = number of URLs (0: the provider is configured but
# nothing uses it, i.e. an empty plan).
make_config() {
  mkdir -p "$1"
  printf '%s' "$header" > "$1/main.tf"
  if [ "$2" -gt 0 ]; then
    cat >> "$1/main.tf" <<HCL
data "filestore_presigned_url" "u" {
  for_each     = toset([for i in range($2) : format("%05d", i)])
  bucket       = "bench-bucket"
  key          = "objects/\${each.key}.bin"
  method       = "PUT"
  content_type = "application/octet-stream"
  expires_in   = "15m"
}

output "count" {
  value = length(data.filestore_presigned_url.u)
}
HCL
  fi
}

# median wall seconds of RUNS plans in directory $1
time_plans() {
  local dir=$1 times=() i start end
  (cd "$dir" && "$TOFU" plan -input=false -lock=false -no-color >/dev/null) # warm-up
  for ((i = 0; i < RUNS; i++)); do
    start=$(date +%s.%N)
    (cd "$dir" && "$TOFU" plan -input=false -lock=false -no-color >"$dir/plan.out") || {
      echo "plan failed in $dir:" >&2; cat "$dir/plan.out" >&2; exit 1; }
    end=$(date +%s.%N)
    times+=("$(awk -v a="$start" -v b="$end" 'BEGIN { print b - a }')")
  done
  printf '%s\n' "${times[@]}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'
}

make_config "$WORK/empty" 0
make_config "$WORK/one" 1
make_config "$WORK/many" "$COUNT"
# Reference: OpenTofu's own cost for COUNT instances, with a built-in
# resource and no plugin process at all.
mkdir -p "$WORK/reference"
cat > "$WORK/reference/main.tf" <<HCL
resource "terraform_data" "u" {
  for_each = toset([for i in range($COUNT) : format("%05d", i)])
  input    = "objects/\${each.key}.bin"
}
HCL

t_empty=$(time_plans "$WORK/empty")
t_one=$(time_plans "$WORK/one")
t_many=$(time_plans "$WORK/many")
t_ref=$(time_plans "$WORK/reference")
grep -q "count *= *$COUNT" "$WORK/many/plan.out" || { echo "the $COUNT-URL plan did not read $COUNT data sources" >&2; cat "$WORK/many/plan.out" >&2; exit 1; }

added=$(awk -v m="$t_many" -v e="$t_empty" 'BEGIN { print m - e }')
per=$(awk -v m="$t_many" -v o="$t_one" -v n="$COUNT" 'BEGIN { print (m - o) / (n - 1) * 1000 }')
printf 'tofu %s, %d runs each (median), guardrails %s\n' "$("$TOFU" version | head -1)" "$RUNS" "${POLICY:-on}"
printf 'empty plan:                %6.2f s\n' "$t_empty"
printf 'plan with 1 URL:           %6.2f s\n' "$t_one"
printf 'plan with %d URLs:      %6.2f s\n' "$COUNT" "$t_many"
printf 'added by %d URLs over an empty plan: %.2f s (%.2f ms per URL, marginal)\n' "$COUNT" "$added" "$per"
printf 'reference, %d terraform_data (no provider): %.2f s — OpenTofu'"'"'s own per-instance cost\n' "$COUNT" "$t_ref"
