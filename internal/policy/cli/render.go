package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/policy"
)

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

// --- text

func renderText(w io.Writer, d *document) error {
	for _, f := range d.Report.Findings {
		loc := f.Address
		if p := f.PathString(); p != "" {
			loc += "  " + p
		}
		fmt.Fprintf(w, "%-4s  %s  %s\n", strings.ToUpper(f.Level), f.RuleID, loc)
		fmt.Fprintf(w, "      %s: %s\n", f.Title, f.Message)
		if f.Exemption != "" {
			fmt.Fprintf(w, "      exempted: %s\n", f.Exemption)
		}
	}
	if len(d.Report.Findings) > 0 {
		fmt.Fprintln(w)
	}
	return renderSummary(w, d)
}

func renderSummary(w io.Writer, d *document) error {
	_, err := fmt.Fprintf(w, "%d resources checked: %d deny, %d warn (%d exempted)\n",
		d.Report.Checked, d.Report.Deny(), d.Report.Warn(), d.exempted())
	return err
}

// --- JSON (schema documented in docs/guardrails-json.md)

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

// --- SARIF 2.1.0

func sarifLevel(level string) string {
	if level == guardrail.LevelDeny {
		return "error"
	}
	return "warning"
}

func sarifReport(d *document) map[string]any {
	rules := []any{}
	index := map[string]int{}
	for i, r := range d.Rules {
		index[r.ID] = i
		help := r.Remediation
		md := fmt.Sprintf("**%s** (%s)\n\n%s\n\n**Remediation:** %s", r.Title, r.ID, r.Description, r.Remediation)
		for _, rr := range r.Related {
			md += fmt.Sprintf("\n\n[%s](%s)", firstNonEmpty(rr.Description, rr.Ref), rr.Ref)
		}
		rule := map[string]any{
			"id":                   r.ID,
			"name":                 ruleName(r),
			"shortDescription":     map[string]any{"text": r.Title},
			"fullDescription":      map[string]any{"text": oneLine(r.Description)},
			"help":                 map[string]any{"text": oneLine(help), "markdown": md},
			"defaultConfiguration": map[string]any{"level": sarifLevel(r.Severity)},
			"properties": map[string]any{
				"tags":              []any{"security", "terraform", "filestore"},
				"precision":         "very-high",
				"security-severity": securitySeverity(r.Severity),
			},
		}
		if len(r.Related) > 0 {
			rule["helpUri"] = r.Related[0].Ref
		}
		rules = append(rules, rule)
	}
	results := []any{}
	for _, f := range d.Report.Findings {
		file, line := d.Locator.locate(f.Address)
		if file == "" {
			file, line = d.PlanFile, 1
		}
		name := f.Address
		if p := f.PathString(); p != "" {
			name += "." + p
		}
		res := map[string]any{
			"ruleId":  f.RuleID,
			"level":   sarifLevel(f.Level),
			"message": map[string]any{"text": fmt.Sprintf("%s: %s (%s)", f.Address, f.Message, f.Title)},
			"locations": []any{map[string]any{
				"physicalLocation": map[string]any{
					"artifactLocation": map[string]any{"uri": file},
					"region":           map[string]any{"startLine": line},
				},
				"logicalLocations": []any{map[string]any{"fullyQualifiedName": name, "kind": "resource"}},
			}},
			"partialFingerprints": map[string]any{"filestoreFinding/v1": fingerprint(f)},
		}
		if i, ok := index[f.RuleID]; ok {
			res["ruleIndex"] = i
		}
		if f.Exemption != "" {
			res["suppressions"] = []any{map[string]any{"kind": "external", "status": "accepted", "justification": f.Exemption}}
		}
		results = append(results, res)
	}
	return map[string]any{
		"$schema": "https://json.schemastore.org/sarif-2.1.0.json",
		"version": "2.1.0",
		"runs": []any{map[string]any{
			"tool": map[string]any{"driver": map[string]any{
				"name":            "filestore-guardrails",
				"fullName":        "terraform-provider-filestore policy check",
				"version":         d.Version,
				"semanticVersion": semver(d.Version),
				"informationUri":  "https://github.com/filestore/terraform-provider-filestore",
				"rules":           rules,
			}},
			"automationDetails": map[string]any{"id": "filestore-guardrails/"},
			"results":           results,
		}},
	}
}

func semver(v string) string {
	v = strings.TrimPrefix(v, "v")
	if v == "" || v == "dev" || v == "test" {
		return "0.0.0-" + firstNonEmpty(v, "dev")
	}
	return v
}

// securitySeverity maps levels onto GitHub's security-severity scale
// (high >= 7.0, medium >= 4.0).
func securitySeverity(sev string) string {
	if sev == guardrail.LevelDeny {
		return "7.5"
	}
	return "4.0"
}

func ruleName(r policy.Rule) string {
	pkg := r.Package[strings.LastIndex(r.Package, ".")+1:]
	parts := strings.Split(pkg, "_")
	var b strings.Builder
	for _, p := range parts[1:] {
		if p == "" {
			continue
		}
		b.WriteString(strings.ToUpper(p[:1]) + p[1:])
	}
	if b.Len() == 0 {
		return r.ID
	}
	return b.String()
}

func fingerprint(f guardrail.Finding) string {
	h := sha256.Sum256([]byte(f.RuleID + "\x00" + f.Address + "\x00" + f.PathString()))
	return hex.EncodeToString(h[:16])
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// --- JUnit XML

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Skipped  int          `xml:"skipped,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties []junitProperty `xml:"properties>property,omitempty"`
	Cases      []junitCase     `xml:"testcase"`
}

type junitProperty struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	File      string        `xml:"file,attr,omitempty"`
	Line      int           `xml:"line,attr,omitempty"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// writeJUnit writes one test suite per rule: a failing test case per deny
// finding, a passing one carrying the text for a warning, a skipped one for
// an exempted finding, and a single passing case for a rule without
// findings.
func writeJUnit(w io.Writer, d *document) error {
	byRule := map[string][]guardrail.Finding{}
	for _, f := range d.Report.Findings {
		byRule[f.RuleID] = append(byRule[f.RuleID], f)
	}
	suites := junitSuites{Name: "filestore guardrails"}
	rules := d.Rules
	for _, r := range rules {
		s := junitSuite{
			Name:       fmt.Sprintf("%s %s", r.ID, r.Title),
			Properties: []junitProperty{{Name: "severity", Value: r.Severity}, {Name: "plan", Value: d.PlanFile}},
		}
		fs := byRule[r.ID]
		delete(byRule, r.ID)
		if len(fs) == 0 {
			s.Cases = append(s.Cases, junitCase{Name: fmt.Sprintf("%s: no finding in %d resources", r.ID, d.Report.Checked), Classname: "filestore.guardrails." + r.ID})
		}
		for _, f := range fs {
			s.Cases = append(s.Cases, junitCaseOf(d, f))
		}
		for _, c := range s.Cases {
			s.Tests++
			if c.Failure != nil {
				s.Failures++
			}
			if c.Skipped != nil {
				s.Skipped++
			}
		}
		suites.Suites = append(suites.Suites, s)
	}
	for _, s := range suites.Suites {
		suites.Tests += s.Tests
		suites.Failures += s.Failures
		suites.Skipped += s.Skipped
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(suites); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func junitCaseOf(d *document, f guardrail.Finding) junitCase {
	name := f.Address
	if p := f.PathString(); p != "" {
		name += " " + p
	}
	c := junitCase{Name: name, Classname: "filestore.guardrails." + f.RuleID}
	c.File, c.Line = d.Locator.locate(f.Address)
	detail := fmt.Sprintf("%s %s: %s\naddress: %s\n", f.RuleID, f.Title, f.Message, f.Address)
	if p := f.PathString(); p != "" {
		detail += "attribute: " + p + "\n"
	}
	switch {
	case f.Exemption != "":
		c.Skipped = &junitSkipped{Message: "exempted: " + f.Exemption}
		c.SystemOut = detail + "exempted: " + f.Exemption + "\n"
	case f.Level == guardrail.LevelDeny:
		c.Failure = &junitFailure{Message: f.Message, Type: f.RuleID, Text: detail}
	default:
		c.SystemOut = "WARNING " + detail
	}
	return c
}
