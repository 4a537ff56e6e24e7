package datasources_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// stateFunc is a state check written as a function of the whole state
// (`terraform show -json`), for checks that act on minted values (use the
// URL against the server) rather than compare them.
type stateFunc func(ctx context.Context, s *tfjson.State) error

func (f stateFunc) CheckState(ctx context.Context, req statecheck.CheckStateRequest, resp *statecheck.CheckStateResponse) {
	if req.State == nil || req.State.Values == nil {
		resp.Error = errors.New("no state")
		return
	}
	resp.Error = f(ctx, req.State)
}

// attrs returns the attribute values of the resource or data source at
// address ("data.filestore_presigned_url.put").
func attrs(s *tfjson.State, address string) (map[string]any, error) {
	for _, r := range s.Values.RootModule.Resources {
		if r.Address == address {
			return r.AttributeValues, nil
		}
	}
	return nil, fmt.Errorf("%s not in state", address)
}

func attrString(s *tfjson.State, address, name string) (string, error) {
	a, err := attrs(s, address)
	if err != nil {
		return "", err
	}
	v, ok := a[name].(string)
	if !ok || v == "" {
		return "", fmt.Errorf("%s.%s is %v, not a string", address, name, a[name])
	}
	return v, nil
}

func attrMap(s *tfjson.State, address, name string) (map[string]string, error) {
	a, err := attrs(s, address)
	if err != nil {
		return nil, err
	}
	raw, ok := a[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("%s.%s is %v, not a map", address, name, a[name])
	}
	out := map[string]string{}
	for k, v := range raw {
		out[k] = fmt.Sprint(v)
	}
	return out, nil
}

// testBucket creates a bucket directly on the S3 server (not through the
// provider) and empties and deletes it when the test ends.
func testBucket(t *testing.T, client *s3.Client) string {
	t.Helper()
	name := acctest.BucketName()
	ctx := acctest.Context(t)
	if _, err := client.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: aws.String(name)}); err != nil {
		t.Fatalf("creating bucket %s: %v", name, err)
	}
	t.Cleanup(func() {
		ctx := context.Background()
		out, err := client.ListObjectsV2(ctx, &s3.ListObjectsV2Input{Bucket: aws.String(name)})
		if err == nil {
			for _, o := range out.Contents {
				_, _ = client.DeleteObject(ctx, &s3.DeleteObjectInput{Bucket: aws.String(name), Key: o.Key})
			}
		}
		if _, err := client.DeleteBucket(ctx, &s3.DeleteBucketInput{Bucket: aws.String(name)}); err != nil {
			t.Logf("deleting bucket %s: %v", name, err)
		}
	})
	return name
}

// httpClient trusts the test bed's CA (SeaweedFS serves HTTPS with it).
func httpClient() *http.Client {
	if acctest.IsAWS() {
		return http.DefaultClient
	}
	return acctest.Env().HTTPClient()
}

// do sends a request and returns the status and body.
func do(ctx context.Context, method, url string, headers map[string]string, body string) (int, http.Header, string, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return 0, nil, "", err
	}
	for k, v := range headers {
		req.Header.Set(k, v)
	}
	resp, err := httpClient().Do(req)
	if err != nil {
		return 0, nil, "", err
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(b), nil
}

// objectExists asks the server directly.
func objectExists(ctx context.Context, client *s3.Client, bucket, key string) (*s3.HeadObjectOutput, bool, error) {
	out, err := client.HeadObject(ctx, &s3.HeadObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		var nf *s3types.NotFound
		if errors.As(err, &nf) || strings.Contains(err.Error(), "NotFound") || strings.Contains(err.Error(), "404") {
			return nil, false, nil
		}
		return nil, false, err
	}
	return out, true, nil
}

func getObject(ctx context.Context, client *s3.Client, bucket, key string) (string, error) {
	out, err := client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(bucket), Key: aws.String(key)})
	if err != nil {
		return "", err
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	return string(b), err
}

// tamper changes one character of the query parameter name's value.
func tamper(rawURL, param string) string {
	i := strings.Index(rawURL, param+"=")
	if i < 0 {
		return rawURL + "x"
	}
	j := i + len(param) + 1
	c := rawURL[j]
	r := byte('a')
	if c == 'a' {
		r = 'b'
	}
	return rawURL[:j] + string(r) + rawURL[j+1:]
}

func putInput(bucket, key, body string) *s3.PutObjectInput {
	return &s3.PutObjectInput{Bucket: aws.String(bucket), Key: aws.String(key), Body: strings.NewReader(body)}
}
