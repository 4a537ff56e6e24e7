package signing

import (
	"encoding/json"
	"mime"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	cfsign "github.com/aws/aws-sdk-go-v2/feature/cloudfront/sign"
)

// Fuzz targets for the CloudFront URL / policy builder and the
// Content-Disposition encoder. `go test` runs each on its seeds (and on
// testdata/fuzz/<Fuzz...>/, where crashers found by `make fuzz` are kept as
// regression seeds); `make fuzz` explores.

// A signed URL is the input URL plus exactly one signature whose policy
// grants what was asked (resource, IPv4 source, expiry) and verifies with
// the key; anything else is refused with an error, never a panic.
func FuzzSignURL(f *testing.F) {
	f.Add("https://d111111abcdef8.cloudfront.net/a.txt", "", "", "K2JCJMDEHXQW5F", false, int64(0))
	f.Add("https://cdn.example.com/v/x.mp4?size=large", "https://cdn.example.com/v/*", "192.0.2.0/24", "K1", true, int64(3600))
	f.Add("https://cdn.example.com/x?a=1;Expires=2", "", "::ffff:1.2.3.4", "K1", false, int64(-5))
	f.Add("http://h/é?x=%zz", "*", "2001:db8::/32", "k1&x", true, int64(1))
	f.Add("https://h/p?Key%2DPair%2DId=1", "http*://h/*", "::ffff:10.0.0.0/104", "APKA9ONS7QCOWEXAMPLE", false, int64(60))
	exp := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	f.Fuzz(func(t *testing.T, rawURL, resource, ipRange, keyID string, sha1 bool, startOffset int64) {
		key := rsaKey(t)
		req := CloudFrontRequest{URL: rawURL, Resource: resource, IPRange: ipRange, KeyPairID: keyID, Key: key, ExpiresAt: exp}
		if sha1 {
			req.HashAlgorithm = HashSHA1
		}
		if startOffset != 0 {
			req.StartsAt = exp.Add(-time.Duration(startOffset%100000) * time.Second)
		}
		signed, err := SignURL(req)
		if err != nil {
			if _, ok := AsFieldError(err); !ok {
				t.Fatalf("error without a field: %v", err)
			}
			return
		}
		if !strings.HasPrefix(signed, rawURL) {
			t.Fatalf("the signed URL does not start with the URL: %q", signed)
		}
		added, err := url.ParseQuery(strings.TrimLeft(signed[len(rawURL):], "?&"))
		if err != nil {
			t.Fatalf("the signing parameters do not parse: %v (%q)", err, signed)
		}
		if added.Get("Key-Pair-Id") != keyID || len(added["Signature"]) != 1 || len(added["Key-Pair-Id"]) != 1 {
			t.Fatalf("signing parameters %v", added)
		}
		hashAlg := HashSHA256
		if sha1 {
			hashAlg = HashSHA1
		}
		var policy []byte
		if pol := added.Get("Policy"); pol != "" {
			policy = cfDecode(t, pol)
			var p cfsign.Policy
			if err := json.Unmarshal(policy, &p); err != nil || len(p.Statements) != 1 {
				t.Fatalf("policy %q: %v", policy, err)
			}
			st := p.Statements[0]
			wantRes := resource
			if wantRes == "" {
				wantRes = rawURL
			}
			if st.Resource != wantRes || st.Condition.DateLessThan == nil || st.Condition.DateLessThan.Unix() != exp.Unix() {
				t.Fatalf("policy %s does not grant %q until %v", policy, wantRes, exp)
			}
			if ip := st.Condition.IPAddress; ip != nil {
				pfx, err := netip.ParsePrefix(ip.SourceIP)
				if err != nil || !pfx.Addr().Is4() {
					t.Fatalf("SourceIp %q (from %q) is not an IPv4 CIDR block", ip.SourceIP, ipRange)
				}
			} else if ipRange != "" {
				t.Fatalf("ip_range %q left out of the policy", ipRange)
			}
		} else {
			policy = []byte(`{"Statement":[{"Resource":"` + rawURL + `","Condition":{"DateLessThan":{"AWS:EpochTime":` + added.Get("Expires") + `}}}]}`)
			var check any
			if json.Unmarshal(policy, &check) != nil || resource != "" && resource != rawURL || ipRange != "" {
				t.Fatalf("canned policy for a request that needs a custom one: %q", signed)
			}
		}
		verifyCF(t, key, hashAlg, policy, added.Get("Signature"))
		// Read the way the most lenient parser would (& and ; separators,
		// any case, percent-decoded names), the signed URL carries one
		// signature only.
		counts := map[string]int{}
		_, query, _ := strings.Cut(signed, "?")
		for _, pair := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' }) {
			name, _, _ := strings.Cut(pair, "=")
			if dec, err := url.QueryUnescape(name); err == nil {
				name = dec
			}
			counts[strings.ToLower(strings.TrimSpace(name))]++
		}
		if counts["signature"] != 1 || counts["key-pair-id"] != 1 || counts["expires"]+counts["policy"] != 1 || counts["hash-algorithm"] > 1 {
			t.Fatalf("the signed URL carries more than one signature: %q", signed)
		}
	})
}

// The Content-Disposition value is header-safe ASCII, and a MIME parser
// reads back the exact file name (from filename*) and the attachment type.
func FuzzAttachmentDisposition(f *testing.F) {
	for _, s := range []string{"report.pdf", "Résumé final.docx", `a"b\c.txt`, "日本語.txt", "x\x00y", "tab\there", "%41.txt",
		"'quoted'.txt", strings.Repeat("é", 200), "\xff\xfe", "naïve 😀.png", "a;b=c.txt"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, name string) {
		v, err := AttachmentDisposition(name)
		if err != nil {
			if ValidateFilename(name) == nil {
				t.Fatalf("refused a valid name %q: %v", name, err)
			}
			return
		}
		if !utf8.ValidString(name) || len(name) > MaxFilenameBytes {
			t.Fatalf("accepted %q", name)
		}
		for i := 0; i < len(v); i++ {
			if v[i] < 0x20 || v[i] > 0x7e {
				t.Fatalf("byte %#x at %d of %q is not printable ASCII", v[i], i, v)
			}
		}
		typ, params, err := mime.ParseMediaType(v)
		if err != nil {
			t.Fatalf("%q does not parse: %v", v, err)
		}
		if typ != "attachment" || params["filename"] != name {
			t.Fatalf("%q parses as %q %q, want attachment %q", v, typ, params["filename"], name)
		}
	})
}
