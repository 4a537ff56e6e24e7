package signing

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // verifying SHA1 signatures
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	cfsign "github.com/aws/aws-sdk-go-v2/feature/cloudfront/sign"
)

type testKeys struct {
	rsa       *rsa.PrivateKey
	ec        *ecdsa.PrivateKey
	rsaPKCS1  string
	rsaPKCS8  string
	ecSEC1    string
	ecPKCS8   string
	rsaPublic string
}

var (
	keysOnce sync.Once
	keys     testKeys
)

func pemString(typ string, der []byte) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: typ, Bytes: der}))
}

func loadKeys(t testing.TB) testKeys {
	t.Helper()
	keysOnce.Do(func() {
		r, err := rsa.GenerateKey(rand.Reader, 2048)
		if err != nil {
			panic(err)
		}
		e, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		keys.rsa, keys.ec = r, e
		keys.rsaPKCS1 = pemString("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(r))
		der, _ := x509.MarshalPKCS8PrivateKey(r)
		keys.rsaPKCS8 = pemString("PRIVATE KEY", der)
		der, _ = x509.MarshalECPrivateKey(e)
		keys.ecSEC1 = pemString("EC PRIVATE KEY", der)
		der, _ = x509.MarshalPKCS8PrivateKey(e)
		keys.ecPKCS8 = pemString("PRIVATE KEY", der)
		der, _ = x509.MarshalPKIXPublicKey(&r.PublicKey)
		keys.rsaPublic = pemString("PUBLIC KEY", der)
	})
	return keys
}

func TestParsePrivateKey(t *testing.T) {
	k := loadKeys(t)
	for name, c := range map[string]struct{ pem, typ string }{
		"RSA PKCS1":   {k.rsaPKCS1, KeyTypeRSA},
		"RSA PKCS8":   {k.rsaPKCS8, KeyTypeRSA},
		"EC SEC1":     {k.ecSEC1, KeyTypeECDSA},
		"EC PKCS8":    {k.ecPKCS8, KeyTypeECDSA},
		"with spaces": {"\n \t\n" + k.rsaPKCS1 + "\n\n", KeyTypeRSA},
	} {
		got, err := ParsePrivateKey(c.pem)
		if err != nil || got.Type != c.typ || got.Signer == nil {
			t.Errorf("%s: %v %v", name, got.Type, err)
		}
	}

	small, _ := rsa.GenerateKey(rand.Reader, 1024)
	p384, _ := ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	_, ed, _ := ed25519.GenerateKey(rand.Reader)
	edDER, _ := x509.MarshalPKCS8PrivateKey(ed)
	p384DER, _ := x509.MarshalECPrivateKey(p384)
	//nolint:staticcheck // building a legacy encrypted PEM to test that it is refused
	enc, _ := x509.EncryptPEMBlock(rand.Reader, "RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(small), []byte("pw"), x509.PEMCipherAES256)
	bad := map[string]struct{ pem, want string }{
		"empty":        {"", "no PEM block"},
		"garbage":      {"not a key", "no PEM block"},
		"RSA 1024":     {pemString("RSA PRIVATE KEY", x509.MarshalPKCS1PrivateKey(small)), "1024 bits"},
		"P-384":        {pemString("EC PRIVATE KEY", p384DER), "P-384"},
		"ed25519":      {pemString("PRIVATE KEY", edDER), "unsupported key type"},
		"public key":   {k.rsaPublic, "not a private key"},
		"encrypted":    {string(pem.EncodeToMemory(enc)), "encrypted"},
		"pkcs8 enc":    {pemString("ENCRYPTED PRIVATE KEY", []byte{1, 2, 3}), "encrypted"},
		"corrupt body": {pemString("RSA PRIVATE KEY", []byte("corrupt")), "cannot be parsed"},
		"two keys":     {k.rsaPKCS1 + k.ecSEC1, "more than one"},
		"other block":  {pemString("OPENSSH PRIVATE KEY", []byte{1}), "unsupported PEM block"},
	}
	secretB64 := strings.Split(k.rsaPKCS1, "\n")[1]
	for name, c := range bad {
		_, err := ParsePrivateKey(c.pem)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v; want it to mention %q", name, err, c.want)
			continue
		}
		if strings.Contains(err.Error(), secretB64[:16]) || strings.Contains(err.Error(), "MII") {
			t.Errorf("%s: error quotes key material: %v", name, err)
		}
	}
}

func rsaKey(t testing.TB) PrivateKey {
	k, err := ParsePrivateKey(loadKeys(t).rsaPKCS1)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func ecKey(t testing.TB) PrivateKey {
	k, err := ParsePrivateKey(loadKeys(t).ecSEC1)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

func cfDecode(t testing.TB, s string) []byte {
	t.Helper()
	r := strings.NewReplacer("-", "+", "_", "=", "~", "/")
	b, err := base64.StdEncoding.DecodeString(r.Replace(s))
	if err != nil {
		t.Fatalf("decoding %q: %v", s, err)
	}
	return b
}

// verifyCF checks a CloudFront signature over policy the way CloudFront
// does: RSA PKCS #1 v1.5 or ECDSA (ASN.1), SHA1 or SHA256.
func verifyCF(t testing.TB, key PrivateKey, hashAlg string, policy []byte, sig string) {
	t.Helper()
	raw := cfDecode(t, sig)
	var digest []byte
	h := crypto.SHA256
	if hashAlg == HashSHA1 {
		d := sha1.Sum(policy) //nolint:gosec
		digest, h = d[:], crypto.SHA1
	} else {
		d := sha256.Sum256(policy)
		digest = d[:]
	}
	switch pub := key.Signer.Public().(type) {
	case *rsa.PublicKey:
		if err := rsa.VerifyPKCS1v15(pub, h, digest, raw); err != nil {
			t.Fatalf("RSA-%s signature does not verify: %v", hashAlg, err)
		}
	case *ecdsa.PublicKey:
		if !ecdsa.VerifyASN1(pub, digest, raw) {
			t.Fatalf("ECDSA-%s signature does not verify", hashAlg)
		}
	}
}

func TestSignURL_CannedMatchesSDK(t *testing.T) {
	key := rsaKey(t)
	exp := time.Date(2026, 1, 1, 18, 0, 0, 0, time.UTC)
	u := "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium"
	got, err := SignURL(CloudFrontRequest{URL: u, ExpiresAt: exp, HashAlgorithm: HashSHA1, KeyPairID: "K2JCJMDEHXQW5F", Key: key})
	if err != nil {
		t.Fatal(err)
	}
	want, err := cfsign.NewURLSigner("K2JCJMDEHXQW5F", key.Signer).Sign(u, exp)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("canned SHA1 URL differs from the SDK's URLSigner\n got %s\nwant %s", got, want)
	}
}

func TestSignURL_CustomMatchesSDK(t *testing.T) {
	key := rsaKey(t)
	req := CloudFrontRequest{
		URL:           "https://d111111abcdef8.cloudfront.net/videos/intro.mp4",
		Resource:      "https://d111111abcdef8.cloudfront.net/videos/*",
		ExpiresAt:     time.Unix(1767290400, 0),
		StartsAt:      time.Unix(1767286800, 0),
		IPRange:       "192.0.2.0/24",
		HashAlgorithm: HashSHA1,
		KeyPairID:     "K2JCJMDEHXQW5F",
		Key:           key,
	}
	got, err := SignURL(req)
	if err != nil {
		t.Fatal(err)
	}
	p, canned := req.Policy()
	if canned {
		t.Fatal("a wildcard resource must make a custom policy")
	}
	want, err := cfsign.NewURLSigner(req.KeyPairID, key.Signer).SignWithPolicy(req.URL, p)
	if err != nil {
		t.Fatal(err)
	}
	if got != want {
		t.Errorf("custom SHA1 URL differs from the SDK's URLSigner\n got %s\nwant %s", got, want)
	}
	doc, _ := EncodePolicy(p)
	wantDoc := `{"Statement":[{"Resource":"https://d111111abcdef8.cloudfront.net/videos/*","Condition":{"IpAddress":{"AWS:SourceIp":"192.0.2.0/24"},"DateGreaterThan":{"AWS:EpochTime":1767286800},"DateLessThan":{"AWS:EpochTime":1767290400}}}]}`
	if string(doc) != wantDoc {
		t.Errorf("policy\n got %s\nwant %s", doc, wantDoc)
	}
}

func TestSignCookies_MatchesSDK(t *testing.T) {
	k := loadKeys(t)
	key := rsaKey(t)
	req := CloudFrontRequest{
		URL: "https://d111111abcdef8.cloudfront.net/", Resource: "https://d111111abcdef8.cloudfront.net/*",
		ExpiresAt: time.Unix(1767290400, 0), HashAlgorithm: HashSHA1, KeyPairID: "K2JCJMDEHXQW5F", Key: key,
	}
	got, err := SignCookies(req)
	if err != nil {
		t.Fatal(err)
	}
	p, _ := req.Policy()
	sdk, err := cfsign.NewCookieSigner(req.KeyPairID, k.rsa).SignWithPolicy(p)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, c := range sdk {
		want[c.Name] = c.Value
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("cookies differ from the SDK's CookieSigner\n got %v\nwant %v", got, want)
	}
}

// The CloudFront developer guide's canned-policy example URL ("Create a
// signed URL using a canned policy"): parameters in this order, the policy
// statement in this exact form. The guide's signature is a placeholder
// ("...EXAMPLE...") made with an unpublished key, so the signature itself is
// verified cryptographically instead.
func TestSignURL_DocumentationLayout(t *testing.T) {
	for _, c := range []struct {
		name string
		key  PrivateKey
	}{{"RSA", rsaKey(t)}, {"ECDSA", ecKey(t)}} {
		u := "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium"
		got, err := SignURL(CloudFrontRequest{URL: u, ExpiresAt: time.Unix(1767290400, 0), KeyPairID: "K2JCJMDEHXQW5F", Key: c.key})
		if err != nil {
			t.Fatal(err)
		}
		re := regexp.MustCompile(`Signature=([A-Za-z0-9~_-]+)&`)
		m := re.FindStringSubmatch(got)
		if m == nil {
			t.Fatalf("%s: no signature in %s", c.name, got)
		}
		layout := strings.Replace(got, m[1], "SIG", 1)
		want := "https://d111111abcdef8.cloudfront.net/image.jpg?color=red&size=medium&Expires=1767290400&Signature=SIG&Key-Pair-Id=K2JCJMDEHXQW5F&Hash-Algorithm=SHA256"
		if layout != want {
			t.Errorf("%s:\n got %s\nwant %s", c.name, layout, want)
		}
		// CloudFront rebuilds the canned policy from the request.
		policy := `{"Statement":[{"Resource":"` + u + `","Condition":{"DateLessThan":{"AWS:EpochTime":1767290400}}}]}`
		verifyCF(t, c.key, HashSHA256, []byte(policy), m[1])
	}
}

func TestSignURL_AllCombinations(t *testing.T) {
	exp := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	for _, kc := range []struct {
		name string
		key  PrivateKey
	}{{"RSA", rsaKey(t)}, {"ECDSA", ecKey(t)}} {
		for _, h := range HashAlgorithms() {
			for _, custom := range []bool{false, true} {
				req := CloudFrontRequest{URL: "https://cdn.example.com/a/b.txt", ExpiresAt: exp, HashAlgorithm: h, KeyPairID: "KID", Key: kc.key}
				if custom {
					req.StartsAt = exp.Add(-time.Hour)
					req.IPRange = "::ffff:192.0.2.7"
				}
				name := fmt.Sprintf("%s/%s/custom=%v", kc.name, h, custom)
				signed, err := SignURL(req)
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				u, err := url.Parse(signed)
				if err != nil {
					t.Fatal(err)
				}
				q := u.Query()
				var policy []byte
				if custom {
					policy = cfDecode(t, q.Get("Policy"))
					if q.Has("Expires") {
						t.Errorf("%s: custom policy URL has Expires", name)
					}
					var p cfsign.Policy
					if err := json.Unmarshal(policy, &p); err != nil {
						t.Fatal(err)
					}
					c := p.Statements[0].Condition
					if c.IPAddress.SourceIP != "192.0.2.7/32" || c.DateGreaterThan.Unix() != exp.Add(-time.Hour).Unix() || c.DateLessThan.Unix() != exp.Unix() {
						t.Errorf("%s: policy %s", name, policy)
					}
				} else {
					if q.Get("Expires") != fmt.Sprint(exp.Unix()) || q.Has("Policy") {
						t.Errorf("%s: canned URL %s", name, signed)
					}
					policy = []byte(`{"Statement":[{"Resource":"https://cdn.example.com/a/b.txt","Condition":{"DateLessThan":{"AWS:EpochTime":` + fmt.Sprint(exp.Unix()) + `}}}]}`)
				}
				if (q.Get("Hash-Algorithm") == HashSHA256) != (h == HashSHA256) {
					t.Errorf("%s: Hash-Algorithm=%q", name, q.Get("Hash-Algorithm"))
				}
				if q.Get("Key-Pair-Id") != "KID" {
					t.Errorf("%s: key pair id", name)
				}
				verifyCF(t, kc.key, h, policy, q.Get("Signature"))

				// Deterministic: the signing window relies on it (ECDSA
				// included, RFC 6979).
				again, _ := SignURL(req)
				if again != signed {
					t.Errorf("%s: two signatures of the same request differ", name)
				}

				cookies, err := SignCookies(req)
				if err != nil {
					t.Fatal(err)
				}
				if cookies[CookieKeyPairID] != "KID" || (cookies[CookieHashAlgorithm] == HashSHA256) != (h == HashSHA256) {
					t.Errorf("%s: cookies %v", name, cookies)
				}
				verifyCF(t, kc.key, h, cfDecode(t, cookies[CookiePolicy]), cookies[CookieSignature])
			}
		}
	}
}

func TestCloudFrontRequestValidate(t *testing.T) {
	key := rsaKey(t)
	exp := time.Now().Add(time.Hour)
	base := CloudFrontRequest{URL: "https://cdn.example.com/x", ExpiresAt: exp, KeyPairID: "K1", Key: key}
	bad := []struct {
		field string
		mod   func(*CloudFrontRequest)
	}{
		{"url", func(r *CloudFrontRequest) { r.URL = "ftp://cdn.example.com/x" }},
		{"url", func(r *CloudFrontRequest) { r.URL = "cdn.example.com/x" }},
		{"url", func(r *CloudFrontRequest) { r.URL = "https://cdn.example.com/x?Signature=1" }},
		{"url", func(r *CloudFrontRequest) { r.URL = "https://cdn.example.com/x#frag" }},
		{"url", func(r *CloudFrontRequest) { r.URL = "https://cdn.example.com/é" }},
		{"url", func(r *CloudFrontRequest) { r.URL = "https://cdn.example.com/a b" }},
		{"resource", func(r *CloudFrontRequest) { r.Resource = "cdn.example.com/*" }},
		{"key_pair_id", func(r *CloudFrontRequest) { r.KeyPairID = "" }},
		{"key_pair_id", func(r *CloudFrontRequest) { r.KeyPairID = "K1&x=y" }},
		{"private_key_pem", func(r *CloudFrontRequest) { r.Key = PrivateKey{} }},
		{"starts_at", func(r *CloudFrontRequest) { r.StartsAt = exp }},
		{"starts_at", func(r *CloudFrontRequest) { r.StartsAt = exp.Add(time.Second) }},
		{"ip_range", func(r *CloudFrontRequest) { r.IPRange = "192.0.2.0/33" }},
		{"ip_range", func(r *CloudFrontRequest) { r.IPRange = "example.com" }},
		{"hash_algorithm", func(r *CloudFrontRequest) { r.HashAlgorithm = "MD5" }},
	}
	for i, c := range bad {
		r := base
		c.mod(&r)
		fe, ok := AsFieldError(r.Validate())
		if !ok || fe.Field != c.field {
			t.Errorf("case %d: %v; want a FieldError on %s", i, r.Validate(), c.field)
		}
		if _, err := SignURL(r); err == nil {
			t.Errorf("case %d: SignURL accepted it", i)
		}
		if _, err := SignCookies(r); err == nil {
			t.Errorf("case %d: SignCookies accepted it", i)
		}
	}
	for _, ip := range []string{"192.0.2.0/24", "192.0.2.1", "0.0.0.0/0", "::ffff:192.0.2.1"} {
		r := base
		r.IPRange = ip
		if err := r.Validate(); err != nil {
			t.Errorf("ip_range %s: %v", ip, err)
		}
	}
}

// CloudFront's IpAddress condition takes IPv4 CIDR only. An IPv4-mapped
// address names one IPv4 host: "::ffff:1.2.3.4" used to be signed as
// "::ffff:1.2.3.4/32", which is ::/32, not that host.
func TestIPRangeCIDR(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.10":          "192.0.2.10/32",
		"192.0.2.0/24":        "192.0.2.0/24",
		"::ffff:1.2.3.4":      "1.2.3.4/32",
		"::ffff:1.2.3.4/128":  "1.2.3.4/32",
		"::ffff:10.0.0.0/104": "10.0.0.0/8",
		"::FFFF:C000:0201":    "192.0.2.1/32",
	} {
		got, err := IPRangeCIDR(in)
		if err != nil || got != want {
			t.Errorf("IPRangeCIDR(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for in, want := range map[string]string{
		"2001:db8::1":      "IPv4 only",
		"2001:db8::/32":    "IPv4 only",
		"::ffff:0.0.0.0/8": "shorter than /96",
		"fe80::1%eth0":     "not an IP address",
		"192.0.2.0/33":     "not an IP address",
		"010.0.0.1":        "not an IP address",
		"example.com":      "not an IP address",
		"":                 "not an IP address",
	} {
		if _, err := IPRangeCIDR(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("IPRangeCIDR(%q): error %v, want it to say %q", in, err, want)
		}
	}
	r := CloudFrontRequest{URL: "https://cdn.example.com/x", IPRange: "::ffff:1.2.3.4", ExpiresAt: time.Now().Add(time.Hour)}
	if p, _ := r.Policy(); p.Statements[0].Condition.IPAddress.SourceIP != "1.2.3.4/32" {
		t.Errorf("policy SourceIp %q, want 1.2.3.4/32", p.Statements[0].Condition.IPAddress.SourceIP)
	}
}

// The key pair id is written into the URL and the cookies as it is: only
// CloudFront's alphabet passes.
func TestValidateKeyPairID(t *testing.T) {
	for _, ok := range []string{"K2JCJMDEHXQW5F", "APKA9ONS7QCOWEXAMPLE", "K1"} {
		if err := ValidateKeyPairID(ok); err != nil {
			t.Errorf("%q: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "k2jcjmdehxqw5f", "K1&Expires=9", "K1%26x", "K1 ", "K-1", "K1/..", "KÉ", strings.Repeat("K", 129)} {
		if err := ValidateKeyPairID(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

// A URL that already carries a CloudFront signing parameter is refused in
// every spelling; net/url alone missed ";Expires=" (it splits on & only).
func TestExistingSignatureParameters(t *testing.T) {
	for _, u := range []string{
		"https://cdn.example.com/x?Expires=1",
		"https://cdn.example.com/x?a=1;Expires=2",
		"https://cdn.example.com/x?a=1;expires=2",
		"https://cdn.example.com/x?SIGNATURE=abc",
		"https://cdn.example.com/x?a=1&key-pair-id=K1",
		"https://cdn.example.com/x?Key%2DPair%2DId=K1",
		"https://cdn.example.com/x?Polic%79=x",
		"https://cdn.example.com/x?Hash-Algorithm",
		"https://cdn.example.com/x?a=1?Policy=x",
		"https://cdn.example.com/x?a=b;;Signature",
	} {
		err := CloudFrontRequest{URL: u}.Validate()
		if fe, ok := AsFieldError(err); !ok || fe.Field != "url" || !strings.Contains(err.Error(), "signing parameter") {
			t.Errorf("%s: %v; want the url refused for its signing parameter", u, err)
		}
	}
	for _, u := range []string{"https://cdn.example.com/Expires/x?size=large", "https://cdn.example.com/x?expiresAt=1&policyId=2"} {
		if fe, ok := AsFieldError(CloudFrontRequest{URL: u}.Validate()); ok && fe.Field == "url" {
			t.Errorf("%s refused: %v", u, fe)
		}
	}
}
