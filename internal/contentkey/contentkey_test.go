package contentkey

import "testing"

const digest = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" // sha256("")

func TestKey(t *testing.T) {
	for _, tc := range []struct {
		prefix, want string
	}{
		{"cas", "cas/e3/" + digest},
		{"", "e3/" + digest},
		{"a/b", "a/b/e3/" + digest},
	} {
		got, err := Key(digest, tc.prefix)
		if err != nil || got != tc.want {
			t.Errorf("Key(%q) = %q, %v; want %q", tc.prefix, got, err, tc.want)
		}
	}
}

func TestKeyRejects(t *testing.T) {
	for _, tc := range []struct{ digest, prefix string }{
		{digest[:63], "cas"},
		{"E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "cas"},
		{"z" + digest[1:], "cas"},
		{digest, "/cas"},
		{digest, "cas/"},
		{digest, "a//b"},
		{digest, "a/../b"},
		{digest, "a\x01"},
	} {
		if _, err := Key(tc.digest, tc.prefix); err == nil {
			t.Errorf("Key(%q, %q) accepted", tc.digest, tc.prefix)
		}
	}
}
