package guardrail

import "testing"

func TestPathString(t *testing.T) {
	cases := []struct {
		path []any
		want string
	}{
		{nil, ""},
		{[]any{"cors_rules", 0, "allowed_origins"}, "cors_rules[0].allowed_origins"},
		{[]any{"tags", "filestore:exempt:FS005"}, `tags["filestore:exempt:FS005"]`},
		{[]any{"rule", 0, "filter", 0, "and", 0, "prefix"}, "rule[0].filter[0].and[0].prefix"},
		{[]any{0}, "[0]"},
		{[]any{"a-b", "9x"}, `a-b["9x"]`},
	}
	for _, c := range cases {
		if got := PathString(c.path); got != c.want {
			t.Errorf("PathString(%v) = %q, want %q", c.path, got, c.want)
		}
	}
	if got := (Finding{Path: []any{"bucket"}}).PathString(); got != "bucket" {
		t.Errorf("Finding.PathString = %q", got)
	}
}
