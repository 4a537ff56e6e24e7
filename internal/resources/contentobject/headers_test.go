package contentobject

import (
	"context"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

func TestHeadersOfDefaultsTheStorageClass(t *testing.T) {
	h := headersOf(&s3.HeadObjectOutput{ContentType: aws.String("text/plain"), ServerSideEncryption: s3types.ServerSideEncryptionAes256})
	if h.StorageClass != "STANDARD" || h.ContentType != "text/plain" || h.ServerSideEncryption != "AES256" {
		t.Errorf("headersOf = %+v", h)
	}
}

func TestDifferences(t *testing.T) {
	stored := headers{ContentType: "text/plain; charset=utf-8", CacheControl: "public", StorageClass: "STANDARD",
		ServerSideEncryption: "aws:kms", KMSKeyID: "arn:aws:kms:us-east-1:111122223333:key/k1"}
	md, _ := types.MapValueFrom(context.Background(), types.StringType, map[string]string{"team": "media"})
	m := model{
		ContentType:          types.StringValue("application/octet-stream"),
		CacheControl:         types.StringValue("public"),
		Metadata:             md,
		ServerSideEncryption: types.StringValue("aws:kms"),
		KMSKeyID:             types.StringValue("key/k1"),
		StorageClass:         types.StringValue("STANDARD_IA"),
	}
	got := strings.Join(differences(stored, m), "\n")
	for _, want := range []string{
		`content_type: stored "text/plain; charset=utf-8", configured "application/octet-stream"`,
		`metadata: stored "{}", configured "{team=media}"`,
		`storage_class: stored "STANDARD", configured "STANDARD_IA"`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("differences lack %q:\n%s", want, got)
		}
	}
	for _, absent := range []string{"cache_control", "server_side_encryption", "kms_key_id"} {
		if strings.Contains(got, absent) {
			t.Errorf("%s reported although it matches:\n%s", absent, got)
		}
	}
	// Unset (null) and unknown attributes are not compared.
	none := model{ContentType: types.StringUnknown(), CacheControl: types.StringNull(), Metadata: types.MapNull(types.StringType),
		ServerSideEncryption: types.StringNull(), KMSKeyID: types.StringNull(), StorageClass: types.StringNull()}
	if d := differences(stored, none); len(d) != 0 {
		t.Errorf("unset attributes compared: %v", d)
	}
}

func TestWarnAdopted(t *testing.T) {
	var diags diag.Diagnostics
	warnAdopted(&diags, "b", "cas/ab/ab", nil)
	if len(diags) != 0 {
		t.Fatal("a warning without differences")
	}
	warnAdopted(&diags, "b", "cas/ab/ab", []string{`content_type: stored "a", configured "b"`})
	if diags.WarningsCount() != 1 || diags.HasError() || !strings.Contains(diags[0].Detail(), "first writer") {
		t.Errorf("diags = %v", diags)
	}
}
