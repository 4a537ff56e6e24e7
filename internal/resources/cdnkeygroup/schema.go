package cdnkeygroup

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
)

// Schema defines the resource.
func (r *Resource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A CloudFront key group and the public keys in it: the keys CloudFront trusts to verify " +
			"signed URLs and signed cookies. Give each key a logical name; rotation is then a change of `public_keys`:\n\n" +
			"- **Adding** a name creates that public key and then adds it to the group.\n" +
			"- **Removing** a name takes the key out of the group and then deletes it.\n" +
			"- **Changing the PEM** under a name creates the new key, swaps it for the old one in a single group update, " +
			"and deletes the old key.\n" +
			"- Keys whose name and PEM are unchanged are never touched, so URLs signed with them keep working during a rotation.\n\n" +
			"Every update and delete carries the current ETag (`If-Match`); a concurrent change is answered by a fresh read " +
			"and a retry. Deleting a key or group that a distribution still trusts fails with an error that names the distribution.\n\n" +
			"Each public key is created in CloudFront as `<name>--<logical name>--<fingerprint>` (the first 8 hex digits of the " +
			"SHA-256 of the key; truncated with a hash to CloudFront's 128 characters), with a comment naming the group and the logical name.\n\n" +
			"**Import** by key group id. The logical name of each imported key is its CloudFront public key name, except for keys " +
			"this resource created (named as above, even before a rename of the group), whose logical name is recovered.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The key group id, as used in a distribution's `trusted_key_groups`.",
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				Required: true,
				MarkdownDescription: fmt.Sprintf("Key group name, unique in the account: 1 to %d letters, digits, hyphens and underscores. "+
					"Renaming updates the group in place (distributions keep trusting it); existing public keys keep the names they were created with.",
					cdnkeys.MaxNameLength),
				Validators: []validator.String{stringCheck{check: cdnkeys.ValidateGroupName, summary: "Invalid CloudFront key group name",
					desc: fmt.Sprintf("1 to %d letters, digits, hyphens and underscores", cdnkeys.MaxNameLength)}},
			},
			"comment": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: fmt.Sprintf("Comment on the key group, at most %d characters.", cdnkeys.MaxCommentLength),
				Validators: []validator.String{stringCheck{check: cdnkeys.ValidateComment, summary: "Invalid CloudFront key group comment",
					desc: fmt.Sprintf("at most %d characters", cdnkeys.MaxCommentLength)}},
			},
			"public_keys": schema.MapAttribute{
				Required:    true,
				ElementType: pemKeyType{},
				MarkdownDescription: fmt.Sprintf("The keys of the group: logical name => public key PEM (a `-----BEGIN PUBLIC KEY-----` block, "+
					"such as `tls_private_key.x.public_key_pem` or the output of `openssl pkey -pubout`). %d to %d keys, each %s. "+
					"Logical names follow the rules of CloudFront public key names (1 to %d letters, digits, hyphens, underscores). "+
					"PEMs are compared as keys: line endings, wrapping and surrounding whitespace never replace a key. "+
					"Validated at plan time.",
					cdnkeys.MinKeys, cdnkeys.MaxKeys, strings.Join(cdnkeys.AcceptedKeyTypes(), " or "), cdnkeys.MaxNameLength),
				Validators: []validator.Map{keysCheck{}},
			},
			"etag": schema.StringAttribute{
				Computed:            true,
				MarkdownDescription: "The key group's current ETag (CloudFront's version of it), sent as `If-Match` on updates and deletes.",
			},
			"public_key_ids": schema.MapAttribute{
				Computed:    true,
				ElementType: types.StringType,
				MarkdownDescription: "Logical name => CloudFront public key id: the `key_pair_id` to sign URLs and cookies with " +
					"(for example in `filestore_cloudfront_signed_url`). The id of a key whose name and PEM are unchanged stays known during a plan.",
			},
		},
	}
}
