package cli

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
)

func renderText(w io.Writer, d *document) error {
	for _, f := range d.Report.Findings {
		loc := escape(f.Address)
		if p := f.PathString(); p != "" {
			loc += "  " + escape(p)
		}
		fmt.Fprintf(w, "%-4s  %s  %s\n", strings.ToUpper(f.Level), escape(f.RuleID), loc)
		fmt.Fprintf(w, "      %s: %s\n", escape(f.Title), escape(f.Message))
		if f.Exemption != "" {
			fmt.Fprintf(w, "      exempted: %s\n", escape(f.Exemption))
		}
	}
	if len(d.Report.Findings) > 0 {
		fmt.Fprintln(w)
	}
	return renderSummary(w, d)
}

func renderSummary(w io.Writer, d *document) error {
	_, err := fmt.Fprintf(w, "%s checked: %d deny, %d warn (%d exempted)\n",
		plural(d.Report.Checked, "resource", "resources"), d.Report.Deny(), d.Report.Warn(), d.exempted())
	return err
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

// escape makes a value from the plan safe to print on one terminal line:
// control characters (a newline in a for_each key could otherwise forge a
// "DENY ..." line in a CI log, an ESC could rewrite the terminal), Unicode
// line separators and invisible format characters (bidirectional overrides)
// are written as Go escapes (\n, \x1b, \u202e); a backslash is kept as is.
func escape(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if !unsafeRune(r) {
			b.WriteRune(r)
			continue
		}
		q := strconv.QuoteRuneToASCII(r) // '\n', '\x1b', '\u202e'
		b.WriteString(q[1 : len(q)-1])
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp) || r == unicode.ReplacementChar
}
