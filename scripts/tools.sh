#!/usr/bin/env bash
# Builds the pinned external tools this project tests with, from the Go module
# proxy, into a cache outside the repository keyed by version, so that CI on the
# same machine reuses them:
#
#   ${FILESTORE_TOOLS_DIR:-$HOME/.cache/terraform-provider-filestore/tools}/<name>-<version>/<binary>
#
# Usage: scripts/tools.sh [-j N] [tool...]   (no tool: every tool; N builds at a time, default 2)
#        scripts/tools.sh --path NAME         (print the binary's path; builds it if missing)
#        scripts/tools.sh --missing [tool...] (print the names of those a run would build)
#
# A tool already on PATH at the pinned version is used instead of building it
# (its Go build information names the pinned module version, or its version
# output names the pinned release); FILESTORE_TOOLS_NO_PATH=1 turns that off.
#
# A cold build says up front what it builds and roughly how long that takes,
# prints a line when each tool starts and ends, and a heartbeat every minute;
# the go command's own output goes to <name>-<version>/build.log (shown if the
# build fails).
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
GORELEASER_VERSION=v2.15.1
ACTIONLINT_VERSION=v1.7.12

ALL_TOOLS=(tofu weed kumo versitygw minio opa conftest golangci-lint tfplugindocs goreleaser actionlint)

log() { printf 'tools: %s\n' "$*" >&2; }

# spec NAME sets ver (pinned version), bin (binary name), mod (Go module),
# minutes (a cold build's rough duration on 2 cores shared with other work,
# as measured here: README "Quickstart") and verarg (the argument that makes
# a release binary print its version; empty: trust Go build information
# only, e.g. for servers that would start on an unknown argument).
spec() {
  case $1 in
    tofu)          ver=$TOFU_VERSION;         bin=tofu;          mod=github.com/opentofu/opentofu;             minutes=14; verarg=version ;;
    weed)          ver=$WEED_VERSION;         bin=weed;          mod=github.com/seaweedfs/seaweedfs;           minutes=20; verarg= ;;
    kumo)          ver=$KUMO_VERSION;         bin=kumo;          mod=github.com/sivchari/kumo;                 minutes=6;  verarg= ;;
    versitygw)     ver=$VERSITYGW_VERSION;    bin=versitygw;     mod=github.com/versity/versitygw;             minutes=2;  verarg= ;;
    minio)         ver=$MINIO_VERSION;        bin=minio;         mod=github.com/minio/minio;                   minutes=12; verarg= ;;
    opa)           ver=$OPA_VERSION;          bin=opa;           mod=github.com/open-policy-agent/opa;         minutes=6;  verarg=version ;;
    conftest)      ver=$CONFTEST_VERSION;     bin=conftest;      mod=github.com/open-policy-agent/conftest;    minutes=3;  verarg=--version ;;
    golangci-lint) ver=$GOLANGCI_VERSION;     bin=golangci-lint; mod=github.com/golangci/golangci-lint/v2;     minutes=6;  verarg=version ;;
    tfplugindocs)  ver=$TFPLUGINDOCS_VERSION; bin=tfplugindocs;  mod=github.com/hashicorp/terraform-plugin-docs; minutes=2; verarg= ;;
    goreleaser)    ver=$GORELEASER_VERSION;   bin=goreleaser;    mod=github.com/goreleaser/goreleaser/v2;      minutes=15; verarg=--version ;;
    actionlint)    ver=$ACTIONLINT_VERSION;   bin=actionlint;    mod=github.com/rhysd/actionlint;              minutes=1;  verarg=-version ;;
    *) log "unknown tool $1 (known: ${ALL_TOOLS[*]})"; return 2 ;;
  esac
}

# build NAME OUT_DIR: builds the pinned version into OUT_DIR/<bin>.
build() {
  local name=$1 dir=$2
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
    goreleaser) install_go "github.com/goreleaser/goreleaser/v2@$ver" "$dir" ;;
    actionlint) install_go "github.com/rhysd/actionlint/cmd/actionlint@$ver" "$dir" ;;
  esac
}

# build_from_copy MODULE VERSION PKG OUT: builds PKG inside a writable copy of
# the module (needed when the module's go.mod has replace directives, which
# `go install mod@version` refuses).
build_from_copy() {
  local mod=$1 ver=$2 pkg=$3 out=$4
  local dir work
  dir=$(go mod download -json "$mod@$ver" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
  [ -n "$dir" ] || { echo "cannot download $mod@$ver"; return 1; }
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

# on_path: prints the path of $bin on PATH when it is the pinned version.
on_path() {
  [ "${FILESTORE_TOOLS_NO_PATH:-}" = 1 ] && return 1
  local p out
  p=$(command -v "$bin" 2>/dev/null) || return 1
  case $p in "$TOOLS_DIR"/*) return 1 ;; esac
  # Go build information: `go install module@version` records the version.
  if go version -m "$p" 2>/dev/null | awk -v m="$mod" -v v="$ver" '$1 == "mod" && $2 == m && $3 == v { ok = 1 } END { exit !ok }'; then
    echo "$p"; return 0
  fi
  # A release binary's own version output (never for pseudo-versions).
  [ -n "$verarg" ] || return 1
  case $ver in v0.0.0-*) return 1 ;; esac
  out=$(TF_CLI_CONFIG_FILE=/dev/null timeout 20 "$p" "$verarg" 2>/dev/null) || return 1
  if grep -Eq "(^|[^0-9.])v?${ver#v}([^0-9.+-]|-dev|$)" <<<"$out"; then
    echo "$p"; return 0
  fi
  return 1
}

# cached NAME: prints the path of a usable binary (cache, or PATH at the
# pinned version) without building.
cached() {
  spec "$1" || return 2
  local dir
  dir=$(tool_dir "$1" "$ver")
  if [ -x "$dir/$bin" ]; then echo "$dir/$bin"; return 0; fi
  on_path
}

fmt_duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

ensure() {
  local name=$1 dir p
  spec "$name" || return 2
  dir=$(tool_dir "$name" "$ver")
  if [ -x "$dir/$bin" ]; then echo "$dir/$bin"; return 0; fi
  if p=$(on_path); then
    log "using $name $ver from PATH ($p)"
    echo "$p"; return 0
  fi
  mkdir -p "$dir"
  # One builder per tool at a time, even when several test processes ask.
  exec 9>"$dir/.lock"
  if ! flock -n 9; then
    log "waiting for another build of $name $ver to finish"
    flock 9
  fi
  if [ ! -x "$dir/$bin" ]; then
    local start=$SECONDS rc=0 builder=$BASHPID heartbeat
    log "building $name $ver (cold: typically ~$minutes min on 2 cores; once, then cached in $dir; log: $dir/build.log)"
    # The heartbeat ends with the build (or with this shell, if interrupted).
    # Its sleep is killed with it: a leftover would hold the caller's pipes.
    (
      nap=
      trap '[ -n "$nap" ] && kill "$nap" 2>/dev/null; exit 0' TERM
      while :; do
        sleep 60 &
        nap=$!
        wait "$nap"
        kill -0 "$builder" 2>/dev/null || exit 0
        log "still building $name: $(fmt_duration $((SECONDS - start))) elapsed (typically ~$minutes min)"
      done
    ) &
    heartbeat=$!
    build "$name" "$dir" >"$dir/build.log" 2>&1 || rc=$?
    kill "$heartbeat" 2>/dev/null || true
    if [ "$rc" -ne 0 ] || [ ! -x "$dir/$bin" ]; then
      log "building $name $ver failed after $(fmt_duration $((SECONDS - start))); the end of $dir/build.log:"
      tail -n 30 "$dir/build.log" >&2
      exec 9>&-
      return 1
    fi
    log "built $name in $(fmt_duration $((SECONDS - start)))"
  fi
  exec 9>&-
  echo "$dir/$bin"
}

if [ "${1:-}" = "--path" ]; then
  ensure "$2"
  exit 0
fi

if [ "${1:-}" = "--missing" ]; then
  shift
  [ $# -gt 0 ] || set -- "${ALL_TOOLS[@]}"
  for t in "$@"; do cached "$t" >/dev/null || echo "$t"; done
  exit 0
fi

parallel=2
if [ "${1:-}" = "-j" ]; then parallel=$2; shift 2; fi
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=("${ALL_TOOLS[@]}")

# Say up front what a cold run builds and how long that takes.
missing=()
total=0
longest=0
for t in "${tools[@]}"; do
  if ! cached "$t" >/dev/null; then
    spec "$t"
    missing+=("$t")
    total=$((total + minutes))
    if ((minutes > longest)); then longest=$minutes; fi
  fi
done
[ ${#missing[@]} -gt 0 ] || exit 0
plan=""
for t in "${missing[@]}"; do spec "$t"; plan+=" $t (~${minutes}m)"; done
log "${#missing[@]} pinned tool(s) to build from source, once:$plan"
log "expect roughly $longest-$total min on 2 cores ($parallel at a time); later runs reuse $TOOLS_DIR"

# Build them, $parallel at a time (downloads of one overlap the compiling of
# another); each prints its own progress.
start=$SECONDS
pids=()
names=()
failed=()
for t in "${missing[@]}"; do
  while (($(jobs -rp | wc -l) >= parallel)); do sleep 1; done
  ensure "$t" >/dev/null &
  pids+=($!)
  names+=("$t")
done
for i in "${!pids[@]}"; do
  wait "${pids[$i]}" || failed+=("${names[$i]}")
done
if [ ${#failed[@]} -gt 0 ]; then
  log "failed: ${failed[*]}"
  exit 1
fi
log "all tools ready after $(fmt_duration $((SECONDS - start)))"
