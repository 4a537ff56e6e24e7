#!/usr/bin/env bash
# Installs headless-capable Chromium (Debian package `chromium`) for the
# real-browser acceptance test (internal/datasources, TestAccPresignedURL_browser*).
# A no-op when a Chromium binary is already present. Prints the binary path.
#
# Usage: scripts/install-chromium.sh
#   FILESTORE_CHROMIUM=/path/to/chromium overrides detection.
set -euo pipefail

log() { printf 'install-chromium: %s\n' "$*" >&2; }

find_chromium() {
  if [ -n "${FILESTORE_CHROMIUM:-}" ] && [ -x "$FILESTORE_CHROMIUM" ]; then
    echo "$FILESTORE_CHROMIUM"; return 0
  fi
  local c
  for c in chromium chromium-browser google-chrome-stable google-chrome; do
    if command -v "$c" >/dev/null 2>&1; then command -v "$c"; return 0; fi
  done
  return 1
}

if p=$(find_chromium); then
  echo "$p"
  exit 0
fi

if ! command -v apt-get >/dev/null 2>&1; then
  log "no Chromium found and apt-get is not available; install Chromium and set FILESTORE_CHROMIUM"
  exit 1
fi

SUDO=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    log "no Chromium found and not root (no sudo); install the Debian package chromium"
    exit 1
  fi
fi

log "installing the Debian package chromium"
export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y --no-install-recommends chromium >&2; then
  $SUDO apt-get update >&2
  $SUDO apt-get install -y --no-install-recommends chromium >&2
fi

if p=$(find_chromium); then
  echo "$p"
  exit 0
fi
log "chromium was installed but no binary was found on PATH"
exit 1
