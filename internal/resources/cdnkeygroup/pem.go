package cdnkeygroup

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
)

// pemKeyType is the element type of filestore_cdn_key_group.public_keys:
// a string holding a PEM public key whose semantic equality is "the same
// parsed key", so that a PEM CloudFront hands back with other line endings
// or wrapping is not drift.
type pemKeyType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = pemKeyType{}
	_ basetypes.StringValuableWithSemanticEquals = pemKey{}
)

func (t pemKeyType) Equal(o attr.Type) bool {
	_, ok := o.(pemKeyType)
	return ok
}

func (t pemKeyType) String() string { return "pemKeyType" }

func (t pemKeyType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return pemKey{StringValue: in}, nil
}

func (t pemKeyType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return pemKey{StringValue: s}, nil
}

func (t pemKeyType) ValueType(context.Context) attr.Value { return pemKey{} }

// pemKey is one PEM of public_keys.
type pemKey struct {
	basetypes.StringValue
}

func newPEMKey(s string) pemKey {
	return pemKey{StringValue: basetypes.NewStringValue(s)}
}

func (v pemKey) Equal(o attr.Value) bool {
	other, ok := o.(pemKey)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v pemKey) Type(context.Context) attr.Type { return pemKeyType{} }

// StringSemanticEquals reports whether both PEMs hold the same public key.
func (v pemKey) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	newValue, ok := newValuable.(pemKey)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected a pemKey, got %T. This is a bug in the provider; please report it.", newValuable))
		return false, diags
	}
	return cdnkeys.SamePEM(v.ValueString(), newValue.ValueString()), diags
}
