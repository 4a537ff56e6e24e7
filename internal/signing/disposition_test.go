package signing

import (
	"mime"
	"strings"
	"testing"
)

func TestAttachmentDisposition(t *testing.T) {
	cases := []struct{ name, want string }{
		{"report.pdf", `attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`},
		{"my report (final).pdf", `attachment; filename="my report (final).pdf"; filename*=UTF-8''my%20report%20%28final%29.pdf`},
		{`say "hi".txt`, `attachment; filename="say \"hi\".txt"; filename*=UTF-8''say%20%22hi%22.txt`},
		{`back\slash.txt`, `attachment; filename="back\\slash.txt"; filename*=UTF-8''back%5Cslash.txt`},
		{"naïve café.txt", `attachment; filename="na_ve caf_.txt"; filename*=UTF-8''na%C3%AFve%20caf%C3%A9.txt`},
		{"€ rates.csv", `attachment; filename="_ rates.csv"; filename*=UTF-8''%E2%82%AC%20rates.csv`},
		{"100%.txt", `attachment; filename="100%.txt"; filename*=UTF-8''100%25.txt`},
		{"a;b=c,d.txt", `attachment; filename="a;b=c,d.txt"; filename*=UTF-8''a%3Bb%3Dc%2Cd.txt`},
		{"日本語.txt", `attachment; filename="___.txt"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.txt`},
	}
	for _, c := range cases {
		got, err := AttachmentDisposition(c.name)
		if err != nil {
			t.Fatalf("%q: %v", c.name, err)
		}
		if got != c.want {
			t.Errorf("AttachmentDisposition(%q)\n got %s\nwant %s", c.name, got, c.want)
		}
		// A standard parser recovers the exact name from filename*.
		disp, params, err := mime.ParseMediaType(got)
		if err != nil {
			t.Fatalf("%q: mime.ParseMediaType(%s): %v", c.name, got, err)
		}
		if disp != "attachment" || params["filename"] != c.name {
			t.Errorf("%q: parsed back as %q %q", c.name, disp, params["filename"])
		}
		if strings.ContainsAny(got, "\r\n") {
			t.Errorf("%q: header value contains a line break", c.name)
		}
	}
}

func TestAttachmentDispositionRejects(t *testing.T) {
	for _, name := range []string{"", "a\nb.txt", "a\rb", "tab\there", "nul\x00", "del\x7f", "c1\u0085", "\xff\xfe", strings.Repeat("a", 256)} {
		if got, err := AttachmentDisposition(name); err == nil {
			t.Errorf("AttachmentDisposition(%q) = %q; want an error", name, got)
		}
	}
}
