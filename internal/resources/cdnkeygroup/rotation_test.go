package cdnkeygroup_test

import (
	"context"
	"crypto/elliptic"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/filestore/terraform-provider-filestore/internal/acctest"
	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys/testkeys"
	"github.com/filestore/terraform-provider-filestore/internal/cloudfrontfake"
)

// Rotation and ETag handling of filestore_cdn_key_group, driven through real
// OpenTofu steps against internal/cloudfrontfake: an httptest server that
// answers as CloudFront documents (2020-05-31 XML shapes, ETag headers, 412
// PreconditionFailed on a stale If-Match, 409 PublicKeyInUse while a key is
// in a group, 409 ResourceInUse while a distribution trusts a group, 404
// NoSuchPublicKey / NoSuchResource, unique public key names). The test bed's
// CloudFront (kumo) cannot run these flows: it does not implement
// UpdateKeyGroup (405) and ignores If-Match. Every test asserts on the fake's
// recorded requests: which calls were made, in which order, with which
// If-Match.

type fakeCloudFront struct {
	t    *testing.T
	fake *cloudfrontfake.Fake
	url  string
}

func newFakeCloudFront(t *testing.T) *fakeCloudFront {
	t.Helper()
	acctest.PreCheck(t)
	f, url := cloudfrontfake.NewServer(t)
	return &fakeCloudFront{t: t, fake: f, url: url}
}

// providerBlock points the provider at the fake with static test credentials
// (the fake only checks that requests are SigV4-signed).
func (k *fakeCloudFront) providerBlock() string {
	return fmt.Sprintf(`provider "filestore" {
  region     = "us-east-1"
  access_key = "fakeaccesskey"
  secret_key = "fakesecretkey"
  endpoints  = { cloudfront = %q }
}
`, k.url)
}

// client is an SDK client for setting up out-of-band changes on the fake.
func (k *fakeCloudFront) client() *cloudfront.Client {
	return cloudfront.New(cloudfront.Options{
		Region: "us-east-1", BaseEndpoint: aws.String(k.url), Retryer: aws.NopRetryer{},
		Credentials: credentials.NewStaticCredentialsProvider("fakeaccesskey", "fakesecretkey", ""),
	})
}

func (k *fakeCloudFront) group() cloudfrontfake.KeyGroup {
	k.t.Helper()
	groups := k.fake.KeyGroups()
	if len(groups) != 1 {
		k.t.Fatalf("the fake holds %d key groups, want 1", len(groups))
	}
	return groups[0]
}

// applyCalls is the part of the requests since mark that the apply made:
// the refreshes of the plan before it and of the checks after it (GetKeyGroup
// only) are trimmed from both ends.
func applyCalls(reqs []cloudfrontfake.Request) []cloudfrontfake.Request {
	for len(reqs) > 0 && reqs[0].Op == cloudfrontfake.OpGetKeyGroup {
		reqs = reqs[1:]
	}
	for len(reqs) > 0 && reqs[len(reqs)-1].Op == cloudfrontfake.OpGetKeyGroup {
		reqs = reqs[:len(reqs)-1]
	}
	return reqs
}

// describe renders calls as "Op[id] If-Match=E.. -> 200" lines for messages.
func describe(reqs []cloudfrontfake.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "\n  %s[%s] name=%q items=%v If-Match=%q injected=%v -> %d %s", r.Op, r.ID, r.Name, r.Items, r.IfMatch, r.Injected, r.Status, r.ErrorCode)
	}
	return b.String()
}

// call is an expected request: op, status, and optional checks.
type call struct {
	op      cloudfrontfake.Op
	status  int
	id      string   // "" = any
	ifMatch string   // "" = do not check here (checkIfMatch checks them all)
	items   []string // nil = do not check
	name    string   // "" = do not check
}

func expectCalls(got []cloudfrontfake.Request, want ...call) error {
	if len(got) != len(want) {
		return fmt.Errorf("the apply made %d calls, want %d:%s", len(got), len(want), describe(got))
	}
	for i, w := range want {
		g := got[i]
		switch {
		case g.Op != w.op || g.Status != w.status:
			return fmt.Errorf("call %d is %s -> %d, want %s -> %d:%s", i+1, g.Op, g.Status, w.op, w.status, describe(got))
		case w.id != "" && g.ID != w.id:
			return fmt.Errorf("call %d (%s) is on %s, want %s:%s", i+1, g.Op, g.ID, w.id, describe(got))
		case w.ifMatch != "" && g.IfMatch != w.ifMatch:
			return fmt.Errorf("call %d (%s) carried If-Match %q, want %q:%s", i+1, g.Op, g.IfMatch, w.ifMatch, describe(got))
		case w.items != nil && !slices.Equal(sorted(g.Items), sorted(w.items)):
			return fmt.Errorf("call %d (%s) set items %v, want %v:%s", i+1, g.Op, g.Items, w.items, describe(got))
		case w.name != "" && g.Name != w.name:
			return fmt.Errorf("call %d (%s) named %q, want %q:%s", i+1, g.Op, g.Name, w.name, describe(got))
		}
	}
	return nil
}

func sorted(s []string) []string {
	c := append([]string(nil), s...)
	slices.Sort(c)
	return c
}

// untouched fails if any call addressed one of the key ids.
func untouched(reqs []cloudfrontfake.Request, keyIDs ...string) error {
	for _, r := range reqs {
		if r.ID != "" && slices.Contains(keyIDs, r.ID) {
			return fmt.Errorf("unchanged key %s was touched: %s", r.ID, describe([]cloudfrontfake.Request{r}))
		}
	}
	return nil
}

// checkIfMatch verifies the whole log: every update and delete carried an
// If-Match equal to the newest ETag the provider had been given for that
// resource (by a create, read or update), except requests that met an
// injected concurrent change, which must have been answered 412.
func checkIfMatch(reqs []cloudfrontfake.Request) error {
	latest := map[string]string{} // resource id -> newest ETag answered
	for i, r := range reqs {
		switch r.Op {
		case cloudfrontfake.OpUpdateKeyGroup, cloudfrontfake.OpDeleteKeyGroup, cloudfrontfake.OpDeletePublicKey:
			switch {
			case r.IfMatch == "":
				return fmt.Errorf("request %d %s[%s] carried no If-Match", i+1, r.Op, r.ID)
			case r.Injected:
				if r.Status != http.StatusPreconditionFailed {
					return fmt.Errorf("request %d %s[%s] met a concurrent change but was answered %d", i+1, r.Op, r.ID, r.Status)
				}
			case r.IfMatch != latest[r.ID]:
				return fmt.Errorf("request %d %s[%s] carried If-Match %q, but the newest ETag the provider had seen was %q", i+1, r.Op, r.ID, r.IfMatch, latest[r.ID])
			}
		}
		if r.ETag != "" {
			id := r.ID
			if id == "" {
				id = r.ResultID
			}
			latest[id] = r.ETag
		}
	}
	return nil
}

func writePEM(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func keyNameOf(t *testing.T, group, logical, pemText string) string {
	t.Helper()
	k, err := cdnkeys.ParsePEM(pemText)
	if err != nil {
		t.Fatal(err)
	}
	return cdnkeys.KeyName(group, logical, k.Fingerprint())
}

func stateKeyIDs(s *terraform.State) map[string]string {
	out := map[string]string{}
	rs, ok := s.RootModule().Resources[resourceAddr]
	if !ok {
		return out
	}
	for k, v := range rs.Primary.Attributes {
		if name, ok := strings.CutPrefix(k, "public_key_ids."); ok && name != "%" {
			out[name] = v
		}
	}
	return out
}

func stringIs(want *string) knownvalue.Check {
	return knownvalue.StringFunc(func(v string) error {
		if v != *want {
			return fmt.Errorf("got %q, want %q", v, *want)
		}
		return nil
	})
}

// TestAccCDNKeyGroup_rotation: add a key (step 2), remove the old one
// (step 3), change the PEM under a name (step 4), import (step 5), a
// whitespace-only PEM change (step 6). Keys that do not change are never
// addressed; the order is create -> update group -> delete; every update and
// delete carries the right If-Match; injected concurrent changes (412) are
// retried after a fresh read and converge.
func TestAccCDNKeyGroup_rotation(t *testing.T) {
	kf := newFakeCloudFront(t)
	const group = "uploads-signers"
	dir := t.TempDir()
	keyA, keyB, keyC := testkeys.RSA(t, 2048), testkeys.ECDSA(t, elliptic.P256()), testkeys.RSA(t, 2048)
	fileA, fileB, fileC := writePEM(t, dir, "a.pem", keyA.PublicPEM), writePEM(t, dir, "b.pem", keyB.PublicPEM), writePEM(t, dir, "c.pem", keyC.PublicPEM)
	// The same key as C, as a Windows checkout with indentation would have it.
	fileCRLF := writePEM(t, dir, "c-crlf.pem", "  "+strings.ReplaceAll(keyC.PublicPEM, "\n", "\r\n  ")+"\r\n")
	cfg := func(files map[string]string) string {
		return hclConfig(kf.providerBlock(), group, "signs download URLs", files)
	}
	var mark int
	var idA, idB, idC, etag string
	before := func() {
		mark = kf.fake.Mark()
		etag = kf.group().ETag
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if n := len(kf.fake.KeyGroups()) + len(kf.fake.PublicKeys()); n != 0 {
				return fmt.Errorf("after destroy the fake still holds %v and %v", kf.fake.KeyGroups(), kf.fake.PublicKeys())
			}
			return checkIfMatch(kf.fake.Requests())
		},
		Steps: []resource.TestStep{
			{ // 1. One key: keys first, then one CreateKeyGroup; no UpdateKeyGroup.
				Config: cfg(map[string]string{"2026-11": fileA}),
				Check: func(s *terraform.State) error {
					idA = stateKeyIDs(s)["2026-11"]
					return expectCalls(applyCalls(kf.fake.Requests()),
						call{op: cloudfrontfake.OpCreatePublicKey, status: 201, name: keyNameOf(t, group, "2026-11", keyA.PublicPEM)},
						call{op: cloudfrontfake.OpCreateKeyGroup, status: 201, name: group, items: []string{idA}},
					)
				},
			},
			{ // 2. Add the next key: create it, then add it to the group.
				PreConfig: before,
				Config:    cfg(map[string]string{"2026-11": fileA, "2027-05": fileB}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					// Signers using the current key see no change.
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("public_key_ids").AtMapKey("2026-11"), stringIs(&idA)),
					plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("public_key_ids").AtMapKey("2027-05")),
					plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("etag")),
				}},
				Check: func(s *terraform.State) error {
					idB = stateKeyIDs(s)["2027-05"]
					calls := applyCalls(kf.fake.RequestsSince(mark))
					if err := expectCalls(calls,
						call{op: cloudfrontfake.OpCreatePublicKey, status: 201, name: keyNameOf(t, group, "2027-05", keyB.PublicPEM)},
						call{op: cloudfrontfake.OpUpdateKeyGroup, status: 200, ifMatch: etag, items: []string{idA, idB}},
					); err != nil {
						return err
					}
					return untouched(kf.fake.RequestsSince(mark), idA)
				},
			},
			{ // 3. Remove the old key: out of the group, then deleted with its
				// own ETag. A concurrent change of the key makes the first
				// delete stale (412): re-read, retried.
				PreConfig: func() {
					before()
					kf.fake.InjectConcurrentChange(cloudfrontfake.OpDeletePublicKey, 1)
				},
				Config: cfg(map[string]string{"2027-05": fileB}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("public_key_ids").AtMapKey("2027-05"), stringIs(&idB)),
				}},
				Check: func(s *terraform.State) error {
					calls := applyCalls(kf.fake.RequestsSince(mark))
					if err := expectCalls(calls,
						call{op: cloudfrontfake.OpUpdateKeyGroup, status: 200, ifMatch: etag, items: []string{idB}},
						call{op: cloudfrontfake.OpGetPublicKey, status: 200, id: idA},
						call{op: cloudfrontfake.OpDeletePublicKey, status: 412, id: idA},
						call{op: cloudfrontfake.OpGetPublicKey, status: 200, id: idA},
						call{op: cloudfrontfake.OpDeletePublicKey, status: 204, id: idA},
					); err != nil {
						return err
					}
					if _, ok := kf.fake.PublicKey(idA); ok {
						return fmt.Errorf("old key %s still exists", idA)
					}
					return untouched(kf.fake.RequestsSince(mark), idB)
				},
			},
			{ // 4. A new PEM under the same name: create the new key, swap it
				// in with one UpdateKeyGroup, delete the old one. A concurrent
				// change of the group makes the first update stale (412):
				// fresh read, retried with the new ETag.
				PreConfig: func() {
					before()
					kf.fake.InjectConcurrentChange(cloudfrontfake.OpUpdateKeyGroup, 1)
				},
				Config: cfg(map[string]string{"2027-05": fileC}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("public_key_ids").AtMapKey("2027-05")),
				}},
				Check: func(s *terraform.State) error {
					idC = stateKeyIDs(s)["2027-05"]
					calls := applyCalls(kf.fake.RequestsSince(mark))
					if err := expectCalls(calls,
						call{op: cloudfrontfake.OpCreatePublicKey, status: 201, name: keyNameOf(t, group, "2027-05", keyC.PublicPEM)},
						call{op: cloudfrontfake.OpUpdateKeyGroup, status: 412, ifMatch: etag, items: []string{idC}},
						call{op: cloudfrontfake.OpGetKeyGroup, status: 200},
						call{op: cloudfrontfake.OpUpdateKeyGroup, status: 200, items: []string{idC}},
						call{op: cloudfrontfake.OpGetPublicKey, status: 200, id: idB},
						call{op: cloudfrontfake.OpDeletePublicKey, status: 204, id: idB},
					); err != nil {
						return err
					}
					if calls[3].IfMatch != calls[2].ETag {
						return fmt.Errorf("the retried UpdateKeyGroup carried %q, not the ETag of the fresh read %q", calls[3].IfMatch, calls[2].ETag)
					}
					if idC == idB {
						return fmt.Errorf("the key id did not change with the PEM")
					}
					g := kf.group()
					if rs := s.RootModule().Resources[resourceAddr]; rs.Primary.Attributes["etag"] != g.ETag {
						return fmt.Errorf("state etag %q, server %q", rs.Primary.Attributes["etag"], g.ETag)
					}
					return checkIfMatch(kf.fake.Requests())
				},
			},
			{ // 5. Import: logical names recovered from the derived key names.
				ResourceName:      resourceAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{ // 6. The same key with CRLF line endings and indentation: the
				// string changes, so the plan shows an in-place update, but the
				// key is the same: no CloudFront call, ids and ETag stay known.
				PreConfig: before,
				Config:    cfg(map[string]string{"2027-05": fileCRLF}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("public_key_ids").AtMapKey("2027-05"), stringIs(&idC)),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("etag"), stringIs(&etag)),
				}},
				Check: func(*terraform.State) error {
					if calls := applyCalls(kf.fake.RequestsSince(mark)); len(calls) != 0 {
						return fmt.Errorf("a whitespace-only PEM change made CloudFront calls:%s", describe(calls))
					}
					return nil
				},
			},
		},
	})
}

// A key taken out of the group out of band shows as a diff and is put back
// (the same key, adopted by name: CloudFront public key names are unique);
// a group deleted out of band is planned for creation and re-created around
// the same keys.
func TestAccCDNKeyGroup_driftOutOfBand(t *testing.T) {
	kf := newFakeCloudFront(t)
	const group = "drift-signers"
	dir := t.TempDir()
	keyA, keyB := testkeys.RSA(t, 2048), testkeys.RSA(t, 2048)
	cfg := hclConfig(kf.providerBlock(), group, "", map[string]string{
		"a": writePEM(t, dir, "a.pem", keyA.PublicPEM), "b": writePEM(t, dir, "b.pem", keyB.PublicPEM)})
	var ids map[string]string
	var groupID string
	var mark int

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if n := len(kf.fake.KeyGroups()) + len(kf.fake.PublicKeys()); n != 0 {
				return fmt.Errorf("after destroy the fake still holds %v and %v", kf.fake.KeyGroups(), kf.fake.PublicKeys())
			}
			return checkIfMatch(kf.fake.Requests())
		},
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: func(s *terraform.State) error {
					ids = stateKeyIDs(s)
					groupID = kf.group().ID
					return nil
				},
			},
			{
				PreConfig: func() {
					if !kf.fake.RemoveFromGroupOutOfBand(groupID, ids["b"]) {
						t.Fatal("could not remove key b out of band")
					}
					mark = kf.fake.Mark()
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectUnknownValue(resourceAddr, tfjsonpath.New("public_key_ids").AtMapKey("b")),
				}},
				Check: func(s *terraform.State) error {
					if got := stateKeyIDs(s)["b"]; got != ids["b"] {
						return fmt.Errorf("key b is %s after the repair, want the original %s (adopted)", got, ids["b"])
					}
					if n := len(kf.fake.PublicKeys()); n != 2 {
						return fmt.Errorf("%d public keys exist, want 2 (no duplicate)", n)
					}
					if items := kf.group().Items; !slices.Equal(sorted(items), sorted([]string{ids["a"], ids["b"]})) {
						return fmt.Errorf("group items %v", items)
					}
					return expectCalls(applyCalls(kf.fake.RequestsSince(mark)),
						call{op: cloudfrontfake.OpCreatePublicKey, status: 409},
						call{op: cloudfrontfake.OpListPublicKeys, status: 200},
						call{op: cloudfrontfake.OpUpdateKeyGroup, status: 200, items: []string{ids["a"], ids["b"]}},
					)
				},
			},
			{
				PreConfig: func() {
					if !kf.fake.DeleteKeyGroupOutOfBand(groupID) {
						t.Fatal("could not delete the group out of band")
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionCreate),
				}},
				Check: func(s *terraform.State) error {
					if g := kf.group(); g.ID == groupID || !slices.Equal(sorted(g.Items), sorted([]string{ids["a"], ids["b"]})) {
						return fmt.Errorf("re-created group %s holds %v, want a new id around %v", g.ID, g.Items, ids)
					}
					if n := len(kf.fake.PublicKeys()); n != 2 {
						return fmt.Errorf("%d public keys exist, want 2", n)
					}
					return nil
				},
			},
		},
	})
}

// Keys and groups still in use: the errors name the key groups and the
// distributions that use them. Deleting with a stale ETag is retried after a
// fresh read.
func TestAccCDNKeyGroup_inUse(t *testing.T) {
	kf := newFakeCloudFront(t)
	const group = "busy-signers"
	dir := t.TempDir()
	keyA, keyB := testkeys.RSA(t, 2048), testkeys.RSA(t, 2048)
	fileA, fileB := writePEM(t, dir, "a.pem", keyA.PublicPEM), writePEM(t, dir, "b.pem", keyB.PublicPEM)
	var ids map[string]string
	var groupID, otherGroupID string
	var mark int

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if _, ok := kf.fake.KeyGroup(groupID); ok {
				return fmt.Errorf("key group %s still exists", groupID)
			}
			if _, ok := kf.fake.PublicKey(ids["b"]); ok {
				return fmt.Errorf("public key %s still exists", ids["b"])
			}
			// The destroy met a concurrent change: 412, fresh read, retried.
			var deletes []cloudfrontfake.Request
			for _, r := range kf.fake.RequestsSince(mark) {
				if r.Op == cloudfrontfake.OpDeleteKeyGroup || r.Op == cloudfrontfake.OpGetKeyGroup {
					deletes = append(deletes, r)
				}
			}
			if err := expectCalls(deletes[len(deletes)-3:],
				call{op: cloudfrontfake.OpDeleteKeyGroup, status: 412},
				call{op: cloudfrontfake.OpGetKeyGroup, status: 200},
				call{op: cloudfrontfake.OpDeleteKeyGroup, status: 204},
			); err != nil {
				return err
			}
			return checkIfMatch(kf.fake.Requests())
		},
		Steps: []resource.TestStep{
			{
				Config: hclConfig(kf.providerBlock(), group, "", map[string]string{"a": fileA, "b": fileB}),
				Check: func(s *terraform.State) error {
					ids = stateKeyIDs(s)
					groupID = kf.group().ID
					return nil
				},
			},
			{ // Key a is also in another team's group, trusted by a distribution.
				PreConfig: func() {
					out, err := kf.client().CreateKeyGroup(context.Background(), &cloudfront.CreateKeyGroupInput{KeyGroupConfig: &cftypes.KeyGroupConfig{
						Name: aws.String("other-team"), Items: []string{ids["a"]}}})
					if err != nil {
						t.Fatal(err)
					}
					otherGroupID = aws.ToString(out.KeyGroup.Id)
					kf.fake.AddDistribution("E2OTHERDIST0001", otherGroupID)
				},
				Config: hclConfig(kf.providerBlock(), group, "", map[string]string{"b": fileB}),
				ExpectError: regexp.MustCompile(`(?s)could\s+not\s+be\s+deleted.*is\s+still\s+in\s+use\s+by\s+key\s+group\(s\)\s+other-team.*` +
					`CloudFront\s+distribution\(s\)\s+E2OTHERDIST0001`),
			},
			{ // Our group is trusted by a distribution: destroy names it.
				PreConfig: func() {
					kf.fake.AddDistribution("E2EXAMPLEDIST01", groupID)
				},
				Config:      hclConfig(kf.providerBlock(), group, "", map[string]string{"b": fileB}),
				Destroy:     true,
				ExpectError: regexp.MustCompile(`(?s)CloudFront\s+distribution\(s\)\s+E2EXAMPLEDIST01\s+still\s+trust\s+key\s+group`),
			},
			{ // The group left the distribution; the state says key a left our
				// group, and the destroy at the end meets a concurrent change.
				PreConfig: func() {
					kf.fake.RemoveDistribution("E2EXAMPLEDIST01")
					kf.fake.InjectConcurrentChange(cloudfrontfake.OpDeleteKeyGroup, 1)
					mark = kf.fake.Mark()
				},
				Config: hclConfig(kf.providerBlock(), group, "", map[string]string{"b": fileB}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectEmptyPlan(),
				}},
				Check: func(s *terraform.State) error {
					if got := stateKeyIDs(s); len(got) != 1 || got["b"] != ids["b"] {
						return fmt.Errorf("state keys %v, want only b", got)
					}
					if _, ok := kf.fake.PublicKey(ids["a"]); !ok {
						return fmt.Errorf("key a, still used by the other group, was deleted")
					}
					return nil
				},
			},
		},
	})
}

// A group that keeps changing: the 412 retries are bounded, the apply fails
// with a clear error, and the key created for it is deleted again. The next
// apply converges.
func TestAccCDNKeyGroup_staleRetriesBounded(t *testing.T) {
	kf := newFakeCloudFront(t)
	const group = "contended-signers"
	dir := t.TempDir()
	fileA := writePEM(t, dir, "a.pem", testkeys.RSA(t, 2048).PublicPEM)
	fileB := writePEM(t, dir, "b.pem", testkeys.RSA(t, 2048).PublicPEM)

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if n := len(kf.fake.KeyGroups()) + len(kf.fake.PublicKeys()); n != 0 {
				return fmt.Errorf("after destroy the fake still holds %v and %v", kf.fake.KeyGroups(), kf.fake.PublicKeys())
			}
			return checkIfMatch(kf.fake.Requests())
		},
		Steps: []resource.TestStep{
			{Config: hclConfig(kf.providerBlock(), group, "", map[string]string{"a": fileA})},
			{
				PreConfig:   func() { kf.fake.InjectConcurrentChange(cloudfrontfake.OpUpdateKeyGroup, 6) },
				Config:      hclConfig(kf.providerBlock(), group, "", map[string]string{"a": fileA, "b": fileB}),
				ExpectError: regexp.MustCompile(`(?s)kept\s+changing\s+while\s+it\s+was\s+updated\s+\(6\s+attempts`),
			},
			{
				PreConfig: func() {
					if n := len(kf.fake.PublicKeys()); n != 1 {
						t.Errorf("after the failed apply %d public keys exist, want 1 (the new key deleted again)", n)
					}
				},
				Config: hclConfig(kf.providerBlock(), group, "", map[string]string{"a": fileA, "b": fileB}),
				Check: func(s *terraform.State) error {
					if items := kf.group().Items; len(items) != 2 {
						return fmt.Errorf("group items %v, want 2", items)
					}
					return nil
				},
			},
		},
	})
}

// Renaming the group, or changing its comment, is one UpdateKeyGroup in
// place: same id, keys untouched, distributions keep trusting it. Keys keep
// the names they were created with; import still recovers their logical
// names (from the comment the resource gave them).
func TestAccCDNKeyGroup_renameInPlace(t *testing.T) {
	kf := newFakeCloudFront(t)
	dir := t.TempDir()
	keyA, keyB := testkeys.RSA(t, 2048), testkeys.ECDSA(t, elliptic.P256())
	fileA, fileB := writePEM(t, dir, "a.pem", keyA.PublicPEM), writePEM(t, dir, "b.pem", keyB.PublicPEM)
	var idA, groupID, etag string
	var mark int
	before := func() {
		mark = kf.fake.Mark()
		etag = kf.group().ETag
	}

	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: acctest.ProtoV6ProviderFactories(),
		CheckDestroy: func(*terraform.State) error {
			if n := len(kf.fake.KeyGroups()) + len(kf.fake.PublicKeys()); n != 0 {
				return fmt.Errorf("after destroy the fake still holds %v and %v", kf.fake.KeyGroups(), kf.fake.PublicKeys())
			}
			return checkIfMatch(kf.fake.Requests())
		},
		Steps: []resource.TestStep{
			{
				Config: hclConfig(kf.providerBlock(), "old-signers", "first", map[string]string{"k": fileA}),
				Check: func(s *terraform.State) error {
					idA, groupID = stateKeyIDs(s)["k"], kf.group().ID
					return nil
				},
			},
			{
				PreConfig: before,
				Config:    hclConfig(kf.providerBlock(), "new-signers", "second", map[string]string{"k": fileA}),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(resourceAddr, plancheck.ResourceActionUpdate),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("public_key_ids").AtMapKey("k"), stringIs(&idA)),
					plancheck.ExpectKnownValue(resourceAddr, tfjsonpath.New("id"), stringIs(&groupID)),
				}},
				Check: func(*terraform.State) error {
					if err := expectCalls(applyCalls(kf.fake.RequestsSince(mark)),
						call{op: cloudfrontfake.OpUpdateKeyGroup, status: 200, ifMatch: etag, name: "new-signers", items: []string{idA}},
					); err != nil {
						return err
					}
					if g := kf.group(); g.ID != groupID || g.Name != "new-signers" || g.Comment != "second" {
						return fmt.Errorf("group after rename: %+v", g)
					}
					return untouched(kf.fake.RequestsSince(mark), idA)
				},
			},
			{ // A key created after the rename carries the new name.
				Config: hclConfig(kf.providerBlock(), "new-signers", "second", map[string]string{"k": fileA, "n": fileB}),
				Check: func(s *terraform.State) error {
					k, ok := kf.fake.PublicKey(stateKeyIDs(s)["n"])
					if want := keyNameOf(t, "new-signers", "n", keyB.PublicPEM); !ok || k.Name != want {
						return fmt.Errorf("new key named %q, want %q", k.Name, want)
					}
					return nil
				},
			},
			{ // Both the pre-rename and the post-rename key import under their logical names.
				ResourceName:      resourceAddr,
				ImportState:       true,
				ImportStateVerify: true,
			},
			{ // Dropping the comment clears it in CloudFront.
				PreConfig: before,
				Config:    hclConfig(kf.providerBlock(), "new-signers", "", map[string]string{"k": fileA, "n": fileB}),
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckNoResourceAttr(resourceAddr, "comment"),
					func(*terraform.State) error {
						if g := kf.group(); g.Comment != "" {
							return fmt.Errorf("comment %q left on the group", g.Comment)
						}
						return nil
					},
				),
			},
		},
	})
}
