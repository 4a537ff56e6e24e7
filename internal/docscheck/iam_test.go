package docscheck

import (
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// iamActions maps an API operation to the IAM actions that authorize it, as
// the AWS Service Authorization Reference documents them (Delete* of a
// bucket sub-configuration is authorized by its Put* action; HeadBucket by
// s3:ListBucket; HeadObject by s3:GetObject). Operations the provider does
// not call yet are listed so that adding a call only needs the docs.
var iamActions = map[string][]string{
	// S3, bucket level.
	"CreateBucket":                             {"s3:CreateBucket"},
	"DeleteBucket":                             {"s3:DeleteBucket"},
	"HeadBucket":                               {"s3:ListBucket"},
	"ListObjectsV2":                            {"s3:ListBucket"},
	"ListObjects":                              {"s3:ListBucket"},
	"ListObjectVersions":                       {"s3:ListBucketVersions"},
	"ListMultipartUploads":                     {"s3:ListBucketMultipartUploads"},
	"GetBucketLocation":                        {"s3:GetBucketLocation"},
	"GetBucketCors":                            {"s3:GetBucketCORS"},
	"PutBucketCors":                            {"s3:PutBucketCORS"},
	"DeleteBucketCors":                         {"s3:PutBucketCORS"},
	"GetBucketEncryption":                      {"s3:GetEncryptionConfiguration"},
	"PutBucketEncryption":                      {"s3:PutEncryptionConfiguration"},
	"DeleteBucketEncryption":                   {"s3:PutEncryptionConfiguration"},
	"GetBucketLifecycleConfiguration":          {"s3:GetLifecycleConfiguration"},
	"PutBucketLifecycleConfiguration":          {"s3:PutLifecycleConfiguration"},
	"DeleteBucketLifecycle":                    {"s3:PutLifecycleConfiguration"},
	"GetPublicAccessBlock":                     {"s3:GetBucketPublicAccessBlock"},
	"PutPublicAccessBlock":                     {"s3:PutBucketPublicAccessBlock"},
	"DeletePublicAccessBlock":                  {"s3:PutBucketPublicAccessBlock"},
	"GetBucketOwnershipControls":               {"s3:GetBucketOwnershipControls"},
	"PutBucketOwnershipControls":               {"s3:PutBucketOwnershipControls"},
	"DeleteBucketOwnershipControls":            {"s3:PutBucketOwnershipControls"},
	"GetBucketPolicy":                          {"s3:GetBucketPolicy"},
	"PutBucketPolicy":                          {"s3:PutBucketPolicy"},
	"DeleteBucketPolicy":                       {"s3:DeleteBucketPolicy"},
	"GetBucketVersioning":                      {"s3:GetBucketVersioning"},
	"PutBucketVersioning":                      {"s3:PutBucketVersioning"},
	"GetBucketTagging":                         {"s3:GetBucketTagging"},
	"PutBucketTagging":                         {"s3:PutBucketTagging"},
	"DeleteBucketTagging":                      {"s3:PutBucketTagging"},
	"GetBucketNotificationConfiguration":       {"s3:GetBucketNotification"},
	"PutBucketNotificationConfiguration":       {"s3:PutBucketNotification"},
	"GetBucketLogging":                         {"s3:GetBucketLogging"},
	"PutBucketLogging":                         {"s3:PutBucketLogging"},
	"GetObjectLockConfiguration":               {"s3:GetBucketObjectLockConfiguration"},
	"PutObjectLockConfiguration":               {"s3:PutBucketObjectLockConfiguration"},
	"GetBucketAcl":                             {"s3:GetBucketAcl"},
	"GetBucketAccelerateConfiguration":         {"s3:GetAccelerateConfiguration"},
	"GetBucketRequestPayment":                  {"s3:GetBucketRequestPayment"},
	"GetBucketWebsite":                         {"s3:GetBucketWebsite"},
	"GetBucketReplication":                     {"s3:GetReplicationConfiguration"},
	"GetBucketIntelligentTieringConfiguration": {"s3:GetIntelligentTieringConfiguration"},
	// S3, object level.
	"HeadObject":              {"s3:GetObject"},
	"GetObject":               {"s3:GetObject"},
	"PutObject":               {"s3:PutObject"},
	"CopyObject":              {"s3:GetObject", "s3:PutObject"},
	"CreateMultipartUpload":   {"s3:PutObject"},
	"UploadPart":              {"s3:PutObject"},
	"UploadPartCopy":          {"s3:GetObject", "s3:PutObject"},
	"CompleteMultipartUpload": {"s3:PutObject"},
	"AbortMultipartUpload":    {"s3:AbortMultipartUpload"},
	"DeleteObject":            {"s3:DeleteObject"},
	"DeleteObjects":           {"s3:DeleteObject", "s3:DeleteObjectVersion"},
	"GetObjectTagging":        {"s3:GetObjectTagging"},
	"PutObjectTagging":        {"s3:PutObjectTagging"},
	// CloudFront.
	"CreatePublicKey":             {"cloudfront:CreatePublicKey"},
	"GetPublicKey":                {"cloudfront:GetPublicKey"},
	"DeletePublicKey":             {"cloudfront:DeletePublicKey"},
	"ListPublicKeys":              {"cloudfront:ListPublicKeys"},
	"CreateKeyGroup":              {"cloudfront:CreateKeyGroup"},
	"GetKeyGroup":                 {"cloudfront:GetKeyGroup"},
	"UpdateKeyGroup":              {"cloudfront:UpdateKeyGroup"},
	"DeleteKeyGroup":              {"cloudfront:DeleteKeyGroup"},
	"ListKeyGroups":               {"cloudfront:ListKeyGroups"},
	"ListDistributionsByKeyGroup": {"cloudfront:ListDistributionsByKeyGroup"},
	"ListDistributions":           {"cloudfront:ListDistributions"},
	"GetDistribution":             {"cloudfront:GetDistribution"},
	"GetDistributionConfig":       {"cloudfront:GetDistributionConfig"},
}

// documentedWithoutCall are actions a Permissions section may list although
// no call maps to them, with the reason.
var documentedWithoutCall = map[string]map[string]string{
	// Without s3:ListBucket, HeadObject on a missing key answers 403, not 404.
	"content_object": {"s3:ListBucket": "HeadObject on a missing key"},
}

// resourceOfPath attributes a source file to the resources whose docs list
// its calls; the first match wins. A file that calls S3 or CloudFront and
// matches none fails the test: add its resource here and document it. Code
// shared by several resources lists each of them (the bucket policy's
// read-modify-write serves filestore_upload_bucket and
// filestore_cdn_read_access).
var resourceOfPath = []struct {
	pattern   *regexp.Regexp
	resources []string
}{
	{regexp.MustCompile(`^internal/bucketapi/policy\.go$`), []string{"upload_bucket", "cdn_read_access"}},
	{regexp.MustCompile(`cdn_?read_?access|cdnreadaccess`), []string{"cdn_read_access"}},
	{regexp.MustCompile(`cdn_?key_?group|cdnkeygroup`), []string{"cdn_key_group"}},
	{regexp.MustCompile(`content_?object|contentobject|internal/upload/`), []string{"content_object"}},
	{regexp.MustCompile(`bucket`), []string{"upload_bucket"}},
}

// Directories whose calls are not the provider's: test infrastructure, and
// minting (presign clients sign locally; they make no call).
var skipDirs = map[string]bool{
	"internal/testbed": true, "internal/acctest": true, "internal/cloudfrontfake": true,
	"internal/faultproxy": true, "internal/docscheck": true, "internal/signing": true,
}

// apiOperations returns the operation names of the S3 and CloudFront clients.
func apiOperations() map[string]bool {
	ops := map[string]bool{}
	for _, c := range []any{&s3.Client{}, &cloudfront.Client{}} {
		t := reflect.TypeOf(c)
		for i := range t.NumMethod() {
			if name := t.Method(i).Name; name != "Options" {
				ops[name] = true
			}
		}
	}
	return ops
}

var (
	callPattern      = regexp.MustCompile(`\.([A-Z][A-Za-z0-9]+)\(\s*[a-zA-Z]*[cC]tx[0-9]*\b`)
	paginatorPattern = regexp.MustCompile(`\b(?:s3|cloudfront)\.New([A-Za-z0-9]+)Paginator\(`)
	permissionRow    = regexp.MustCompile("(?m)^\\| `((?:s3|cloudfront):[A-Za-z0-9]+)` \\|")
)

func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// callsByResource scans the non-test Go files under internal/ for S3 and
// CloudFront operations and groups them by resource.
func callsByResource(t *testing.T, root string) map[string]map[string][]string {
	t.Helper()
	ops := apiOperations()
	out := map[string]map[string][]string{} // resource => operation => files
	err := filepath.WalkDir(filepath.Join(root, "internal"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			if skipDirs[rel] {
				return filepath.SkipDir
			}
			return nil
		}
		if !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		var found []string
		for _, m := range callPattern.FindAllStringSubmatch(string(src), -1) {
			if ops[m[1]] {
				found = append(found, m[1])
			}
		}
		for _, m := range paginatorPattern.FindAllStringSubmatch(string(src), -1) {
			found = append(found, m[1])
		}
		if len(found) == 0 {
			return nil
		}
		var resources []string
		for _, r := range resourceOfPath {
			if r.pattern.MatchString(rel) {
				resources = r.resources
				break
			}
		}
		if len(resources) == 0 {
			t.Errorf("%s calls %v but belongs to no documented resource: add it to resourceOfPath and list its IAM actions in that resource's Permissions section", rel, found)
			return nil
		}
		for _, resource := range resources {
			if out[resource] == nil {
				out[resource] = map[string][]string{}
			}
			for _, op := range found {
				out[resource][op] = append(out[resource][op], rel)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func TestPermissionSectionsListEveryCall(t *testing.T) {
	root := repoRoot(t)
	calls := callsByResource(t, root)
	for _, want := range []string{"upload_bucket", "content_object", "cdn_key_group", "cdn_read_access"} {
		if len(calls[want]) < 3 {
			t.Fatalf("found %d API operations for %s: the source scan no longer recognises its calls", len(calls[want]), want)
		}
	}
	for resource, ops := range calls {
		tmpl := filepath.Join(root, "templates", "resources", resource+".md.tmpl")
		text, err := os.ReadFile(tmpl)
		if err != nil {
			t.Errorf("%s calls %s but has no templates/resources/%s.md.tmpl with a Permissions section", resource, keys(ops), resource)
			continue
		}
		documented := map[string]bool{}
		for _, m := range permissionRow.FindAllStringSubmatch(string(text), -1) {
			documented[m[1]] = true
		}
		needed := map[string]bool{}
		for op, files := range ops {
			actions, ok := iamActions[op]
			if !ok {
				t.Errorf("%s calls %s (%s): add the IAM action that authorizes it to iamActions", resource, op, strings.Join(files, ", "))
				continue
			}
			for _, a := range actions {
				needed[a] = true
				if !documented[a] {
					t.Errorf("%s calls %s (%s), authorized by %s, which its Permissions section (%s) does not list",
						resource, op, strings.Join(files, ", "), a, filepath.Base(tmpl))
				}
			}
		}
		for a := range documented {
			if !needed[a] && documentedWithoutCall[resource][a] == "" {
				t.Errorf("the Permissions section of %s lists %s, which no call of the resource needs: remove it, or say why in documentedWithoutCall", resource, a)
			}
		}
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
