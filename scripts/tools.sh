#!/usr/bin/env bash
# Builds the pinned external tools this project tests with, from the Go module
# proxy, into a cache outside the repository keyed by version, so that CI on the
# same machine reuses them:
#
#   ${FILESTORE_TOOLS_DIR:-$HOME/.cache/terraform-provider-filestore/tools}/<name>-<version>/<binary>
#
# Usage: scripts/tools.sh [tool...]     (no argument: every tool)
#        scripts/tools.sh --path NAME   (print the binary's path; builds it if missing)
#
# Versions are pinned here and nowhere else; internal/testbed reads the same
# cache layout (see internal/testbed/tools.go).
set -euo pipefail

TOOLS_DIR="${FILESTORE_TOOLS_DIR:-$HOME/.cache/terraform-provider-filestore/tools}"

TOFU_VERSION=v1.12.6
WEED_VERSION=v0.0.0-20261109003541-7506e5f91cd6
KUMO_VERSION=v0.33.1
VERSITYGW_VERSION=v1.8.0
# MinIO is AGPL-3.0. It is a test tool only: built here, started by
# internal/testbed as a separate process, never linked into or shipped with the
# provider. It is the local server that evaluates s3:ExistingObjectTag in
# bucket policies (the allow-after-clean side of scan_gate).
MINIO_VERSION=v0.0.0-20260212201848-7aac2a2c5b7c
OPA_VERSION=v1.22.3
CONFTEST_VERSION=v0.71.1
GOLANGCI_VERSION=v2.15.0
TFPLUGINDOCS_VERSION=v0.25.0

log() { printf 'tools: %s\n' "$*" >&2; }

# build_from_copy MODULE VERSION PKG OUT: builds PKG inside a writable copy of
# the module (needed when the module's go.mod has replace directives, which
# `go install mod@version` refuses).
build_from_copy() {
  local mod=$1 ver=$2 pkg=$3 out=$4
  local dir work
  dir=$(go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { log "cannot download $mod@$ver"; return 1; }
  work=$(mktemp -d)
  cp -r "$dir/." "$work/"
  chmod -R u+w "$work"
  (cd "$work" && CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o "$out.tmp" "$pkg")
  mv "$out.tmp" "$out"
  rm -rf "$work"
}

# install_go PKG@VERSION OUT_DIR [env...]: plain `go install` into OUT_DIR.
install_go() {
  local spec=$1 outdir=$2; shift 2
  env GOBIN="$outdir" CGO_ENABLED=0 "$@" go install -trimpath -ldflags='-s -w' "$spec"
}

tool_dir() { echo "$TOOLS_DIR/$1-$2"; }

ensure() {
  local name=$1 ver bin dir
  case $name in
    tofu)          ver=$TOFU_VERSION;        bin=tofu ;;
    weed)          ver=$WEED_VERSION;        bin=weed ;;
    kumo)          ver=$KUMO_VERSION;        bin=kumo ;;
    versitygw)     ver=$VERSITYGW_VERSION;   bin=versitygw ;;
    minio)         ver=$MINIO_VERSION;       bin=minio ;;
    opa)           ver=$OPA_VERSION;         bin=opa ;;
    conftest)      ver=$CONFTEST_VERSION;    bin=conftest ;;
    golangci-lint) ver=$GOLANGCI_VERSION;    bin=golangci-lint ;;
    tfplugindocs)  ver=$TFPLUGINDOCS_VERSION; bin=tfplugindocs ;;
    *) log "unknown tool $name"; return 2 ;;
  esac
  dir=$(tool_dir "$name" "$ver")
  if [ -x "$dir/$bin" ]; then echo "$dir/$bin"; return 0; fi
  mkdir -p "$dir"
  # One builder per tool at a time, even when several test processes ask.
  exec 9>"$dir/.lock"
  flock 9
  if [ ! -x "$dir/$bin" ]; then
    local start=$SECONDS
    log "building $name $ver (cold build, cached afterwards in $dir)"
    case $name in
      tofu) build_from_copy github.com/opentofu/opentofu "$ver" ./cmd/tofu "$dir/tofu" ;;
      weed) build_from_copy github.com/seaweedfs/seaweedfs "$ver" ./weed "$dir/weed" ;;
      kumo) install_go "github.com/sivchari/kumo/cmd/kumo@$ver" "$dir" GONOSUMDB=github.com/aws ;;
      versitygw) install_go "github.com/versity/versitygw/cmd/versitygw@$ver" "$dir" ;;
      minio) install_go "github.com/minio/minio@$ver" "$dir" ;;
      opa) install_go "github.com/open-policy-agent/opa@$ver" "$dir" ;;
      conftest) install_go "github.com/open-policy-agent/conftest@$ver" "$dir" ;;
      golangci-lint) install_go "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$ver" "$dir" ;;
      tfplugindocs) install_go "github.com/hashicorp/terraform-plugin-docs/cmd/tfplugindocs@$ver" "$dir" ;;
    esac
    log "built $name in $((SECONDS - start))s"
  fi
  exec 9>&-
  echo "$dir/$bin"
}

if [ "${1:-}" = "--path" ]; then
  ensure "$2"
  exit 0
fi

tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(tofu weed kumo versitygw minio opa conftest golangci-lint tfplugindocs)
for t in "${tools[@]}"; do ensure "$t" >/dev/null; done
