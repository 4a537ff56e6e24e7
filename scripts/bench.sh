#!/usr/bin/env bash
# make bench: every benchmark of the project, printed as figures and ratios.
# Benchmarks measure; they never fail on a number (no timed assertions).
#
#   scripts/bench.sh            all of them (about 15 minutes on 2 cores)
#   scripts/bench.sh NAME...    some of them: signing refresh upload policy presign-plan
set -euo pipefail
cd "$(dirname "$0")/.."

all=(signing refresh upload policy presign-plan)
[ $# -gt 0 ] && all=("$@")

header() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

for b in "${all[@]}"; do
  case $b in
    signing)
      header "URL minting: each minter vs the raw crypto (ns/op, allocs/op)"
      go test ./internal/signing/ ./internal/datasources/ -run '^$' -bench . -benchmem | grep -E '^(Benchmark|ok)'
      ;;
    refresh)
      header "filestore_upload_bucket refresh through a proxy adding 50 ms per request"
      scripts/with-testbed.sh -servers seaweedfs -- bench/refresh.sh
      ;;
    upload)
      header "filestore_content_object: peak RSS of a 1 GiB multipart upload to SeaweedFS"
      scripts/with-testbed.sh -servers seaweedfs -- go run ./bench/upload_memory
      ;;
    policy)
      header "Guardrails: per-resource check and a 10,000-resource plan vs conftest / opa eval"
      bench/policy.sh
      ;;
    presign-plan)
      header "OpenTofu plan of 1,000 presigned URLs (for_each) vs an empty plan"
      bench/presign_plan.sh 1000 3
      ;;
    *) echo "unknown benchmark $b (known: signing refresh upload policy presign-plan)" >&2; exit 2 ;;
  esac
done
