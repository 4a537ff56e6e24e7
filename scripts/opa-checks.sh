#!/usr/bin/env bash
# Checks the guardrail policies with the pinned opa CLI (built by
# scripts/tools.sh): formatting (opa fmt), strict compilation (opa check
# --strict), and the Rego tests with a coverage floor.
#
# Usage: scripts/opa-checks.sh [min-coverage-percent]   (default 90)
set -euo pipefail

cd "$(dirname "$0")/.."
min=${1:-90}
opa=$(scripts/tools.sh --path opa)

echo "opa fmt --fail policies"
if ! "$opa" fmt --list --fail policies; then
  echo "opa-checks: the files above need 'opa fmt -w policies'" >&2
  exit 1
fi

echo "opa check --strict policies"
"$opa" check --strict policies

echo "opa test policies --coverage"
report=$(mktemp)
trap 'rm -f "$report"' EXIT
if ! "$opa" test policies --coverage --format json >"$report"; then
  "$opa" test policies --format pretty >&2 || true
  echo "opa-checks: opa test failed" >&2
  exit 1
fi
coverage=$(sed -n 's/^  "coverage": \([0-9.]*\),\{0,1\}$/\1/p' "$report" | tail -1)
"$opa" test policies --format pretty | tail -1
if [ -z "$coverage" ]; then
  echo "opa-checks: no coverage figure in the opa test report" >&2
  exit 1
fi
echo "coverage ${coverage}% (minimum ${min}%)"
awk -v c="$coverage" -v m="$min" 'BEGIN { exit !(c + 0 >= m + 0) }' || {
  echo "opa-checks: coverage ${coverage}% is under ${min}%" >&2
  exit 1
}
