package uploadbucket

import (
	"context"
	"maps"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

var featureTags = bucketapi.Feature{Name: "tagging", Attr: "tags"}

// tagsPart is tags and tags_all: the bucket's tag set is the provider's
// default_tags merged with tags.
var tagsPart = part{
	feature: featureTags,
	read: getter(featureTags, "GetBucketTagging", []string{"NoSuchTagSet", "NoSuchTagSetError"},
		func(ctx context.Context, c *s3.Client, b *string) (*s3.GetBucketTaggingOutput, error) {
			return c.GetBucketTagging(ctx, &s3.GetBucketTaggingInput{Bucket: b})
		},
		func(r *remote, out *s3.GetBucketTaggingOutput) { r.Tags = bucketconfig.TagsFromAPI(out.TagSet) }),
	show: func(ctx context.Context, s *showing) {
		s.m.TagsAll = tagsValue(s.remote.Tags, false)
		var priorTags map[string]string
		if known(s.prior.Tags) {
			priorTags = tagsFromModel(ctx, s.prior.Tags, s.diags)
		}
		own := bucketconfig.ResourceTags(s.remote.Tags, s.r.data.DefaultTags, priorTags)
		s.m.Tags = tagsValue(own, known(s.prior.Tags) && len(s.prior.Tags.Elements()) == 0)
	},
	unset: func(m *Model) bool { return len(m.TagsAll.Elements()) == 0 },
	apply: func(ctx context.Context, a *applying) error {
		want := bucketconfig.MergeTags(a.r.data.DefaultTags, tagsFromModel(ctx, a.plan.Tags, a.diags))
		if a.creating() {
			if len(want) == 0 {
				return nil
			}
		} else if maps.Equal(want, tagsFromModel(ctx, a.state.TagsAll, a.diags)) {
			return nil
		}
		return putTags(ctx, a.ops, want)
	},
}

// putTags writes the tag set; none deletes it.
func putTags(ctx context.Context, o *bucketapi.Ops, tags map[string]string) error {
	if len(tags) == 0 {
		return o.Remove(ctx, featureTags, "DeleteBucketTagging", []string{"NoSuchTagSet"}, func(ctx context.Context) error {
			_, err := o.Client.DeleteBucketTagging(ctx, &s3.DeleteBucketTaggingInput{Bucket: aws.String(o.Bucket)})
			return err
		})
	}
	return o.Call(ctx, featureTags, "PutBucketTagging", func(ctx context.Context) error {
		_, err := o.Client.PutBucketTagging(ctx, &s3.PutBucketTaggingInput{
			Bucket:  aws.String(o.Bucket),
			Tagging: &s3types.Tagging{TagSet: bucketconfig.TagsToAPI(tags)},
		})
		return err
	})
}
