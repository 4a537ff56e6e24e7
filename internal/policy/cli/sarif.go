package cli

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/owenrumney/go-sarif/v2/sarif"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/internal/policy"
)

// SARIF 2.1.0 for GitHub code scanning, typed by github.com/owenrumney/go-sarif/v2
// (the v2 line: every optional field is omitted when empty; v3 writes every
// array and -1 sentinels into each result). Results are located in the
// Terraform files relative to the repository root (%SRCROOT%), see locate.go.

func sarifLevel(level string) string {
	if level == guardrail.LevelDeny {
		return "error"
	}
	return "warning"
}

func sarifReport(d *document) *sarif.Report {
	run := sarif.NewRunWithInformationURI("filestore-guardrails", "https://github.com/filestore/terraform-provider-filestore")
	run.Tool.Driver.WithFullName("terraform-provider-filestore policy check").
		WithVersion(d.Version).
		WithSemanticVersion(semver(d.Version))
	run.WithAutomationDetails(sarif.NewRunAutomationDetails().WithID("filestore-guardrails/"))
	for _, r := range d.Rules {
		run.Tool.Driver.AddRule(sarifRule(r))
	}
	for _, f := range d.Report.Findings {
		run.AddResult(sarifResult(d, f))
	}
	report, _ := sarif.New(sarif.Version210) // cannot fail for 2.1.0
	report.Schema = "https://json.schemastore.org/sarif-2.1.0.json"
	report.AddRun(run)
	return report
}

func sarifRule(r policy.Rule) *sarif.ReportingDescriptor {
	md := fmt.Sprintf("**%s** (%s)\n\n%s\n\n**Remediation:** %s", r.Title, r.ID, r.Description, r.Remediation)
	for _, rr := range r.Related {
		md += fmt.Sprintf("\n\n[%s](%s)", firstNonEmpty(rr.Description, rr.Ref), rr.Ref)
	}
	rule := sarif.NewRule(r.ID).
		WithName(ruleName(r)).
		WithShortDescription(sarif.NewMultiformatMessageString(r.Title)).
		WithFullDescription(sarif.NewMultiformatMessageString(oneLine(r.Description))).
		WithHelp(sarif.NewMultiformatMessageString(oneLine(r.Remediation)).WithMarkdown(md)).
		WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(sarifLevel(r.Severity))).
		WithProperties(sarif.Properties{
			"tags":              []string{"security", "terraform", "filestore"},
			"precision":         "very-high",
			"security-severity": securitySeverity(r.Severity),
		})
	if len(r.Related) > 0 {
		rule.WithHelpURI(r.Related[0].Ref)
	}
	return rule
}

func sarifResult(d *document, f guardrail.Finding) *sarif.Result {
	file, line := d.Locator.locate(f.Address)
	region := sarif.NewRegion().WithStartLine(line)
	if file == "" {
		// Not placed in the configuration: point at the plan (or the source
		// directory for a plan read from stdin); GitHub needs a location.
		file, region = d.Locator.fallback(d.PlanFile), nil
	}
	uri, base := d.Locator.uri(file)
	artifact := sarif.NewSimpleArtifactLocation(uri)
	if base != "" {
		artifact.WithUriBaseId(base)
	}
	physical := sarif.NewPhysicalLocation().WithArtifactLocation(artifact)
	if region != nil {
		physical.WithRegion(region)
	}
	name := f.Address
	if p := f.PathString(); p != "" {
		name += "." + p
	}
	location := sarif.NewLocationWithPhysicalLocation(physical).
		WithLogicalLocations([]*sarif.LogicalLocation{sarif.NewLogicalLocation().WithFullyQualifiedName(name).WithKind("resource")})
	res := sarif.NewRuleResult(f.RuleID).
		WithLevel(sarifLevel(f.Level)).
		WithMessage(sarif.NewTextMessage(fmt.Sprintf("%s: %s (%s)", f.Address, f.Message, f.Title))).
		WithLocations([]*sarif.Location{location}).
		WithPartialFingerPrints(map[string]any{"filestoreFinding/v1": fingerprint(f)})
	if f.Exemption != "" {
		// Every field set: go-sarif/v2 writes unset suppression fields as
		// null, which the SARIF schema refuses.
		res.WithSuppression([]*sarif.Suppression{sarif.NewSuppression("external").
			WithStatus("accepted").
			WithJustifcation(f.Exemption).
			WithGuid(guid(fingerprint(f) + "/exemption")).
			WithLocation(location)})
	}
	return res
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

// guid formats a stable name-based UUID (version 5 layout) for s.
func guid(s string) string {
	h := sha256.Sum256([]byte(s))
	h[6] = h[6]&0x0f | 0x50
	h[8] = h[8]&0x3f | 0x80
	x := hex.EncodeToString(h[:16])
	return x[0:8] + "-" + x[8:12] + "-" + x[12:16] + "-" + x[16:20] + "-" + x[20:32]
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
