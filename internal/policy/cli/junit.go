package cli

import (
	"encoding/xml"
	"fmt"
	"io"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// JUnit XML: one test suite per rule, file paths relative to the repository
// root like SARIF's.

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
	if file, line := d.Locator.locate(f.Address); file != "" {
		c.File, _ = d.Locator.relative(file)
		c.Line = line
	}
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
