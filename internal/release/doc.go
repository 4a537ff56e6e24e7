// Package release holds the acceptance test of the release artifacts: the
// host's target is built through .goreleaser.yml (scripts/release-snapshot.sh,
// the same script and configuration as `make release-snapshot`, limited to
// one target because cross-compiling all of them takes far longer), and the
// zip, SHA256SUMS and manifest are installed by `terraform init` and
// `tofu init` from a filesystem mirror and from a network mirror, with no
// dev_overrides, before a `plan` runs the installed provider.
package release
