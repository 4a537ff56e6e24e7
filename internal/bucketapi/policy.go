package bucketapi

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
	"github.com/filestore/terraform-provider-filestore/internal/ctxutil"
	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
)

// The bucket policy is one document with several writers: the bucket's own
// statements (filestore_upload_bucket) and one grant per
// filestore_cdn_read_access. S3 has no conditional PutBucketPolicy, so each
// writer updates it by read-modify-write:
//
//  1. Writers in one provider process (the usual case: one configuration,
//     resources applied concurrently) take providerdata.Locks for the
//     bucket, so their read-modify-writes never interleave.
//  2. Writers in other processes (another stack, another provider alias)
//     cannot be locked out. After writing, the writer reads the policy back
//     and checks that what it wrote is there (PolicyWrite.Holds); if another
//     writer overwrote it in between, the read-modify-write runs again, up to
//     policyWriteAttempts times.
//  3. If it still cannot confirm (a writer that keeps racing, or a store
//     whose reads lag its writes), UpdatePolicy returns the document with
//     ErrPolicyNotConfirmed: the caller warns. Nothing is lost for good:
//     every writer reads its own statements back on refresh, so a statement
//     overwritten later shows as drift and the next apply restores it.

// policyWriteAttempts bounds the read-modify-write retries; policyWriteDelay
// is the first pause between them (doubled each time).
var (
	policyWriteAttempts = 4
	policyWriteDelay    = 250 * time.Millisecond
)

// ErrPolicyNotConfirmed: the policy was written but reading it back did not
// show the writer's statements, every attempt.
var ErrPolicyNotConfirmed = fmt.Errorf("the bucket policy was written, but reading it back did not show this resource's statements; another writer may be changing it at the same time")

// GetPolicy returns the bucket's policy, "" when it has none.
func GetPolicy(ctx context.Context, o *Ops, f Feature) (string, error) {
	doc := ""
	err := Get(ctx, o, f, "GetBucketPolicy", []string{"NoSuchBucketPolicy"}, false,
		func(ctx context.Context) (*s3.GetBucketPolicyOutput, error) {
			return o.Client.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(o.Bucket)})
		},
		func(out *s3.GetBucketPolicyOutput) { doc = strings.TrimSpace(aws.ToString(out.Policy)) })
	return doc, err
}

// PutPolicy writes doc as the bucket's policy; "" deletes the policy.
func PutPolicy(ctx context.Context, o *Ops, f Feature, doc string) error {
	if doc == "" {
		return o.Remove(ctx, f, "DeleteBucketPolicy", []string{"NoSuchBucketPolicy"}, func(ctx context.Context) error {
			_, err := o.Client.DeleteBucketPolicy(ctx, &s3.DeleteBucketPolicyInput{Bucket: aws.String(o.Bucket)})
			return err
		})
	}
	return o.Call(ctx, f, "PutBucketPolicy", func(ctx context.Context) error {
		_, err := o.Client.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(o.Bucket), Policy: aws.String(doc)})
		return err
	})
}

// PolicyWrite is one writer's change to the bucket policy.
type PolicyWrite struct {
	// Edit returns the policy to write given the current one ("" : no
	// policy), or an error that stops the update (a conflict). It may run
	// more than once.
	Edit func(current string) (string, error)
	// Holds reports whether a policy read back still carries this writer's
	// statements.
	Holds func(readBack string) bool
}

// UpdatePolicy applies w to the bucket policy (see the comment above) and
// returns the document it wrote (or found already in place).
func UpdatePolicy(ctx context.Context, data *providerdata.Data, o *Ops, f Feature, w PolicyWrite) (string, error) {
	unlock := data.Locks.Lock("bucket-policy/" + o.Bucket)
	defer unlock()
	delay := policyWriteDelay
	for attempt := 1; ; attempt++ {
		current, err := GetPolicy(ctx, o, f)
		if err != nil {
			return "", err
		}
		want, err := w.Edit(current)
		if err != nil {
			return "", err
		}
		if bucketconfig.PoliciesEquivalent(want, current) {
			return want, nil
		}
		if err := PutPolicy(ctx, o, f, want); err != nil {
			return "", err
		}
		back, err := GetPolicy(ctx, o, f)
		if err != nil {
			return "", err
		}
		if w.Holds(back) {
			return want, nil
		}
		if attempt == policyWriteAttempts {
			return want, ErrPolicyNotConfirmed
		}
		tflog.Info(ctx, "bucket policy changed by another writer while this one wrote it; writing again", map[string]any{
			"bucket": o.Bucket, "attempt": attempt, "delay_ms": delay.Milliseconds(),
		})
		if err := ctxutil.Sleep(ctx, delay); err != nil {
			return "", err
		}
		delay *= 2
	}
}
