package datasources_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	tfjson "github.com/hashicorp/terraform-json"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfversion"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
)

// An ephemeral presigned PUT URL used by a provisioner: the upload happens
// (the server has the object) and the URL — its signature and credential —
// appears neither in the state nor in any file OpenTofu wrote.
func TestAccPresignedURLEphemeral_provisionerUpload(t *testing.T) {
	acctest.PreCheck(t)
	client := acctest.S3(t)
	bucket := testBucket(t, client)
	const key = "ephemeral/hello.txt"
	const body = "uploaded through an ephemeral presigned URL"

	// Working directories go here so that every file OpenTofu writes can be
	// scanned (not parallel: t.Setenv).
	workDir := t.TempDir()
	t.Setenv("TF_ACC_TEMP_DIR", workDir)

	cacert := ""
	if !acctest.IsAWS() {
		cacert = "--cacert " + acctest.Env().CAFile
	}
	config := acctest.ProviderBlock() + fmt.Sprintf(`
ephemeral "filestore_presigned_url" "put" {
  bucket       = %[1]q
  key          = %[2]q
  method       = "PUT"
  content_type = "text/plain"
  expires_in   = "5m"
}

resource "terraform_data" "upload" {
  input = %[2]q

  provisioner "local-exec" {
    command = "curl -sS --fail-with-body %[4]s -X PUT -H 'Content-Type: text/plain' --data-binary '%[3]s' \"$URL\""
    environment = {
      URL = ephemeral.filestore_presigned_url.put.url
    }
  }
}
`, bucket, key, body, cacert)

	noSignatureAnywhere := stateFunc(func(ctx context.Context, s *tfjson.State) error {
		got, err := getObject(ctx, client, bucket, key)
		if err != nil || got != body {
			return fmt.Errorf("the provisioner's upload is not on the server: %q %w", got, err)
		}
		raw, err := json.Marshal(s)
		if err != nil {
			return err
		}
		for _, needle := range []string{"X-Amz-Signature", "X-Amz-Credential"} {
			if strings.Contains(string(raw), needle) {
				return fmt.Errorf("the state contains %q", needle)
			}
		}
		for _, r := range s.Values.RootModule.Resources {
			if r.Type == "filestore_presigned_url" {
				return fmt.Errorf("the ephemeral resource is in the state as %s", r.Address)
			}
		}
		var scanned int
		sawState := false
		err = filepath.WalkDir(workDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			scanned++
			if filepath.Base(p) == "terraform.tfstate" {
				sawState = true
			}
			if strings.Contains(string(b), "X-Amz-Signature") {
				return fmt.Errorf("%s contains a presigned URL", p)
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, r := range s.Values.RootModule.Resources {
			if r.Address == "terraform_data.upload" {
				if !sawState {
					return fmt.Errorf("no terraform.tfstate among the %d files under %s", scanned, workDir)
				}
				t.Logf("scanned %d files OpenTofu wrote, terraform.tfstate included: no presigned URL", scanned)
				return nil
			}
		}
		return fmt.Errorf("terraform_data.upload not in state")
	})

	resource.Test(t, resource.TestCase{
		TerraformVersionChecks:   []tfversion.TerraformVersionCheck{tfversion.SkipBelow(tfversion.Version1_11_0)},
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{{
			Config:            config,
			ConfigStateChecks: []statecheck.StateCheck{noSignatureAnywhere},
		}},
	})
}
