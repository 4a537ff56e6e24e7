#!/usr/bin/env bash
# Runs a command with the local test bed up: starts SeaweedFS, kumo, versitygw
# and MinIO once (internal/testbed/cmd/testbed), exports FILESTORE_TESTBED and
# the provider environment (AWS_ENDPOINT_URL_S3, AWS_CA_BUNDLE, ...), runs the
# command, and stops the servers whatever happens.
#
#   scripts/with-testbed.sh [-servers seaweedfs,kumo] -- go test ./...
set -euo pipefail
cd "$(dirname "$0")/.."

servers=seaweedfs,kumo,versitygw,minio
if [ "${1:-}" = "-servers" ]; then servers=$2; shift 2; fi
[ "${1:-}" = "--" ] && shift

state=$(mktemp -d "${TMPDIR:-/tmp}/filestore-testbed-run-XXXXXX")
bin="$state/testbed"
go build -o "$bin" ./internal/testbed/cmd/testbed

"$bin" up -servers "$servers" -dir "$state/data" -json "$state/env.json" -env "$state/env.sh" >"$state/testbed.out" 2>&1 &
pid=$!
cleanup() {
  kill -TERM "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT INT TERM

# Wait for readiness (cold tool builds happen before this, in scripts/tools.sh).
for _ in $(seq 1 600); do
  [ -f "$state/env.json" ] && break
  if ! kill -0 "$pid" 2>/dev/null; then
    echo "test bed failed to start:" >&2; cat "$state/testbed.out" >&2; exit 1
  fi
  sleep 0.5
done
[ -f "$state/env.json" ] || { echo "test bed not ready after 300s" >&2; cat "$state/testbed.out" >&2; exit 1; }
cat "$state/testbed.out" >&2

# shellcheck disable=SC1091
source "$state/env.sh"
export FILESTORE_TESTBED="$state/env.json"
"$@"
