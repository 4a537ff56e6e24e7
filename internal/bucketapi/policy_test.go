package bucketapi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

// policyStore answers GetBucketPolicy / PutBucketPolicy /
// DeleteBucketPolicy as S3 documents them (404 NoSuchBucketPolicy when there
// is none), for one bucket. afterPut, when set, runs after each PUT is
// stored: it plays another writer (another process) overwriting the policy.
type policyStore struct {
	mu       sync.Mutex
	doc      string
	puts     int
	delay    time.Duration // between a GET's read and its answer: widens races
	afterPut func(stored string) string
}

func (p *policyStore) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if _, ok := r.URL.Query()["policy"]; !ok {
		http.Error(w, "only ?policy", http.StatusNotImplemented)
		return
	}
	switch r.Method {
	case http.MethodGet:
		p.mu.Lock()
		doc := p.doc
		p.mu.Unlock()
		time.Sleep(p.delay)
		if doc == "" {
			w.Header().Set("Content-Type", "application/xml")
			w.WriteHeader(http.StatusNotFound)
			_, _ = io.WriteString(w, `<Error><Code>NoSuchBucketPolicy</Code><Message>The bucket policy does not exist</Message></Error>`)
			return
		}
		_, _ = io.WriteString(w, doc)
	case http.MethodPut:
		b, _ := io.ReadAll(r.Body)
		p.mu.Lock()
		p.doc = string(b)
		p.puts++
		if p.afterPut != nil {
			p.doc = p.afterPut(p.doc)
		}
		p.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	case http.MethodDelete:
		p.mu.Lock()
		p.doc = ""
		p.mu.Unlock()
		w.WriteHeader(http.StatusNoContent)
	}
}

func storeOps(t *testing.T, h http.Handler) *Ops {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := s3.New(s3.Options{
		BaseEndpoint: aws.String(srv.URL), UsePathStyle: true, Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	})
	return &Ops{Client: c, Bucket: "b"}
}

// grantWrite adds the grant sid for one distribution, as
// filestore_cdn_read_access does.
func grantWrite(sid, arn string) PolicyWrite {
	return PolicyWrite{
		Edit: func(current string) (string, error) {
			return bucketconfig.SetCDNGrant(current, "aws", "b", sid, []string{arn})
		},
		Holds: func(back string) bool {
			g, err := bucketconfig.FindCDNGrant(back, "aws", "b", sid)
			return err == nil && g.Found
		},
	}
}

func init() { policyWriteDelay = time.Millisecond }

var feature = Feature{Name: "bucket policy", Attr: "policy"}

// Writers in one provider process take turns: two grants written at once
// both land, with one PUT each (no lost update, no retry).
func TestUpdatePolicySerializesWritersOfOneProvider(t *testing.T) {
	store := &policyStore{delay: 20 * time.Millisecond}
	ops := storeOps(t, store)
	data := &providerdata.Data{}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, sid := range []string{"CDNReadAccessE1", "CDNReadAccessE2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, errs[i] = UpdatePolicy(context.Background(), data, ops, feature, grantWrite(sid, "arn:aws:cloudfront::1:distribution/"+sid[len("CDNReadAccess"):]))
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	sids, _ := bucketconfig.CDNGrantSids(store.doc, "aws", "b")
	if len(sids) != 2 || store.puts != 2 {
		t.Fatalf("grants %v after %d PUTs, want both after 2: %s", sids, store.puts, store.doc)
	}
}

// A writer in another process overwrites the policy right after our PUT:
// the read-back shows our statement missing and the read-modify-write runs
// again, keeping the other writer's statement too.
func TestUpdatePolicyRetriesALostUpdate(t *testing.T) {
	other, _ := bucketconfig.SetCDNGrant("", "aws", "b", "CDNReadAccessOTHER", []string{"arn:aws:cloudfront::1:distribution/OTHER"})
	store := &policyStore{}
	overwrites := 1
	store.afterPut = func(string) string {
		if overwrites == 0 {
			return store.doc
		}
		overwrites--
		return other // the other writer read before our PUT and wrote after it
	}
	ops := storeOps(t, store)
	written, err := UpdatePolicy(context.Background(), &providerdata.Data{}, ops, feature, grantWrite("CDNReadAccessMINE", "arn:aws:cloudfront::1:distribution/MINE"))
	if err != nil {
		t.Fatal(err)
	}
	sids, _ := bucketconfig.CDNGrantSids(store.doc, "aws", "b")
	if store.puts != 2 || len(sids) != 2 || !bucketconfig.PoliciesEquivalent(written, store.doc) {
		t.Fatalf("after %d PUTs: %v\n%s", store.puts, sids, store.doc)
	}
}

// A writer that keeps overwriting: bounded attempts, then
// ErrPolicyNotConfirmed (the caller warns; the next refresh shows drift).
func TestUpdatePolicyGivesUpBounded(t *testing.T) {
	store := &policyStore{afterPut: func(string) string { return "" }}
	ops := storeOps(t, store)
	_, err := UpdatePolicy(context.Background(), &providerdata.Data{}, ops, feature, grantWrite("CDNReadAccessMINE", "arn:aws:cloudfront::1:distribution/MINE"))
	if !errors.Is(err, ErrPolicyNotConfirmed) || store.puts != policyWriteAttempts {
		t.Fatalf("err %v after %d PUTs, want ErrPolicyNotConfirmed after %d", err, store.puts, policyWriteAttempts)
	}
}

// Nothing to change: no PUT.
func TestUpdatePolicyWritesOnlyChanges(t *testing.T) {
	doc, _ := bucketconfig.SetCDNGrant("", "aws", "b", "CDNReadAccessMINE", []string{"arn:aws:cloudfront::1:distribution/MINE"})
	store := &policyStore{doc: doc}
	ops := storeOps(t, store)
	if _, err := UpdatePolicy(context.Background(), &providerdata.Data{}, ops, feature, grantWrite("CDNReadAccessMINE", "arn:aws:cloudfront::1:distribution/MINE")); err != nil {
		t.Fatal(err)
	}
	if store.puts != 0 {
		t.Fatalf("%d PUTs for a policy already in place", store.puts)
	}
}
