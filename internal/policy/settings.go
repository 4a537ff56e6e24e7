package policy

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// Settings are checked by the rules' own library, policies/lib/settings.rego
// (parameters as declared in each rule's METADATA custom.parameters, rule
// ids, levels), so that the engine, conftest and HCP Terraform refuse the
// same settings: the engine evaluates it once per distinct settings, before
// it checks anything; a plan evaluation reports the problems of the
// parameters the plan's provider block carries (findings.report.errors).
const settingsQuery = "data.filestore.lib.settings.errors"

func normalizeSettings(s guardrail.Settings) guardrail.Settings {
	if s.Enforcement == "" {
		s.Enforcement = guardrail.LevelDeny
	}
	if s.Overrides == nil {
		s.Overrides = map[string]string{}
	}
	if s.Parameters == nil {
		s.Parameters = map[string]string{}
	}
	return s
}

// checkSettings evaluates the settings check against the data document in
// store (no plan).
func (c *compiled) checkSettings(ctx context.Context, store storage.Store) error {
	rs, err := rego.New(
		rego.Compiler(c.compiler),
		rego.Store(store),
		rego.Query(settingsQuery),
	).Eval(ctx)
	if err != nil {
		return fmt.Errorf("checking the guardrail settings: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return errors.New("checking the guardrail settings: no result (is data.filestore.lib.settings.errors defined?)")
	}
	if errs := decodeSettingErrors(rs[0].Expressions[0].Value); len(errs) > 0 {
		return errs
	}
	return nil
}

// decodeSettingErrors reads a set of {setting, key, source, message}.
func decodeSettingErrors(v any) guardrail.SettingErrors {
	list, _ := v.([]any)
	var out guardrail.SettingErrors
	for _, item := range list {
		m, ok := item.(map[string]any)
		if !ok {
			continue
		}
		out = append(out, guardrail.SettingError{
			Setting: str(m["setting"]),
			Key:     str(m["key"]),
			Source:  str(m["source"]),
			Message: str(m["message"]),
		})
	}
	sort.Slice(out, func(i, j int) bool {
		a, b := out[i], out[j]
		if a.Source != b.Source {
			return a.Source < b.Source
		}
		if a.Setting != b.Setting {
			return a.Setting < b.Setting
		}
		if a.Key != b.Key {
			return a.Key < b.Key
		}
		return a.Message < b.Message
	})
	return out
}
