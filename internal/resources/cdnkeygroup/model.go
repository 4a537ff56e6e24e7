package cdnkeygroup

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	cftypes "github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/cdnkeys"
)

// existingKeys pairs the state's PEMs with their key ids.
func existingKeys(m Model) map[string]cdnkeys.Existing {
	out := map[string]cdnkeys.Existing{}
	ids := m.PublicKeyIDs.Elements()
	for logical, v := range m.PublicKeys.Elements() {
		pemValue, ok := v.(pemKey)
		idValue, hasID := ids[logical].(types.String)
		if !ok || !hasID || pemValue.IsNull() || pemValue.IsUnknown() || idValue.IsNull() || idValue.IsUnknown() {
			continue
		}
		out[logical] = cdnkeys.Existing{ID: idValue.ValueString(), PEM: pemValue.ValueString()}
	}
	return out
}

// desiredKeys is the planned logical name -> PEM map.
func desiredKeys(m Model) map[string]string {
	out := map[string]string{}
	for logical, v := range m.PublicKeys.Elements() {
		if s, ok := v.(pemKey); ok {
			out[logical] = s.ValueString()
		}
	}
	return out
}

func idsValue(ids map[string]string) types.Map {
	elems := make(map[string]attr.Value, len(ids))
	for k, v := range ids {
		elems[k] = types.StringValue(v)
	}
	return types.MapValueMust(types.StringType, elems)
}

func groupConfig(m Model, ids map[string]string) cftypes.KeyGroupConfig {
	cfg := cftypes.KeyGroupConfig{Name: aws.String(m.Name.ValueString()), Items: cdnkeys.GroupItems(ids)}
	if !m.Comment.IsNull() && m.Comment.ValueString() != "" {
		cfg.Comment = aws.String(m.Comment.ValueString())
	}
	return cfg
}

// Model is the resource's state.
type Model struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	Comment      types.String `tfsdk:"comment"`
	PublicKeys   types.Map    `tfsdk:"public_keys"`
	ETag         types.String `tfsdk:"etag"`
	PublicKeyIDs types.Map    `tfsdk:"public_key_ids"`
}
