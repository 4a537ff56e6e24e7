// Package guardrail is the vocabulary of the guardrails, shared by the
// engine (internal/policy), the provider glue (internal/providerdata,
// internal/provider) and the `policy` CLI: the settings of an engine, the
// one resource the provider checks at plan time, a finding, and the levels.
// It is a leaf package: no OPA, no framework, no AWS SDK. Declaring these
// types here, once, is what lets providerdata stay free of OPA while the
// engine returns findings the provider turns into diagnostics without
// copying a field.
package guardrail

// Levels of a rule (its severity), of `enforcement`, of an override, and of
// a finding (a finding is never "off": it is dropped).
const (
	LevelDeny = "deny"
	LevelWarn = "warn"
	LevelOff  = "off"
)

// Levels lists the accepted enforcement and override levels.
func Levels() []string { return []string{LevelDeny, LevelWarn, LevelOff} }

// Settings configure an engine: the provider's `policy` block, or the CLI
// flags.
type Settings struct {
	// Enforcement is "deny" (default when empty), "warn" (every finding is a
	// warning unless an override says otherwise) or "off".
	Enforcement string
	// Overrides maps a rule id (FS006) to "deny", "warn" or "off".
	Overrides map[string]string
	// Parameters are rule parameters (max_presign_seconds = "3600") and
	// exemptions ("exempt:FS005:my-bucket" = "reason").
	Parameters map[string]string
	// Paths are extra directories of Rego files compiled with the built-ins.
	Paths []string
	// AllowBuiltins names the withheld OPA builtins the rules may call
	// (policy.WithheldBuiltins: the ones that reach the network). Empty:
	// no rule can make a network request.
	AllowBuiltins []string
}

// Modes of a Resource.
const (
	ModeManaged = "managed"
	ModeData    = "data" // data sources, and ephemeral resources (checked as data)
)

// Resource is one object the provider checks at plan time: a resource's
// planned values, or a data source's / ephemeral resource's configuration,
// in the shape of an entry of a plan's resource_changes: values as
// JSON-compatible Go values (map[string]any, []any, string,
// float64/json.Number, bool, nil) and the unknown-value mask (true where a
// value is unknown until apply), exactly as `terraform show -json` renders
// `after` and `after_unknown`.
type Resource struct {
	Mode         string // ModeManaged (default when empty) or ModeData
	Type         string // filestore_upload_bucket
	Address      string // best effort; the framework does not tell a resource its address
	After        map[string]any
	AfterUnknown map[string]any
	// Compatibility is the provider's `compatibility` (awsclient's modes);
	// empty means the default, "aws". The AWS-only rules (FS002-FS004, FS023, the
	// KMS part of FS001) skip generic S3 stores.
	Compatibility string
	// Related are resources this one names that the provider has checked
	// before (the bucket of a presigned URL, from Buckets). They are
	// evaluated with it, so rules relating the two decide; their own
	// findings are not reported (each was reported when it was checked).
	Related []Resource
}

// Finding is one guardrail result.
type Finding struct {
	RuleID   string `json:"rule_id"`
	Title    string `json:"title"`
	Severity string `json:"severity"`
	// Level is the effective level after enforcement, overrides and
	// exemptions: "deny" or "warn".
	Level   string `json:"level"`
	Message string `json:"message"`
	// Address is the resource the attribute path belongs to (for an
	// aws_s3_bucket_* sibling, the sibling); Resource is the normalized
	// document's address (the bucket the sibling configures).
	Address  string `json:"address"`
	Resource string `json:"resource"`
	// Path is the attribute path in Address's schema: strings are attribute
	// names, ints list indexes. Empty means the resource as a whole.
	Path []any `json:"path"`
	// Exemption is the written reason the resource is exempt from the rule
	// (the finding is then a warning), or "".
	Exemption string `json:"exemption,omitempty"`
}

// PathString renders Path as cors_rules[0].allowed_origins.
func (f Finding) PathString() string { return PathString(f.Path) }
