package cdnkeygroup

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"
	"golang.org/x/sync/errgroup"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
	"github.com/filestore/terraform-provider-filestore/internal/ctxutil"
)

// CloudFront calls of filestore_cdn_key_group, with the concurrency rules
// the API imposes:
//   - Every update and delete carries If-Match with the resource's current
//     ETag. A 412 PreconditionFailed (someone else changed it since we read
//     it) is retried after a fresh read, at most maxStaleRetries times.
//   - PublicKeyInUse / ResourceInUse name what still uses the key or group
//     (key groups, distributions). When nothing does, the answer is taken to
//     be propagation delay after our own UpdateKeyGroup or a distribution
//     change, and retried with a short backoff.

const (
	maxStaleRetries = 5
	maxInUseRetries = 3
	createParallel  = 5
)

// inUseBackoff is the wait before the n-th (0-based) retry of an
// in-use answer that nothing explains.
func inUseBackoff(n int) time.Duration { return time.Duration(n+1) * time.Second }

type cfAPI struct {
	cf *cloudfront.Client
}

// createdKey is a public key created (or adopted) for a logical name.
type createdKey struct {
	ID   string
	ETag string
	// Adopted is true when the key already existed under the derived name
	// (left by an interrupted apply, or taken out of the group out of band)
	// and is reused instead of created.
	Adopted bool
}

func isStale(err error) bool {
	// InvalidIfMatchVersion: the ETag we hold is not valid for the resource
	// any more (or we had none); a fresh read fixes both.
	return awsclient.HasCode(err, "PreconditionFailed", "InvalidIfMatchVersion") ||
		awsclient.HTTPStatus(err) == http.StatusPreconditionFailed
}

func callerReference() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return fmt.Sprintf("filestore-%s-%s", time.Now().UTC().Format("20060102T150405Z"), hex.EncodeToString(b))
}

// createKey creates the public key of one logical name. A name collision
// with a key of the same material (same derived name, so same group, logical
// name and fingerprint) adopts that key.
func (a cfAPI) createKey(ctx context.Context, group, logical, pemText string) (createdKey, error) {
	key, err := cdnkeys.ParsePEM(pemText)
	if err != nil {
		return createdKey{}, fmt.Errorf("public key %q: %w", logical, err)
	}
	name := cdnkeys.KeyName(group, logical, key.Fingerprint())
	out, err := a.cf.CreatePublicKey(ctx, &cloudfront.CreatePublicKeyInput{PublicKeyConfig: &cftypes.PublicKeyConfig{
		CallerReference: aws.String(callerReference()),
		Name:            aws.String(name),
		EncodedKey:      aws.String(key.CanonicalPEM()),
		Comment:         aws.String(cdnkeys.KeyComment(group, logical)),
	}})
	if err == nil {
		id := aws.ToString(out.PublicKey.Id)
		tflog.Info(ctx, "created CloudFront public key", map[string]any{"key_group": group, "key": logical, "public_key_id": id, "public_key_name": name})
		return createdKey{ID: id, ETag: aws.ToString(out.ETag)}, nil
	}
	if !awsclient.HasCode(err, "PublicKeyAlreadyExists") {
		return createdKey{}, fmt.Errorf("creating public key %s: %w", name, err)
	}
	existing, findErr := a.findKeyByName(ctx, name)
	if findErr != nil {
		return createdKey{}, fmt.Errorf("creating public key %s: %w (and listing public keys to adopt it failed: %w)", name, err, findErr)
	}
	if existing == nil || !cdnkeys.SamePEM(aws.ToString(existing.EncodedKey), pemText) {
		return createdKey{}, fmt.Errorf("creating public key %s: a public key of that name with other key material exists in the account; delete it or choose another key name: %w", name, err)
	}
	id := aws.ToString(existing.Id)
	tflog.Info(ctx, "adopting existing CloudFront public key with the same name and key", map[string]any{"key_group": group, "key": logical, "public_key_id": id})
	return createdKey{ID: id, Adopted: true}, nil
}

// createKeys creates the keys of several logical names concurrently. On
// failure it returns the keys created so far with the error, for cleanup.
func (a cfAPI) createKeys(ctx context.Context, group string, pems map[string]string) (map[string]createdKey, error) {
	var mu sync.Mutex
	created := make(map[string]createdKey, len(pems))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(createParallel)
	for logical, pemText := range pems {
		g.Go(func() error {
			k, err := a.createKey(gctx, group, logical, pemText)
			if err != nil {
				return err
			}
			mu.Lock()
			created[logical] = k
			mu.Unlock()
			return nil
		})
	}
	err := g.Wait()
	return created, err
}

// discardCreated deletes keys this apply created but could not put in the
// group, so that a failed apply leaves nothing behind. Adopted keys existed
// before and are left alone. Failures are logged: the apply already fails.
func (a cfAPI) discardCreated(ctx context.Context, created map[string]createdKey) []string {
	var leftovers []string
	for logical, k := range created {
		if k.Adopted {
			continue
		}
		if err := a.deleteKey(ctx, k.ID); err != nil {
			tflog.Warn(ctx, "could not delete a public key created by the failed apply", map[string]any{"key": logical, "public_key_id": k.ID, "error": err.Error()})
			leftovers = append(leftovers, k.ID)
		}
	}
	sort.Strings(leftovers)
	return leftovers
}

func (a cfAPI) findKeyByName(ctx context.Context, name string) (*cftypes.PublicKeySummary, error) {
	var marker *string
	for {
		out, err := a.cf.ListPublicKeys(ctx, &cloudfront.ListPublicKeysInput{Marker: marker})
		if err != nil {
			return nil, err
		}
		if out.PublicKeyList == nil {
			return nil, nil
		}
		for i := range out.PublicKeyList.Items {
			if aws.ToString(out.PublicKeyList.Items[i].Name) == name {
				return &out.PublicKeyList.Items[i], nil
			}
		}
		if aws.ToString(out.PublicKeyList.NextMarker) == "" {
			return nil, nil
		}
		marker = out.PublicKeyList.NextMarker
	}
}

// groupRef names a key group in messages.
type groupRef struct{ ID, Name string }

func (r groupRef) String() string { return fmt.Sprintf("%s (%s)", r.Name, r.ID) }

// listKeyGroups pages through every key group of the account.
func (a cfAPI) listKeyGroups(ctx context.Context, visit func(cftypes.KeyGroup) bool) error {
	var marker *string
	for {
		out, err := a.cf.ListKeyGroups(ctx, &cloudfront.ListKeyGroupsInput{Marker: marker})
		if err != nil {
			return err
		}
		if out.KeyGroupList == nil {
			return nil
		}
		for _, it := range out.KeyGroupList.Items {
			if it.KeyGroup != nil && !visit(*it.KeyGroup) {
				return nil
			}
		}
		if aws.ToString(out.KeyGroupList.NextMarker) == "" {
			return nil
		}
		marker = out.KeyGroupList.NextMarker
	}
}

func (a cfAPI) findGroupByName(ctx context.Context, name string) (string, error) {
	var id string
	err := a.listKeyGroups(ctx, func(g cftypes.KeyGroup) bool {
		if g.KeyGroupConfig != nil && aws.ToString(g.KeyGroupConfig.Name) == name {
			id = aws.ToString(g.Id)
			return false
		}
		return true
	})
	return id, err
}

// groupsHolding lists the key groups whose items include the public key.
func (a cfAPI) groupsHolding(ctx context.Context, keyID string) ([]groupRef, error) {
	var refs []groupRef
	err := a.listKeyGroups(ctx, func(g cftypes.KeyGroup) bool {
		if g.KeyGroupConfig != nil && slices.Contains(g.KeyGroupConfig.Items, keyID) {
			refs = append(refs, groupRef{ID: aws.ToString(g.Id), Name: aws.ToString(g.KeyGroupConfig.Name)})
		}
		return true
	})
	return refs, err
}

// distributionsTrusting lists the distributions whose cache behaviours trust
// the key group: ListDistributionsByKeyGroup, or, where that operation is not
// available (some emulators), a scan of ListDistributions.
func (a cfAPI) distributionsTrusting(ctx context.Context, groupID string) ([]string, error) {
	var ids []string
	var marker *string
	for {
		out, err := a.cf.ListDistributionsByKeyGroup(ctx, &cloudfront.ListDistributionsByKeyGroupInput{KeyGroupId: aws.String(groupID), Marker: marker})
		if err != nil {
			tflog.Debug(ctx, "ListDistributionsByKeyGroup failed; scanning ListDistributions", map[string]any{"error": err.Error()})
			return a.scanDistributions(ctx, groupID)
		}
		if out.DistributionIdList == nil {
			break
		}
		ids = append(ids, out.DistributionIdList.Items...)
		if !aws.ToBool(out.DistributionIdList.IsTruncated) || aws.ToString(out.DistributionIdList.NextMarker) == "" {
			break
		}
		marker = out.DistributionIdList.NextMarker
	}
	sort.Strings(ids)
	return ids, nil
}

func (a cfAPI) scanDistributions(ctx context.Context, groupID string) ([]string, error) {
	var ids []string
	trusts := func(t *cftypes.TrustedKeyGroups) bool {
		return t != nil && slices.Contains(t.Items, groupID)
	}
	var marker *string
	for {
		out, err := a.cf.ListDistributions(ctx, &cloudfront.ListDistributionsInput{Marker: marker})
		if err != nil {
			return nil, err
		}
		if out.DistributionList == nil {
			break
		}
		for _, d := range out.DistributionList.Items {
			uses := d.DefaultCacheBehavior != nil && trusts(d.DefaultCacheBehavior.TrustedKeyGroups)
			if d.CacheBehaviors != nil {
				for _, b := range d.CacheBehaviors.Items {
					uses = uses || trusts(b.TrustedKeyGroups)
				}
			}
			if uses {
				ids = append(ids, aws.ToString(d.Id))
			}
		}
		if !aws.ToBool(out.DistributionList.IsTruncated) || aws.ToString(out.DistributionList.NextMarker) == "" {
			break
		}
		marker = out.DistributionList.NextMarker
	}
	sort.Strings(ids)
	return ids, nil
}

// inUseError is a PublicKeyInUse / ResourceInUse answer with what
// still uses the key or the group.
type inUseError struct {
	What          string // "public key K2ABC" / "key group signers (id)"
	Groups        []groupRef
	Distributions []string
	Err           error
}

func (e *inUseError) Error() string {
	var users []string
	if len(e.Groups) > 0 {
		names := make([]string, len(e.Groups))
		for i, g := range e.Groups {
			names[i] = g.String()
		}
		users = append(users, "key group(s) "+strings.Join(names, ", "))
	}
	if len(e.Distributions) > 0 {
		users = append(users, "CloudFront distribution(s) "+strings.Join(e.Distributions, ", "))
	}
	if len(users) == 0 {
		return fmt.Sprintf("%s is still in use (CloudFront did not say by what): %v", e.What, e.Err)
	}
	return fmt.Sprintf("%s is still in use by %s: %v", e.What, strings.Join(users, " and "), e.Err)
}

func (e *inUseError) Unwrap() error { return e.Err }

// deleteKey deletes a public key with its own current ETag. A key that is
// already gone is success.
func (a cfAPI) deleteKey(ctx context.Context, id string) error {
	stale, inUse := 0, 0
	for {
		got, err := a.cf.GetPublicKey(ctx, &cloudfront.GetPublicKeyInput{Id: aws.String(id)})
		if awsclient.IsNotFound(err, "NoSuchPublicKey") {
			return nil
		}
		if err != nil {
			return fmt.Errorf("reading public key %s before deleting it: %w", id, err)
		}
		_, err = a.cf.DeletePublicKey(ctx, &cloudfront.DeletePublicKeyInput{Id: aws.String(id), IfMatch: got.ETag})
		switch {
		case err == nil:
			tflog.Info(ctx, "deleted CloudFront public key", map[string]any{"public_key_id": id})
			return nil
		case awsclient.IsNotFound(err, "NoSuchPublicKey"):
			return nil
		case isStale(err) && stale < maxStaleRetries:
			stale++
			tflog.Debug(ctx, "public key changed since it was read; re-reading", map[string]any{"public_key_id": id, "attempt": stale})
			continue
		case awsclient.HasCode(err, "PublicKeyInUse"):
			groups, listErr := a.groupsHolding(ctx, id)
			if listErr == nil && len(groups) == 0 && inUse < maxInUseRetries {
				// No group lists it: our own UpdateKeyGroup has not propagated yet.
				if err := ctxutil.Sleep(ctx, inUseBackoff(inUse)); err != nil {
					return err
				}
				inUse++
				continue
			}
			inUseErr := &inUseError{What: "public key " + id, Groups: groups, Err: err}
			for _, g := range groups {
				if d, err := a.distributionsTrusting(ctx, g.ID); err == nil {
					inUseErr.Distributions = append(inUseErr.Distributions, d...)
				}
			}
			return inUseErr
		default:
			if isStale(err) {
				return fmt.Errorf("deleting public key %s: it kept changing (%d attempts with a fresh ETag): %w", id, stale+1, err)
			}
			return fmt.Errorf("deleting public key %s: %w", id, err)
		}
	}
}

// getGroup reads a key group and its ETag.
func (a cfAPI) getGroup(ctx context.Context, id string) (*cloudfront.GetKeyGroupOutput, error) {
	return a.cf.GetKeyGroup(ctx, &cloudfront.GetKeyGroupInput{Id: aws.String(id)})
}

func (a cfAPI) freshGroupETag(ctx context.Context, id string) (string, error) {
	out, err := a.getGroup(ctx, id)
	if err != nil {
		return "", err
	}
	return aws.ToString(out.ETag), nil
}

// updateGroup replaces the group's configuration, starting from etag (the
// ETag of the last read; "" to read first). Returns the new ETag.
func (a cfAPI) updateGroup(ctx context.Context, id, etag string, cfg cftypes.KeyGroupConfig) (string, error) {
	var err error
	if etag == "" {
		if etag, err = a.freshGroupETag(ctx, id); err != nil {
			return "", err
		}
	}
	for attempt := 0; ; attempt++ {
		out, err := a.cf.UpdateKeyGroup(ctx, &cloudfront.UpdateKeyGroupInput{Id: aws.String(id), IfMatch: aws.String(etag), KeyGroupConfig: &cfg})
		if err == nil {
			tflog.Info(ctx, "updated CloudFront key group", map[string]any{"key_group_id": id, "keys": len(cfg.Items)})
			return aws.ToString(out.ETag), nil
		}
		if !isStale(err) {
			return "", err
		}
		if attempt >= maxStaleRetries {
			return "", fmt.Errorf("the key group kept changing while it was updated (%d attempts with a fresh ETag): %w", attempt+1, err)
		}
		tflog.Debug(ctx, "key group changed since it was read (412); re-reading its ETag", map[string]any{"key_group_id": id, "attempt": attempt + 1})
		if etag, err = a.freshGroupETag(ctx, id); err != nil {
			return "", err
		}
	}
}

// deleteGroup deletes the key group. A group that is already gone is success.
func (a cfAPI) deleteGroup(ctx context.Context, id, name, etag string) error {
	var err error
	if etag == "" {
		if etag, err = a.freshGroupETag(ctx, id); err != nil {
			if awsclient.IsNotFound(err, "NoSuchResource") {
				return nil
			}
			return err
		}
	}
	stale, inUse := 0, 0
	for {
		_, err := a.cf.DeleteKeyGroup(ctx, &cloudfront.DeleteKeyGroupInput{Id: aws.String(id), IfMatch: aws.String(etag)})
		switch {
		case err == nil:
			tflog.Info(ctx, "deleted CloudFront key group", map[string]any{"key_group_id": id})
			return nil
		case awsclient.IsNotFound(err, "NoSuchResource"):
			return nil
		case isStale(err):
			if stale >= maxStaleRetries {
				return fmt.Errorf("the key group kept changing while it was deleted (%d attempts with a fresh ETag): %w", stale+1, err)
			}
			stale++
			tflog.Debug(ctx, "key group changed since it was read (412); re-reading its ETag", map[string]any{"key_group_id": id, "attempt": stale})
			if etag, err = a.freshGroupETag(ctx, id); err != nil {
				if awsclient.IsNotFound(err, "NoSuchResource") {
					return nil
				}
				return err
			}
		case awsclient.HasCode(err, "ResourceInUse"):
			dists, listErr := a.distributionsTrusting(ctx, id)
			if listErr == nil && len(dists) == 0 && inUse < maxInUseRetries {
				// No distribution lists it: a distribution update that
				// removed it has not propagated yet.
				if err := ctxutil.Sleep(ctx, inUseBackoff(inUse)); err != nil {
					return err
				}
				inUse++
				continue
			}
			return &inUseError{What: fmt.Sprintf("key group %s (%s)", name, id), Distributions: dists, Err: err}
		default:
			return err
		}
	}
}
