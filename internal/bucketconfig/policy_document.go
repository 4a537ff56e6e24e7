package bucketconfig

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sort"
	"strings"
)

// PolicyVersion is the policy language version.
const PolicyVersion = "2012-10-17"

// Statement is one statement of a bucket policy: its JSON as written and
// its canonical form, which comparisons use.
type Statement struct {
	raw   json.RawMessage // compact JSON of the statement object
	canon canonicalStatement
}

// Sid returns the statement's id ("" when it has none).
func (s Statement) Sid() string { return s.canon.Sid }

// JSON returns the statement as compact JSON.
func (s Statement) JSON() string { return string(s.raw) }

// Equivalent reports whether two statements say the same thing, Sid
// included, whatever their formatting.
func (s Statement) Equivalent(o Statement) bool { return s.canon.key(true) == o.canon.key(true) }

// sameEffect is Equivalent without the Sid.
func (s Statement) sameEffect(o Statement) bool { return s.canon.key(false) == o.canon.key(false) }

// newStatement builds a Statement from a generated one; its JSON keeps the
// generated element order (Sid, Effect, Principal, ...).
func newStatement(p policyStatement) Statement {
	text := mustJSON(p)
	var raw map[string]any
	dec := json.NewDecoder(strings.NewReader(text))
	dec.UseNumber()
	if err := dec.Decode(&raw); err != nil {
		panic(fmt.Sprintf("bucketconfig: generated statement %s: %v", p.Sid, err)) // only plain strings, lists and maps
	}
	return Statement{raw: json.RawMessage(text), canon: canonicalize(raw)}
}

// statementFromJSON parses a statement written by someone else (the user,
// the server). Its JSON is rewritten with sorted keys, compact, as
// Terraform's jsonencode writes it: the same statement reads the same
// whoever formatted it, so the policies built from it are byte-identical.
func statementFromJSON(b []byte) (Statement, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var raw map[string]any
	if err := dec.Decode(&raw); err != nil {
		return Statement{}, err
	}
	norm, err := json.Marshal(raw)
	if err != nil {
		return Statement{}, err
	}
	return Statement{raw: norm, canon: canonicalize(raw)}, nil
}

// policyStatement is a statement the resource generates.
type policyStatement struct {
	Sid       string                    `json:"Sid"`
	Effect    string                    `json:"Effect"`
	Principal any                       `json:"Principal"`
	Action    any                       `json:"Action"`
	Resource  any                       `json:"Resource"`
	Condition map[string]map[string]any `json:"Condition,omitempty"`
}

// ParsedPolicy is a policy document: its Version and Id elements and its
// statements in document order.
type ParsedPolicy struct {
	Version    string
	ID         string
	Statements []Statement
}

// ParsePolicy parses a policy document. An empty document is a policy with
// no statement. "Statement" may be a list or a single object.
func ParsePolicy(doc string) (ParsedPolicy, error) {
	var p ParsedPolicy
	if strings.TrimSpace(doc) == "" {
		return p, nil
	}
	dec := json.NewDecoder(strings.NewReader(doc))
	dec.UseNumber()
	var raw map[string]json.RawMessage
	if err := dec.Decode(&raw); err != nil {
		return p, fmt.Errorf("the policy is not a JSON object: %w", err)
	}
	if v, ok := raw["Version"]; ok {
		if err := json.Unmarshal(v, &p.Version); err != nil {
			return p, fmt.Errorf("the policy's Version is not a string")
		}
	}
	if v, ok := raw["Id"]; ok {
		if err := json.Unmarshal(v, &p.ID); err != nil {
			return p, fmt.Errorf("the policy's Id is not a string")
		}
	}
	st, ok := raw["Statement"]
	if !ok {
		return p, nil
	}
	var list []json.RawMessage
	if err := json.Unmarshal(st, &list); err != nil {
		list = []json.RawMessage{st} // a single statement object
	}
	for i, b := range list {
		s, err := statementFromJSON(b)
		if err != nil {
			return p, fmt.Errorf("statement %d is not a JSON object: %w", i, err)
		}
		p.Statements = append(p.Statements, s)
	}
	return p, nil
}

// renderPolicy writes a policy document as compact JSON with the keys of
// every object sorted (the form Terraform's jsonencode produces), or "" when
// there is no statement.
func renderPolicy(id string, st []Statement) string {
	if len(st) == 0 {
		return ""
	}
	list := make([]any, 0, len(st))
	for _, s := range st {
		dec := json.NewDecoder(bytes.NewReader(s.raw))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			panic(fmt.Sprintf("bucketconfig: re-reading a parsed statement: %v", err))
		}
		list = append(list, v)
	}
	doc := map[string]any{"Version": PolicyVersion, "Statement": list}
	if id != "" {
		doc["Id"] = id
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(fmt.Sprintf("bucketconfig: encoding a policy: %v", err))
	}
	return string(b)
}

// writePolicy writes a policy document in a fixed key order, statements as
// given (generated ones first, byte for byte as before).
func writePolicy(id string, st []Statement) string {
	if len(st) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`{"Version":"` + PolicyVersion + `",`)
	if id != "" {
		b.WriteString(`"Id":` + mustJSON(id) + `,`)
	}
	b.WriteString(`"Statement":[`)
	for i, s := range st {
		if i > 0 {
			b.WriteByte(',')
		}
		b.Write(s.raw)
	}
	b.WriteString("]}")
	return b.String()
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
// every condition value is a string. Elements this form does not know are
// kept in Other, as JSON.
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
	Other        map[string]string              `json:"other,omitempty"`
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

var knownStatementElements = map[string]bool{
	"Sid": true, "Effect": true, "Principal": true, "NotPrincipal": true, "Action": true, "NotAction": true,
	"Resource": true, "NotResource": true, "Condition": true,
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
	for k, v := range raw {
		if !knownStatementElements[k] {
			if c.Other == nil {
				c.Other = map[string]string{}
			}
			c.Other[k] = mustJSON(v)
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

// PoliciesEquivalent reports whether two policy documents say the same thing:
// same version, same Id and the same statements (Sid included) in any order,
// with any formatting, single values written as lists or not.
func PoliciesEquivalent(a, b string) bool {
	pa, err := ParsePolicy(a)
	if err != nil {
		return false
	}
	pb, err := ParsePolicy(b)
	if err != nil {
		return false
	}
	if len(pa.Statements) != len(pb.Statements) || pa.ID != pb.ID {
		return false
	}
	if len(pa.Statements) > 0 && pa.Version != pb.Version {
		return false
	}
	return sameStatements(pa.Statements, pb.Statements)
}

// sameStatements reports whether a and b hold equivalent statements, in any
// order.
func sameStatements(a, b []Statement) bool {
	if len(a) != len(b) {
		return false
	}
	ka := make([]string, 0, len(a))
	kb := make([]string, 0, len(b))
	for i := range a {
		ka = append(ka, a[i].canon.key(true))
		kb = append(kb, b[i].canon.key(true))
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
