package uploadbucket

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// Helpers between framework values and plain Go values.

var objectAs = basetypes.ObjectAsOptions{}

// known reports whether an attribute value is set and known (its elements
// may still be unknown; see fullyKnown).
func known(v attr.Value) bool { return !v.IsNull() && !v.IsUnknown() }

// fullyKnown reports whether a value and everything in it is known (null
// counts as known).
func fullyKnown(ctx context.Context, v attr.Value) bool {
	tv, err := v.ToTerraformValue(ctx)
	return err == nil && tv.IsFullyKnown()
}

// changed reports whether a planned value differs from the state's; an
// unknown plan value is not managed (compatibility = "s3") and never a change.
func changed(plan, state attr.Value) bool { return !plan.IsUnknown() && !plan.Equal(state) }

// stringsOf converts a known list or set of strings; unknown elements become
// "" and set *partial (when partial is not nil).
func stringsOf(v attr.Value, partial *bool) []string {
	if !known(v) {
		return nil
	}
	var elems []attr.Value
	switch t := v.(type) {
	case types.List:
		elems = t.Elements()
	case types.Set:
		elems = t.Elements()
	}
	out := make([]string, 0, len(elems))
	for _, e := range elems {
		s, ok := e.(types.String)
		if !ok || !known(s) {
			if partial != nil && (!ok || s.IsUnknown()) {
				*partial = true
			}
			out = append(out, "")
			continue
		}
		out = append(out, s.ValueString())
	}
	return out
}

func stringList(ss []string) types.List {
	if ss == nil {
		return types.ListNull(types.StringType)
	}
	vals := make([]attr.Value, len(ss))
	for i, s := range ss {
		vals[i] = types.StringValue(s)
	}
	return types.ListValueMust(types.StringType, vals)
}

func stringSet(ss []string) types.Set {
	vals := make([]attr.Value, len(ss))
	for i, s := range ss {
		vals[i] = types.StringValue(s)
	}
	return types.SetValueMust(types.StringType, vals)
}

func int64Ptr(v types.Int64) *int64 {
	if !known(v) {
		return nil
	}
	x := v.ValueInt64()
	return &x
}

func int64Value(p *int64) types.Int64 {
	if p == nil {
		return types.Int64Null()
	}
	return types.Int64Value(*p)
}

func stringPtr(v types.String) *string {
	if !known(v) {
		return nil
	}
	s := v.ValueString()
	return &s
}

func stringValue(p *string) types.String {
	if p == nil {
		return types.StringNull()
	}
	return types.StringValue(*p)
}

func boolPtr(v types.Bool) *bool {
	if !known(v) {
		return nil
	}
	b := v.ValueBool()
	return &b
}

// objectAsModel reads a known object into its model struct; false when the
// object is null or unknown.
func objectAsModel[T any](ctx context.Context, o types.Object, diags *diag.Diagnostics) (T, bool) {
	var m T
	if !known(o) {
		return m, false
	}
	diags.Append(o.As(ctx, &m, objectAs)...)
	return m, true
}

// attrPath converts a bucketconfig path to a framework path.
func attrPath(p bucketconfig.Path) path.Path {
	out := path.Empty()
	for _, s := range p {
		switch v := s.(type) {
		case int:
			out = out.AtListIndex(v)
		case string:
			out = out.AtName(v)
		}
	}
	return out
}

// addFieldErrors reports bucketconfig validation errors on their paths.
func addFieldErrors(diags *diag.Diagnostics, errs []bucketconfig.FieldError) {
	for _, e := range errs {
		diags.AddAttributeError(attrPath(e.Path), e.Summary, e.Detail)
	}
}

func boolValue(b bool) types.Bool { return types.BoolValue(b) }
