package signing

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha1" //nolint:gosec // CloudFront's legacy signature algorithm; SHA256 is the default here.
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"errors"
	"fmt"
	"net/netip"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"

	cfsign "github.com/aws/aws-sdk-go-v2/feature/cloudfront/sign"
)

// Hash algorithms CloudFront accepts for signed URLs and cookies.
const (
	HashSHA256 = "SHA256"
	HashSHA1   = "SHA1"
)

// HashAlgorithms lists the accepted hash algorithms, default first.
func HashAlgorithms() []string { return []string{HashSHA256, HashSHA1} }

// Key types CloudFront accepts.
const (
	KeyTypeRSA   = "RSA"
	KeyTypeECDSA = "ECDSA"
)

// Cookie names of CloudFront signed cookies.
const (
	CookiePolicy        = "CloudFront-Policy"
	CookieSignature     = "CloudFront-Signature"
	CookieKeyPairID     = "CloudFront-Key-Pair-Id"
	CookieHashAlgorithm = "CloudFront-Hash-Algorithm"
)

// PrivateKey is a parsed CloudFront signing key.
type PrivateKey struct {
	Signer crypto.Signer
	Type   string // KeyTypeRSA or KeyTypeECDSA
}

// ParsePrivateKey parses a PEM private key CloudFront can verify: RSA 2048
// (PKCS #1 "RSA PRIVATE KEY" or PKCS #8 "PRIVATE KEY") or ECDSA P-256 (SEC 1
// "EC PRIVATE KEY" or PKCS #8). Error messages never quote key material.
//
// The SDK's LoadPEMPrivKey / LoadPEMPrivKeyPKCS8 cover two of the three
// encodings and accept any RSA size or curve; crypto/x509 is used directly so
// that SEC 1 keys load and the size and curve are checked.
func ParsePrivateKey(pemText string) (PrivateKey, error) {
	block, rest := pem.Decode([]byte(strings.TrimSpace(pemText)))
	if block == nil {
		return PrivateKey{}, errors.New("no PEM block found: give the private key in PEM form (-----BEGIN PRIVATE KEY----- ...)")
	}
	if bytes.Contains(rest, []byte("-----BEGIN")) {
		return PrivateKey{}, errors.New("more than one PEM block: give exactly one private key")
	}
	//nolint:staticcheck // detecting legacy encrypted PEM to say so, not decrypting it.
	if x509.IsEncryptedPEMBlock(block) || block.Type == "ENCRYPTED PRIVATE KEY" {
		return PrivateKey{}, errors.New("the private key is encrypted: give an unencrypted PEM key (keep it in a secret store and pass it as a sensitive value)")
	}
	var (
		key any
		err error
	)
	switch block.Type {
	case "RSA PRIVATE KEY":
		key, err = x509.ParsePKCS1PrivateKey(block.Bytes)
	case "EC PRIVATE KEY":
		key, err = x509.ParseECPrivateKey(block.Bytes)
	case "PRIVATE KEY":
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	case "PUBLIC KEY", "RSA PUBLIC KEY", "CERTIFICATE":
		return PrivateKey{}, fmt.Errorf("the PEM block is a %s, not a private key", strings.ToLower(block.Type))
	default:
		return PrivateKey{}, fmt.Errorf("unsupported PEM block type %q: use an RSA 2048 or ECDSA P-256 private key", block.Type)
	}
	if err != nil {
		// x509 errors describe the structure, not the key bytes.
		return PrivateKey{}, fmt.Errorf("the %s block cannot be parsed: %w", block.Type, err)
	}
	switch k := key.(type) {
	case *rsa.PrivateKey:
		if bits := k.N.BitLen(); bits != 2048 {
			return PrivateKey{}, fmt.Errorf("the RSA key has %d bits; CloudFront accepts RSA 2048 keys only", bits)
		}
		return PrivateKey{Signer: k, Type: KeyTypeRSA}, nil
	case *ecdsa.PrivateKey:
		if k.Curve != elliptic.P256() {
			return PrivateKey{}, fmt.Errorf("the ECDSA key is on curve %s; CloudFront accepts P-256 (prime256v1) only", k.Curve.Params().Name)
		}
		return PrivateKey{Signer: k, Type: KeyTypeECDSA}, nil
	default:
		return PrivateKey{}, fmt.Errorf("unsupported key type %T: CloudFront accepts RSA 2048 and ECDSA P-256 keys", key)
	}
}

// CloudFrontRequest describes one CloudFront signed URL or set of cookies.
type CloudFrontRequest struct {
	// URL is the CloudFront URL to sign (http or https, no signing
	// parameters). For cookies it is the default Resource.
	URL string
	// Resource is the policy resource, possibly with * wildcards; empty
	// means URL. A resource other than URL makes the policy custom.
	Resource string
	// ExpiresAt ends the validity (DateLessThan).
	ExpiresAt time.Time
	// StartsAt, when set, starts the validity (DateGreaterThan; custom
	// policy).
	StartsAt time.Time
	// IPRange, when set, restricts viewers to a CIDR (custom policy).
	IPRange string
	// HashAlgorithm is SHA256 (default) or SHA1.
	HashAlgorithm string
	KeyPairID     string
	Key           PrivateKey
}

// Validate checks the request without signing it. Errors are *FieldError.
func (r CloudFrontRequest) Validate() error {
	if err := validateCloudFrontURL(r.URL); err != nil {
		return err
	}
	if r.Resource != "" {
		if err := ValidateResource(r.Resource); err != nil {
			return &FieldError{Field: "resource", Err: err}
		}
	}
	if err := ValidateKeyPairID(r.KeyPairID); err != nil {
		return &FieldError{Field: "key_pair_id", Err: err}
	}
	if r.Key.Signer == nil {
		return fieldErr("private_key_pem", "no private key")
	}
	if r.ExpiresAt.IsZero() {
		return fieldErr("expires_at", "no expiry")
	}
	if !r.StartsAt.IsZero() && !r.StartsAt.Before(r.ExpiresAt) {
		return fieldErr("starts_at", "starts_at (%s) is not before the expiry (%s): the signature would never be valid",
			r.StartsAt.UTC().Format(time.RFC3339), r.ExpiresAt.UTC().Format(time.RFC3339))
	}
	if r.IPRange != "" {
		if err := ValidateIPRange(r.IPRange); err != nil {
			return &FieldError{Field: "ip_range", Err: err}
		}
	}
	switch r.HashAlgorithm {
	case "", HashSHA256, HashSHA1:
	default:
		return fieldErr("hash_algorithm", "unsupported hash algorithm %q: use SHA256 or SHA1", r.HashAlgorithm)
	}
	return nil
}

func validateCloudFrontURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return fieldErr("url", "not a URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return fieldErr("url", "the URL must start with https:// or http://")
	}
	if u.Host == "" {
		return fieldErr("url", "the URL has no host")
	}
	if u.Fragment != "" || strings.Contains(raw, "#") {
		return fieldErr("url", "the URL must not have a #fragment")
	}
	if p := signingParameter(raw); p != "" {
		return fieldErr("url", "the URL already has the CloudFront signing parameter %s: give the URL without Expires, Policy, Signature, Key-Pair-Id and Hash-Algorithm", p)
	}
	for _, c := range raw {
		if c > 0x7e || c <= 0x20 {
			return fieldErr("url", "the URL must be ASCII without spaces: percent-encode the path and query and write the host in punycode")
		}
	}
	return nil
}

// ValidateResource checks a policy resource: an http(s) URL pattern, ASCII,
// where * matches any run of characters.
func ValidateResource(res string) error {
	lower := strings.ToLower(res)
	if !strings.HasPrefix(lower, "https://") && !strings.HasPrefix(lower, "http://") && !strings.HasPrefix(lower, "http*://") && !strings.HasPrefix(res, "*") {
		return errors.New("the resource must be an http(s) URL pattern such as https://d111111abcdef8.cloudfront.net/videos/*")
	}
	for _, c := range res {
		if c > 0x7e || c <= 0x20 {
			return errors.New("the resource must be ASCII without spaces")
		}
	}
	return nil
}

// signingParameters are the query parameters CloudFront reads as the
// signature of a URL.
var signingParameters = []string{"Expires", "Policy", "Signature", "Key-Pair-Id", "Hash-Algorithm"}

// signingParameter returns the CloudFront signing parameter the URL's query
// already carries, or "". A second signature in the URL would make the
// result ambiguous (which one CloudFront checks depends on its parser), so
// every spelling counts: any letter case, percent-encoded names, pairs
// separated by & or ; (net/url only splits on &, so "?a=1;Expires=2" used to
// get through), and a name without a value.
func signingParameter(raw string) string {
	_, query, ok := strings.Cut(raw, "?")
	if !ok {
		return ""
	}
	query, _, _ = strings.Cut(query, "#")
	for _, pair := range strings.FieldsFunc(query, func(r rune) bool { return r == '&' || r == ';' || r == '?' }) {
		name, _, _ := strings.Cut(pair, "=")
		if dec, err := url.QueryUnescape(name); err == nil {
			name = dec
		}
		name = strings.TrimSpace(name)
		for _, p := range signingParameters {
			if strings.EqualFold(name, p) {
				return p
			}
		}
	}
	return ""
}

// keyPairIDPattern is the alphabet of CloudFront public key ids
// (K2JCJMDEHXQW5F) and of legacy key pair ids (APKA...): upper-case letters
// and digits.
var keyPairIDPattern = regexp.MustCompile(`^[A-Z0-9]{1,128}$`)

// ValidateKeyPairID checks a CloudFront public key id. The id is written
// into the signed URL's query and the cookies as it is, so nothing outside
// CloudFront's alphabet may pass.
func ValidateKeyPairID(id string) error {
	if id == "" {
		return errors.New("the key pair id (CloudFront public key id) is empty")
	}
	if !keyPairIDPattern.MatchString(id) {
		return fmt.Errorf("%q is not a CloudFront public key id: those are upper-case letters and digits, such as K2JCJMDEHXQW5F "+
			"(use filestore_cdn_key_group.public_key_ids or aws_cloudfront_public_key.id)", id)
	}
	return nil
}

// ValidateIPRange checks a policy source-IP condition (see IPRangeCIDR).
func ValidateIPRange(s string) error {
	_, err := IPRangeCIDR(s)
	return err
}

// IPRangeCIDR returns the IPv4 CIDR block a policy's IpAddress condition
// (AWS:SourceIp) carries for ip_range: an IPv4 CIDR as given, a bare IPv4
// address as /32, and an IPv4-mapped IPv6 address or block
// (::ffff:192.0.2.1, ::ffff:192.0.2.0/120) as the IPv4 host or block it
// names. CloudFront documents IpAddress for IPv4 CIDR only ("IP addresses
// in IPv6 format are not supported"), so other IPv6 input is refused rather
// than signed into a policy no viewer can satisfy. (Writing a mapped
// address with /32 appended, as before, meant ::/32: not one host.)
func IPRangeCIDR(s string) (string, error) {
	const usage = "use an IPv4 address or CIDR block such as 192.0.2.10 or 192.0.2.0/24"
	if pfx, err := netip.ParsePrefix(s); err == nil {
		addr, bits := pfx.Addr(), pfx.Bits()
		switch {
		case addr.Is4():
			return s, nil
		case addr.Is4In6() && bits >= 96:
			return netip.PrefixFrom(addr.Unmap(), bits-96).String(), nil
		case addr.Is4In6():
			return "", fmt.Errorf("%q covers more than the IPv4-mapped addresses (a prefix shorter than /96): %s", s, usage)
		}
		return "", fmt.Errorf("%q is an IPv6 block; CloudFront policies accept IPv4 only: %s", s, usage)
	}
	if addr, err := netip.ParseAddr(s); err == nil && addr.Zone() == "" {
		switch {
		case addr.Is4(), addr.Is4In6():
			return netip.PrefixFrom(addr.Unmap(), 32).String(), nil
		}
		return "", fmt.Errorf("%q is an IPv6 address; CloudFront policies accept IPv4 only: %s", s, usage)
	}
	return "", fmt.Errorf("%q is not an IP address or CIDR block: %s", s, usage)
}

// Policy returns the policy to sign and whether it is canned (only the URL and
// an expiry: sent as Expires=, not as the policy itself).
func (r CloudFrontRequest) Policy() (*cfsign.Policy, bool) {
	resource := r.Resource
	if resource == "" {
		resource = r.URL
	}
	if resource == r.URL && r.StartsAt.IsZero() && r.IPRange == "" {
		return cfsign.NewCannedPolicy(resource, r.ExpiresAt), true
	}
	p := cfsign.NewCannedPolicy(resource, r.ExpiresAt)
	if !r.StartsAt.IsZero() {
		p.Statements[0].Condition.DateGreaterThan = cfsign.NewAWSEpochTime(r.StartsAt)
	}
	if r.IPRange != "" {
		// Validate has refused what IPRangeCIDR cannot read.
		ip, _ := IPRangeCIDR(r.IPRange)
		p.Statements[0].Condition.IPAddress = &cfsign.IPAddress{SourceIP: ip}
	}
	return p, false
}

func (r CloudFrontRequest) hash() string {
	if r.HashAlgorithm == "" {
		return HashSHA256
	}
	return r.HashAlgorithm
}

// signPolicy returns the CloudFront-base64 signature and policy.
//
// RSA with SHA1 is exactly what the SDK's Policy.Sign does, so it is used for
// that case. SHA256 (CloudFront's Hash-Algorithm=SHA256) and ECDSA are done
// here: the SDK hashes with SHA1 only and passes crypto/rand to the signer,
// which makes ECDSA signatures random — repeated reads in a signing window
// must yield the same value, so ECDSA signs deterministically (RFC 6979,
// crypto/ecdsa with a nil random source). The policy JSON is encoded as the
// SDK encodes it (encoding/json, HTML escaping off, no trailing newline).
func signPolicy(p *cfsign.Policy, key PrivateKey, hashAlg string) (sig, policy string, err error) {
	if hashAlg == HashSHA1 && key.Type == KeyTypeRSA {
		s, pol, err := p.Sign(key.Signer)
		if err != nil {
			return "", "", err
		}
		return string(s), string(pol), nil
	}
	if err := p.Validate(); err != nil {
		return "", "", err
	}
	doc, err := EncodePolicy(p)
	if err != nil {
		return "", "", err
	}
	var (
		digest []byte
		h      crypto.Hash
	)
	switch hashAlg {
	case HashSHA1:
		d := sha1.Sum(doc) //nolint:gosec // requested explicitly; see HashAlgorithms.
		digest, h = d[:], crypto.SHA1
	default:
		d := sha256.Sum256(doc)
		digest, h = d[:], crypto.SHA256
	}
	// nil random source: RSA PKCS #1 v1.5 ignores it; ECDSA then signs
	// deterministically (RFC 6979).
	raw, err := key.Signer.Sign(nil, digest, h)
	if err != nil {
		return "", "", fmt.Errorf("signing the policy: %w", err)
	}
	return cfBase64(raw), cfBase64(doc), nil
}

// EncodePolicy is the policy document as signed: the SDK's encoding.
func EncodePolicy(p *cfsign.Policy) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(p); err != nil {
		return nil, fmt.Errorf("encoding the policy: %w", err)
	}
	return bytes.TrimSpace(buf.Bytes()), nil
}

// cfBase64 is CloudFront's URL-safe base64: standard base64 with + = /
// replaced by - _ ~.
func cfBase64(b []byte) string {
	s := []byte(base64.StdEncoding.EncodeToString(b))
	for i, c := range s {
		switch c {
		case '+':
			s[i] = '-'
		case '=':
			s[i] = '_'
		case '/':
			s[i] = '~'
		}
	}
	return string(s)
}

// SignURL returns the signed URL: URL plus Expires (canned) or Policy
// (custom), Signature, Key-Pair-Id and, for SHA256, Hash-Algorithm.
func SignURL(r CloudFrontRequest) (string, error) {
	if err := r.Validate(); err != nil {
		return "", err
	}
	p, canned := r.Policy()
	hashAlg := r.hash()
	sig, pol, err := signPolicy(p, r.Key, hashAlg)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	b.Grow(len(r.URL) + len(sig) + len(pol) + len(r.KeyPairID) + 64)
	b.WriteString(r.URL)
	if strings.Contains(r.URL, "?") {
		b.WriteByte('&')
	} else {
		b.WriteByte('?')
	}
	if canned {
		b.WriteString("Expires=")
		b.WriteString(strconv.FormatInt(r.ExpiresAt.Unix(), 10))
	} else {
		b.WriteString("Policy=")
		b.WriteString(pol)
	}
	b.WriteString("&Signature=")
	b.WriteString(sig)
	b.WriteString("&Key-Pair-Id=")
	b.WriteString(r.KeyPairID)
	if hashAlg == HashSHA256 {
		b.WriteString("&Hash-Algorithm=")
		b.WriteString(HashSHA256)
	}
	return b.String(), nil
}

// SignCookies returns the signed cookies (name => value). Like the SDK's
// CookieSigner, the policy is always sent in full (CloudFront-Policy), which
// CloudFront accepts for canned and custom policies alike; the resource is
// usually a wildcard so one set of cookies covers many objects.
func SignCookies(r CloudFrontRequest) (map[string]string, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	p, _ := r.Policy()
	hashAlg := r.hash()
	sig, pol, err := signPolicy(p, r.Key, hashAlg)
	if err != nil {
		return nil, err
	}
	cookies := map[string]string{
		CookiePolicy:    pol,
		CookieSignature: sig,
		CookieKeyPairID: r.KeyPairID,
	}
	if hashAlg == HashSHA256 {
		cookies[CookieHashAlgorithm] = HashSHA256
	}
	return cookies, nil
}
