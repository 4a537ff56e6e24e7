package uploadbucket_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// userSids returns the Sids of the user statements in the bucket's policy,
// and whether the generated TLS deny is there.
func userSids(ctx context.Context, c *s3.Client, bucket string) ([]string, bool, error) {
	f, err := policyFacts(ctx, c, bucket)
	if err != nil {
		return nil, false, err
	}
	var sids []string
	for _, s := range f.Statements {
		sids = append(sids, s.Sid())
	}
	return sids, f.DenyInsecureTransport, nil
}

// TestAccUploadBucket_policyStatements merges user statements into the
// generated policy on SeaweedFS, which enforces bucket policies: a user Deny
// on a prefix really denies uploads there, next to the generated TLS deny.
// A user statement changed out of band is drift and is restored.
func TestAccUploadBucket_policyStatements(t *testing.T) {
	name := acctest.BucketName()
	client := s3Client(t)
	config := func(statements string) string {
		return acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "test" {
  bucket        = %q
  force_destroy = true
  policy_statements = jsonencode({
    Version = "2012-10-17"
    Statement = [%s]
  })
}
`, name, statements)
	}
	partner := fmt.Sprintf(`{
      Sid       = "AllowPartnerRead"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Action    = "s3:GetObject"
      Resource  = "arn:aws:s3:::%s/shared/*"
    }`, name)
	readOnly := fmt.Sprintf(`{
      Sid       = "DenyWritesToArchive"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:PutObject"
      Resource  = "arn:aws:s3:::%s/archive/*"
    }`, name)
	put := func(ctx context.Context, c *s3.Client, key string) error {
		_, err := c.PutObject(ctx, &s3.PutObjectInput{Bucket: aws.String(name), Key: aws.String(key), Body: strings.NewReader("x")})
		return err
	}
	expect := func(wantSids string, archiveDenied bool) resource.TestCheckFunc {
		return onServer(client, name, func(ctx context.Context, c *s3.Client) error {
			sids, tls, err := userSids(ctx, c, name)
			if err != nil {
				return err
			}
			if got := strings.Join(sids, ","); got != wantSids || !tls {
				return fmt.Errorf("policy: user statements %q (want %q), TLS deny %v", got, wantSids, tls)
			}
			err = put(ctx, c, "archive/a.txt")
			if archiveDenied && errCode(err) != "AccessDenied" {
				return fmt.Errorf("an upload under archive/ must be AccessDenied by the user statement, got %w", err)
			}
			if !archiveDenied && err != nil {
				return fmt.Errorf("an upload under archive/ must work without the deny: %w", err)
			}
			return put(ctx, c, "other/b.txt")
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             checkDestroy(client),
		Steps: []resource.TestStep{
			{
				Config: config(partner + ", " + readOnly),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("policy_json"), knownvalue.StringRegexp(
						regexpAll("DenyInsecureTransport", "AllowPartnerRead", "DenyWritesToArchive"))),
				},
				Check: expect("AllowPartnerRead,DenyWritesToArchive", true),
			},
			importVerifyStep(name),
			{
				// A user statement widened out of band: drift, restored.
				PreConfig: outOfBand(t, "a user statement", func(ctx context.Context, c *s3.Client) error {
					out, err := c.GetBucketPolicy(ctx, &s3.GetBucketPolicyInput{Bucket: aws.String(name)})
					if err != nil {
						return err
					}
					doc := strings.Replace(aws.ToString(out.Policy), "/archive/*", "/nothing/*", 1)
					_, err = c.PutBucketPolicy(ctx, &s3.PutBucketPolicyInput{Bucket: aws.String(name), Policy: aws.String(doc)})
					return err
				}),
				Config:           config(partner + ", " + readOnly),
				ConfigPlanChecks: expectUpdate(),
				Check:            expect("AllowPartnerRead,DenyWritesToArchive", true),
			},
			{
				Config:           config(partner),
				ConfigPlanChecks: expectUpdate(),
				Check:            expect("AllowPartnerRead", false),
			},
			{
				Config: acctest.ProviderBlock() + fmt.Sprintf("resource \"filestore_upload_bucket\" \"test\" {\n  bucket = %q\n  force_destroy = true\n}\n", name),
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("policy_statements"), knownvalue.Null()),
				},
				Check: expect("", false),
			},
		},
	})
}
