// Package policy is the guardrail engine shared by the provider (at plan
// time, one resource at a time) and the `policy` CLI (a whole saved plan).
// It compiles the embedded Rego rules (plus any extra directories) once per
// process, prepares the query once per settings, and evaluates plan
// documents in the `terraform show -json` shape. It imports no Terraform
// framework package.
package policy

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/storage/inmem"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
	"github.com/filestore/terraform-provider-filestore/policies"
)

// The query every runner evaluates; conftest and HCP Terraform read
// data.main / data.terraform.policies.* which are built on the same rule.
const reportQuery = "data.filestore.lib.findings.report"

// Report is the result of evaluating a plan.
type Report struct {
	Findings []guardrail.Finding
	// Checked is the number of resource instances the guardrails read.
	Checked int
}

// Deny returns the number of deny-level findings.
func (r *Report) Deny() int { return r.count(guardrail.LevelDeny) }

// Warn returns the number of warn-level findings.
func (r *Report) Warn() int { return r.count(guardrail.LevelWarn) }

func (r *Report) count(level string) int {
	n := 0
	for _, f := range r.Findings {
		if f.Level == level {
			n++
		}
	}
	return n
}

// Rule describes a rule from its METADATA.
type Rule struct {
	ID          string    `json:"id"`
	Title       string    `json:"title"`
	Severity    string    `json:"severity"`
	Description string    `json:"description"`
	Remediation string    `json:"remediation"`
	Package     string    `json:"package"`
	Related     []Related `json:"related_resources,omitempty"`
	// File is where the rule is defined (embedded: policies/...).
	File string `json:"file"`
}

// Related is a related_resources entry.
type Related struct {
	Ref         string `json:"ref"`
	Description string `json:"description,omitempty"`
}

// Engine evaluates plans against the guardrails.
type Engine struct {
	settings guardrail.Settings
	compiled *compiled
	query    rego.PreparedEvalQuery

	// resourceQuery is query with data.filestore.view = "resource" (see
	// EvaluateResource), prepared on first use: the CLI never needs it.
	resourceOnce  sync.Once
	resourceQuery rego.PreparedEvalQuery
	resourceErr   error
}

// Views of the rules (data.filestore.view): a whole plan, or one resource
// inside the provider. A rule that would decide the absence of something
// only the rest of the configuration could hold reports it at most as a
// warning in the resource view (result.partial).
const (
	viewPlan     = "plan"
	viewResource = "resource"
)

type compiled struct {
	compiler *ast.Compiler
	rules    []Rule

	mu       sync.Mutex
	prepared map[string]preparedQuery
}

// preparedQuery is the report query prepared for one set of settings, or
// why the settings are refused.
type preparedQuery struct {
	q   rego.PreparedEvalQuery
	err error
}

var (
	cacheMu sync.Mutex
	cache   = map[string]*compileEntry{}
)

type compileEntry struct {
	once sync.Once
	c    *compiled
	err  error
}

// New returns an engine for the settings. The built-in rules (and each set of
// extra paths) are compiled once per process; the query is prepared once per
// distinct settings. A Rego error in an extra directory is returned with its
// file and line. Settings the rules cannot use (an unknown parameter or rule
// id, a value of the wrong type: see settings.go) are a
// guardrail.SettingErrors.
func New(ctx context.Context, s guardrail.Settings) (*Engine, error) {
	s = normalizeSettings(s)
	allow, err := allowedBuiltins(s.AllowBuiltins)
	if err != nil {
		return nil, err
	}
	s.AllowBuiltins = allow
	key, err := pathsKey(s.Paths)
	if err != nil {
		return nil, err
	}
	key += "\x01" + strings.Join(allow, ",")
	cacheMu.Lock()
	entry, ok := cache[key]
	if !ok {
		entry = &compileEntry{}
		cache[key] = entry
	}
	cacheMu.Unlock()
	entry.once.Do(func() { entry.c, entry.err = compile(s.Paths, allow) })
	if entry.err != nil {
		return nil, entry.err
	}
	q, err := entry.c.prepare(ctx, s, viewPlan)
	if err != nil {
		return nil, err
	}
	return &Engine{settings: s, compiled: entry.c, query: q}, nil
}

func pathsKey(paths []string) (string, error) {
	abs := make([]string, 0, len(paths))
	for _, p := range paths {
		a, err := filepath.Abs(p)
		if err != nil {
			return "", fmt.Errorf("policy path %q: %w", p, err)
		}
		abs = append(abs, a)
	}
	return strings.Join(abs, "\x00"), nil
}

// compile parses the embedded rules and the extra directories (test files
// excluded) and compiles them together, with the capabilities that withhold
// the network builtins not allowed (capabilities.go).
func compile(extra []string, allow []string) (*compiled, error) {
	modules := map[string]*ast.Module{}
	opts := ast.ParserOptions{ProcessAnnotation: true, RegoVersion: ast.RegoV1}
	err := fs.WalkDir(policies.FS, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isPolicyFile(p) {
			return err
		}
		src, err := policies.FS.ReadFile(p)
		if err != nil {
			return err
		}
		name := "policies/" + p
		m, err := ast.ParseModuleWithOpts(name, string(src), opts)
		if err != nil {
			return fmt.Errorf("built-in policy %s: %w", name, err)
		}
		modules[name] = m
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, dir := range extra {
		found := 0
		err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !isPolicyFile(p) {
				return err
			}
			src, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			m, err := ast.ParseModuleWithOpts(p, string(src), opts)
			if err != nil {
				return fmt.Errorf("parsing %s (Rego v1): %w", p, err)
			}
			modules[p] = m
			found++
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("policy directory %s: %w", dir, err)
		}
		if found == 0 {
			return nil, fmt.Errorf("policy directory %s holds no .rego file", dir)
		}
	}
	c := ast.NewCompiler().WithCapabilities(capabilities(allow)).WithEnablePrintStatements(false)
	c.Compile(modules)
	if c.Failed() {
		return nil, withheldHint(fmt.Errorf("compiling the guardrail policies: %w", c.Errors), allow)
	}
	rules, err := rulesOf(c)
	if err != nil {
		return nil, err
	}
	return &compiled{compiler: c, rules: rules, prepared: map[string]preparedQuery{}}, nil
}

func isPolicyFile(p string) bool {
	return strings.HasSuffix(p, ".rego") && !strings.HasSuffix(p, "_test.rego")
}

// rulesOf lists the rule packages under data.filestore.rules with their
// package-scope METADATA.
func rulesOf(c *ast.Compiler) ([]Rule, error) {
	prefix := ast.MustParseRef("data.filestore.rules")
	var rules []Rule
	seen := map[string]string{}
	for _, ar := range c.GetAnnotationSet().Flatten() {
		a := ar.Annotations
		if a == nil || a.Scope != "package" || !ar.Path.HasPrefix(prefix) {
			continue
		}
		id, _ := a.Custom["id"].(string)
		if id == "" {
			continue
		}
		sev, _ := a.Custom["severity"].(string)
		if sev != guardrail.LevelDeny && sev != guardrail.LevelWarn {
			return nil, fmt.Errorf("rule %s (%s): custom.severity must be deny or warn, got %q", id, ar.Path, sev)
		}
		if prev, dup := seen[id]; dup {
			return nil, fmt.Errorf("rule id %s is declared twice (%s and %s)", id, prev, ar.Path)
		}
		seen[id] = ar.Path.String()
		rem, _ := a.Custom["remediation"].(string)
		r := Rule{
			ID: id, Title: a.Title, Severity: sev,
			Description: strings.TrimSpace(a.Description),
			Remediation: strings.TrimSpace(rem),
			Package:     strings.TrimPrefix(ar.Path.String(), "data."),
		}
		if ar.Location != nil {
			r.File = ar.Location.File
		}
		for _, rr := range a.RelatedResources {
			r.Related = append(r.Related, Related{Ref: rr.Ref.String(), Description: rr.Description})
		}
		rules = append(rules, r)
	}
	sort.Slice(rules, func(i, j int) bool { return rules[i].ID < rules[j].ID })
	return rules, nil
}

// prepare returns the prepared query for the settings and view, checking
// the settings and preparing the query on first use. Settings reach the
// rules as data.filestore.{parameters, enforcement, overrides}: the same data
// document a conftest --data file or an HCP Terraform data.json provides.
// The view is data.filestore.view: a plan document cannot set it.
func (c *compiled) prepare(ctx context.Context, s guardrail.Settings, view string) (rego.PreparedEvalQuery, error) {
	doc := map[string]any{"filestore": map[string]any{
		"parameters":  stringMap(s.Parameters),
		"overrides":   stringMap(s.Overrides),
		"enforcement": s.Enforcement,
		"view":        view,
	}}
	b, err := json.Marshal(doc)
	if err != nil {
		return rego.PreparedEvalQuery{}, err
	}
	key := string(b)
	c.mu.Lock()
	defer c.mu.Unlock()
	if p, ok := c.prepared[key]; ok {
		return p.q, p.err
	}
	store := inmem.NewFromObject(doc)
	var p preparedQuery
	if p.err = c.checkSettings(ctx, store); p.err == nil {
		p.q, p.err = rego.New(
			rego.Compiler(c.compiler),
			rego.Store(store),
			rego.Query(reportQuery),
		).PrepareForEval(ctx)
		if p.err != nil {
			p.err = fmt.Errorf("preparing the guardrail query: %w", p.err)
		}
	}
	c.prepared[key] = p
	return p.q, p.err
}

func stringMap(m map[string]string) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// Rules returns the rules the engine evaluates, sorted by id.
func (e *Engine) Rules() []Rule { return append([]Rule(nil), e.compiled.rules...) }

// EvaluatePlan evaluates a decoded plan document (`terraform show -json`).
func (e *Engine) EvaluatePlan(ctx context.Context, plan map[string]any) (*Report, error) {
	if e.settings.Enforcement == guardrail.LevelOff {
		return &Report{}, nil
	}
	v, err := PlanValue(plan)
	if err != nil {
		return nil, fmt.Errorf("reading the plan: %w", err)
	}
	return e.EvaluatePlanValue(ctx, v)
}

// EvaluatePlanValue evaluates a plan already converted to an OPA value
// (PlanValue). A large plan is evaluated in shares on every core (see
// shards).
func (e *Engine) EvaluatePlanValue(ctx context.Context, plan ast.Value) (*Report, error) {
	if e.settings.Enforcement == guardrail.LevelOff {
		return &Report{}, nil
	}
	if inputs := e.shards(plan); inputs != nil {
		return e.evalShards(ctx, inputs)
	}
	return e.eval(ctx, plan)
}

// shardMin is the number of resource changes from which a plan is split.
const shardMin = 2000

// shards splits a large plan into one input per core: each is the whole
// plan plus input.filestore_shard, which tells the normalizer which
// instances to build documents for (the resource_changes addresses dealt
// round-robin per type; the last share takes everything not dealt,
// prior_state data sources included). Sibling resolution and parameters read the whole plan
// in every share, and the built-in rules reason about one document at a
// time, so the findings of the shares add up to those of the whole plan.
// Local rules (Settings.Paths) may relate documents to each other: with
// them, or on one core, the plan is evaluated whole (nil).
func (e *Engine) shards(plan ast.Value) []ast.Value {
	workers := runtime.GOMAXPROCS(0)
	obj, ok := plan.(ast.Object)
	if workers < 2 || len(e.settings.Paths) > 0 || !ok {
		return nil
	}
	changes, ok := obj.Get(ast.InternedTerm("resource_changes")).Value.(*ast.Array)
	if !ok || changes.Len() < shardMin || obj.Get(ast.InternedTerm(shardKey)) != nil {
		return nil
	}
	dealt := make([][][2]*ast.Term, workers-1)
	all := make([][2]*ast.Term, 0, changes.Len())
	yes := ast.InternedTerm(true)
	// Dealt per resource type, so that every share gets its part of each
	// kind of document (a bucket costs several times a presigned URL).
	next := map[string]int{}
	for i := range changes.Len() {
		rc, ok := changes.Elem(i).Value.(ast.Object)
		if !ok {
			return nil
		}
		addr := rc.Get(ast.InternedTerm("address"))
		if addr == nil {
			return nil
		}
		typ := ""
		if t := rc.Get(ast.InternedTerm("type")); t != nil {
			typ = t.String()
		}
		w := next[typ] % workers
		next[typ]++
		if w < workers-1 {
			dealt[w] = append(dealt[w], [2]*ast.Term{addr, yes})
			all = append(all, [2]*ast.Term{addr, yes})
		}
	}
	inputs := make([]ast.Value, 0, workers)
	for _, items := range dealt {
		inputs = append(inputs, withShard(obj, "only", items))
	}
	return append(inputs, withShard(obj, "skip", all))
}

const shardKey = "filestore_shard"

// withShard returns a shallow copy of the plan object with
// filestore_shard = {mode: {address: true, ...}}.
func withShard(plan ast.Object, mode string, items [][2]*ast.Term) ast.Value {
	cp := ast.NewObject()
	plan.Foreach(func(k, v *ast.Term) { cp.Insert(k, v) })
	sel := ast.NewObject(items...)
	cp.Insert(ast.StringTerm(shardKey), ast.ObjectTerm(ast.Item(ast.StringTerm(mode), ast.NewTerm(sel))))
	return cp
}

func (e *Engine) evalShards(ctx context.Context, inputs []ast.Value) (*Report, error) {
	reports := make([]*Report, len(inputs))
	errs := make([]error, len(inputs))
	var wg sync.WaitGroup
	for i, in := range inputs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			reports[i], errs[i] = e.eval(ctx, in)
		}()
	}
	wg.Wait()
	// Every share reads the same plan parameters: report a problem with
	// them once, not once per share.
	var settingErrs guardrail.SettingErrors
	for _, err := range errs {
		if errors.As(err, &settingErrs) {
			return nil, settingErrs
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	out := &Report{Checked: reports[0].Checked}
	for _, r := range reports {
		out.Findings = append(out.Findings, r.Findings...)
	}
	SortFindings(out.Findings)
	return out, nil
}

func (e *Engine) eval(ctx context.Context, input ast.Value) (*Report, error) {
	return evalWith(ctx, e.query, input)
}

func evalWith(ctx context.Context, q rego.PreparedEvalQuery, input ast.Value) (*Report, error) {
	rs, err := q.Eval(ctx, rego.EvalParsedInput(input))
	if err != nil {
		return nil, fmt.Errorf("evaluating the guardrails: %w", err)
	}
	if len(rs) != 1 || len(rs[0].Expressions) != 1 {
		return nil, errors.New("evaluating the guardrails: no result (is data.filestore.lib.findings.report defined?)")
	}
	return decodeReport(rs[0].Expressions[0].Value)
}

func decodeReport(v any) (*Report, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("unexpected guardrail result %T", v)
	}
	r := &Report{}
	if n, ok := m["checked"].(json.Number); ok {
		c, _ := n.Int64()
		r.Checked = int(c)
	}
	list, _ := m["findings"].([]any)
	for _, item := range list {
		f, ok := item.(map[string]any)
		if !ok {
			continue
		}
		finding := guardrail.Finding{
			RuleID:   str(f["rule_id"]),
			Title:    str(f["title"]),
			Severity: str(f["severity"]),
			Level:    str(f["level"]),
			Message:  str(f["message"]),
			Address:  str(f["address"]),
			Resource: str(f["resource"]),
			Path:     decodePath(f["path"]),
		}
		if x, ok := f["exemption"].(string); ok {
			finding.Exemption = x
		}
		r.Findings = append(r.Findings, finding)
	}
	SortFindings(r.Findings)
	if errs := decodeSettingErrors(m["errors"]); len(errs) > 0 {
		return nil, errs
	}
	return r, nil
}

// SortFindings orders findings by address, rule id, path and message, so
// every output is stable.
func SortFindings(fs []guardrail.Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Address != b.Address {
			return a.Address < b.Address
		}
		if a.RuleID != b.RuleID {
			return a.RuleID < b.RuleID
		}
		if pa, pb := a.PathString(), b.PathString(); pa != pb {
			return pa < pb
		}
		if a.Message != b.Message {
			return a.Message < b.Message
		}
		// Never equal in practice; a total order keeps the output of a plan
		// evaluated in shares identical to a whole one.
		if a.Resource != b.Resource {
			return a.Resource < b.Resource
		}
		if a.Level != b.Level {
			return a.Level < b.Level
		}
		return a.Exemption < b.Exemption
	})
}

func str(v any) string {
	s, _ := v.(string)
	return s
}

func decodePath(v any) []any {
	list, _ := v.([]any)
	out := make([]any, 0, len(list))
	for _, s := range list {
		switch x := s.(type) {
		case json.Number:
			if i, err := x.Int64(); err == nil {
				out = append(out, int(i))
			} else {
				out = append(out, x.String())
			}
		case float64:
			out = append(out, int(x))
		default:
			out = append(out, x)
		}
	}
	return out
}
