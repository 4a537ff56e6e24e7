package guardrail

import "strings"

// Settings that a SettingError concerns.
const (
	SettingParameters  = "parameters"
	SettingOverrides   = "overrides"
	SettingEnforcement = "enforcement"
	SettingBuiltins    = "allow_builtins"
)

// Sources of a SettingError.
const (
	SourceSettings = "data" // Settings (the provider block, the CLI flags): data.filestore
	SourcePlan     = "plan" // the policy.parameters of the plan's filestore provider block
)

// SettingError is one problem with an engine's settings, or with the
// parameters a plan's provider block carries: an unknown parameter or rule
// id, a value of the wrong type. It names the setting and the key so that
// the provider can report it on policy.parameters["name"].
type SettingError struct {
	Setting string // SettingParameters, SettingOverrides, SettingEnforcement, SettingBuiltins
	Key     string // the parameter name, rule id or builtin; "" for enforcement
	Source  string // SourceSettings or SourcePlan
	Message string // names the setting and says what is expected
}

func (e SettingError) Error() string {
	if e.Source == SourcePlan {
		return "the plan's filestore provider block: " + e.Message
	}
	return e.Message
}

// SettingErrors are all the problems found at once, in a stable order.
type SettingErrors []SettingError

func (e SettingErrors) Error() string {
	msgs := make([]string, len(e))
	for i, x := range e {
		msgs[i] = x.Error()
	}
	return strings.Join(msgs, "; ")
}
