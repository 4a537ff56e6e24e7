package cdnreadaccess

import (
	"context"
	"sort"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// Model is the resource's state.
type Model struct {
	ID               types.String `tfsdk:"id"`
	Bucket           types.String `tfsdk:"bucket"`
	DistributionARNs types.Set    `tfsdk:"distribution_arns"`
	Sid              types.String `tfsdk:"sid"`
}

// arns returns the distribution ARNs, sorted (nil while unknown).
func (m Model) arns(ctx context.Context, diags *diag.Diagnostics) []string {
	if m.DistributionARNs.IsNull() || m.DistributionARNs.IsUnknown() {
		return nil
	}
	var out []string
	diags.Append(m.DistributionARNs.ElementsAs(ctx, &out, false)...)
	sort.Strings(out)
	return out
}

func arnsValue(arns []string) types.Set {
	if arns == nil {
		return types.SetNull(types.StringType)
	}
	vals := make([]attr.Value, len(arns))
	for i, a := range arns {
		vals[i] = types.StringValue(a)
	}
	return types.SetValueMust(types.StringType, vals)
}

func resourceID(bucket, sid string) string { return bucket + "/" + sid }
