package bucketconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// ValidatePolicyStatements parses policy_statements, a JSON policy document
// whose statements are merged into the generated bucket policy, and checks
// what S3 would refuse and what would fight the generated statements: a Sid
// the resource generates (or reserves for filestore_cdn_read_access), two
// statements with one Sid, another policy Version, a statement without
// Effect, principal, action or resource. p is the attribute's path.
func ValidatePolicyStatements(doc string, p Path) (ParsedPolicy, []FieldError) {
	var errs []FieldError
	add := func(summary, format string, args ...any) {
		errs = append(errs, fieldErr(p, summary, "%s: "+format, append([]any{p}, args...)...))
	}
	var top map[string]json.RawMessage
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	if err := dec.Decode(&top); err != nil {
		add("Invalid policy statements", "not a JSON policy document (%v). Use jsonencode({ Version = \"2012-10-17\", Statement = [ ... ] }) or data.aws_iam_policy_document.x.json.", err)
		return ParsedPolicy{}, errs
	}
	var extra []string
	for k := range top {
		if k != "Version" && k != "Id" && k != "Statement" {
			extra = append(extra, k)
		}
	}
	sort.Strings(extra)
	if len(extra) > 0 {
		add("Invalid policy statements", "a policy document has Version, Id and Statement; %s is not one of them.", strings.Join(extra, ", "))
	}
	parsed, err := ParsePolicy(doc)
	if err != nil {
		add("Invalid policy statements", "%v.", err)
		return ParsedPolicy{}, errs
	}
	if _, has := top["Version"]; has && parsed.Version != PolicyVersion {
		add("Invalid policy statements", "Version %q: the bucket policy is one document with Version %q; write your statements for that version.", parsed.Version, PolicyVersion)
	}
	seen := map[string]int{}
	for i, s := range parsed.Statements {
		what := fmt.Sprintf("statement %d", i)
		if sid := s.Sid(); sid != "" {
			what += fmt.Sprintf(" (Sid %q)", sid)
		}
		var raw map[string]any
		d := json.NewDecoder(bytes.NewReader(s.raw))
		d.UseNumber()
		_ = d.Decode(&raw) // parsed once already
		if e := s.canon.Effect; e != "Allow" && e != "Deny" {
			add("Invalid policy statement", "%s: Effect must be \"Allow\" or \"Deny\", not %q.", what, e)
		}
		for _, pair := range [][2]string{{"Principal", "NotPrincipal"}, {"Action", "NotAction"}, {"Resource", "NotResource"}} {
			_, a := raw[pair[0]]
			_, b := raw[pair[1]]
			if a == b {
				add("Invalid policy statement", "%s: a bucket policy statement needs exactly one of %s and %s.", what, pair[0], pair[1])
			}
		}
		if v, ok := raw["Sid"]; ok {
			if _, isString := v.(string); !isString {
				add("Invalid policy statement", "%s: Sid must be a string.", what)
			}
		}
		sid := s.Sid()
		switch {
		case sid == "":
		case isGeneratedSid(sid):
			add("Statement id used by the provider",
				"%s: the provider generates a statement with this Sid (it reserves %s, whether the setting that writes it is on or not). Give your statement another Sid.",
				what, strings.Join(GeneratedSids(), ", "))
		case strings.HasPrefix(sid, CDNReadAccessSidPrefix):
			add("Statement id used by the provider",
				"%s: Sids starting with %q are written by filestore_cdn_read_access. Give your statement another Sid.", what, CDNReadAccessSidPrefix)
		}
		if j, dup := seen[sid]; dup && sid != "" {
			add("Duplicate statement id", "%s has the same Sid as statement %d; S3 requires unique statement ids.", what, j)
		} else {
			seen[sid] = i
		}
	}
	return parsed, errs
}
