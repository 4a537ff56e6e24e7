// Package functions holds the provider-defined functions.
package functions

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/function"

	"github.com/filestore/terraform-provider-filestore/internal/contentkey"
)

var _ function.Function = &ContentKey{}

// ContentKey is provider::filestore::content_key(sha256_hex, prefix).
type ContentKey struct{}

// NewContentKey returns the content_key function.
func NewContentKey() function.Function { return &ContentKey{} }

// Metadata names the function.
func (f *ContentKey) Metadata(_ context.Context, _ function.MetadataRequest, resp *function.MetadataResponse) {
	resp.Name = "content_key"
}

// Definition describes the parameters and result.
func (f *ContentKey) Definition(_ context.Context, _ function.DefinitionRequest, resp *function.DefinitionResponse) {
	resp.Definition = function.Definition{
		Summary: "Object key of content-addressed content",
		MarkdownDescription: "Returns `prefix/<sha256[0:2]>/<sha256>`, the key under which `filestore_content_object` stores " +
			"content with that SHA-256 digest, so that other stacks can address (or presign) an object without uploading it. " +
			"An empty prefix gives `<sha256[0:2]>/<sha256>`.",
		Parameters: []function.Parameter{
			function.StringParameter{
				Name:                "sha256_hex",
				MarkdownDescription: "The content's SHA-256 digest: 64 lowercase hexadecimal characters (e.g. `filesha256(\"dist/app.tar.gz\")`).",
			},
			function.StringParameter{
				Name: "prefix",
				MarkdownDescription: "Key prefix, e.g. `\"cas\"` (`filestore_content_object`'s default). No leading or trailing `/`, " +
					"no empty, `.` or `..` segment; `\"\"` for none.",
			},
		},
		Return: function.StringReturn{},
	}
}

// Run computes the key.
func (f *ContentKey) Run(ctx context.Context, req function.RunRequest, resp *function.RunResponse) {
	var digest, prefix string
	resp.Error = function.ConcatFuncErrors(req.Arguments.Get(ctx, &digest, &prefix))
	if resp.Error != nil {
		return
	}
	if err := contentkey.ValidateDigest(digest); err != nil {
		resp.Error = function.NewArgumentFuncError(0, "Invalid sha256_hex: "+err.Error())
		return
	}
	if err := contentkey.ValidatePrefix(prefix); err != nil {
		resp.Error = function.NewArgumentFuncError(1, "Invalid prefix: "+err.Error())
		return
	}
	key, err := contentkey.Key(digest, prefix)
	if err != nil {
		resp.Error = function.NewFuncError(err.Error())
		return
	}
	resp.Error = function.ConcatFuncErrors(resp.Result.Set(ctx, key))
}
