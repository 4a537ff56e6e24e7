#!/usr/bin/env bash
# make release-snapshot: builds the release artifacts of .goreleaser.yml into
# dist/ (every target), without signing or publishing anything, then adds
# the registry manifest the checksums name and verifies the checksums:
#
#   dist/terraform-provider-filestore_<version>_<os>_<arch>.zip
#   dist/terraform-provider-filestore_<version>_SHA256SUMS
#   dist/terraform-provider-filestore_<version>_manifest.json
#
# Usage: scripts/release-snapshot.sh [CONFIG]
#   CONFIG defaults to .goreleaser.yml; the release acceptance test
#   (internal/release) passes a copy limited to the host's target, with its
#   own dist directory.
set -euo pipefail
cd "$(dirname "$0")/.."
config=${1:-.goreleaser.yml}
dist=$(sed -n 's/^dist:[[:space:]]*//p' "$config" | tr -d '"')
dist=${dist:-dist}
goreleaser=$(scripts/tools.sh --path goreleaser)

# goreleaser reads the commit only when it can also read the remote's URL; a
# clone has one, a bare local repository may not: name the project's for
# this run only (through git's environment, the repository is not changed).
if ! git ls-remote --get-url >/dev/null 2>&1; then
  export GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=remote.origin.url \
    GIT_CONFIG_VALUE_0=https://github.com/filestore/terraform-provider-filestore.git
fi

start=$SECONDS
echo "release-snapshot: building with $config into $dist (all targets: several minutes per target on 2 cores)" >&2
# goreleaser gives up after 1h by default; 13 targets on 2 busy cores took longer.
"$goreleaser" release --snapshot --clean --skip=sign --timeout "${FILESTORE_RELEASE_TIMEOUT:-3h}" --config "$config"

sums=$(ls "$dist"/terraform-provider-filestore_*_SHA256SUMS)
version=${sums##*/terraform-provider-filestore_}
version=${version%_SHA256SUMS}
cp terraform-registry-manifest.json "$dist/terraform-provider-filestore_${version}_manifest.json"
if command -v sha256sum >/dev/null; then check=(sha256sum --check --strict --quiet); else check=(shasum -a 256 --check --quiet); fi
(cd "$dist" && "${check[@]}" "${sums##*/}")
echo "release-snapshot: terraform-provider-filestore $version in $((SECONDS - start))s:" >&2
(cd "$dist" && ls -1 terraform-provider-filestore_"${version}"_*) >&2
