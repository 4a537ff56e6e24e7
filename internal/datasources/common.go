package datasources

import (
	"context"
	"fmt"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/providerdata"
	"github.com/filestore/terraform-provider-filestore/internal/signing"
)

// known returns a string attribute's value when it is known and not null.
func known(v types.String) (string, bool) {
	if v.IsNull() || v.IsUnknown() {
		return "", false
	}
	return v.ValueString(), true
}

// durationAttr parses a duration attribute. It returns (0, false) when the
// value is null, unknown or invalid; invalid values add an error on attr.
func durationAttr(v types.String, attr string, diags *diag.Diagnostics) (time.Duration, bool) {
	s, ok := known(v)
	if !ok {
		return 0, false
	}
	d, err := signing.ParseDuration(s)
	if err != nil {
		diags.AddAttributeError(path.Root(attr), "Invalid "+attr, err.Error())
		return 0, false
	}
	return d, true
}

// validateExpiryAndWindow checks expires_in (at most maxExpiry when
// maxExpiry > 0) and signing_window against it.
func validateExpiryAndWindow(expiresIn, window types.String, defaultExpiry, maxExpiry time.Duration, diags *diag.Diagnostics) {
	exp, expOK := durationAttr(expiresIn, "expires_in", diags)
	if expOK && maxExpiry > 0 && exp > maxExpiry {
		diags.AddAttributeError(path.Root("expires_in"), "expires_in too long",
			fmt.Sprintf("%s is longer than the %s SigV4 allows (seven days). Use a shorter expiry.", expiresIn.ValueString(), maxExpiry))
	}
	if expiresIn.IsNull() {
		exp, expOK = defaultExpiry, true
	}
	if w, ok := durationAttr(window, "signing_window", diags); ok {
		if !expOK {
			exp = 0
		}
		if err := signing.CheckWindow(w, exp); err != nil {
			diags.AddAttributeError(path.Root("signing_window"), "signing_window too long", err.Error())
		}
	}
}

// signingTime is the provider clock's now, truncated to the window.
func signingTime(data *providerdata.Data, window types.String, diags *diag.Diagnostics) time.Time {
	w, _ := durationAttr(window, "signing_window", diags)
	return signing.SigningTime(data.Clock.Now(), w)
}

// expiry returns expires_in or the default, and writes the default back so
// the state shows the effective value.
func expiry(v *types.String, def time.Duration, defText string, diags *diag.Diagnostics) time.Duration {
	if v.IsNull() {
		*v = types.StringValue(defText)
		return def
	}
	d, _ := durationAttr(*v, "expires_in", diags)
	return d
}

// addSigningError turns a signing error into a diagnostic, on the attribute
// it concerns when there is one. Messages never contain secrets: the
// signing package does not quote keys, and credentials are never formatted.
func addSigningError(err error, summary string, diags *diag.Diagnostics) {
	if fe, ok := signing.AsFieldError(err); ok {
		diags.AddAttributeError(path.Root(fe.Field), summary, fe.Err.Error())
		return
	}
	diags.AddError(summary, err.Error())
}

func rfc3339(t time.Time) timetypes.RFC3339 {
	return timetypes.NewRFC3339TimeValue(t.UTC())
}

func stringMap(ctx context.Context, m map[string]string, diags *diag.Diagnostics) types.Map {
	v, d := types.MapValueFrom(ctx, types.StringType, m)
	diags.Append(d...)
	return v
}
