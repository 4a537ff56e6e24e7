package policy

import (
	"context"
	"testing"

	"github.com/filestore/terraform-provider-filestore/internal/guardrail"
)

// BenchmarkEvaluateResource measures one provider-side check (a planned
// upload bucket wrapped into a one-resource plan). Goal: under 0.5 ms.
func BenchmarkEvaluateResource(b *testing.B) {
	e := newEngine(b, guardrail.Settings{Parameters: map[string]string{"required_tags": "team"}})
	after := corsBucket([]any{"*"}, []any{"PUT", "GET"})
	after["lifecycle_tiers"] = []any{
		map[string]any{"prefix": "uploads/", "transitions": []any{map[string]any{"days": float64(30), "storage_class": "STANDARD_IA"}}, "expiration_days": float64(365)},
		map[string]any{"prefix": "tmp/", "transitions": []any{}, "expiration_days": float64(1)},
	}
	in := guardrail.Resource{Type: "filestore_upload_bucket", After: after, AfterUnknown: map[string]any{"arn": true, "id": true}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.EvaluateResource(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkEvaluateResource_presignedURL measures a minting request check.
func BenchmarkEvaluateResource_presignedURL(b *testing.B) {
	e := newEngine(b, guardrail.Settings{})
	in := guardrail.Resource{Mode: "data", Type: "filestore_presigned_url", After: map[string]any{"bucket": "b", "key": "k", "method": "PUT", "expires_in": "15m", "content_type": "image/png"}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := e.EvaluateResource(ctx, in); err != nil {
			b.Fatal(err)
		}
	}
}
