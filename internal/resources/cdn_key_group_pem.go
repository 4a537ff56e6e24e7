package resources

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
)

// keyGroupPEMType is the element type of filestore_cdn_key_group.public_keys:
// a string holding a PEM public key whose semantic equality is "the same
// parsed key", so that a PEM CloudFront hands back with other line endings
// or wrapping is not drift.
type keyGroupPEMType struct {
	basetypes.StringType
}

var (
	_ basetypes.StringTypable                    = keyGroupPEMType{}
	_ basetypes.StringValuableWithSemanticEquals = keyGroupPEMValue{}
)

func (t keyGroupPEMType) Equal(o attr.Type) bool {
	_, ok := o.(keyGroupPEMType)
	return ok
}

func (t keyGroupPEMType) String() string { return "keyGroupPEMType" }

func (t keyGroupPEMType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return keyGroupPEMValue{StringValue: in}, nil
}

func (t keyGroupPEMType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	v, err := t.StringType.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return keyGroupPEMValue{StringValue: s}, nil
}

func (t keyGroupPEMType) ValueType(context.Context) attr.Value { return keyGroupPEMValue{} }

// keyGroupPEMValue is one PEM of public_keys.
type keyGroupPEMValue struct {
	basetypes.StringValue
}

func keyGroupPEM(s string) keyGroupPEMValue {
	return keyGroupPEMValue{StringValue: basetypes.NewStringValue(s)}
}

func (v keyGroupPEMValue) Equal(o attr.Value) bool {
	other, ok := o.(keyGroupPEMValue)
	return ok && v.StringValue.Equal(other.StringValue)
}

func (v keyGroupPEMValue) Type(context.Context) attr.Type { return keyGroupPEMType{} }

// StringSemanticEquals reports whether both PEMs hold the same public key.
func (v keyGroupPEMValue) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	newValue, ok := newValuable.(keyGroupPEMValue)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected a keyGroupPEMValue, got %T. This is a bug in the provider; please report it.", newValuable))
		return false, diags
	}
	return cdnkeys.SamePEM(v.ValueString(), newValue.ValueString()), diags
}
