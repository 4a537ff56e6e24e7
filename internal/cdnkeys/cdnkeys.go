// Package cdnkeys is the framework-free logic behind filestore_cdn_key_group:
// what CloudFront accepts as a signing key and as a name, how the CloudFront
// name of each public key is derived from the key group and the logical name
// (and recovered on import), and which keys a rotation creates, keeps and
// removes.
//
// CloudFront facts this package encodes:
//   - Trusted signers for signed URLs and cookies are RSA 2048-bit keys or
//     ECDSA keys on P-256, given as a PEM "PUBLIC KEY" (SubjectPublicKeyInfo)
//     block.
//   - A key group holds 1 to 5 public keys.
//   - Key group and public key names are 1 to 128 characters of letters,
//     digits, hyphens and underscores; comments are at most 128 characters.
//   - Public key names are unique in an account, and a public key's material
//     is immutable: a new PEM under the same logical name is a new public key
//     with a new name (hence the fingerprint in the derived name).
package cdnkeys

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// CloudFront limits.
const (
	MinKeys          = 1
	MaxKeys          = 5
	MaxNameLength    = 128
	MaxCommentLength = 128
	// RSAKeyBits is the only RSA modulus size CloudFront accepts.
	RSAKeyBits = 2048
)

// Key types CloudFront accepts, as reported by PublicKey.Type.
const (
	KeyTypeRSA2048   = "RSA 2048"
	KeyTypeECDSAP256 = "ECDSA P-256"
)

// AcceptedKeyTypes lists the key types CloudFront accepts, for descriptions.
func AcceptedKeyTypes() []string { return []string{KeyTypeRSA2048, KeyTypeECDSAP256} }

var nameRE = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

func validateName(what, name string) error {
	switch {
	case name == "":
		return fmt.Errorf("%s must not be empty", what)
	case len(name) > MaxNameLength:
		return fmt.Errorf("%s is %d characters long; CloudFront accepts at most %d", what, len(name), MaxNameLength)
	case !nameRE.MatchString(name):
		return fmt.Errorf("%s %q may contain only letters, digits, hyphens (-) and underscores (_)", what, name)
	}
	return nil
}

// ValidateGroupName checks a key group name against CloudFront's rules.
func ValidateGroupName(name string) error { return validateName("the key group name", name) }

// ValidateLogicalName checks a logical key name (a key of public_keys). It
// obeys the same rules as a CloudFront public key name, because the logical
// names of imported keys are their CloudFront names.
func ValidateLogicalName(name string) error { return validateName("the key name", name) }

// ValidateComment checks a key group comment.
func ValidateComment(c string) error {
	if n := utf8.RuneCountInString(c); n > MaxCommentLength {
		return fmt.Errorf("the comment is %d characters long; CloudFront accepts at most %d", n, MaxCommentLength)
	}
	return nil
}

// PublicKey is a parsed signing key.
type PublicKey struct {
	// DER is the SubjectPublicKeyInfo encoding.
	DER []byte
	// Type is KeyTypeRSA2048 or KeyTypeECDSAP256.
	Type string
}

// ParsePEM parses a PEM "PUBLIC KEY" block and checks that CloudFront accepts
// the key. Whitespace around the block and around each line (indentation,
// CRLF line endings) is accepted; any other text around the block, a second
// block, or PEM headers are not.
func ParsePEM(s string) (*PublicKey, error) {
	data := normalizeLines(s)
	block, rest := pem.Decode(data)
	if block == nil {
		return nil, errors.New("not PEM: expected a block starting with -----BEGIN PUBLIC KEY-----")
	}
	if before := data[:bytes.Index(data, []byte("-----BEGIN"))]; len(bytes.TrimSpace(before)) > 0 {
		return nil, errors.New("unexpected text before -----BEGIN PUBLIC KEY-----; give only the PEM block")
	}
	if len(bytes.TrimSpace(rest)) > 0 {
		return nil, errors.New("unexpected text after the PEM block; give exactly one PUBLIC KEY block")
	}
	switch {
	case block.Type == "PUBLIC KEY":
	case strings.Contains(block.Type, "PRIVATE KEY"):
		return nil, fmt.Errorf("this is a %s; give the public key only (for example tls_private_key.x.public_key_pem, or `openssl pkey -pubout`)", block.Type)
	case block.Type == "RSA PUBLIC KEY":
		return nil, errors.New("this is a PKCS #1 \"RSA PUBLIC KEY\"; CloudFront expects a \"PUBLIC KEY\" (SubjectPublicKeyInfo) block: convert it with `openssl rsa -RSAPublicKey_in -pubout`")
	case block.Type == "CERTIFICATE":
		return nil, errors.New("this is a certificate; give its public key (`openssl x509 -pubkey -noout`)")
	default:
		return nil, fmt.Errorf("PEM block of type %q; expected \"PUBLIC KEY\"", block.Type)
	}
	if len(block.Headers) > 0 {
		return nil, errors.New("the PEM block has headers (an encrypted or legacy format); give a plain PUBLIC KEY block")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("the PUBLIC KEY block does not hold a valid public key: %w", err)
	}
	typ, err := keyType(key)
	if err != nil {
		return nil, err
	}
	return &PublicKey{DER: block.Bytes, Type: typ}, nil
}

// normalizeLines trims every line and joins them with LF, so that indented
// heredocs and CRLF files decode like a plain PEM file.
func normalizeLines(s string) []byte {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return []byte(strings.Join(lines, "\n") + "\n")
}

func keyType(key any) (string, error) {
	switch k := key.(type) {
	case *rsa.PublicKey:
		if bits := k.N.BitLen(); bits != RSAKeyBits {
			return "", fmt.Errorf("RSA key of %d bits; CloudFront accepts RSA keys of exactly %d bits (or ECDSA P-256)", bits, RSAKeyBits)
		}
		return KeyTypeRSA2048, nil
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return "", fmt.Errorf("ECDSA key on curve %s; CloudFront accepts ECDSA keys on P-256 only (or RSA 2048)", k.Curve.Params().Name)
		}
		return KeyTypeECDSAP256, nil
	case ed25519.PublicKey:
		return "", errors.New("Ed25519 key; CloudFront accepts RSA 2048 or ECDSA P-256 keys")
	default:
		return "", fmt.Errorf("%T key; CloudFront accepts RSA 2048 or ECDSA P-256 keys", key)
	}
}

// Fingerprint is the hex SHA-256 of the key's SubjectPublicKeyInfo.
func (k *PublicKey) Fingerprint() string {
	sum := sha256.Sum256(k.DER)
	return hex.EncodeToString(sum[:])
}

// Equal reports whether two parsed keys are the same key.
func (k *PublicKey) Equal(o *PublicKey) bool {
	return k != nil && o != nil && bytes.Equal(k.DER, o.DER)
}

// CanonicalPEM is the key re-encoded as a standard PEM block (64-column base64,
// LF line endings, trailing newline): what the resource sends to CloudFront.
func (k *PublicKey) CanonicalPEM() string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: k.DER}))
}

// SamePEM reports whether two PEM strings hold the same public key (the
// comparison the resource uses: whitespace, line endings and base64 line
// length do not matter). Strings that do not parse are compared exactly.
func SamePEM(a, b string) bool {
	if a == b {
		return true
	}
	ka, errA := ParsePEM(a)
	kb, errB := ParsePEM(b)
	if errA != nil || errB != nil {
		return false
	}
	return ka.Equal(kb)
}

// Problem is one validation failure. Key is the logical key name it concerns,
// or "" when it concerns the map as a whole.
type Problem struct {
	Key     string
	Message string
}

// ValidateKeys checks a public_keys map: 1 to 5 keys, each logical name valid,
// each PEM a key CloudFront accepts. count is the
// number of entries including those whose values are not known yet (unknown
// values are not in pems). Problems are sorted by key name.
func ValidateKeys(count int, pems map[string]string) []Problem {
	var problems []Problem
	if count < MinKeys || count > MaxKeys {
		problems = append(problems, Problem{Message: fmt.Sprintf("a key group holds %d to %d public keys; %d given", MinKeys, MaxKeys, count)})
	}
	names := make([]string, 0, len(pems))
	for name := range pems {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		if err := ValidateLogicalName(name); err != nil {
			problems = append(problems, Problem{Key: name, Message: err.Error()})
		}
		if _, err := ParsePEM(pems[name]); err != nil {
			problems = append(problems, Problem{Key: name, Message: err.Error()})
		}
	}
	return problems
}

// keyNameSep separates the parts of a derived public key name.
const keyNameSep = "--"

// fingerprintChars is how much of the fingerprint goes into a key name.
const fingerprintChars = 8

// KeyName derives the CloudFront name of the public key created for logical
// name `logical` in key group `group`: "<group>--<logical>--<fp>", where fp is
// the first 8 hex digits of the key's fingerprint. The fingerprint makes the
// replacement key of a rotated PEM a distinct name (CloudFront public key
// names are unique in an account and both keys exist for a moment). When that
// exceeds 128 characters, the group and logical part is truncated and a hash
// of the untruncated pair keeps distinct pairs distinct.
func KeyName(group, logical, fingerprint string) string {
	fp := fingerprint
	if len(fp) > fingerprintChars {
		fp = fp[:fingerprintChars]
	}
	base := group + keyNameSep + logical
	if name := base + keyNameSep + fp; len(name) <= MaxNameLength {
		return name
	}
	sum := sha256.Sum256([]byte(group + "\x00" + logical))
	pairHash := hex.EncodeToString(sum[:])[:8]
	keep := MaxNameLength - len("-") - len(pairHash) - len(keyNameSep) - len(fp)
	return base[:keep] + "-" + pairHash + keyNameSep + fp
}

// LogicalName recovers the logical name of a public key from its CloudFront
// name and comment (on import, and for keys added to the group out of band):
//   - a key this resource created for group `group`: the logical name
//     KeyName was given;
//   - a key it created while the group had another name (the group was
//     renamed since): the logical name recorded in the key's comment
//     (KeyComment), trusted only if the name derived from that comment is
//     the key's actual name;
//   - any other key: its CloudFront name.
func LogicalName(group, keyName, comment, fingerprint string) string {
	if logical, ok := logicalFromName(group, keyName, fingerprint); ok {
		return logical
	}
	if g, logical, ok := parseKeyComment(comment); ok && KeyName(g, logical, fingerprint) == keyName {
		return logical
	}
	return keyName
}

func logicalFromName(group, keyName, fingerprint string) (string, bool) {
	fp := fingerprint
	if len(fp) > fingerprintChars {
		fp = fp[:fingerprintChars]
	}
	prefix, suffix := group+keyNameSep, keyNameSep+fp
	if len(keyName) > len(prefix)+len(suffix) && strings.HasPrefix(keyName, prefix) && strings.HasSuffix(keyName, suffix) {
		logical := keyName[len(prefix) : len(keyName)-len(suffix)]
		if KeyName(group, logical, fingerprint) == keyName {
			return logical, true
		}
	}
	return "", false
}

const keyCommentPrefix = "filestore_cdn_key_group "

// KeyComment is the comment of a public key the resource creates: it says
// which key group and logical name the key belongs to, for people browsing
// the CloudFront console. Truncated to CloudFront's limit.
func KeyComment(group, logical string) string {
	c := fmt.Sprintf("%s%s, key %s", keyCommentPrefix, group, logical)
	if len(c) > MaxCommentLength {
		c = c[:MaxCommentLength]
	}
	return c
}

// parseKeyComment reads back a complete (untruncated) KeyComment.
func parseKeyComment(c string) (group, logical string, ok bool) {
	rest, ok := strings.CutPrefix(c, keyCommentPrefix)
	if !ok {
		return "", "", false
	}
	group, logical, ok = strings.Cut(rest, ", key ")
	if !ok || ValidateGroupName(group) != nil || ValidateLogicalName(logical) != nil {
		return "", "", false
	}
	return group, logical, true
}

// Existing is a key the group holds now.
type Existing struct {
	ID  string // CloudFront public key id
	PEM string
}

// Removal is a key a rotation takes out of the group and deletes.
type Removal struct {
	Logical string
	ID      string
	// Replaced is true when the logical name stays with a new PEM.
	Replaced bool
}

// Rotation is what an update does to the keys: keys in Keep are never
// touched; keys in Create are created and added to the group; keys in Remove
// are taken out of the group and then deleted.
type Rotation struct {
	Keep   map[string]string // logical name -> public key id
	Create []string          // logical names, sorted
	Remove []Removal         // sorted by logical name
}

// PlanRotation compares the keys the group holds with the desired ones
// (logical name -> PEM). A logical name whose PEM is the same key (SamePEM)
// is kept; a new name is created; a missing name is removed; a name whose PEM
// changed is replaced (created anew, and the old key removed).
func PlanRotation(existing map[string]Existing, desired map[string]string) Rotation {
	r := Rotation{Keep: map[string]string{}}
	for name, pemText := range desired {
		cur, ok := existing[name]
		switch {
		case ok && SamePEM(cur.PEM, pemText):
			r.Keep[name] = cur.ID
		case ok:
			r.Create = append(r.Create, name)
			r.Remove = append(r.Remove, Removal{Logical: name, ID: cur.ID, Replaced: true})
		default:
			r.Create = append(r.Create, name)
		}
	}
	for name, cur := range existing {
		if _, ok := desired[name]; !ok {
			r.Remove = append(r.Remove, Removal{Logical: name, ID: cur.ID})
		}
	}
	sort.Strings(r.Create)
	sort.Slice(r.Remove, func(i, j int) bool { return r.Remove[i].Logical < r.Remove[j].Logical })
	return r
}

// ChangesMembership reports whether the group's list of keys changes.
func (r Rotation) ChangesMembership() bool { return len(r.Create) > 0 || len(r.Remove) > 0 }

// KeyIDs is the resulting logical name -> key id map, given the ids of the
// created keys.
func (r Rotation) KeyIDs(created map[string]string) map[string]string {
	out := make(map[string]string, len(r.Keep)+len(created))
	for k, v := range r.Keep {
		out[k] = v
	}
	for k, v := range created {
		out[k] = v
	}
	return out
}

// GroupItems lists key ids in logical-name order: the Items of a key group
// holding ids.
func GroupItems(ids map[string]string) []string {
	names := make([]string, 0, len(ids))
	for n := range ids {
		names = append(names, n)
	}
	sort.Strings(names)
	items := make([]string, len(names))
	for i, n := range names {
		items[i] = ids[n]
	}
	return items
}
