package cdnkeys_test

import (
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys/testkeys"
)

// Keys are generated once per test binary: RSA generation is slow.
var (
	keysOnce                     sync.Once
	rsaA, rsaB, rsa1024, rsa4096 testkeys.Key
	ecP256, ecP384               testkeys.Key
)

func keys(t *testing.T) {
	t.Helper()
	keysOnce.Do(func() {
		rsaA = testkeys.RSA(t, 2048)
		rsaB = testkeys.RSA(t, 2048)
		rsa1024 = testkeys.RSA(t, 1024)
		rsa4096 = testkeys.RSA(t, 4096)
		ecP256 = testkeys.ECDSA(t, elliptic.P256())
		ecP384 = testkeys.ECDSA(t, elliptic.P384())
	})
}

func TestParsePEM(t *testing.T) {
	keys(t)
	edPub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	pkcs1 := string(pem.EncodeToMemory(&pem.Block{Type: "RSA PUBLIC KEY", Bytes: x509.MarshalPKCS1PublicKey(&rsaA.RSAPrivate().PublicKey)}))
	withHeaders := string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Headers: map[string]string{"Proc-Type": "4,ENCRYPTED"}, Bytes: mustDER(t, rsaA)}))
	crlf := strings.ReplaceAll(rsaA.PublicPEM, "\n", "\r\n")

	tests := []struct {
		name     string
		in       string
		wantType string
		wantErr  string
	}{
		{name: "rsa 2048", in: rsaA.PublicPEM, wantType: cdnkeys.KeyTypeRSA2048},
		{name: "ecdsa p256", in: ecP256.PublicPEM, wantType: cdnkeys.KeyTypeECDSAP256},
		{name: "crlf and surrounding whitespace", in: "\n  " + crlf + "\r\n\n", wantType: cdnkeys.KeyTypeRSA2048},
		{name: "no trailing newline", in: strings.TrimSuffix(rsaA.PublicPEM, "\n"), wantType: cdnkeys.KeyTypeRSA2048},
		{name: "empty", in: "", wantErr: "not PEM"},
		{name: "garbage", in: "ssh-rsa AAAAB3NzaC1yc2E", wantErr: "not PEM"},
		{name: "text before", in: "my key:\n" + rsaA.PublicPEM, wantErr: "before"},
		{name: "two blocks", in: rsaA.PublicPEM + rsaB.PublicPEM, wantErr: "after the PEM block"},
		{name: "private key", in: rsaA.PrivatePEM(t), wantErr: "PRIVATE KEY; give the public key only"},
		{name: "pkcs1", in: pkcs1, wantErr: "openssl rsa -RSAPublicKey_in -pubout"},
		{name: "headers", in: withHeaders, wantErr: "headers"},
		{name: "bad der", in: string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: []byte("nope")})), wantErr: "valid public key"},
		{name: "rsa 1024", in: rsa1024.PublicPEM, wantErr: "RSA key of 1024 bits"},
		{name: "rsa 4096", in: rsa4096.PublicPEM, wantErr: "RSA key of 4096 bits"},
		{name: "ecdsa p384", in: ecP384.PublicPEM, wantErr: "curve P-384"},
		{name: "ed25519", in: testkeys.PublicPEM(t, edPub), wantErr: "Ed25519"},
		{name: "certificate", in: "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n", wantErr: "certificate"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			k, err := cdnkeys.ParsePEM(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParsePEM error = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParsePEM: %v", err)
			}
			if k.Type != tt.wantType {
				t.Errorf("Type = %q, want %q", k.Type, tt.wantType)
			}
			if len(k.Fingerprint()) != 64 {
				t.Errorf("Fingerprint = %q, want 64 hex digits", k.Fingerprint())
			}
		})
	}
}

func mustDER(t *testing.T, k testkeys.Key) []byte {
	t.Helper()
	b, _ := pem.Decode([]byte(k.PublicPEM))
	return b.Bytes
}

func TestCanonicalPEMRoundTrip(t *testing.T) {
	keys(t)
	messy := "\r\n" + strings.ReplaceAll(rsaA.PublicPEM, "\n", "\r\n")
	k, err := cdnkeys.ParsePEM(messy)
	if err != nil {
		t.Fatal(err)
	}
	if got := k.CanonicalPEM(); got != rsaA.PublicPEM {
		t.Errorf("CanonicalPEM differs from the standard encoding:\n%s\nwant\n%s", got, rsaA.PublicPEM)
	}
}

func TestSamePEM(t *testing.T) {
	keys(t)
	// Re-wrap the base64 at 76 columns and indent it: same key, different text.
	body := base64.StdEncoding.EncodeToString(mustDER(t, rsaA))
	var wrapped strings.Builder
	wrapped.WriteString("  -----BEGIN PUBLIC KEY-----\n")
	for len(body) > 76 {
		wrapped.WriteString("  " + body[:76] + "\n")
		body = body[76:]
	}
	wrapped.WriteString("  " + body + "\n  -----END PUBLIC KEY-----")
	if _, err := cdnkeys.ParsePEM(wrapped.String()); err != nil {
		t.Fatalf("re-wrapped PEM does not parse: %v", err)
	}

	tests := []struct {
		name string
		a, b string
		want bool
	}{
		{"identical", rsaA.PublicPEM, rsaA.PublicPEM, true},
		{"crlf", rsaA.PublicPEM, strings.ReplaceAll(rsaA.PublicPEM, "\n", "\r\n"), true},
		{"trailing whitespace", rsaA.PublicPEM, rsaA.PublicPEM + "\n\n  ", true},
		{"rewrapped base64", rsaA.PublicPEM, wrapped.String(), true},
		{"different keys", rsaA.PublicPEM, rsaB.PublicPEM, false},
		{"rsa vs ecdsa", rsaA.PublicPEM, ecP256.PublicPEM, false},
		{"unparseable equal strings", "x", "x", true},
		{"unparseable different", "x", "x ", false},
		{"one unparseable", rsaA.PublicPEM, "x", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cdnkeys.SamePEM(tt.a, tt.b); got != tt.want {
				t.Errorf("SamePEM = %v, want %v", got, tt.want)
			}
			if got := cdnkeys.SamePEM(tt.b, tt.a); got != tt.want {
				t.Errorf("SamePEM (swapped) = %v, want %v", got, tt.want)
			}
		})
	}
}

func TestValidateNames(t *testing.T) {
	tests := []struct {
		name    string
		in      string
		wantErr string
	}{
		{"simple", "uploads-signers", ""},
		{"underscore digits", "key_2026_11", ""},
		{"max length", strings.Repeat("a", 128), ""},
		{"empty", "", "must not be empty"},
		{"too long", strings.Repeat("a", 129), "129 characters long"},
		{"space", "my key", "only letters"},
		{"dot", "key.1", "only letters"},
		{"slash", "a/b", "only letters"},
		{"non ascii", "clé", "only letters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for what, fn := range map[string]func(string) error{"group": cdnkeys.ValidateGroupName, "logical": cdnkeys.ValidateLogicalName} {
				err := fn(tt.in)
				if tt.wantErr == "" && err != nil {
					t.Errorf("%s: unexpected error %v", what, err)
				}
				if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
					t.Errorf("%s: error = %v, want one containing %q", what, err, tt.wantErr)
				}
			}
		})
	}
	if err := cdnkeys.ValidateComment(strings.Repeat("é", 128)); err != nil {
		t.Errorf("128-character comment rejected: %v", err)
	}
	if err := cdnkeys.ValidateComment(strings.Repeat("x", 129)); err == nil {
		t.Error("129-character comment accepted")
	}
}

func TestValidateKeys(t *testing.T) {
	keys(t)
	tests := []struct {
		name  string
		count int
		pems  map[string]string
		want  []cdnkeys.Problem
	}{
		{name: "one key", count: 1, pems: map[string]string{"a": rsaA.PublicPEM}},
		{name: "mixed types", count: 2, pems: map[string]string{"a": rsaA.PublicPEM, "b": ecP256.PublicPEM}},
		{name: "five keys", count: 5, pems: map[string]string{"a": rsaA.PublicPEM, "b": rsaB.PublicPEM, "c": ecP256.PublicPEM, "d": rsaA.PublicPEM, "e": rsaB.PublicPEM}},
		{name: "unknown values are counted but not checked", count: 3, pems: map[string]string{"a": rsaA.PublicPEM}},
		{name: "none", count: 0, pems: map[string]string{}, want: []cdnkeys.Problem{{Message: "a key group holds 1 to 5 public keys; 0 given"}}},
		{name: "six", count: 6, pems: map[string]string{"a": rsaA.PublicPEM}, want: []cdnkeys.Problem{{Message: "a key group holds 1 to 5 public keys; 6 given"}}},
		{
			name: "bad name and bad pem", count: 2,
			pems: map[string]string{"bad name": rsaA.PublicPEM, "small": rsa1024.PublicPEM},
			want: []cdnkeys.Problem{
				{Key: "bad name", Message: `the key name "bad name" may contain only letters, digits, hyphens (-) and underscores (_)`},
				{Key: "small", Message: "RSA key of 1024 bits; CloudFront accepts RSA keys of exactly 2048 bits (or ECDSA P-256)"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cdnkeys.ValidateKeys(tt.count, tt.pems)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ValidateKeys =\n%#v\nwant\n%#v", got, tt.want)
			}
		})
	}
}

func TestKeyNameRoundTrip(t *testing.T) {
	const fp = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	tests := []struct {
		name, group, logical string
		wantName             string // "" = only check the round trip and the limits
		recoverable          bool
	}{
		{name: "short", group: "uploads-signers", logical: "2026-11", wantName: "uploads-signers--2026-11--01234567", recoverable: true},
		{name: "logical with separator", group: "g", logical: "a--b", wantName: "g--a--b--01234567", recoverable: true},
		{name: "exactly 128", group: strings.Repeat("g", 100), logical: strings.Repeat("l", 16), recoverable: true},
		{name: "too long", group: strings.Repeat("g", 128), logical: "2026-11", recoverable: false},
		{name: "both max", group: strings.Repeat("g", 128), logical: strings.Repeat("l", 128), recoverable: false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cdnkeys.KeyName(tt.group, tt.logical, fp)
			if tt.wantName != "" && got != tt.wantName {
				t.Errorf("KeyName = %q, want %q", got, tt.wantName)
			}
			if len(got) > cdnkeys.MaxNameLength {
				t.Errorf("KeyName is %d characters", len(got))
			}
			if err := cdnkeys.ValidateLogicalName(got); err != nil {
				t.Errorf("KeyName %q is not a valid CloudFront name: %v", got, err)
			}
			back := cdnkeys.LogicalName(tt.group, got, "", fp)
			if tt.recoverable && back != tt.logical {
				t.Errorf("LogicalName(%q) = %q, want %q", got, back, tt.logical)
			}
			if !tt.recoverable && back != got {
				t.Errorf("LogicalName of a truncated name = %q, want the CloudFront name %q", back, got)
			}
		})
	}
	// Distinct long pairs stay distinct after truncation.
	a := cdnkeys.KeyName(strings.Repeat("g", 128), "one", fp)
	b := cdnkeys.KeyName(strings.Repeat("g", 128), "two", fp)
	if a == b {
		t.Errorf("truncated names collide: %q", a)
	}
	// A new PEM under the same logical name is a new CloudFront name.
	if cdnkeys.KeyName("g", "k", fp) == cdnkeys.KeyName("g", "k", "fedcba9876543210") {
		t.Error("a replaced key would reuse the old key's name")
	}
}

func TestLogicalNameOfOtherKeys(t *testing.T) {
	const fp = "0123456789abcdef"
	tests := []struct {
		name, group, keyName, comment, want string
	}{
		{"created by this group", "g", "g--k--01234567", "", "k"},
		{"hand-made key", "g", "hand-made-key", "my key", "hand-made-key"},
		{"another group's key", "g", "other--k--01234567", "", "other--k--01234567"},
		{"fingerprint does not match the key", "g", "g--k--76543210", "", "g--k--76543210"},
		{"empty logical part", "g", "g----01234567", "", "g----01234567"},
		{"created before the group was renamed", "new", "old--k--01234567", cdnkeys.KeyComment("old", "k"), "k"},
		{"comment edited to claim another name", "new", "old--k--01234567", cdnkeys.KeyComment("old", "x"), "old--k--01234567"},
		{"comment of another key", "new", "hand-made", cdnkeys.KeyComment("old", "k"), "hand-made"},
		{"garbled comment", "new", "old--k--01234567", "filestore_cdn_key_group old", "old--k--01234567"},
		{
			"truncated name and comment", strings.Repeat("g", 120), cdnkeys.KeyName(strings.Repeat("g", 120), "2026-11", fp),
			cdnkeys.KeyComment(strings.Repeat("g", 120), "2026-11"), cdnkeys.KeyName(strings.Repeat("g", 120), "2026-11", fp),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := cdnkeys.LogicalName(tt.group, tt.keyName, tt.comment, fp); got != tt.want {
				t.Errorf("LogicalName(%q, %q, %q) = %q, want %q", tt.group, tt.keyName, tt.comment, got, tt.want)
			}
		})
	}
}

func TestKeyComment(t *testing.T) {
	if got := cdnkeys.KeyComment("signers", "2026-11"); got != "filestore_cdn_key_group signers, key 2026-11" {
		t.Errorf("KeyComment = %q", got)
	}
	if got := cdnkeys.KeyComment(strings.Repeat("g", 128), "k"); len(got) != cdnkeys.MaxCommentLength {
		t.Errorf("long KeyComment is %d characters, want %d", len(got), cdnkeys.MaxCommentLength)
	}
}

func TestPlanRotation(t *testing.T) {
	keys(t)
	crlfA := strings.ReplaceAll(rsaA.PublicPEM, "\n", "\r\n")
	tests := []struct {
		name       string
		existing   map[string]cdnkeys.Existing
		desired    map[string]string
		want       cdnkeys.Rotation
		membership bool
	}{
		{
			name:     "nothing changes",
			existing: map[string]cdnkeys.Existing{"old": {ID: "K1", PEM: rsaA.PublicPEM}},
			desired:  map[string]string{"old": rsaA.PublicPEM},
			want:     cdnkeys.Rotation{Keep: map[string]string{"old": "K1"}},
		},
		{
			name:     "whitespace only is not a change",
			existing: map[string]cdnkeys.Existing{"old": {ID: "K1", PEM: rsaA.PublicPEM}},
			desired:  map[string]string{"old": crlfA + "\n"},
			want:     cdnkeys.Rotation{Keep: map[string]string{"old": "K1"}},
		},
		{
			name:       "add a key",
			existing:   map[string]cdnkeys.Existing{"old": {ID: "K1", PEM: rsaA.PublicPEM}},
			desired:    map[string]string{"old": rsaA.PublicPEM, "new": rsaB.PublicPEM},
			want:       cdnkeys.Rotation{Keep: map[string]string{"old": "K1"}, Create: []string{"new"}},
			membership: true,
		},
		{
			name:       "remove a key",
			existing:   map[string]cdnkeys.Existing{"old": {ID: "K1", PEM: rsaA.PublicPEM}, "new": {ID: "K2", PEM: rsaB.PublicPEM}},
			desired:    map[string]string{"new": rsaB.PublicPEM},
			want:       cdnkeys.Rotation{Keep: map[string]string{"new": "K2"}, Remove: []cdnkeys.Removal{{Logical: "old", ID: "K1"}}},
			membership: true,
		},
		{
			name:     "replace a PEM under a name",
			existing: map[string]cdnkeys.Existing{"a": {ID: "K1", PEM: rsaA.PublicPEM}, "b": {ID: "K2", PEM: ecP256.PublicPEM}},
			desired:  map[string]string{"a": rsaB.PublicPEM, "b": ecP256.PublicPEM},
			want: cdnkeys.Rotation{
				Keep:   map[string]string{"b": "K2"},
				Create: []string{"a"},
				Remove: []cdnkeys.Removal{{Logical: "a", ID: "K1", Replaced: true}},
			},
			membership: true,
		},
		{
			name:     "everything at once, sorted",
			existing: map[string]cdnkeys.Existing{"z": {ID: "K1", PEM: rsaA.PublicPEM}, "m": {ID: "K2", PEM: rsaB.PublicPEM}, "a": {ID: "K3", PEM: ecP256.PublicPEM}},
			desired:  map[string]string{"m": rsaA.PublicPEM, "b": rsaB.PublicPEM, "a": ecP256.PublicPEM, "c": rsaA.PublicPEM},
			want: cdnkeys.Rotation{
				Keep:   map[string]string{"a": "K3"},
				Create: []string{"b", "c", "m"},
				Remove: []cdnkeys.Removal{{Logical: "m", ID: "K2", Replaced: true}, {Logical: "z", ID: "K1"}},
			},
			membership: true,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := cdnkeys.PlanRotation(tt.existing, tt.desired)
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("PlanRotation =\n%#v\nwant\n%#v", got, tt.want)
			}
			if got.ChangesMembership() != tt.membership {
				t.Errorf("ChangesMembership = %v, want %v", got.ChangesMembership(), tt.membership)
			}
		})
	}
}

func TestKeyIDsAndGroupItems(t *testing.T) {
	r := cdnkeys.Rotation{Keep: map[string]string{"b": "K2", "d": "K4"}, Create: []string{"a", "c"}}
	ids := r.KeyIDs(map[string]string{"a": "K1", "c": "K3"})
	want := map[string]string{"a": "K1", "b": "K2", "c": "K3", "d": "K4"}
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("KeyIDs = %v, want %v", ids, want)
	}
	if got := cdnkeys.GroupItems(ids); !reflect.DeepEqual(got, []string{"K1", "K2", "K3", "K4"}) {
		t.Errorf("GroupItems = %v", got)
	}
	if got := cdnkeys.AcceptedKeyTypes(); len(got) != 2 {
		t.Errorf("AcceptedKeyTypes = %v", got)
	}
}
