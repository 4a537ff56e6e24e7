#!/usr/bin/env bash
# make demo: build the provider, start the local servers, apply
# examples/quickstart, upload through the minted URL, download through the
# presigned and the CloudFront-signed URL, run the guardrail plan check, show a
# guardrail stopping a bad plan, and tear everything down.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

if [ "${FILESTORE_DEMO_INNER:-}" != 1 ]; then
  scripts/tools.sh tofu weed kumo >/dev/null
  exec env FILESTORE_DEMO_INNER=1 scripts/with-testbed.sh -servers seaweedfs,kumo -- "$0" "$@"
fi

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
tofu=$(scripts/tools.sh --path tofu)
work=$(mktemp -d)
cleanup_dir() { rm -rf "$work"; }
trap cleanup_dir EXIT

step "Building the provider and pointing OpenTofu at it (dev_overrides)"
scripts/dev-overrides.sh "$work"
export TF_CLI_CONFIG_FILE="$work/tofurc"
provider_bin="$work/bin/terraform-provider-filestore"
cp -r examples/quickstart "$work/quickstart"
cd "$work/quickstart"

step "Generating a CloudFront signing key pair"
(cd "$root" && go build -o "$work/bin/testbed" ./internal/testbed/cmd/testbed)
testbed="$work/bin/testbed"
"$testbed" keygen -out "$work/keys"
vars=(-var "signing_public_key_file=$work/keys/signing.pub.pem" -var "signing_private_key_file=$work/keys/signing.pem")

dist=""
destroy() {
  step "Destroying"
  if [ -n "$dist" ]; then "$testbed" cdn-delete -id "$dist" && echo "deleted distribution $dist"; fi
  "$tofu" destroy -auto-approve -input=false "${vars[@]}" ${cdn_var:+-var "$cdn_var"} >/dev/null && echo "destroyed"
}
trap 'destroy || true; cleanup_dir' EXIT

step "tofu apply examples/quickstart (S3: SeaweedFS $AWS_ENDPOINT_URL_S3, CloudFront: kumo)"
"$tofu" apply -auto-approve -input=false "${vars[@]}"

bucket=$("$tofu" output -raw bucket)
step "The bucket's settings, read back from the server"
"$tofu" state show filestore_upload_bucket.uploads | grep -vE 'policy_json' | sed 's/^/    /'

step "Uploading through the minted presigned PUT URL"
echo "hello from make demo at $(date -u +%FT%TZ)" >"$work/hello.txt"
code=$(curl -sS --cacert "$AWS_CA_BUNDLE" -o /dev/null -w '%{http_code}' -X PUT \
  -H 'Content-Type: text/plain' --data-binary @"$work/hello.txt" "$("$tofu" output -raw upload_url)")
echo "PUT -> HTTP $code"; [ "$code" = 200 ]
code=$(curl -sS --cacert "$AWS_CA_BUNDLE" -o /dev/null -w '%{http_code}' -X PUT \
  -H 'Content-Type: application/x-evil' --data-binary @"$work/hello.txt" "$("$tofu" output -raw upload_url)")
echo "PUT with another Content-Type -> HTTP $code (the content type is signed)"; [ "$code" = 403 ]

step "Downloading through the presigned GET URL"
curl -sS --cacert "$AWS_CA_BUNDLE" -D "$work/get.headers" -o "$work/got.txt" "$("$tofu" output -raw download_url)"
grep -i '^content-disposition' "$work/get.headers" || true
cmp "$work/hello.txt" "$work/got.txt" && echo "downloaded content matches the upload"

step "Serving it through CloudFront (kumo) with a signed URL"
key_group=$("$tofu" output -raw key_group_id)
dist=$("$testbed" cdn -key-group "$key_group" -bucket "$bucket")
echo "distribution $dist trusts key group $key_group (created outside Terraform, as aws_cloudfront_distribution would)"
# kumo's edge reads only kumo's own S3: mirror the object there (on AWS the
# distribution reads the upload bucket itself through cdn_read_access).
"$testbed" put -server kumo -bucket "$bucket" -key uploads/hello.txt -file "$work/hello.txt"
cdn_var="cdn_base_url=$FILESTORE_TESTBED_KUMO_EDGE/$dist"
"$tofu" apply -auto-approve -input=false "${vars[@]}" -var "$cdn_var" >/dev/null
signed=$("$tofu" output -raw cdn_download_url)
code=$(curl -sS -o "$work/cdn.txt" -w '%{http_code}' "$signed")
echo "GET signed URL -> HTTP $code"; [ "$code" = 200 ]; cmp "$work/hello.txt" "$work/cdn.txt" && echo "CDN content matches"
code=$(curl -sS -o /dev/null -w '%{http_code}' "${signed%%\?*}")
echo "GET without signature -> HTTP $code"; [ "$code" = 403 ]

step "Checking the plan against the guardrails (policy check, as CI would)"
"$tofu" plan -input=false -out="$work/plan.bin" "${vars[@]}" -var "$cdn_var" >/dev/null
"$tofu" show -json "$work/plan.bin" >"$work/plan.json"
"$provider_bin" policy check "$work/plan.json" && echo "policy check: clean"

step "A guardrail stopping a bad plan: CORS origin \"*\" with PUT (FS005)"
if "$tofu" plan -input=false "${vars[@]}" -var "$cdn_var" -var 'app_origin=*' >"$work/bad.txt" 2>&1; then
  echo "expected the plan to be refused"; cat "$work/bad.txt"; exit 1
fi
grep -E 'FS005|Error' "$work/bad.txt" | head -5

destroy
trap cleanup_dir EXIT
step "Demo complete"
