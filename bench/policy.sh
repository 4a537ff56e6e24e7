#!/usr/bin/env bash
# Guardrail benchmarks (figures, not pass/fail):
#   1. per-resource evaluation inside the provider (Go benchmark; goal < 0.5 ms)
#   2. a generated plan of N resource instances (default 10,000; goal < 2 s)
#      through `terraform-provider-filestore policy check`, side by side with
#      `conftest test` and `opa eval` on the same plan and the same rules,
#      printed as ratios to policy check.
#
# Usage: bench/policy.sh [N]
set -euo pipefail

cd "$(dirname "$0")/.."
n=${1:-10000}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

opa=$(scripts/tools.sh --path opa)
conftest=$(scripts/tools.sh --path conftest)

echo "== per-resource evaluation (provider, in process)"
go test ./internal/policy -run '^$' -bench 'EvaluateResource' -benchtime 300x -benchmem |
  awk '/^Benchmark/ { printf "  %-48s %8.3f ms/op  %s allocs/op\n", $1, $3 / 1e6, $7 }'

echo
echo "== whole plan: $n resource instances"
go build -o "$work/terraform-provider-filestore" .
go run ./bench/policygen -n "$n" -o "$work/plan.json"
printf '  plan size: %s bytes\n' "$(wc -c <"$work/plan.json")"

# seconds CMD...: wall-clock seconds of one run (exit status 0 or 1 accepted:
# the plan has deny findings by design).
seconds() {
  local start end rc
  start=$(date +%s.%N)
  set +e
  "$@" >"$work/out" 2>"$work/err"
  rc=$?
  set -e
  end=$(date +%s.%N)
  if [ "$rc" -gt 1 ]; then
    echo "bench: $* failed ($rc):" >&2
    cat "$work/err" >&2
    exit 1
  fi
  awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}

check=$(seconds "$work/terraform-provider-filestore" policy check --format json "$work/plan.json")
findings=$(sed -n 's/^    "findings": \([0-9]*\),$/\1/p' "$work/out")
ct=$(seconds "$conftest" test "$work/plan.json" -p policies --no-color -o json)
oe=$(seconds "$opa" eval --format json -d policies -i "$work/plan.json" 'data.filestore.lib.findings.report')
oem=$(seconds "$opa" eval --format json -d policies -i "$work/plan.json" 'data.main')

ratio() { awk -v a="$1" -v b="$check" 'BEGIN { printf "%.2fx", (b > 0 ? a / b : 0) }'; }
printf '  %-58s %7s s  %s\n' "terraform-provider-filestore policy check ($findings findings)" "$check" "1.00x"
printf '  %-58s %7s s  %s\n' "conftest test -p policies (deny + warn)" "$ct" "$(ratio "$ct")"
printf '  %-58s %7s s  %s\n' "opa eval data.filestore.lib.findings.report" "$oe" "$(ratio "$oe")"
printf '  %-58s %7s s  %s\n' "opa eval data.main (the conftest entry point)" "$oem" "$(ratio "$oem")"
echo "  (machine load: $(cut -d' ' -f1-3 /proc/loadavg))"
