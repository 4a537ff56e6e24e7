#!/usr/bin/env bash
# Generates docs/ with terraform-plugin-docs from the provider schema and
# examples/ (+ templates/). tfplugindocs would download Terraform to read the
# schema, which cannot work offline, so the schema comes from
# `providers schema -json` (terraform or tofu: scripts/terraform-cli.sh) run
# against this build through dev_overrides.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
tf=$(scripts/terraform-cli.sh)
tfplugindocs=$(scripts/tools.sh --path tfplugindocs)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
scripts/dev-overrides.sh "$work"
mkdir -p "$work/cfg"
cat >"$work/cfg/main.tf" <<'HCL'
terraform {
  required_providers {
    filestore = { source = "filestore/filestore" }
  }
}
HCL
(cd "$work/cfg" && TF_CLI_CONFIG_FILE="$work/tofurc" "$tf" providers schema -json >"$work/schema.raw.json")
# tfplugindocs looks the provider up by its short name.
sed -E 's#"[a-z0-9.-]+/filestore/filestore"#"filestore"#' "$work/schema.raw.json" >"$work/schema.json"

"$tfplugindocs" generate \
  --provider-dir "$root" \
  --provider-name filestore \
  --providers-schema "$work/schema.json" \
  --examples-dir examples \
  --rendered-website-dir docs
if ! "$tfplugindocs" validate --provider-dir "$root" --provider-name filestore >"$work/validate.log" 2>&1; then
  grep -v '\[DEBUG\]' "$work/validate.log" >&2
  echo "tfplugindocs validate failed" >&2
  exit 1
fi
echo "docs generated and validated"
