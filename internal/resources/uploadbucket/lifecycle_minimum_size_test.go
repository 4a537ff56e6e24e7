package uploadbucket

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// lifecycleStandIn answers PutBucketLifecycleConfiguration and
// GetBucketLifecycleConfiguration as AWS documents them, keeping
// transition_default_minimum_object_size, which travels in the
// x-amz-transition-default-minimum-object-size header both ways. No local
// server stores it (kumo and SeaweedFS ignore the header), so this stand-in
// is where the attribute is proven.
type lifecycleStandIn struct {
	mu      sync.Mutex
	body    string
	minSize string
}

const minSizeHeader = "X-Amz-Transition-Default-Minimum-Object-Size"

func (s *lifecycleStandIn) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, ok := r.URL.Query()["lifecycle"]; !ok {
		http.Error(w, "only ?lifecycle", http.StatusNotImplemented)
		return
	}
	switch r.Method {
	case http.MethodPut:
		b, _ := io.ReadAll(r.Body)
		s.body = string(b)
		s.minSize = r.Header.Get(minSizeHeader)
		if s.minSize == "" {
			s.minSize = bucketconfig.MinimumObjectSizeAllStorageClasses128K // AWS's default
		}
		w.Header().Set(minSizeHeader, s.minSize)
	case http.MethodGet:
		w.Header().Set(minSizeHeader, s.minSize)
		w.Header().Set("Content-Type", "application/xml")
		_, _ = io.WriteString(w, s.body)
	default:
		http.Error(w, "method", http.StatusMethodNotAllowed)
	}
}

func standInOps(t *testing.T, h http.Handler) *bucketapi.Ops {
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c := s3.New(s3.Options{
		BaseEndpoint: aws.String(srv.URL), UsePathStyle: true, Region: "us-east-1",
		Credentials: credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
	})
	return &bucketapi.Ops{Client: c, Bucket: "b"}
}

func TestTransitionMinimumObjectSizeRoundTrip(t *testing.T) {
	ctx := context.Background()
	standIn := &lifecycleStandIn{}
	ops := standInOps(t, standIn)
	exp := int64(30)
	tiers := []bucketconfig.LifecycleTier{{Prefix: "u/", ExpirationDays: &exp}}

	read := func() *remote {
		r := &remote{}
		if err := lifecyclePart.read(ctx, ops, false, func(fn func(*remote)) { fn(r) }); err != nil {
			t.Fatal(err)
		}
		return r
	}
	show := func(prior types.String, r *remote) (types.String, diag.Diagnostics) {
		var diags diag.Diagnostics
		p := Model{TransitionMinimumObjectSize: prior, LifecycleTiers: tiersValue(nil)}
		m := p
		showLifecycle(ctx, &showing{prior: &p, m: &m, remote: r, name: "b", diags: &diags})
		return m.TransitionMinimumObjectSize, diags
	}

	// Set: sent in the header, read back, no drift.
	if err := putLifecycle(ctx, ops, bucketconfig.LifecycleToAPI(tiers, 7), bucketconfig.MinimumObjectSizeVariesByStorageClass); err != nil {
		t.Fatal(err)
	}
	if standIn.minSize != bucketconfig.MinimumObjectSizeVariesByStorageClass {
		t.Fatalf("header not sent: stored %q", standIn.minSize)
	}
	r := read()
	if r.Lifecycle.MinimumObjectSize != bucketconfig.MinimumObjectSizeVariesByStorageClass || len(r.Lifecycle.Tiers) != 1 || r.Lifecycle.AbortDays != 7 {
		t.Fatalf("read back %+v", r.Lifecycle)
	}
	if got, _ := show(types.StringValue(bucketconfig.MinimumObjectSizeVariesByStorageClass), r); got.ValueString() != bucketconfig.MinimumObjectSizeVariesByStorageClass {
		t.Fatalf("shown %v", got)
	}
	// Unset in the state but set on the bucket out of band: drift.
	if got, _ := show(types.StringNull(), r); got.ValueString() != bucketconfig.MinimumObjectSizeVariesByStorageClass {
		t.Fatalf("out-of-band value not shown: %v", got)
	}

	// Unset: nothing sent, the store keeps its default, which reads as unset.
	if err := putLifecycle(ctx, ops, bucketconfig.LifecycleToAPI(tiers, 7), ""); err != nil {
		t.Fatal(err)
	}
	r = read()
	if r.Lifecycle.MinimumObjectSize != bucketconfig.MinimumObjectSizeAllStorageClasses128K {
		t.Fatalf("default %q", r.Lifecycle.MinimumObjectSize)
	}
	if got, _ := show(types.StringNull(), r); !got.IsNull() {
		t.Fatalf("the default must read as unset, got %v", got)
	}
	// Set to the default explicitly: kept.
	if got, _ := show(types.StringValue(bucketconfig.MinimumObjectSizeAllStorageClasses128K), r); got.ValueString() != bucketconfig.MinimumObjectSizeAllStorageClasses128K {
		t.Fatalf("explicit default lost: %v", got)
	}
	// A store that does not say: the state's value stays.
	r.Lifecycle.MinimumObjectSize = ""
	if got, _ := show(types.StringValue(bucketconfig.MinimumObjectSizeVariesByStorageClass), r); got.ValueString() != bucketconfig.MinimumObjectSizeVariesByStorageClass {
		t.Fatalf("silent store: %v", got)
	}
}
