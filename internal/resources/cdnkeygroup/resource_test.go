package cdnkeygroup_test

import (
	"context"
	"crypto/elliptic"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys/testkeys"
)

// Acceptance tests of filestore_cdn_key_group against the CloudFront of the
// test bed (kumo locally, CloudFront itself with FILESTORE_ACC_TARGET=aws).
// kumo does not implement UpdateKeyGroup and ignores If-Match, so these tests
// only use flows that need neither: create with several keys (keys first,
// then one CreateKeyGroup), read, import, delete, and a group deleted out of
// band. Rotation and ETag handling are tested against
// internal/cloudfrontfake in cdn_key_group_rotation_test.go.

const resourceAddr = "filestore_cdn_key_group.test"

// pemFile writes a PEM to a file of the test's temporary directory
// (configurations read keys with file(), as users do).
func pemFile(t *testing.T, name, pemText string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name+".pub.pem")
	if err := os.WriteFile(p, []byte(pemText), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// hclConfig renders a key group with keys read from files.
func hclConfig(providerBlock, name, comment string, files map[string]string) string {
	var b strings.Builder
	b.WriteString(providerBlock)
	fmt.Fprintf(&b, "resource \"filestore_cdn_key_group\" \"test\" {\n  name = %q\n", name)
	if comment != "" {
		fmt.Fprintf(&b, "  comment = %q\n", comment)
	}
	b.WriteString("  public_keys = {\n")
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(&b, "    %q = file(%q)\n", n, files[n])
	}
	b.WriteString("  }\n}\n")
	return b.String()
}

// stateIDs tracks what a test created, for CheckDestroy.
type stateIDs struct {
	groups []string
	keys   []string
}

func (ids *stateIDs) record(s *terraform.State) (group string, keys map[string]string, err error) {
	rs, ok := s.RootModule().Resources[resourceAddr]
	if !ok {
		return "", nil, fmt.Errorf("%s not in state", resourceAddr)
	}
	group = rs.Primary.ID
	keys = map[string]string{}
	for k, v := range rs.Primary.Attributes {
		if name, ok := strings.CutPrefix(k, "public_key_ids."); ok && name != "%" {
			keys[name] = v
			ids.keys = append(ids.keys, v)
		}
	}
	ids.groups = append(ids.groups, group)
	return group, keys, nil
}

// checkDestroyed asks the server that every group and key the test saw is gone.
func (ids *stateIDs) checkDestroyed(cf *cloudfront.Client) resource.TestCheckFunc {
	return func(*terraform.State) error {
		ctx := context.Background()
		for _, g := range ids.groups {
			_, err := cf.GetKeyGroup(ctx, &cloudfront.GetKeyGroupInput{Id: aws.String(g)})
			if !awsclient.IsNotFound(err, "NoSuchResource") {
				return fmt.Errorf("key group %s still exists after destroy (GetKeyGroup: %w)", g, err)
			}
		}
		for _, k := range ids.keys {
			_, err := cf.GetPublicKey(ctx, &cloudfront.GetPublicKeyInput{Id: aws.String(k)})
			if !awsclient.IsNotFound(err, "NoSuchPublicKey") {
				return fmt.Errorf("public key %s still exists after destroy (GetPublicKey: %w)", k, err)
			}
		}
		return nil
	}
}

// checkServerMatches asks CloudFront for the group and its keys and compares
// them with the state: members, derived key names, key material.
func checkServer(cf *cloudfront.Client, ids *stateIDs, wantName, wantComment string, pems map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ctx := context.Background()
		group, keys, err := ids.record(s)
		if err != nil {
			return err
		}
		out, err := cf.GetKeyGroup(ctx, &cloudfront.GetKeyGroupInput{Id: aws.String(group)})
		if err != nil {
			return fmt.Errorf("GetKeyGroup %s: %w", group, err)
		}
		cfg := out.KeyGroup.KeyGroupConfig
		if got := aws.ToString(cfg.Name); got != wantName {
			return fmt.Errorf("server key group name = %q, want %q", got, wantName)
		}
		if got := aws.ToString(cfg.Comment); got != wantComment {
			return fmt.Errorf("server key group comment = %q, want %q", got, wantComment)
		}
		if rs := s.RootModule().Resources[resourceAddr]; rs.Primary.Attributes["etag"] != aws.ToString(out.ETag) {
			return fmt.Errorf("state etag %q, server ETag %q", rs.Primary.Attributes["etag"], aws.ToString(out.ETag))
		}
		items := append([]string(nil), cfg.Items...)
		sort.Strings(items)
		var want []string
		for _, id := range keys {
			want = append(want, id)
		}
		sort.Strings(want)
		if strings.Join(items, ",") != strings.Join(want, ",") || len(keys) != len(pems) {
			return fmt.Errorf("server key group items %v, state public_key_ids %v (want %d keys)", items, keys, len(pems))
		}
		for logical, id := range keys {
			k, err := cf.GetPublicKey(ctx, &cloudfront.GetPublicKeyInput{Id: aws.String(id)})
			if err != nil {
				return fmt.Errorf("GetPublicKey %s (%s): %w", id, logical, err)
			}
			pk := k.PublicKey.PublicKeyConfig
			if !cdnkeys.SamePEM(aws.ToString(pk.EncodedKey), pems[logical]) {
				return fmt.Errorf("public key %s (%s) holds other key material than configured", id, logical)
			}
			parsed, err := cdnkeys.ParsePEM(pems[logical])
			if err != nil {
				return err
			}
			if want := cdnkeys.KeyName(wantName, logical, parsed.Fingerprint()); aws.ToString(pk.Name) != want {
				return fmt.Errorf("public key %s is named %q, want %q", id, aws.ToString(pk.Name), want)
			}
		}
		return nil
	}
}

func TestAccCDNKeyGroup_basic(t *testing.T) {
	acctest.PreCheck(t)
	cf := acctest.CloudFront(t)
	name := acctest.RandomName("tf-acc-signers-")
	current := testkeys.RSA(t, 2048)
	next := testkeys.ECDSA(t, elliptic.P256())
	pems := map[string]string{"2026-11": current.PublicPEM, "2027-05": next.PublicPEM}
	files := map[string]string{"2026-11": pemFile(t, "current", current.PublicPEM), "2027-05": pemFile(t, "next", next.PublicPEM)}
	ids := &stateIDs{}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             ids.checkDestroyed(cf),
		Steps: []resource.TestStep{
			{
				Config: hclConfig(acctest.ProviderBlock(), name, "signs download URLs", files),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("public_key_ids")),
				}},
				ConfigStateChecks: []statecheck.StateCheck{
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("name"), knownvalue.StringExact(name)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("comment"), knownvalue.StringExact("signs download URLs")),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("public_key_ids"), knownvalue.MapSizeExact(2)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("public_keys").AtMapKey("2026-11"), knownvalue.StringExact(current.PublicPEM)),
					statecheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("etag"), knownvalue.NotNull()),
				},
				Check: checkServer(cf, ids, name, "signs download URLs", pems),
			},
			{
				ResourceName:      resourceAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
		},
	})
}

// A group deleted out of band is planned for creation, and re-created.
func TestAccCDNKeyGroup_disappears(t *testing.T) {
	acctest.PreCheck(t)
	cf := acctest.CloudFront(t)
	name := acctest.RandomName("tf-acc-signers-")
	key := testkeys.RSA(t, 2048)
	pems := map[string]string{"current": key.PublicPEM}
	cfg := hclConfig(acctest.ProviderBlock(), name, "", map[string]string{"current": pemFile(t, "current", key.PublicPEM)})
	ids := &stateIDs{}
	var firstGroup string
	var firstKeys map[string]string

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy:             ids.checkDestroyed(cf),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					checkServer(cf, ids, name, "", pems),
					func(s *terraform.State) (err error) {
						firstGroup, firstKeys, err = ids.record(s)
						return err
					},
					resource.TestCheckNoResourceAttr(resourceAddr, "comment"),
				),
			},
			{
				PreConfig: func() {
					ctx := context.Background()
					got, err := cf.GetKeyGroup(ctx, &cloudfront.GetKeyGroupInput{Id: aws.String(firstGroup)})
					if err != nil {
						t.Fatalf("GetKeyGroup: %v", err)
					}
					if _, err := cf.DeleteKeyGroup(ctx, &cloudfront.DeleteKeyGroupInput{Id: aws.String(firstGroup), IfMatch: got.ETag}); err != nil {
						t.Fatalf("deleting the key group out of band: %v", err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
				}},
				Check: resource.ComposeTestCheckFunc(
					checkServer(cf, ids, name, "", pems),
					func(s *terraform.State) error {
						group, keys, err := ids.record(s)
						if err != nil {
							return err
						}
						if group == firstGroup {
							return fmt.Errorf("key group id %s did not change after re-creation", group)
						}
						// CloudFront itself keeps public key names unique, and
						// the resource adopts the key left behind by the
						// deleted group; kumo allows duplicate names, so there
						// the old key is an orphan the test removes.
						if keys["current"] != firstKeys["current"] {
							old, err := cf.GetPublicKey(context.Background(), &cloudfront.GetPublicKeyInput{Id: aws.String(firstKeys["current"])})
							if err == nil {
								_, err = cf.DeletePublicKey(context.Background(), &cloudfront.DeletePublicKeyInput{Id: aws.String(firstKeys["current"]), IfMatch: old.ETag})
							}
							if err != nil && !awsclient.IsNotFound(err, "NoSuchPublicKey") {
								return fmt.Errorf("removing the orphaned key: %w", err)
							}
						}
						return nil
					},
				),
			},
		},
	})
}

// Plan-time validation: errors before anything is created.
func TestAccCDNKeyGroup_validation(t *testing.T) {
	acctest.PreCheck(t)
	good := testkeys.RSA(t, 2048)
	small := testkeys.RSA(t, 1024)
	p384 := testkeys.ECDSA(t, elliptic.P384())
	goodFile := pemFile(t, "good", good.PublicPEM)
	six := map[string]string{}
	for i := range 6 {
		six[fmt.Sprintf("k%d", i)] = goodFile
	}
	// want: fragments that must appear in this order; OpenTofu wraps long
	// messages, so any run of spaces matches any whitespace.
	step := func(cfg string, want ...string) resource.TestStep {
		parts := make([]string, len(want))
		for i, w := range want {
			parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(w)), `\s+`)
		}
		return resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))}
	}
	pb := acctest.ProviderBlock()
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		Steps: []resource.TestStep{
			// The error points at the offending key's line: its attribute
			// path is public_keys["small"], not the whole map.
			step(hclConfig(pb, "signers", "", map[string]string{"good": goodFile, "small": pemFile(t, "small", small.PublicPEM)}),
				"Invalid CloudFront public key", `"small" = file(`, "RSA key of 1024 bits; CloudFront accepts RSA keys of exactly 2048 bits"),
			step(hclConfig(pb, "signers", "", map[string]string{"p384": pemFile(t, "p384", p384.PublicPEM)}), `"p384" = file(`, "curve P-384"),
			step(hclConfig(pb, "signers", "", map[string]string{"private": pemFile(t, "private", good.PrivatePEM(t))}), `"private" = file(`, "give the public key only"),
			step(hclConfig(pb, "signers", "", six), "1 to 5 public keys; 6 given"),
			step(hclConfig(pb, "signers", "", map[string]string{"bad.name": goodFile}), `"bad.name" = file(`, "may contain only letters, digits, hyphens (-) and underscores (_)"),
			step(hclConfig(pb, "bad name", "", map[string]string{"k": goodFile}), "Invalid CloudFront key group name", "may contain only letters, digits"),
			step(hclConfig(pb, "signers", strings.Repeat("c", 129), map[string]string{"k": goodFile}), "Invalid CloudFront key group comment", "CloudFront accepts at most 128"),
			step(pb+`resource "filestore_cdn_key_group" "test" {
  name        = "signers"
  public_keys = {}
}
`, "1 to 5 public keys; 0 given"),
		},
	})
}
