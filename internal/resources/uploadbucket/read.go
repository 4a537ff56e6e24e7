package uploadbucket

import (
	"context"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"golang.org/x/sync/errgroup"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// remote is what the server says about a bucket. Each part's read fills its
// own fields.
type remote struct {
	Region     string // "" when the store does not say
	Versioning bool
	CORS       []bucketconfig.CORSRule
	Encryption *bucketconfig.Encryption
	Lifecycle  bucketconfig.Lifecycle
	// QuarantineRule is the quarantine's expiration rule, taken out of the
	// lifecycle rules (nil: none); LifecycleWithRule is the lifecycle read
	// with it left in, for when the policy holds no quarantine it belongs to.
	QuarantineRule      *quarantineRule
	LifecycleWithRule   bucketconfig.Lifecycle
	Notifications       bucketconfig.Notifications
	PublicAccessBlocked bool
	Ownership           string
	Policy              string
	Tags                map[string]string
	ObjectLockEnabled   bool
	ObjectLock          *bucketconfig.ObjectLock // default retention
	AccessLogging       *bucketconfig.AccessLogging
	AccessLoggingUnheld []string
}

// store hands a read's result to the refresh: fn runs with the refresh's
// remote, one at a time.
type store func(fn func(r *remote))

// getter builds a part's read from one Get* call: notFound codes mean the
// bucket has none of the part; use records the output.
func getter[T any](f bucketapi.Feature, op string, notFound []string,
	call func(ctx context.Context, c *s3.Client, bucket *string) (T, error), use func(r *remote, out T)) func(context.Context, *bucketapi.Ops, bool, store) error {
	return func(ctx context.Context, o *bucketapi.Ops, tolerate bool, save store) error {
		return bucketapi.Get(ctx, o, f, op, notFound, tolerate,
			func(ctx context.Context) (T, error) { return call(ctx, o.Client, aws.String(o.Bucket)) },
			func(out T) { save(func(r *remote) { use(r, out) }) })
	}
}

// readRemote fetches every part concurrently, and the bucket's location:
// after HeadBucket, a refresh costs about one round trip, not one per part.
// tolerate(p) says whether part p may read as none when the store does not
// implement it.
func readRemote(ctx context.Context, o *bucketapi.Ops, tolerate func(p *part) bool) (*remote, error) {
	r := &remote{}
	var mu sync.Mutex
	save := func(fn func(r *remote)) {
		mu.Lock()
		defer mu.Unlock()
		fn(r)
	}
	g, gctx := errgroup.WithContext(ctx)
	for i := range parts {
		p := &parts[i]
		if p.read != nil {
			g.Go(func() error { return p.read(gctx, o, tolerate(p), save) })
		}
	}
	g.Go(func() error { return readLocation(gctx, o, save) })
	if err := g.Wait(); err != nil {
		return nil, err
	}
	return r, nil
}
