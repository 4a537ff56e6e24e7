#!/usr/bin/env bash
# Measures one filestore_upload_bucket refresh through a proxy adding 50 ms per
# request in front of SeaweedFS, and prints how many round trips' worth of
# wall time it took (goal: about 2). A benchmark, not a test: it asserts
# nothing about timing. Reuses a running test bed when FILESTORE_TESTBED is
# set, else starts SeaweedFS (building it through scripts/tools.sh if needed).
set -euo pipefail
cd "$(dirname "$0")/.."
exec go test ./bench/refresh/ -run '^$' -bench 'BenchmarkUploadBucketRefresh' -benchtime "${BENCHTIME:-10x}" "$@"
