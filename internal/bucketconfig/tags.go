package bucketconfig

import (
	"sort"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// MergeTags returns the effective tags: the provider's default tags with the
// resource's own tags winning on conflict.
func MergeTags(defaults, tags map[string]string) map[string]string {
	out := make(map[string]string, len(defaults)+len(tags))
	for k, v := range defaults {
		out[k] = v
	}
	for k, v := range tags {
		out[k] = v
	}
	return out
}

// ResourceTags splits the bucket's actual tags into the resource's own tags:
// a tag that equals a default tag belongs to the provider unless the resource
// already claimed it (prior holds the resource's tags in state, nil on
// import).
func ResourceTags(actual, defaults, prior map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range actual {
		if dv, ok := defaults[k]; ok && dv == v {
			if _, claimed := prior[k]; !claimed {
				continue
			}
		}
		out[k] = v
	}
	return out
}

// TagsToAPI converts tags to an S3 tag set, sorted by key.
func TagsToAPI(tags map[string]string) []s3types.Tag {
	keys := make([]string, 0, len(tags))
	for k := range tags {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	out := make([]s3types.Tag, 0, len(keys))
	for _, k := range keys {
		out = append(out, s3types.Tag{Key: aws.String(k), Value: aws.String(tags[k])})
	}
	return out
}

// TagsFromAPI converts an S3 tag set to a map.
func TagsFromAPI(set []s3types.Tag) map[string]string {
	out := make(map[string]string, len(set))
	for _, t := range set {
		out[aws.ToString(t.Key)] = aws.ToString(t.Value)
	}
	return out
}
