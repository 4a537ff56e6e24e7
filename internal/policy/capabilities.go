package policy

import (
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// Local rules (policy.paths, --policies) run inside `terraform plan` and in
// CI, where the plan they read holds sensitive values in clear. They are
// compiled with OPA capabilities that leave out the builtins that reach the
// network, so that no rule can send a plan anywhere unless the user names
// the builtin (policy.allow_builtins, --allow-builtin).
//
// Of OPA's builtins only these do network I/O themselves (checked against
// the OPA source: topdown/http.go, topdown/net.go). json.match_schema and
// json.verify_schema fetch a remote $ref, but only from allow_net hosts,
// which is empty unless http.send is allowed. net.cidr_* and the other net.*
// builtins are pure computations and stay; opa.runtime reads the
// environment but cannot send it anywhere. TestWithheldBuiltins_reviewed
// fails when an OPA upgrade brings a nondeterministic builtin nobody has
// looked at.
var withheldBuiltins = []string{
	ast.HTTPSend.Name,        // http.send: any HTTP request
	ast.NetLookupIPAddr.Name, // net.lookup_ip_addr: a DNS query (a name can carry data out)
}

// WithheldBuiltins lists the builtins no rule may call unless
// Settings.AllowBuiltins names them.
func WithheldBuiltins() []string { return slices.Clone(withheldBuiltins) }

// allowedBuiltins checks Settings.AllowBuiltins and returns it sorted and
// without duplicates.
func allowedBuiltins(names []string) ([]string, error) {
	var errs guardrail.SettingErrors
	var out []string
	for _, n := range names {
		n = strings.TrimSpace(n)
		if !slices.Contains(withheldBuiltins, n) {
			errs = append(errs, guardrail.SettingError{
				Setting: guardrail.SettingBuiltins, Key: n, Source: guardrail.SourceSettings,
				Message: fmt.Sprintf("allow builtin %q: only the builtins withheld from the rules can be allowed: %s", n, strings.Join(withheldBuiltins, ", ")),
			})
			continue
		}
		out = append(out, n)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	slices.Sort(out)
	return slices.Compact(out), nil
}

// capabilities are this OPA version's capabilities without the withheld
// builtins the settings do not allow. Without http.send, allow_net is empty
// as well, so that no host is reachable even through a builtin added later.
func capabilities(allow []string) *ast.Capabilities {
	caps := ast.CapabilitiesForThisVersion()
	caps.Builtins = slices.DeleteFunc(caps.Builtins, func(b *ast.Builtin) bool {
		return slices.Contains(withheldBuiltins, b.Name) && !slices.Contains(allow, b.Name)
	})
	if !slices.Contains(allow, ast.HTTPSend.Name) {
		caps.AllowNet = []string{}
	}
	return caps
}

// withheldHint adds to a compile error that calls a withheld builtin how to
// allow it.
func withheldHint(err error, allow []string) error {
	for _, name := range withheldBuiltins {
		if !slices.Contains(allow, name) && strings.Contains(err.Error(), "undefined function "+name) {
			return fmt.Errorf("%w\n%s is withheld: guardrail rules cannot reach the network unless you allow it by name "+
				"(provider: policy.allow_builtins = [%q]; policy check: --allow-builtin %s)", err, name, name, name)
		}
	}
	return err
}
