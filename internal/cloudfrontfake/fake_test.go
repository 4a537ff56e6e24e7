package cloudfrontfake_test

import (
	"context"
	"crypto/elliptic"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/aws/smithy-go"

	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys/testkeys"
	"github.com/filestore/terraform-provider-filestore/internal/cloudfrontfake"
)

// client is the real SDK client pointed at the fake: these tests check that
// the fake's answers deserialize the way CloudFront's do.
func client(t *testing.T) (*cloudfrontfake.Fake, *cloudfront.Client) {
	t.Helper()
	f, url := cloudfrontfake.NewServer(t)
	c := cloudfront.New(cloudfront.Options{
		Region:       "us-east-1",
		BaseEndpoint: aws.String(url),
		Credentials:  credentials.NewStaticCredentialsProvider("AKIDEXAMPLE", "secret", ""),
		Retryer:      aws.NopRetryer{},
	})
	return f, c
}

func createKey(t *testing.T, c *cloudfront.Client, name, pemText string) *cloudfront.CreatePublicKeyOutput {
	t.Helper()
	out, err := c.CreatePublicKey(context.Background(), &cloudfront.CreatePublicKeyInput{PublicKeyConfig: &types.PublicKeyConfig{
		CallerReference: aws.String("ref-" + name), Name: aws.String(name), EncodedKey: aws.String(pemText), Comment: aws.String("c " + name),
	}})
	if err != nil {
		t.Fatalf("CreatePublicKey %s: %v", name, err)
	}
	return out
}

func wantCode(t *testing.T, err error, code string, status int) {
	t.Helper()
	var apiErr smithy.APIError
	if !errors.As(err, &apiErr) || apiErr.ErrorCode() != code {
		t.Fatalf("error = %v, want code %s", err, code)
	}
	var respErr interface{ HTTPStatusCode() int }
	if errors.As(err, &respErr) && respErr.HTTPStatusCode() != status {
		t.Fatalf("status = %d, want %d", respErr.HTTPStatusCode(), status)
	}
}

func TestPublicKeys(t *testing.T) {
	ctx := context.Background()
	f, c := client(t)
	rsaKey := testkeys.RSA(t, 2048)
	ecKey := testkeys.ECDSA(t, elliptic.P256())

	created := createKey(t, c, "k1", rsaKey.PublicPEM)
	id := aws.ToString(created.PublicKey.Id)
	if !strings.HasPrefix(id, "K") || aws.ToString(created.ETag) == "" || !strings.HasSuffix(aws.ToString(created.Location), "/public-key/"+id) {
		t.Fatalf("CreatePublicKey = id %q etag %q location %q", id, aws.ToString(created.ETag), aws.ToString(created.Location))
	}
	if got := aws.ToString(created.PublicKey.PublicKeyConfig.EncodedKey); got != rsaKey.PublicPEM {
		t.Errorf("EncodedKey round trip: got %q", got)
	}
	createKey(t, c, "k2", ecKey.PublicPEM)

	got, err := c.GetPublicKey(ctx, &cloudfront.GetPublicKeyInput{Id: aws.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.ETag) != aws.ToString(created.ETag) || aws.ToString(got.PublicKey.PublicKeyConfig.Name) != "k1" || got.PublicKey.CreatedTime == nil {
		t.Errorf("GetPublicKey = %+v", got)
	}

	// Names and caller references are unique; keys must be RSA 2048 or P-256.
	_, err = c.CreatePublicKey(ctx, &cloudfront.CreatePublicKeyInput{PublicKeyConfig: &types.PublicKeyConfig{
		CallerReference: aws.String("other"), Name: aws.String("k1"), EncodedKey: aws.String(rsaKey.PublicPEM)}})
	wantCode(t, err, "PublicKeyAlreadyExists", http.StatusConflict)
	_, err = c.CreatePublicKey(ctx, &cloudfront.CreatePublicKeyInput{PublicKeyConfig: &types.PublicKeyConfig{
		CallerReference: aws.String("ref-k1"), Name: aws.String("k9"), EncodedKey: aws.String(rsaKey.PublicPEM)}})
	wantCode(t, err, "PublicKeyAlreadyExists", http.StatusConflict)
	_, err = c.CreatePublicKey(ctx, &cloudfront.CreatePublicKeyInput{PublicKeyConfig: &types.PublicKeyConfig{
		CallerReference: aws.String("r3"), Name: aws.String("small"), EncodedKey: aws.String(testkeys.RSA(t, 1024).PublicPEM)}})
	wantCode(t, err, "InvalidArgument", http.StatusBadRequest)
	_, err = c.CreatePublicKey(ctx, &cloudfront.CreatePublicKeyInput{PublicKeyConfig: &types.PublicKeyConfig{
		CallerReference: aws.String("r4"), Name: aws.String("bad name"), EncodedKey: aws.String(rsaKey.PublicPEM)}})
	wantCode(t, err, "InvalidArgument", http.StatusBadRequest)

	// Paginated listing.
	var names []string
	var marker *string
	for page := 0; ; page++ {
		out, err := c.ListPublicKeys(ctx, &cloudfront.ListPublicKeysInput{MaxItems: aws.Int32(1), Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		for _, it := range out.PublicKeyList.Items {
			names = append(names, aws.ToString(it.Name))
		}
		if out.PublicKeyList.NextMarker == nil || page > 5 {
			break
		}
		marker = out.PublicKeyList.NextMarker
	}
	if len(names) != 2 {
		t.Errorf("listed %v, want k1 and k2", names)
	}

	// Delete: If-Match required and checked.
	_, err = c.DeletePublicKey(ctx, &cloudfront.DeletePublicKeyInput{Id: aws.String(id)})
	wantCode(t, err, "InvalidIfMatchVersion", http.StatusBadRequest)
	_, err = c.DeletePublicKey(ctx, &cloudfront.DeletePublicKeyInput{Id: aws.String(id), IfMatch: aws.String("ESTALE")})
	wantCode(t, err, "PreconditionFailed", http.StatusPreconditionFailed)
	var pf *types.PreconditionFailed
	if !errors.As(err, &pf) {
		t.Errorf("412 did not deserialize as types.PreconditionFailed: %T", err)
	}
	if _, err = c.DeletePublicKey(ctx, &cloudfront.DeletePublicKeyInput{Id: aws.String(id), IfMatch: created.ETag}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetPublicKey(ctx, &cloudfront.GetPublicKeyInput{Id: aws.String(id)})
	wantCode(t, err, "NoSuchPublicKey", http.StatusNotFound)
	var nsk *types.NoSuchPublicKey
	if !errors.As(err, &nsk) {
		t.Errorf("404 did not deserialize as types.NoSuchPublicKey: %T", err)
	}
	if _, ok := f.PublicKey(id); ok {
		t.Error("deleted key still stored")
	}
}

func TestKeyGroupsETagsAndInUse(t *testing.T) {
	ctx := context.Background()
	f, c := client(t)
	k1 := aws.ToString(createKey(t, c, "k1", testkeys.RSA(t, 2048).PublicPEM).PublicKey.Id)
	k2 := aws.ToString(createKey(t, c, "k2", testkeys.ECDSA(t, elliptic.P256()).PublicPEM).PublicKey.Id)

	_, err := c.CreateKeyGroup(ctx, &cloudfront.CreateKeyGroupInput{KeyGroupConfig: &types.KeyGroupConfig{Name: aws.String("g"), Items: []string{"KNOPE"}}})
	wantCode(t, err, "NoSuchPublicKey", http.StatusNotFound)
	_, err = c.CreateKeyGroup(ctx, &cloudfront.CreateKeyGroupInput{KeyGroupConfig: &types.KeyGroupConfig{Name: aws.String("g"), Items: []string{k1, k1, k1, k1, k1, k1}}})
	wantCode(t, err, "TooManyPublicKeysInKeyGroup", http.StatusBadRequest)

	cg, err := c.CreateKeyGroup(ctx, &cloudfront.CreateKeyGroupInput{KeyGroupConfig: &types.KeyGroupConfig{
		Name: aws.String("g"), Comment: aws.String("signers"), Items: []string{k1}}})
	if err != nil {
		t.Fatal(err)
	}
	gid, etag1 := aws.ToString(cg.KeyGroup.Id), aws.ToString(cg.ETag)
	if gid == "" || etag1 == "" || cg.KeyGroup.LastModifiedTime == nil {
		t.Fatalf("CreateKeyGroup = %+v", cg)
	}
	_, err = c.CreateKeyGroup(ctx, &cloudfront.CreateKeyGroupInput{KeyGroupConfig: &types.KeyGroupConfig{Name: aws.String("g"), Items: []string{k2}}})
	wantCode(t, err, "KeyGroupAlreadyExists", http.StatusConflict)

	// A key in a group cannot be deleted.
	kout, _ := c.GetPublicKey(ctx, &cloudfront.GetPublicKeyInput{Id: aws.String(k1)})
	_, err = c.DeletePublicKey(ctx, &cloudfront.DeletePublicKeyInput{Id: aws.String(k1), IfMatch: kout.ETag})
	wantCode(t, err, "PublicKeyInUse", http.StatusConflict)

	// Updates need the current ETag and return a new one.
	update := func(ifMatch string, items ...string) (*cloudfront.UpdateKeyGroupOutput, error) {
		return c.UpdateKeyGroup(ctx, &cloudfront.UpdateKeyGroupInput{Id: aws.String(gid), IfMatch: aws.String(ifMatch),
			KeyGroupConfig: &types.KeyGroupConfig{Name: aws.String("g"), Comment: aws.String("signers"), Items: items}})
	}
	_, err = c.UpdateKeyGroup(ctx, &cloudfront.UpdateKeyGroupInput{Id: aws.String(gid), KeyGroupConfig: &types.KeyGroupConfig{Name: aws.String("g"), Items: []string{k2}}})
	wantCode(t, err, "InvalidIfMatchVersion", http.StatusBadRequest)
	_, err = update("ESTALE", k1, k2)
	wantCode(t, err, "PreconditionFailed", http.StatusPreconditionFailed)
	up, err := update(etag1, k1, k2)
	if err != nil {
		t.Fatal(err)
	}
	etag2 := aws.ToString(up.ETag)
	if etag2 == "" || etag2 == etag1 || len(up.KeyGroup.KeyGroupConfig.Items) != 2 {
		t.Fatalf("UpdateKeyGroup = etag %q items %v", etag2, up.KeyGroup.KeyGroupConfig.Items)
	}
	_, err = update(etag1, k2)
	wantCode(t, err, "PreconditionFailed", http.StatusPreconditionFailed)

	got, err := c.GetKeyGroup(ctx, &cloudfront.GetKeyGroupInput{Id: aws.String(gid)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(got.ETag) != etag2 || aws.ToString(got.KeyGroup.KeyGroupConfig.Comment) != "signers" {
		t.Errorf("GetKeyGroup = etag %q comment %q", aws.ToString(got.ETag), aws.ToString(got.KeyGroup.KeyGroupConfig.Comment))
	}
	cfg, err := c.GetKeyGroupConfig(ctx, &cloudfront.GetKeyGroupConfigInput{Id: aws.String(gid)})
	if err != nil || aws.ToString(cfg.ETag) != etag2 || len(cfg.KeyGroupConfig.Items) != 2 {
		t.Errorf("GetKeyGroupConfig = %+v, %v", cfg, err)
	}

	// Distributions trusting the group block its deletion and are listed.
	f.AddDistribution("E2DIST00000001", gid)
	f.AddDistribution("E2DIST00000002", gid)
	f.AddDistribution("E2DIST00000003", "another-group")
	_, err = c.DeleteKeyGroup(ctx, &cloudfront.DeleteKeyGroupInput{Id: aws.String(gid), IfMatch: aws.String(etag2)})
	wantCode(t, err, "ResourceInUse", http.StatusConflict)
	var ids []string
	var marker *string
	for range 5 {
		out, err := c.ListDistributionsByKeyGroup(ctx, &cloudfront.ListDistributionsByKeyGroupInput{KeyGroupId: aws.String(gid), MaxItems: aws.Int32(1), Marker: marker})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, out.DistributionIdList.Items...)
		if !aws.ToBool(out.DistributionIdList.IsTruncated) {
			break
		}
		marker = out.DistributionIdList.NextMarker
	}
	if strings.Join(ids, ",") != "E2DIST00000001,E2DIST00000002" {
		t.Errorf("ListDistributionsByKeyGroup = %v", ids)
	}
	f.RemoveDistribution("E2DIST00000001")
	f.RemoveDistribution("E2DIST00000002")

	lg, err := c.ListKeyGroups(ctx, &cloudfront.ListKeyGroupsInput{})
	if err != nil || aws.ToInt32(lg.KeyGroupList.Quantity) != 1 || aws.ToString(lg.KeyGroupList.Items[0].KeyGroup.Id) != gid {
		t.Errorf("ListKeyGroups = %+v, %v", lg, err)
	}

	_, err = c.DeleteKeyGroup(ctx, &cloudfront.DeleteKeyGroupInput{Id: aws.String(gid), IfMatch: aws.String(etag1)})
	wantCode(t, err, "PreconditionFailed", http.StatusPreconditionFailed)
	if _, err = c.DeleteKeyGroup(ctx, &cloudfront.DeleteKeyGroupInput{Id: aws.String(gid), IfMatch: aws.String(etag2)}); err != nil {
		t.Fatal(err)
	}
	_, err = c.GetKeyGroup(ctx, &cloudfront.GetKeyGroupInput{Id: aws.String(gid)})
	wantCode(t, err, "NoSuchResource", http.StatusNotFound)
	var nsr *types.NoSuchResource
	if !errors.As(err, &nsr) {
		t.Errorf("404 did not deserialize as types.NoSuchResource: %T", err)
	}

	// Recorded requests: every UpdateKeyGroup with the If-Match it carried.
	var updates []string
	for _, r := range f.Requests() {
		if r.Op == cloudfrontfake.OpUpdateKeyGroup {
			updates = append(updates, r.IfMatch+"="+http.StatusText(r.Status))
		}
	}
	want := []string{"=Bad Request", "ESTALE=Precondition Failed", etag1 + "=OK", etag1 + "=Precondition Failed"}
	if strings.Join(updates, " ") != strings.Join(want, " ") {
		t.Errorf("recorded updates = %v, want %v", updates, want)
	}
}

func TestInjectConcurrentChange(t *testing.T) {
	ctx := context.Background()
	f, c := client(t)
	k1 := aws.ToString(createKey(t, c, "k1", testkeys.RSA(t, 2048).PublicPEM).PublicKey.Id)
	cg, err := c.CreateKeyGroup(ctx, &cloudfront.CreateKeyGroupInput{KeyGroupConfig: &types.KeyGroupConfig{Name: aws.String("g"), Items: []string{k1}}})
	if err != nil {
		t.Fatal(err)
	}
	gid := aws.ToString(cg.KeyGroup.Id)
	f.InjectConcurrentChange(cloudfrontfake.OpUpdateKeyGroup, 1)

	upd := func(etag string) error {
		_, err := c.UpdateKeyGroup(ctx, &cloudfront.UpdateKeyGroupInput{Id: aws.String(gid), IfMatch: aws.String(etag),
			KeyGroupConfig: &types.KeyGroupConfig{Name: aws.String("g2"), Items: []string{k1}}})
		return err
	}
	// The ETag just read is stale by the time the update arrives.
	wantCode(t, upd(aws.ToString(cg.ETag)), "PreconditionFailed", http.StatusPreconditionFailed)
	fresh, err := c.GetKeyGroup(ctx, &cloudfront.GetKeyGroupInput{Id: aws.String(gid)})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(fresh.ETag) == aws.ToString(cg.ETag) {
		t.Fatal("the injected change did not change the ETag")
	}
	if err := upd(aws.ToString(fresh.ETag)); err != nil {
		t.Fatalf("retry with the fresh ETag: %v", err)
	}
	reqs := f.Requests()
	var injected int
	for _, r := range reqs {
		if r.Injected {
			injected++
			if r.Op != cloudfrontfake.OpUpdateKeyGroup || r.Status != http.StatusPreconditionFailed {
				t.Errorf("injected request = %+v", r)
			}
		}
	}
	if injected != 1 {
		t.Errorf("%d injected requests, want 1", injected)
	}
	if g, _ := f.KeyGroup(gid); g.Name != "g2" {
		t.Errorf("group name = %q after the retried update", g.Name)
	}

	// Out-of-band helpers change the ETag like any other writer.
	before, _ := f.KeyGroup(gid)
	k2 := aws.ToString(createKey(t, c, "k2", testkeys.RSA(t, 2048).PublicPEM).PublicKey.Id)
	if _, err := c.UpdateKeyGroup(ctx, &cloudfront.UpdateKeyGroupInput{Id: aws.String(gid), IfMatch: aws.String(before.ETag),
		KeyGroupConfig: &types.KeyGroupConfig{Name: aws.String("g2"), Items: []string{k1, k2}}}); err != nil {
		t.Fatal(err)
	}
	mid, _ := f.KeyGroup(gid)
	if !f.RemoveFromGroupOutOfBand(gid, k1) {
		t.Fatal("RemoveFromGroupOutOfBand found nothing to remove")
	}
	after, _ := f.KeyGroup(gid)
	if after.ETag == mid.ETag || len(after.Items) != 1 || after.Items[0] != k2 {
		t.Errorf("after out-of-band removal: %+v", after)
	}
	if !f.DeleteKeyGroupOutOfBand(gid) {
		t.Fatal("DeleteKeyGroupOutOfBand found nothing")
	}
	if len(f.KeyGroups()) != 0 || len(f.PublicKeys()) != 2 {
		t.Errorf("state after out-of-band delete: groups %v keys %v", f.KeyGroups(), f.PublicKeys())
	}
}

func TestUnsignedRequestsAreRejected(t *testing.T) {
	f, url := cloudfrontfake.NewServer(t)
	resp, err := http.Get(url + "/2020-05-31/key-group")
	if err != nil {
		t.Fatal(err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("unsigned request: status %d, want 403", resp.StatusCode)
	}
	reqs := f.Requests()
	if len(reqs) != 1 || reqs[0].Op != cloudfrontfake.OpListKeyGroups || reqs[0].ErrorCode != "MissingAuthenticationToken" {
		t.Errorf("recorded %+v", reqs)
	}
	m := f.Mark()
	if got := f.RequestsSince(m); len(got) != 0 {
		t.Errorf("RequestsSince(Mark()) = %v", got)
	}
}
