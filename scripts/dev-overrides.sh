#!/usr/bin/env bash
# Builds the provider into DIR/bin and writes DIR/tofurc, an OpenTofu /
# Terraform CLI configuration whose dev_overrides point this provider's
# source address at that build. Prints nothing; use with
#   export TF_CLI_CONFIG_FILE=DIR/tofurc
# OpenTofu expands `source = "filestore/filestore"` with its own default
# registry host and Terraform with its own, so both are listed.
set -euo pipefail
dir=${1:?usage: scripts/dev-overrides.sh DIR}
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$dir/bin"
(cd "$root" && go build -o "$dir/bin/terraform-provider-filestore" .)
cat >"$dir/tofurc" <<RC
provider_installation {
  dev_overrides {
    "registry.opentofu.org/filestore/filestore"  = "$dir/bin"
    "registry.terraform.io/filestore/filestore" = "$dir/bin"
  }
  direct {}
}
RC
