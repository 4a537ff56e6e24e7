package signing

import (
	"crypto/x509"
	"encoding/pem"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// CloudFront's own documentation signs policies with `openssl dgst -sha1
// -sign` (or -sha256). An independent implementation, OpenSSL, verifies every
// key type and hash algorithm this package produces — in particular ECDSA,
// which the local CloudFront emulator cannot check (it knows RSA only).
func TestCloudFrontSignaturesVerifyWithOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed; the signatures are still verified with crypto/rsa and crypto/ecdsa in TestSignURL_AllCombinations")
	}
	dir := t.TempDir()
	for _, kc := range []struct {
		name string
		key  PrivateKey
	}{{"RSA", rsaKey(t)}, {"ECDSA", ecKey(t)}} {
		der, err := x509.MarshalPKIXPublicKey(kc.key.Signer.Public())
		if err != nil {
			t.Fatal(err)
		}
		pub := filepath.Join(dir, kc.name+".pub.pem")
		if err := os.WriteFile(pub, pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, h := range HashAlgorithms() {
			cookies, err := SignCookies(CloudFrontRequest{
				URL: "https://d111111abcdef8.cloudfront.net/", Resource: "https://d111111abcdef8.cloudfront.net/*",
				ExpiresAt: time.Unix(1767290400, 0), IPRange: "192.0.2.0/24", HashAlgorithm: h, KeyPairID: "K1", Key: kc.key,
			})
			if err != nil {
				t.Fatal(err)
			}
			policy := filepath.Join(dir, kc.name+h+".policy.json")
			sig := filepath.Join(dir, kc.name+h+".sig")
			if err := os.WriteFile(policy, cfDecode(t, cookies[CookiePolicy]), 0o600); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(sig, cfDecode(t, cookies[CookieSignature]), 0o600); err != nil {
				t.Fatal(err)
			}
			out, err := exec.Command(openssl, "dgst", "-"+strings.ToLower(h), "-verify", pub, "-signature", sig, policy).CombinedOutput()
			if err != nil || !strings.Contains(string(out), "Verified OK") {
				t.Errorf("%s/%s: openssl: %v %s", kc.name, h, err, out)
			}
			// And a signature of another policy does not verify.
			if err := os.WriteFile(policy, []byte(`{"Statement":[]}`), 0o600); err != nil {
				t.Fatal(err)
			}
			if out, err := exec.Command(openssl, "dgst", "-"+strings.ToLower(h), "-verify", pub, "-signature", sig, policy).CombinedOutput(); err == nil {
				t.Errorf("%s/%s: openssl verified a signature over another document: %s", kc.name, h, out)
			}
		}
	}
}
