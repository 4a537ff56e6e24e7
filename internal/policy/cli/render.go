package cli

import (
	"encoding/json"
	"io"

	"github.com/filestore/terraform-provider-filestore/internal/policy"
)

// One file per report format: text.go, sarif.go, junit.go; the JSON report
// (its schema documented in docs/guardrails-json.md) is here.

// document is everything a report format may show.
type document struct {
	Version  string
	PlanFile string
	Report   *policy.Report
	Rules    []policy.Rule
	Locator  *locator
}

func (d *document) exempted() int {
	n := 0
	for _, f := range d.Report.Findings {
		if f.Exemption != "" {
			n++
		}
	}
	return n
}

func render(w io.Writer, format string, d *document) error {
	switch format {
	case "json":
		return writeJSON(w, jsonReport(d))
	case "sarif":
		return writeJSON(w, sarifReport(d))
	case "junit":
		return writeJUnit(w, d)
	default:
		return renderText(w, d)
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// JSONSchemaVersion is bumped on any incompatible change of the JSON report.
const JSONSchemaVersion = 1

type jsonDoc struct {
	SchemaVersion int           `json:"schema_version"`
	Tool          jsonTool      `json:"tool"`
	Plan          string        `json:"plan"`
	Summary       jsonSummary   `json:"summary"`
	Findings      []jsonFinding `json:"findings"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonSummary struct {
	Checked  int `json:"checked"`
	Findings int `json:"findings"`
	Deny     int `json:"deny"`
	Warn     int `json:"warn"`
	Exempted int `json:"exempted"`
}

type jsonFinding struct {
	RuleID     string  `json:"rule_id"`
	Title      string  `json:"title"`
	Severity   string  `json:"severity"`
	Level      string  `json:"level"`
	Message    string  `json:"message"`
	Address    string  `json:"address"`
	Resource   string  `json:"resource"`
	Path       []any   `json:"path"`
	PathString string  `json:"path_string"`
	Exemption  *string `json:"exemption"`
}

func jsonReport(d *document) jsonDoc {
	out := jsonDoc{
		SchemaVersion: JSONSchemaVersion,
		Tool:          jsonTool{Name: "terraform-provider-filestore policy check", Version: d.Version},
		Plan:          d.PlanFile,
		Summary: jsonSummary{
			Checked: d.Report.Checked, Findings: len(d.Report.Findings),
			Deny: d.Report.Deny(), Warn: d.Report.Warn(), Exempted: d.exempted(),
		},
		Findings: []jsonFinding{},
	}
	for _, f := range d.Report.Findings {
		jf := jsonFinding{
			RuleID: f.RuleID, Title: f.Title, Severity: f.Severity, Level: f.Level,
			Message: f.Message, Address: f.Address, Resource: f.Resource,
			Path: f.Path, PathString: f.PathString(),
		}
		if jf.Path == nil {
			jf.Path = []any{}
		}
		if f.Exemption != "" {
			e := f.Exemption
			jf.Exemption = &e
		}
		out.Findings = append(out.Findings, jf)
	}
	return out
}
