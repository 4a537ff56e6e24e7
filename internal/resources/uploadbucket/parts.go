package uploadbucket

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/filestore/terraform-provider-filestore/internal/bucketapi"
	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// part is one S3 sub-configuration of the bucket: how it is read during a
// refresh, shown in the model, and written on create and update. Each part
// lives in a file of its own (cors.go, policy.go, ...) and is one entry in
// parts. A new sub-configuration is a new file, an entry here, its fields in
// remote (read.go) and Model (model.go), and its schema.
type part struct {
	feature bucketapi.Feature
	// read fetches the part during a refresh and records it with save. The
	// reads of all parts run concurrently (a refresh costs about one round
	// trip after the bucket check). tolerate: a store that does not
	// implement the part may say so (it reads as none).
	read func(ctx context.Context, o *bucketapi.Ops, tolerate bool, save store) error
	// show sets the part's attributes of s.m from what the server said.
	show func(ctx context.Context, s *showing)
	// unset reports whether the state holds none of the part.
	unset func(m *Model) bool
	// apply writes the part: on create when the plan manages it, on update
	// when it changed.
	apply func(ctx context.Context, a *applying) error
}

// parts in the order they are written: ownership, public access block and
// policy first, so that a new bucket is locked down before it is otherwise
// usable.
var parts = []part{
	ownershipPart,
	publicAccessBlockPart,
	policyPart,
	encryptionPart,
	versioningPart,
	objectLockPart, // after versioning: an existing bucket needs it first
	corsPart,
	lifecyclePart,
	notificationsPart,
	accessLoggingPart,
	tagsPart,
}

// applying is one create (state nil) or update, as the parts see it.
type applying struct {
	r      *Resource
	ops    *bucketapi.Ops
	plan   *Model
	config *Model
	state  *Model
	diags  *diag.Diagnostics
}

func (a *applying) creating() bool { return a.state == nil }

// showing is one refresh (or the read after an apply), as the parts see it.
type showing struct {
	r         *Resource
	prior     *Model // the state before the refresh (mostly null on import)
	m         *Model // being built
	remote    *remote
	name      string
	partition string
	diags     *diag.Diagnostics
	// facts is the policy read back, analyzed once (policyFacts).
	facts    *bucketconfig.PolicyOptions
	factsErr error
}

// wants reports whether a part holding the attribute v (get picks it from a
// model) must be written: on create when the plan knows it (an unknown value
// is not managed, with compatibility = "s3"), on update when it changed.
func (a *applying) wants(get func(*Model) attr.Value) bool {
	if a.creating() {
		return known(get(a.plan))
	}
	return changed(get(a.plan), get(a.state))
}
