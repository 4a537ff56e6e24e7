package bucketconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// Statement ids of the bucket policy the resource generates. They are stable:
// the same settings always produce byte-identical JSON.
const (
	SidDenyInsecureTransport   = "DenyInsecureTransport"
	SidDenyUnencryptedUploads  = "DenyUnencryptedUploads"
	SidDenyIncorrectEncryption = "DenyIncorrectEncryptionHeader"
	SidAllowCloudFrontRead     = "AllowCloudFrontServicePrincipalReadOnly"
)

// PolicyVersion is the policy language version.
const PolicyVersion = "2012-10-17"

// CloudFrontServicePrincipal is the principal of an origin access control.
const CloudFrontServicePrincipal = "cloudfront.amazonaws.com"

// sseHeaderKey is the condition key for the x-amz-server-side-encryption
// request header.
const sseHeaderKey = "s3:x-amz-server-side-encryption"

// PolicyOptions are the settings that shape the bucket policy.
type PolicyOptions struct {
	Partition string
	Bucket    string
	// DenyInsecureTransport denies every s3 action over plain HTTP
	// (aws:SecureTransport = false) on the bucket and its objects.
	DenyInsecureTransport bool
	// DenyUnencryptedUploads denies PutObject without the
	// x-amz-server-side-encryption header.
	DenyUnencryptedUploads bool
	// RequiredAlgorithm, with DenyUnencryptedUploads, also denies PutObject
	// declaring another algorithm than the bucket's ("" : any algorithm).
	RequiredAlgorithm string
	// CDNDistributionARNs lets these CloudFront distributions read objects
	// through an origin access control (service principal + AWS:SourceArn).
	CDNDistributionARNs []string
}

type policyDocument struct {
	Version   string            `json:"Version"`
	Statement []policyStatement `json:"Statement"`
}

type policyStatement struct {
	Sid       string                    `json:"Sid"`
	Effect    string                    `json:"Effect"`
	Principal any                       `json:"Principal"`
	Action    any                       `json:"Action"`
	Resource  any                       `json:"Resource"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

func (o PolicyOptions) bucketARN() string  { return BucketARN(o.partition(), o.Bucket) }
func (o PolicyOptions) objectsARN() string { return o.bucketARN() + "/*" }
func (o PolicyOptions) partition() string {
	if o.Partition == "" {
		return "aws"
	}
	return o.Partition
}

func (o PolicyOptions) insecureTransportStatement() policyStatement {
	return policyStatement{
		Sid: SidDenyInsecureTransport, Effect: "Deny", Principal: "*", Action: "s3:*",
		Resource:  []string{o.bucketARN(), o.objectsARN()},
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	}
}

func (o PolicyOptions) unencryptedUploadsStatement() policyStatement {
	return policyStatement{
		Sid: SidDenyUnencryptedUploads, Effect: "Deny", Principal: "*", Action: "s3:PutObject",
		Resource:  o.objectsARN(),
		Condition: map[string]map[string]any{"Null": {sseHeaderKey: "true"}},
	}
}

func (o PolicyOptions) incorrectEncryptionStatement() policyStatement {
	return policyStatement{
		Sid: SidDenyIncorrectEncryption, Effect: "Deny", Principal: "*", Action: "s3:PutObject",
		Resource:  o.objectsARN(),
		Condition: map[string]map[string]any{"StringNotEquals": {sseHeaderKey: o.RequiredAlgorithm}},
	}
}

func (o PolicyOptions) cloudFrontStatement() policyStatement {
	arns := append([]string(nil), o.CDNDistributionARNs...)
	sort.Strings(arns)
	return policyStatement{
		Sid: SidAllowCloudFrontRead, Effect: "Allow",
		Principal: map[string]any{"Service": CloudFrontServicePrincipal},
		Action:    "s3:GetObject",
		Resource:  o.objectsARN(),
		Condition: map[string]map[string]any{"StringEquals": {"AWS:SourceArn": arns}},
	}
}

// BuildPolicy returns the bucket policy for o as deterministic compact JSON,
// or "" when o asks for no statement (the bucket then has no policy).
func BuildPolicy(o PolicyOptions) string {
	var st []policyStatement
	if o.DenyInsecureTransport {
		st = append(st, o.insecureTransportStatement())
	}
	if o.DenyUnencryptedUploads {
		st = append(st, o.unencryptedUploadsStatement())
		if o.RequiredAlgorithm != "" {
			st = append(st, o.incorrectEncryptionStatement())
		}
	}
	if len(o.CDNDistributionARNs) > 0 {
		st = append(st, o.cloudFrontStatement())
	}
	if len(st) == 0 {
		return ""
	}
	return mustJSON(policyDocument{Version: PolicyVersion, Statement: st})
}

func mustJSON(v any) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(fmt.Sprintf("bucketconfig: encoding %T: %v", v, err)) // only plain maps, slices and strings
	}
	return strings.TrimSuffix(b.String(), "\n")
}

// canonicalStatement is a statement reduced to what it means: single values
// and lists alike become sorted lists, "*" principals become {"AWS": ["*"]},
// actions and condition keys (case-insensitive in IAM) are lower-cased, and
// every condition value is a string.
type canonicalStatement struct {
	Sid          string                         `json:"sid,omitempty"`
	Effect       string                         `json:"effect"`
	Principal    map[string][]string            `json:"principal,omitempty"`
	NotPrincipal map[string][]string            `json:"not_principal,omitempty"`
	Action       []string                       `json:"action,omitempty"`
	NotAction    []string                       `json:"not_action,omitempty"`
	Resource     []string                       `json:"resource,omitempty"`
	NotResource  []string                       `json:"not_resource,omitempty"`
	Condition    map[string]map[string][]string `json:"condition,omitempty"`
}

func (c canonicalStatement) key(withSid bool) string {
	if !withSid {
		c.Sid = ""
	}
	return mustJSON(c)
}

func stringList(v any, lower bool) []string {
	var out []string
	add := func(x any) {
		s := scalarString(x)
		if lower {
			s = strings.ToLower(s)
		}
		out = append(out, s)
	}
	switch t := v.(type) {
	case nil:
		return nil
	case []any:
		for _, x := range t {
			add(x)
		}
	default:
		add(t)
	}
	sort.Strings(out)
	return out
}

func scalarString(x any) string {
	switch t := x.(type) {
	case string:
		return t
	case bool:
		if t {
			return "true"
		}
		return "false"
	case json.Number:
		return t.String()
	case float64:
		return fmt.Sprint(t)
	default:
		return fmt.Sprint(t)
	}
}

func principalMap(v any) map[string][]string {
	switch t := v.(type) {
	case nil:
		return nil
	case string:
		return map[string][]string{"AWS": {t}}
	case map[string]any:
		out := map[string][]string{}
		for k, x := range t {
			out[k] = stringList(x, false)
		}
		return out
	default:
		return map[string][]string{"?": {fmt.Sprint(t)}}
	}
}

func canonicalize(raw map[string]any) canonicalStatement {
	c := canonicalStatement{
		Sid:          scalarStringOrEmpty(raw["Sid"]),
		Effect:       scalarStringOrEmpty(raw["Effect"]),
		Principal:    principalMap(raw["Principal"]),
		NotPrincipal: principalMap(raw["NotPrincipal"]),
		Action:       stringList(raw["Action"], true),
		NotAction:    stringList(raw["NotAction"], true),
		Resource:     stringList(raw["Resource"], false),
		NotResource:  stringList(raw["NotResource"], false),
	}
	if cond, ok := raw["Condition"].(map[string]any); ok && len(cond) > 0 {
		c.Condition = map[string]map[string][]string{}
		for op, kv := range cond {
			m := map[string][]string{}
			if kvm, ok := kv.(map[string]any); ok {
				for k, v := range kvm {
					m[strings.ToLower(k)] = stringList(v, false)
				}
			}
			c.Condition[op] = m
		}
	}
	return c
}

func scalarStringOrEmpty(v any) string {
	if v == nil {
		return ""
	}
	return scalarString(v)
}

func statementOf(s policyStatement) canonicalStatement {
	var raw map[string]any
	if err := json.Unmarshal([]byte(mustJSON(s)), &raw); err != nil {
		panic(err)
	}
	return canonicalize(raw)
}

// ParsedPolicy is a bucket policy reduced to canonical statements.
type ParsedPolicy struct {
	Version    string
	statements []canonicalStatement
}

// ParsePolicy parses a policy document. An empty document is a policy with
// no statement.
func ParsePolicy(doc string) (ParsedPolicy, error) {
	var p ParsedPolicy
	if strings.TrimSpace(doc) == "" {
		return p, nil
	}
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return p, fmt.Errorf("the bucket policy is not a JSON object: %w", err)
	}
	p.Version = scalarStringOrEmpty(raw["Version"])
	switch st := raw["Statement"].(type) {
	case []any:
		for _, s := range st {
			if m, ok := s.(map[string]any); ok {
				p.statements = append(p.statements, canonicalize(m))
			}
		}
	case map[string]any:
		p.statements = append(p.statements, canonicalize(st))
	}
	return p, nil
}

func (p ParsedPolicy) has(s canonicalStatement) bool {
	want := s.key(false)
	for _, x := range p.statements {
		if x.key(false) == want {
			return true
		}
	}
	return false
}

// PolicyFacts is what an actual bucket policy says about the settings the
// resource manages.
type PolicyFacts struct {
	DenyInsecureTransport  bool
	DenyUnencryptedUploads bool
	// CDNDistributionARNs are the distributions an origin-access-control
	// statement lets read objects, sorted; nil when there is none.
	CDNDistributionARNs []string
}

// AnalyzePolicy reports which of the generated statements the actual policy
// doc of bucket contains (whatever their Sid, order or formatting).
func AnalyzePolicy(doc, partition, bucket string) (PolicyFacts, error) {
	var f PolicyFacts
	p, err := ParsePolicy(doc)
	if err != nil {
		return f, err
	}
	o := PolicyOptions{Partition: partition, Bucket: bucket}
	f.DenyInsecureTransport = p.has(statementOf(o.insecureTransportStatement()))
	f.DenyUnencryptedUploads = p.has(statementOf(o.unencryptedUploadsStatement()))
	objects := o.objectsARN()
	seen := map[string]bool{}
	for _, s := range p.statements {
		if s.Effect != "Allow" || len(s.NotPrincipal) > 0 || len(s.NotAction) > 0 || len(s.NotResource) > 0 {
			continue
		}
		if len(s.Principal) != 1 || strings.Join(s.Principal["Service"], ",") != CloudFrontServicePrincipal {
			continue
		}
		if strings.Join(s.Action, ",") != "s3:getobject" || strings.Join(s.Resource, ",") != objects {
			continue
		}
		if len(s.Condition) != 1 || len(s.Condition["StringEquals"]) != 1 {
			continue
		}
		for _, arn := range s.Condition["StringEquals"]["aws:sourcearn"] {
			if !seen[arn] {
				seen[arn] = true
				f.CDNDistributionARNs = append(f.CDNDistributionARNs, arn)
			}
		}
	}
	sort.Strings(f.CDNDistributionARNs)
	return f, nil
}

// PoliciesEquivalent reports whether two policy documents say the same thing:
// same version and the same statements (Sid included) in any order, with any
// formatting, single values written as lists or not.
func PoliciesEquivalent(a, b string) bool {
	pa, err := ParsePolicy(a)
	if err != nil {
		return false
	}
	pb, err := ParsePolicy(b)
	if err != nil {
		return false
	}
	if len(pa.statements) != len(pb.statements) {
		return false
	}
	if len(pa.statements) > 0 && pa.Version != pb.Version {
		return false
	}
	ka := make([]string, 0, len(pa.statements))
	kb := make([]string, 0, len(pb.statements))
	for i := range pa.statements {
		ka = append(ka, pa.statements[i].key(true))
		kb = append(kb, pb.statements[i].key(true))
	}
	sort.Strings(ka)
	sort.Strings(kb)
	for i := range ka {
		if ka[i] != kb[i] {
			return false
		}
	}
	return true
}
