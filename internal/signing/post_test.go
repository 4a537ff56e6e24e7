package signing

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func i64(v int64) *int64 { return &v }

type postPolicy struct {
	Expiration string `json:"expiration"`
	Conditions []any  `json:"conditions"`
}

// verifyPost checks a POST policy's signature from the SigV4 specification
// (signature = HMAC(signing key, base64 policy)) and returns the policy.
func verifyPost(t *testing.T, post PresignedPost, secret string) postPolicy {
	t.Helper()
	f := post.Fields
	cred := strings.SplitN(f["X-Amz-Credential"], "/", 2)
	if len(cred) != 2 {
		t.Fatalf("credential %q", f["X-Amz-Credential"])
	}
	key := []byte("AWS4" + secret)
	for _, part := range strings.Split(cred[1], "/") {
		key = hmacSHA256(key, part)
	}
	if want := hex.EncodeToString(hmacSHA256(key, f["policy"])); want != f["X-Amz-Signature"] {
		t.Fatalf("POST signature %s, recomputed %s", f["X-Amz-Signature"], want)
	}
	raw, err := base64.StdEncoding.DecodeString(f["policy"])
	if err != nil {
		t.Fatal(err)
	}
	var p postPolicy
	if err := json.Unmarshal(raw, &p); err != nil {
		t.Fatal(err)
	}
	return p
}

func hasCondition(p postPolicy, want any) bool {
	w, _ := json.Marshal(want)
	for _, c := range p.Conditions {
		g, _ := json.Marshal(c)
		if string(g) == string(w) {
			return true
		}
	}
	return false
}

func TestPresignPost(t *testing.T) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, ""))
	at := time.Date(2026, 11, 27, 17, 0, 0, 0, time.UTC)
	cases := []struct {
		name       string
		req        PostRequest
		wantKey    string
		conditions []any
		absent     []string // condition names that must not appear
	}{
		{
			name:    "exact key and type, size range",
			req:     PostRequest{Key: "avatars/42.png", ContentType: "image/png", MinSize: i64(1), MaxSize: i64(1 << 20)},
			wantKey: "avatars/42.png",
			conditions: []any{
				map[string]string{"key": "avatars/42.png"},
				map[string]string{"Content-Type": "image/png"},
				[]any{"content-length-range", 1, 1 << 20},
			},
		},
		{
			name:    "prefix and type prefix, max only",
			req:     PostRequest{KeyPrefix: "uploads/u42/", ContentTypePrefix: "image/", MaxSize: i64(5000)},
			wantKey: "uploads/u42/${filename}",
			conditions: []any{
				[]any{"starts-with", "$key", "uploads/u42/"},
				[]any{"starts-with", "$Content-Type", "image/"},
				[]any{"content-length-range", 0, 5000},
			},
			absent: []string{`{"key":`},
		},
		{
			name:       "min only",
			req:        PostRequest{Key: "k", MinSize: i64(10)},
			wantKey:    "k",
			conditions: []any{[]any{"content-length-range", 10, MaxPostObjectSize}},
			absent:     []string{"Content-Type"},
		},
		{
			name:    "SSE-S3: a form field and an exact-match condition",
			req:     PostRequest{Key: "k", MaxSize: i64(10), ServerSideEncryption: "AES256"},
			wantKey: "k",
			conditions: []any{
				map[string]string{"x-amz-server-side-encryption": "AES256"},
			},
			absent: []string{"aws-kms-key-id"},
		},
		{
			name:    "SSE-KMS with a key",
			req:     PostRequest{Key: "k", MaxSize: i64(10), ServerSideEncryption: "aws:kms", KMSKeyID: "arn:aws:kms:us-east-1:111122223333:key/k1"},
			wantKey: "k",
			conditions: []any{
				map[string]string{"x-amz-server-side-encryption": "aws:kms"},
				map[string]string{"x-amz-server-side-encryption-aws-kms-key-id": "arn:aws:kms:us-east-1:111122223333:key/k1"},
			},
		},
		{
			name:    "no size limit",
			req:     PostRequest{Key: "k"},
			wantKey: "k",
			absent:  []string{"content-length-range"},
		},
	}
	for _, c := range cases {
		r := c.req
		r.Bucket, r.ExpiresIn, r.SigningTime = "uploads", 5*time.Minute, at
		got, err := p.PresignPost(context.Background(), r)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got.URL != "https://127.0.0.1:8333/uploads" {
			t.Errorf("%s: url %s", c.name, got.URL)
		}
		pol := verifyPost(t, got, docSecretKey)
		if pol.Expiration != "2026-11-27T17:05:00Z" || !got.ExpiresAt.Equal(at.Add(5*time.Minute)) {
			t.Errorf("%s: expiration %s / %s", c.name, pol.Expiration, got.ExpiresAt)
		}
		f := got.Fields
		if f["key"] != c.wantKey || f["X-Amz-Date"] != "20261127T170000Z" || f["X-Amz-Algorithm"] != "AWS4-HMAC-SHA256" ||
			f["X-Amz-Credential"] != docAccessKey+"/20261127/us-east-1/s3/aws4_request" {
			t.Errorf("%s: fields %v", c.name, f)
		}
		if r.ContentType != "" && f["Content-Type"] != r.ContentType {
			t.Errorf("%s: Content-Type field %q", c.name, f["Content-Type"])
		}
		if f[FieldServerSideEncryption] != r.ServerSideEncryption || f[FieldKMSKeyID] != r.KMSKeyID {
			t.Errorf("%s: encryption fields %q / %q, want %q / %q", c.name, f[FieldServerSideEncryption], f[FieldKMSKeyID], r.ServerSideEncryption, r.KMSKeyID)
		}
		if _, ok := f[FieldServerSideEncryption]; ok != (r.ServerSideEncryption != "") {
			t.Errorf("%s: encryption field present = %v", c.name, ok)
		}
		for _, want := range append(c.conditions,
			map[string]string{"bucket": "uploads"},
			map[string]string{"X-Amz-Date": "20261127T170000Z"},
			map[string]string{"X-Amz-Algorithm": "AWS4-HMAC-SHA256"}) {
			if !hasCondition(pol, want) {
				t.Errorf("%s: condition %v missing from %v", c.name, want, pol.Conditions)
			}
		}
		doc, _ := json.Marshal(pol.Conditions)
		for _, a := range c.absent {
			if strings.Contains(string(doc), a) {
				t.Errorf("%s: %q must not be in %s", c.name, a, doc)
			}
		}
	}
}

func TestPresignPost_SessionTokenAndDeterminism(t *testing.T) {
	p := NewS3Presigner(testClient("https://127.0.0.1:8333", true, "tok"))
	r := PostRequest{Bucket: "b", Key: "k", MaxSize: i64(10), SigningTime: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	a, err := p.PresignPost(context.Background(), r)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := p.PresignPost(context.Background(), r)
	if !reflect.DeepEqual(a.Fields, b.Fields) {
		t.Error("same signing time, different fields")
	}
	pol := verifyPost(t, a, docSecretKey)
	if a.Fields["X-Amz-Security-Token"] != "tok" || !hasCondition(pol, map[string]string{"X-Amz-Security-Token": "tok"}) {
		t.Errorf("session token not in fields and policy: %v", a.Fields)
	}
	if pol.Expiration != "2026-01-01T00:15:00Z" {
		t.Errorf("default expiry: %s", pol.Expiration)
	}
}

func TestPostRequestValidate(t *testing.T) {
	base := PostRequest{Bucket: "b", Key: "k", SigningTime: time.Now()}
	bad := []struct {
		field string
		mod   func(*PostRequest)
	}{
		{"bucket", func(r *PostRequest) { r.Bucket = "" }},
		{"key", func(r *PostRequest) { r.Key = "" }},
		{"key_prefix", func(r *PostRequest) { r.KeyPrefix = "p/" }},
		{"content_type_prefix", func(r *PostRequest) { r.ContentType = "a/b"; r.ContentTypePrefix = "a/" }},
		{"min_size", func(r *PostRequest) { r.MinSize, r.MaxSize = i64(11), i64(10) }},
		{"min_size", func(r *PostRequest) { r.MinSize = i64(-1) }},
		{"max_size", func(r *PostRequest) { r.MaxSize = i64(0) }},
		{"max_size", func(r *PostRequest) { r.MaxSize = i64(MaxPostObjectSize + 1) }},
		{"expires_in", func(r *PostRequest) { r.ExpiresIn = 8 * 24 * time.Hour }},
		{"server_side_encryption", func(r *PostRequest) { r.ServerSideEncryption = "aws:fsx" }},
		{"kms_key_id", func(r *PostRequest) { r.KMSKeyID = "alias/uploads" }},
		{"kms_key_id", func(r *PostRequest) { r.ServerSideEncryption, r.KMSKeyID = "AES256", "alias/uploads" }},
	}
	for i, c := range bad {
		r := base
		c.mod(&r)
		fe, ok := AsFieldError(r.Validate())
		if !ok || fe.Field != c.field {
			t.Errorf("case %d: %v; want a FieldError on %s", i, r.Validate(), c.field)
		}
	}
	good := base
	good.MinSize, good.MaxSize = i64(10), i64(10)
	if err := good.Validate(); err != nil {
		t.Errorf("min == max: %v", err)
	}
	for _, alg := range []string{"aws:kms", "aws:kms:dsse"} {
		kms := base
		kms.ServerSideEncryption, kms.KMSKeyID = alg, "alias/uploads"
		if err := kms.Validate(); err != nil {
			t.Errorf("%s with a key: %v", alg, err)
		}
	}
}
