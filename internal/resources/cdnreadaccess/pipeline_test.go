package cdnreadaccess_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// TestAccCDNReadAccess_withReadGatesAndStatements: the grant on a bucket
// whose policy also holds every other kind of statement — the generated TLS
// deny, the quarantine's and the scan gate's read denies, and the user's
// policy_statements — written in one apply by two resources. The refresh
// after it is empty (the framework checks), so neither writer sees the
// other's statements as drift; changing the quarantine and the user's
// statements rewrites the bucket's part and keeps the grant. On the default
// target (SeaweedFS locally, which accepts and enforces these statements).
func TestAccCDNReadAccess_withReadGatesAndStatements(t *testing.T) {
	client := func() *s3.Client { return acctest.S3(t) }
	const reader = "arn:aws:iam::111122223333:role/scanner"
	const promoter = "arn:aws:iam::111122223333:role/promoter"
	name := acctest.BucketName()
	config := func(readers string, userSid string) string {
		return acctest.ProviderBlock() + fmt.Sprintf(`
resource "filestore_upload_bucket" "site" {
  bucket = %[4]q
  quarantine = {
    prefix                = "quarantine/"
    reader_principal_arns = [%[1]s]
  }
  scan_gate = {
    prefixes              = ["uploads/"]
    exempt_principal_arns = [%[2]q]
  }
  policy_statements = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = %[3]q
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:DeleteObject"
      Resource  = "arn:aws:s3:::%[4]s/uploads/*"
    }]
  })
}
`, readers, promoter, userSid, name) + distributionStandIn("distribution", "filestore_upload_bucket.site") + `
resource "filestore_cdn_read_access" "test" {
  bucket            = filestore_upload_bucket.site.bucket
  distribution_arns = [local.distribution_arn]
}
`
	}
	holds := func(readers []string, userSid string) func(bucketconfig.PolicyOptions) error {
		return func(f bucketconfig.PolicyOptions) error {
			if !f.DenyInsecureTransport || len(f.CDNDistributionARNs) != 0 {
				return fmt.Errorf("the bucket's generated statements: %+v", f)
			}
			if f.Quarantine == nil || aws.ToString(f.Quarantine.Prefix) != "quarantine/" || !slices.Equal(f.Quarantine.ReaderPrincipalARNs, readers) {
				return fmt.Errorf("quarantine in the policy: %+v, want readers %v", f.Quarantine, readers)
			}
			if f.ScanGate == nil || !slices.Equal(f.ScanGate.Prefixes, []string{"uploads/"}) || !slices.Equal(f.ScanGate.ExemptPrincipalARNs, []string{promoter}) {
				return fmt.Errorf("scan gate in the policy: %+v", f.ScanGate)
			}
			if len(f.Statements) != 1 || f.Statements[0].Sid() != userSid {
				return fmt.Errorf("user statements: %d, want the one with Sid %s", len(f.Statements), userSid)
			}
			if len(f.Grants) != 1 {
				return fmt.Errorf("grants: %d, want 1", len(f.Grants))
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		PreCheck:                 func() { acctest.PreCheck(t) },
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			{
				Config: config(fmt.Sprintf("%q", reader), "DenyDeletesOfUploads"),
				Check:  checkGrant(client, grantAddr, standInARN("distribution"), holds([]string{reader}, "DenyDeletesOfUploads")),
			},
			{
				// The bucket rewrites its part of the policy (a new
				// quarantine reader, another user Sid); the grant is kept
				// and needs no change.
				Config: config(fmt.Sprintf("%q, %q", reader, promoter), "DenyDeletesUnderUploads"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(bucketAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction(grantAddr, plancheck.ResourceActionNoop),
				}},
				Check: checkGrant(client, grantAddr, standInARN("distribution"), holds([]string{promoter, reader}, "DenyDeletesUnderUploads")),
			},
		},
	})
}
