// Package cloudfrontfake is an in-process CloudFront API server for the parts
// of the 2020-05-31 API that signing keys use: public keys, key groups, and
// which distributions trust a key group. It answers as CloudFront documents:
// XML bodies in the API's shapes, an ETag header on every read and write,
// If-Match required on updates and deletes (400 InvalidIfMatchVersion when
// missing, 412 PreconditionFailed when stale), 409 PublicKeyInUse while a key
// is in a group, 409 ResourceInUse while a distribution trusts a group,
// 404 NoSuchPublicKey / NoSuchResource, and public key names and caller
// references unique in the account (409 PublicKeyAlreadyExists).
//
// It exists because the CloudFront emulator of the local test bed (kumo)
// does not implement UpdateKeyGroup and ignores If-Match, so key rotation and
// ETag handling cannot be tested against it. Every request is recorded, so
// tests can assert the order of calls and the If-Match each one carried, and
// faults can be injected (a concurrent modification just before a request).
package cloudfrontfake

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Namespace is the XML namespace of the 2020-05-31 API.
const Namespace = "http://cloudfront.amazonaws.com/doc/2020-05-31/"

const apiPrefix = "/2020-05-31/"

// Op names a CloudFront API operation.
type Op string

// Operations the fake serves.
const (
	OpCreatePublicKey             Op = "CreatePublicKey"
	OpGetPublicKey                Op = "GetPublicKey"
	OpListPublicKeys              Op = "ListPublicKeys"
	OpDeletePublicKey             Op = "DeletePublicKey"
	OpCreateKeyGroup              Op = "CreateKeyGroup"
	OpGetKeyGroup                 Op = "GetKeyGroup"
	OpGetKeyGroupConfig           Op = "GetKeyGroupConfig"
	OpUpdateKeyGroup              Op = "UpdateKeyGroup"
	OpDeleteKeyGroup              Op = "DeleteKeyGroup"
	OpListKeyGroups               Op = "ListKeyGroups"
	OpListDistributionsByKeyGroup Op = "ListDistributionsByKeyGroup"
	OpUnknown                     Op = "Unknown"
)

// CloudFront limits the fake enforces.
const (
	MaxKeysPerGroup = 5
	maxListItems    = 100
)

// Request is one recorded API call.
type Request struct {
	Op     Op
	Method string
	Path   string
	// ID is the public key or key group id from the path ("" for creates and
	// lists).
	ID string
	// IfMatch is the If-Match header as sent ("" when absent).
	IfMatch string
	// Name and Items are from the request body of CreatePublicKey (Name),
	// CreateKeyGroup and UpdateKeyGroup (Name, Items).
	Name  string
	Items []string
	// Injected is true when a concurrent modification was injected just
	// before this request (see InjectConcurrentChange).
	Injected bool
	// Status and ErrorCode are the answer.
	Status    int
	ErrorCode string
	// ResultID is the id of the created resource; ETag the ETag answered.
	ResultID string
	ETag     string
}

// PublicKey is a snapshot of a stored public key.
type PublicKey struct {
	ID, Name, EncodedKey, Comment, CallerReference, ETag string
	Created                                              time.Time
}

// KeyGroup is a snapshot of a stored key group.
type KeyGroup struct {
	ID, Name, Comment, ETag string
	Items                   []string
	LastModified            time.Time
}

// Fake is the server state. The zero value is not usable; call New.
type Fake struct {
	mu            sync.Mutex
	publicKeys    map[string]*PublicKey
	keyGroups     map[string]*KeyGroup
	distributions map[string][]string // distribution id -> trusted key group ids
	requests      []Request
	concurrent    map[Op]int
	seq           int
	now           func() time.Time
}

// New returns an empty fake.
func New() *Fake {
	return &Fake{
		publicKeys:    map[string]*PublicKey{},
		keyGroups:     map[string]*KeyGroup{},
		distributions: map[string][]string{},
		concurrent:    map[Op]int{},
		now:           time.Now,
	}
}

// NewServer starts the fake on a local port for the test's duration and
// returns it with its base URL (the provider's `endpoints.cloudfront`).
func NewServer(t testing.TB) (*Fake, string) {
	t.Helper()
	f := New()
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	return f, srv.URL
}

// Requests returns every recorded request, oldest first.
func (f *Fake) Requests() []Request {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]Request, len(f.requests))
	copy(out, f.requests)
	return out
}

// Mark returns a position in the request log for RequestsSince.
func (f *Fake) Mark() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.requests)
}

// RequestsSince returns the requests recorded after Mark returned mark.
func (f *Fake) RequestsSince(mark int) []Request {
	all := f.Requests()
	if mark > len(all) {
		return nil
	}
	return all[mark:]
}

// PublicKey returns a snapshot of a public key.
func (f *Fake) PublicKey(id string) (PublicKey, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	k, ok := f.publicKeys[id]
	if !ok {
		return PublicKey{}, false
	}
	return *k, true
}

// PublicKeys returns snapshots of every public key, sorted by id.
func (f *Fake) PublicKeys() []PublicKey {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]PublicKey, 0, len(f.publicKeys))
	for _, k := range f.publicKeys {
		out = append(out, *k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// KeyGroup returns a snapshot of a key group.
func (f *Fake) KeyGroup(id string) (KeyGroup, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.keyGroups[id]
	if !ok {
		return KeyGroup{}, false
	}
	return g.snapshot(), true
}

// KeyGroups returns snapshots of every key group, sorted by id.
func (f *Fake) KeyGroups() []KeyGroup {
	f.mu.Lock()
	defer f.mu.Unlock()
	out := make([]KeyGroup, 0, len(f.keyGroups))
	for _, g := range f.keyGroups {
		out = append(out, g.snapshot())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (g *KeyGroup) snapshot() KeyGroup {
	c := *g
	c.Items = append([]string(nil), g.Items...)
	return c
}

// AddDistribution records a distribution whose cache behaviours trust the
// key groups (CreateDistribution itself is not served: tests only need the
// reference). It makes DeleteKeyGroup answer ResourceInUse.
func (f *Fake) AddDistribution(id string, keyGroupIDs ...string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.distributions[id] = append([]string(nil), keyGroupIDs...)
}

// RemoveDistribution forgets a distribution.
func (f *Fake) RemoveDistribution(id string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.distributions, id)
}

// InjectConcurrentChange makes the next `times` requests of op (an update or
// delete: UpdateKeyGroup, DeleteKeyGroup, DeletePublicKey) find their target
// modified by someone else just before they arrive: its ETag changes, so a
// request carrying the ETag read earlier gets 412 PreconditionFailed. A
// client that re-reads and retries with the fresh ETag succeeds once the
// injections are used up.
func (f *Fake) InjectConcurrentChange(op Op, times int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.concurrent[op] += times
}

// RemoveFromGroupOutOfBand takes a key out of a group as another client
// would (the group gets a new ETag).
func (f *Fake) RemoveFromGroupOutOfBand(groupID, keyID string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	g, ok := f.keyGroups[groupID]
	if !ok {
		return false
	}
	items := g.Items[:0:0]
	for _, it := range g.Items {
		if it != keyID {
			items = append(items, it)
		}
	}
	if len(items) == len(g.Items) {
		return false
	}
	g.Items = items
	f.touchGroup(g)
	return true
}

// DeleteKeyGroupOutOfBand deletes a group as another client would.
func (f *Fake) DeleteKeyGroupOutOfBand(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	_, ok := f.keyGroups[id]
	delete(f.keyGroups, id)
	return ok
}

func (f *Fake) touchGroup(g *KeyGroup) {
	g.ETag = f.newETag()
	g.LastModified = f.now().UTC()
}

// newETag returns a CloudFront-looking ETag ("E" + 13 characters), unique in
// this fake. Caller holds mu.
func (f *Fake) newETag() string {
	f.seq++
	return fmt.Sprintf("E%s%05d", randomUpper(8), f.seq%100000)
}

func randomUpper(n int) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
	b := make([]byte, n)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

func (f *Fake) newPublicKeyID() string { return "K" + randomUpper(13) }

func (f *Fake) newKeyGroupID() string {
	r := strings.ToLower(randomUpper(32))
	return r[:8] + "-" + r[8:12] + "-" + r[12:16] + "-" + r[16:20] + "-" + r[20:32]
}

// ServeHTTP answers one API request.
func (f *Fake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	body, _ := io.ReadAll(r.Body)
	f.mu.Lock()
	defer f.mu.Unlock()

	rec := Request{Method: r.Method, Path: r.URL.Path, IfMatch: r.Header.Get("If-Match")}
	resp := &response{header: http.Header{}}
	if !strings.HasPrefix(r.Header.Get("Authorization"), "AWS4-HMAC-SHA256 ") {
		rec.Op = routeOp(r.Method, r.URL.Path)
		resp.fail(http.StatusForbidden, "MissingAuthenticationToken", "Request is missing Authentication Token")
	} else {
		f.route(r, body, &rec, resp)
	}
	rec.Status = resp.status
	rec.ErrorCode = resp.errCode
	rec.ETag = resp.header.Get("ETag")
	f.requests = append(f.requests, rec)

	for k, v := range resp.header {
		w.Header()[k] = v
	}
	w.Header().Set("x-amzn-RequestId", fmt.Sprintf("fake-%06d", len(f.requests)))
	if resp.body != nil {
		w.Header().Set("Content-Type", "text/xml")
		w.WriteHeader(resp.status)
		_, _ = io.WriteString(w, xml.Header)
		_ = xml.NewEncoder(w).Encode(resp.body)
		return
	}
	w.WriteHeader(resp.status)
}

type response struct {
	status  int
	header  http.Header
	body    any
	errCode string
}

func (r *response) ok(status int, etag string, body any) {
	r.status = status
	if etag != "" {
		r.header.Set("ETag", etag)
	}
	r.body = body
}

func (r *response) fail(status int, code, message string) {
	r.status = status
	r.errCode = code
	r.body = errorResponse{Xmlns: Namespace, Error: errorDetail{Type: "Sender", Code: code, Message: message}, RequestID: "fake"}
}

// routeOp maps a method and path to the operation (no side effects).
func routeOp(method, p string) Op {
	op, _ := parseRoute(method, p)
	return op
}

func parseRoute(method, p string) (Op, string) {
	if !strings.HasPrefix(p, apiPrefix) {
		return OpUnknown, ""
	}
	parts := strings.Split(strings.TrimPrefix(p, apiPrefix), "/")
	switch {
	case parts[0] == "public-key" && len(parts) == 1:
		switch method {
		case http.MethodPost:
			return OpCreatePublicKey, ""
		case http.MethodGet:
			return OpListPublicKeys, ""
		}
	case parts[0] == "public-key" && len(parts) == 2:
		switch method {
		case http.MethodGet:
			return OpGetPublicKey, parts[1]
		case http.MethodDelete:
			return OpDeletePublicKey, parts[1]
		}
	case parts[0] == "key-group" && len(parts) == 1:
		switch method {
		case http.MethodPost:
			return OpCreateKeyGroup, ""
		case http.MethodGet:
			return OpListKeyGroups, ""
		}
	case parts[0] == "key-group" && len(parts) == 2:
		switch method {
		case http.MethodGet:
			return OpGetKeyGroup, parts[1]
		case http.MethodPut:
			return OpUpdateKeyGroup, parts[1]
		case http.MethodDelete:
			return OpDeleteKeyGroup, parts[1]
		}
	case parts[0] == "key-group" && len(parts) == 3 && parts[2] == "config" && method == http.MethodGet:
		return OpGetKeyGroupConfig, parts[1]
	case parts[0] == "distributionsByKeyGroupId" && len(parts) == 2 && method == http.MethodGet:
		return OpListDistributionsByKeyGroup, parts[1]
	}
	return OpUnknown, ""
}

func (f *Fake) route(r *http.Request, body []byte, rec *Request, resp *response) {
	op, id := parseRoute(r.Method, r.URL.Path)
	rec.Op, rec.ID = op, id
	if n := f.concurrent[op]; n > 0 && id != "" {
		f.concurrent[op] = n - 1
		rec.Injected = true
		f.concurrentChange(op, id)
	}
	switch op {
	case OpCreatePublicKey:
		f.createPublicKey(body, rec, resp)
	case OpGetPublicKey:
		f.getPublicKey(id, resp)
	case OpListPublicKeys:
		f.listPublicKeys(r, resp)
	case OpDeletePublicKey:
		f.deletePublicKey(id, rec.IfMatch, resp)
	case OpCreateKeyGroup:
		f.createKeyGroup(body, rec, resp)
	case OpGetKeyGroup:
		f.getKeyGroup(id, resp, false)
	case OpGetKeyGroupConfig:
		f.getKeyGroup(id, resp, true)
	case OpUpdateKeyGroup:
		f.updateKeyGroup(id, rec.IfMatch, body, rec, resp)
	case OpDeleteKeyGroup:
		f.deleteKeyGroup(id, rec.IfMatch, resp)
	case OpListKeyGroups:
		f.listKeyGroups(r, resp)
	case OpListDistributionsByKeyGroup:
		f.listDistributionsByKeyGroup(id, r, resp)
	default:
		resp.fail(http.StatusNotFound, "NotFound", fmt.Sprintf("%s %s is not an operation this server serves", r.Method, r.URL.Path))
	}
}

func (f *Fake) concurrentChange(op Op, id string) {
	switch op {
	case OpUpdateKeyGroup, OpDeleteKeyGroup:
		if g, ok := f.keyGroups[id]; ok {
			f.touchGroup(g)
		}
	case OpDeletePublicKey:
		if k, ok := f.publicKeys[id]; ok {
			k.ETag = f.newETag()
		}
	}
}

// checkIfMatch answers the precondition of an update or delete; false means
// the request was answered with an error.
func checkIfMatch(ifMatch, current string, resp *response) bool {
	switch {
	case ifMatch == "":
		resp.fail(http.StatusBadRequest, "InvalidIfMatchVersion", "The If-Match version is missing or not valid for the resource.")
		return false
	case ifMatch != current:
		resp.fail(http.StatusPreconditionFailed, "PreconditionFailed", "The precondition in one or more of the request fields evaluated to false.")
		return false
	}
	return true
}

// validKey checks what CloudFront accepts as a signing key: a PEM PUBLIC KEY
// block holding an RSA 2048-bit key or an ECDSA P-256 key.
func validKey(encoded string) error {
	block, _ := pem.Decode([]byte(encoded))
	if block == nil || block.Type != "PUBLIC KEY" {
		return fmt.Errorf("the encoded key is not a PEM PUBLIC KEY block")
	}
	key, err := x509.ParsePKIXPublicKey(block.Bytes)
	if err != nil {
		return fmt.Errorf("the encoded key is not valid: %w", err)
	}
	switch k := key.(type) {
	case *rsa.PublicKey:
		if k.N.BitLen() != 2048 {
			return fmt.Errorf("RSA keys must be 2048 bits")
		}
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return fmt.Errorf("ECDSA keys must use P-256")
		}
	default:
		return fmt.Errorf("unsupported key type %T", key)
	}
	return nil
}

func validName(s string) bool {
	if s == "" || len(s) > 128 {
		return false
	}
	for _, c := range s {
		letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
		if !letter && (c < '0' || c > '9') && c != '-' && c != '_' {
			return false
		}
	}
	return true
}

func (f *Fake) createPublicKey(body []byte, rec *Request, resp *response) {
	var cfg publicKeyConfigXML
	if err := xml.Unmarshal(body, &cfg); err != nil {
		resp.fail(http.StatusBadRequest, "MalformedInput", "The XML document is malformed: "+err.Error())
		return
	}
	rec.Name = cfg.Name
	switch {
	case cfg.CallerReference == "":
		resp.fail(http.StatusBadRequest, "InvalidArgument", "CallerReference is required.")
		return
	case !validName(cfg.Name):
		resp.fail(http.StatusBadRequest, "InvalidArgument", "The public key name is not valid.")
		return
	case len(cfg.Comment) > 128:
		resp.fail(http.StatusBadRequest, "InvalidArgument", "The comment is too long.")
		return
	}
	if err := validKey(cfg.EncodedKey); err != nil {
		resp.fail(http.StatusBadRequest, "InvalidArgument", "Invalid request provided: "+err.Error())
		return
	}
	for _, k := range f.publicKeys {
		if k.CallerReference == cfg.CallerReference {
			resp.fail(http.StatusConflict, "PublicKeyAlreadyExists", "The specified public key already exists.")
			return
		}
		if k.Name == cfg.Name {
			resp.fail(http.StatusConflict, "PublicKeyAlreadyExists", "The name that you are using to create a CloudFront public key is associated with another public key in your account.")
			return
		}
	}
	k := &PublicKey{
		ID: f.newPublicKeyID(), Name: cfg.Name, EncodedKey: cfg.EncodedKey, Comment: cfg.Comment,
		CallerReference: cfg.CallerReference, ETag: f.newETag(), Created: f.now().UTC(),
	}
	f.publicKeys[k.ID] = k
	rec.ResultID = k.ID
	resp.header.Set("Location", "https://cloudfront.amazonaws.com"+apiPrefix+"public-key/"+k.ID)
	resp.ok(http.StatusCreated, k.ETag, publicKeyXML(k))
}

func (f *Fake) getPublicKey(id string, resp *response) {
	k, ok := f.publicKeys[id]
	if !ok {
		resp.fail(http.StatusNotFound, "NoSuchPublicKey", "The specified public key does not exist.")
		return
	}
	resp.ok(http.StatusOK, k.ETag, publicKeyXML(k))
}

func (f *Fake) deletePublicKey(id, ifMatch string, resp *response) {
	k, ok := f.publicKeys[id]
	if !ok {
		resp.fail(http.StatusNotFound, "NoSuchPublicKey", "The specified public key does not exist.")
		return
	}
	if !checkIfMatch(ifMatch, k.ETag, resp) {
		return
	}
	for _, g := range f.keyGroups {
		for _, it := range g.Items {
			if it == id {
				resp.fail(http.StatusConflict, "PublicKeyInUse", "The specified public key is in use.")
				return
			}
		}
	}
	delete(f.publicKeys, id)
	resp.status = http.StatusNoContent
}

func (f *Fake) listPublicKeys(r *http.Request, resp *response) {
	ids := make([]string, 0, len(f.publicKeys))
	for id := range f.publicKeys {
		ids = append(ids, id)
	}
	page, next, maxItems := paginate(ids, r)
	out := publicKeyListXML{Xmlns: Namespace, NextMarker: next, MaxItems: maxItems, Quantity: len(page)}
	for _, id := range page {
		k := f.publicKeys[id]
		out.Items = append(out.Items, publicKeySummaryXML{ID: k.ID, Name: k.Name, CreatedTime: timestamp(k.Created), EncodedKey: k.EncodedKey, Comment: k.Comment})
	}
	resp.ok(http.StatusOK, "", out)
}

// checkItems validates a key group's list of public key ids.
func (f *Fake) checkItems(items []string, resp *response) bool {
	switch {
	case len(items) == 0:
		resp.fail(http.StatusBadRequest, "InvalidArgument", "A key group must contain at least one public key.")
		return false
	case len(items) > MaxKeysPerGroup:
		resp.fail(http.StatusBadRequest, "TooManyPublicKeysInKeyGroup", "The number of public keys in this key group is more than the maximum allowed.")
		return false
	}
	seen := map[string]bool{}
	for _, id := range items {
		if _, ok := f.publicKeys[id]; !ok {
			resp.fail(http.StatusNotFound, "NoSuchPublicKey", fmt.Sprintf("The specified public key %s does not exist.", id))
			return false
		}
		if seen[id] {
			resp.fail(http.StatusBadRequest, "InvalidArgument", fmt.Sprintf("The public key %s is listed twice.", id))
			return false
		}
		seen[id] = true
	}
	return true
}

func (f *Fake) nameTaken(name, exceptID string) bool {
	for _, g := range f.keyGroups {
		if g.Name == name && g.ID != exceptID {
			return true
		}
	}
	return false
}

func (f *Fake) createKeyGroup(body []byte, rec *Request, resp *response) {
	var cfg keyGroupConfigXML
	if err := xml.Unmarshal(body, &cfg); err != nil {
		resp.fail(http.StatusBadRequest, "MalformedInput", "The XML document is malformed: "+err.Error())
		return
	}
	rec.Name, rec.Items = cfg.Name, cfg.Items
	if !validName(cfg.Name) || len(cfg.Comment) > 128 {
		resp.fail(http.StatusBadRequest, "InvalidArgument", "The key group name or comment is not valid.")
		return
	}
	if !f.checkItems(cfg.Items, resp) {
		return
	}
	if f.nameTaken(cfg.Name, "") {
		resp.fail(http.StatusConflict, "KeyGroupAlreadyExists", "A key group with this name already exists.")
		return
	}
	g := &KeyGroup{ID: f.newKeyGroupID(), Name: cfg.Name, Comment: cfg.Comment, Items: append([]string(nil), cfg.Items...)}
	f.touchGroup(g)
	f.keyGroups[g.ID] = g
	rec.ResultID = g.ID
	resp.header.Set("Location", "https://cloudfront.amazonaws.com"+apiPrefix+"key-group/"+g.ID)
	resp.ok(http.StatusCreated, g.ETag, keyGroupXML(g))
}

func (f *Fake) getKeyGroup(id string, resp *response, configOnly bool) {
	g, ok := f.keyGroups[id]
	if !ok {
		resp.fail(http.StatusNotFound, "NoSuchResource", "The specified key group does not exist.")
		return
	}
	if configOnly {
		c := keyGroupXML(g).Config
		c.Xmlns = Namespace
		resp.ok(http.StatusOK, g.ETag, c)
		return
	}
	resp.ok(http.StatusOK, g.ETag, keyGroupXML(g))
}

func (f *Fake) updateKeyGroup(id, ifMatch string, body []byte, rec *Request, resp *response) {
	var cfg keyGroupConfigXML
	if err := xml.Unmarshal(body, &cfg); err != nil {
		resp.fail(http.StatusBadRequest, "MalformedInput", "The XML document is malformed: "+err.Error())
		return
	}
	rec.Name, rec.Items = cfg.Name, cfg.Items
	g, ok := f.keyGroups[id]
	if !ok {
		resp.fail(http.StatusNotFound, "NoSuchResource", "The specified key group does not exist.")
		return
	}
	if !checkIfMatch(ifMatch, g.ETag, resp) {
		return
	}
	if !validName(cfg.Name) || len(cfg.Comment) > 128 {
		resp.fail(http.StatusBadRequest, "InvalidArgument", "The key group name or comment is not valid.")
		return
	}
	if !f.checkItems(cfg.Items, resp) {
		return
	}
	if f.nameTaken(cfg.Name, id) {
		resp.fail(http.StatusConflict, "KeyGroupAlreadyExists", "A key group with this name already exists.")
		return
	}
	g.Name, g.Comment, g.Items = cfg.Name, cfg.Comment, append([]string(nil), cfg.Items...)
	f.touchGroup(g)
	resp.ok(http.StatusOK, g.ETag, keyGroupXML(g))
}

func (f *Fake) deleteKeyGroup(id, ifMatch string, resp *response) {
	g, ok := f.keyGroups[id]
	if !ok {
		resp.fail(http.StatusNotFound, "NoSuchResource", "The specified key group does not exist.")
		return
	}
	if !checkIfMatch(ifMatch, g.ETag, resp) {
		return
	}
	if dists := f.distributionsTrusting(id); len(dists) > 0 {
		resp.fail(http.StatusConflict, "ResourceInUse", "Cannot delete this resource because it is in use.")
		return
	}
	delete(f.keyGroups, id)
	resp.status = http.StatusNoContent
}

func (f *Fake) distributionsTrusting(groupID string) []string {
	var out []string
	for d, groups := range f.distributions {
		for _, g := range groups {
			if g == groupID {
				out = append(out, d)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

func (f *Fake) listKeyGroups(r *http.Request, resp *response) {
	ids := make([]string, 0, len(f.keyGroups))
	for id := range f.keyGroups {
		ids = append(ids, id)
	}
	page, next, maxItems := paginate(ids, r)
	out := keyGroupListXML{Xmlns: Namespace, NextMarker: next, MaxItems: maxItems, Quantity: len(page)}
	for _, id := range page {
		out.Items = append(out.Items, keyGroupSummaryXML{KeyGroup: keyGroupXML(f.keyGroups[id])})
	}
	resp.ok(http.StatusOK, "", out)
}

func (f *Fake) listDistributionsByKeyGroup(id string, r *http.Request, resp *response) {
	if _, ok := f.keyGroups[id]; !ok {
		resp.fail(http.StatusNotFound, "NoSuchResource", "The specified key group does not exist.")
		return
	}
	page, next, maxItems := paginate(f.distributionsTrusting(id), r)
	out := distributionIDListXML{
		Xmlns: Namespace, Marker: r.URL.Query().Get("Marker"), NextMarker: next, MaxItems: maxItems,
		IsTruncated: next != "", Quantity: len(page), Items: page,
	}
	resp.ok(http.StatusOK, "", out)
}

// paginate sorts ids and returns the page after ?Marker= (exclusive) of at
// most ?MaxItems= ids, and the marker of the next page ("" on the last one).
func paginate(ids []string, r *http.Request) (page []string, next string, maxItems int) {
	sort.Strings(ids)
	maxItems = maxListItems
	if v, err := strconv.Atoi(r.URL.Query().Get("MaxItems")); err == nil && v > 0 && v < maxListItems {
		maxItems = v
	}
	start := 0
	if m := r.URL.Query().Get("Marker"); m != "" {
		start = sort.SearchStrings(ids, m)
		if start < len(ids) && ids[start] == m {
			start++
		}
	}
	end := min(start+maxItems, len(ids))
	page = ids[start:end]
	if end < len(ids) {
		next = ids[end-1]
	}
	return page, next, maxItems
}

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000Z") }
