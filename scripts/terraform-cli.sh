#!/usr/bin/env bash
# Prints the path of the Terraform-compatible CLI to run examples with, and
# says on stderr which one and why:
#
#   $FILESTORE_TF_CLI, if set;
#   terraform on PATH, at 1.10 or later (ephemeral resources);
#   tofu on PATH, at 1.11 or later;
#   else the pinned OpenTofu from scripts/tools.sh (built the first time).
#
# Used where one CLI is enough (make demo, make docs): reusing an installed
# one spares a newcomer the OpenTofu build. make test still runs the
# acceptance suite with the pinned OpenTofu (the product's contract) and again
# with terraform when it is on PATH.
#
#   scripts/terraform-cli.sh            the path (builds OpenTofu if needed)
#   scripts/terraform-cli.sh --no-build the path, or nothing and exit 1
set -euo pipefail
cd "$(dirname "$0")/.."

# version_of CLI: "1.11.4" (terraform), "1.12.6" (tofu; "-dev" dropped).
version_of() {
  TF_CLI_CONFIG_FILE=/dev/null timeout 30 "$1" version -json 2>/dev/null |
    sed -n 's/.*"terraform_version": *"\([0-9][0-9.]*\).*/\1/p' | head -n 1
}

# at_least VERSION MAJOR MINOR
at_least() {
  local major minor
  IFS=. read -r major minor _ <<<"$1"
  [ -n "$major" ] && { [ "$major" -gt "$2" ] || { [ "$major" -eq "$2" ] && [ "${minor:-0}" -ge "$3" ]; }; }
}

if [ -n "${FILESTORE_TF_CLI:-}" ]; then
  echo "using $FILESTORE_TF_CLI (FILESTORE_TF_CLI)" >&2
  echo "$FILESTORE_TF_CLI"
  exit 0
fi
for candidate in "terraform 1 10 Terraform" "tofu 1 11 OpenTofu"; do
  read -r cmd major minor label <<<"$candidate"
  p=$(command -v "$cmd" 2>/dev/null) || continue
  v=$(version_of "$p")
  if [ -n "$v" ] && at_least "$v" "$major" "$minor"; then
    echo "using $label $v from PATH ($p)" >&2
    echo "$p"
    exit 0
  fi
  echo "$label ${v:-of unknown version} at $p is older than $major.$minor: not used" >&2
done
[ "${1:-}" = "--no-build" ] && exit 1
p=$(scripts/tools.sh --path tofu)
echo "using the pinned OpenTofu ($p)" >&2
echo "$p"
