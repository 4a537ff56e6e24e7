package contentobject

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/filestore/terraform-provider-filestore/internal/awsclient"
	"github.com/filestore/terraform-provider-filestore/internal/upload"
)

// openBody opens the content for upload.
func openBody(m model) (io.Reader, func(), error) {
	switch {
	case !m.Source.IsNull():
		f, err := upload.OpenSource(m.Source.ValueString())
		if err != nil {
			return nil, nil, err
		}
		return f, func() { _ = f.Close() }, nil
	case !m.Content.IsNull():
		return strings.NewReader(m.Content.ValueString()), func() {}, nil
	default:
		b, err := base64.StdEncoding.DecodeString(m.ContentBase64.ValueString())
		if err != nil {
			return nil, nil, err
		}
		return bytes.NewReader(b), func() {}, nil
	}
}

// sameContent reports whether the object HEAD found holds our
// content: same size and, where the store reports a full-object SHA-256
// (single uploads with a checksum), the same digest. Multipart objects carry
// a composite checksum ("<base64>-<parts>") that cannot be compared; for them
// the content address and the size are trusted.
func sameContent(head *s3.HeadObjectOutput, obj upload.Object) bool {
	if aws.ToInt64(head.ContentLength) != obj.Size {
		return false
	}
	stored := aws.ToString(head.ChecksumSHA256)
	if stored == "" || strings.Contains(stored, "-") || head.ChecksumType == s3types.ChecksumTypeComposite {
		return true
	}
	sum, err := hex.DecodeString(obj.SHA256)
	return err != nil || stored == base64.StdEncoding.EncodeToString(sum)
}

// store describes the provider's store to the upload engine.
func (r *Resource) store() upload.Store {
	if r.data != nil && r.data.Clients.IsR2() {
		return upload.R2
	}
	return upload.Store{}
}

// encryptionHint explains an AccessDenied on a write without
// server_side_encryption: the usual cause is a bucket policy that denies
// unencrypted uploads.
func encryptionHint(err error, m model) string {
	if !awsclient.HasCode(err, "AccessDenied") || !m.ServerSideEncryption.IsNull() {
		return ""
	}
	return "\n\nThe write carried no x-amz-server-side-encryption header. If the bucket denies unencrypted uploads " +
		"(filestore_upload_bucket.deny_unencrypted_uploads), set server_side_encryption to the bucket's algorithm (e.g. \"AES256\")."
}

// upload streams the content to the store, logging progress. When
// conditional, the upload stores nothing if another writer stored the key
// first, and returns an error wrapping upload.ErrObjectExists without a
// diagnostic; every other error is also reported in diags.
func (r *Resource) upload(ctx context.Context, c *s3.Client, plan model, obj upload.Object, conditional bool, action string, diags *diag.Diagnostics) (string, error) {
	body, closeBody, err := openBody(plan)
	if err != nil {
		diags.AddAttributeError(path.Root("source"), action, fmt.Sprintf("Opening the source: %v", err))
		return "", err
	}
	defer closeBody()
	opts := upload.Options{
		Threshold:   plan.MultipartThreshold.ValueInt64(),
		PartSize:    plan.MultipartPartSize.ValueInt64(),
		Concurrency: int(plan.MultipartConcurrency.ValueInt64()),
		Store:       r.store(),
		IfNoneMatch: conditional,
		Progress: func(p upload.Progress) {
			pct := 100.0
			if p.BytesTotal > 0 {
				pct = float64(p.BytesDone) * 100 / float64(p.BytesTotal)
			}
			msg := "Uploading content object"
			if p.Final {
				msg = "Uploaded content object"
			}
			// Byte counts as decimal strings: Terraform re-renders numeric
			// log fields as floats ("2e+08").
			tflog.Info(ctx, msg, map[string]any{
				"bytes_done": strconv.FormatInt(p.BytesDone, 10), "bytes_total": strconv.FormatInt(p.BytesTotal, 10),
				"percent": fmt.Sprintf("%.1f", pct), "parts_done": p.PartsDone, "parts_total": p.PartsTotal,
			})
		},
	}
	tflog.Info(ctx, "Uploading content object", map[string]any{
		"size": strconv.FormatInt(obj.Size, 10), "multipart": obj.Size > opts.Threshold,
	})
	res, err := upload.Upload(ctx, c, body, obj, opts)
	if err != nil {
		var changed *upload.SourceChangedError
		switch {
		case errors.Is(err, upload.ErrObjectExists):
			return "", err
		case errors.As(err, &changed):
			diags.AddAttributeError(sourcePath(plan), action,
				fmt.Sprintf("%v. Nothing was stored. Run the plan again so that the key matches the new content.", err))
			return "", err
		}
		detail := fmt.Sprintf("Uploading to %s: %v%s", r.endpoint(ctx), err, encryptionHint(err, plan))
		var mp *upload.MultipartError
		if errors.As(err, &mp) && mp.AbortErr == nil {
			detail += "\n\nThe incomplete multipart upload was aborted: nothing is left behind."
		}
		diags.AddError(action, detail)
		return "", err
	}
	if res.Unconditional && conditional {
		tflog.Debug(ctx, "The store does not take If-None-Match on this upload: of two writers racing for this key, the last one wins")
	}
	tflog.Debug(ctx, "Content object stored", map[string]any{"multipart": res.Multipart, "parts": res.Parts, "part_size": res.PartSize})
	return res.ETag, nil
}
