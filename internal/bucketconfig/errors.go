package bucketconfig

import (
	"fmt"
	"strings"
)

// Path addresses an attribute of the resource: strings are attribute names,
// ints are list indexes. Path{"lifecycle_tiers", 0, "transitions", 1, "days"}
// renders as lifecycle_tiers[0].transitions[1].days.
type Path []any

// At returns a new path with steps appended (p is not modified).
func (p Path) At(steps ...any) Path {
	out := make(Path, 0, len(p)+len(steps))
	out = append(out, p...)
	return append(out, steps...)
}

// String renders the path in Terraform's attribute notation.
func (p Path) String() string {
	var b strings.Builder
	for _, s := range p {
		switch v := s.(type) {
		case int:
			fmt.Fprintf(&b, "[%d]", v)
		default:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			fmt.Fprint(&b, v)
		}
	}
	return b.String()
}

// FieldError is one validation failure on one attribute.
type FieldError struct {
	Path    Path
	Summary string // short, e.g. "Invalid bucket name"
	Detail  string // what is wrong and what to do
}

// Error renders "path: detail".
func (e FieldError) Error() string { return e.Path.String() + ": " + e.Detail }

func fieldErr(p Path, summary, format string, args ...any) FieldError {
	return FieldError{Path: p, Summary: summary, Detail: fmt.Sprintf(format, args...)}
}
