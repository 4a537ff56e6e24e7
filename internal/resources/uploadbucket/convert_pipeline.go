package uploadbucket

import (
	"context"
	"slices"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/filestore/terraform-provider-filestore/internal/bucketconfig"
)

// Conversions of notifications, quarantine and scan_gate. As in convert.go,
// values unknown until apply become nil pointers or *Unknown flags, so one
// conversion serves validation and apply.

// notificationsFromModel converts notifications; ok is false when it is
// null or unknown.
func notificationsFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) (n bucketconfig.Notifications, ok bool) {
	m, ok := objectAsModel[notificationsModel](ctx, o, diags)
	if !ok {
		return n, false
	}
	n.EventBridge = m.EventBridge.ValueBool()
	n.Queues = destinationsFromModel(ctx, m.Queues, diags)
	n.Topics = destinationsFromModel(ctx, m.Topics, diags)
	n.Functions = destinationsFromModel(ctx, m.Functions, diags)
	return n, true
}

func destinationsFromModel(ctx context.Context, l types.List, diags *diag.Diagnostics) []bucketconfig.NotificationDestination {
	if !known(l) {
		return nil
	}
	out := make([]bucketconfig.NotificationDestination, 0, len(l.Elements()))
	for _, ev := range l.Elements() {
		obj, _ := ev.(types.Object)
		m, ok := objectAsModel[notificationDestinationModel](ctx, obj, diags)
		if !ok {
			out = append(out, bucketconfig.NotificationDestination{EventsUnknown: true})
			continue
		}
		// In the configuration an unset prefix / suffix is null: it is the
		// default "" (only an unknown one is not known yet).
		d := bucketconfig.NotificationDestination{ARN: stringPtr(m.ARN), Prefix: stringOrDefault(m.Prefix, ""), Suffix: stringOrDefault(m.Suffix, ""),
			EventsUnknown: !known(m.Events)}
		d.Events = stringsOf(m.Events, &d.EventsUnknown)
		out = append(out, d)
	}
	return out
}

// notificationsValue renders what the server holds: null when it holds
// nothing; prior (the state, or the plan after an apply) when it says the
// same, since servers need not keep the order of destinations or events.
func notificationsValue(ctx context.Context, n bucketconfig.Notifications, prior types.Object, diags *diag.Diagnostics) types.Object {
	if p, ok := notificationsFromModel(ctx, prior, diags); ok && bucketconfig.NotificationsEquivalent(p, n) {
		return prior
	}
	if n.Empty() {
		return types.ObjectNull(notificationsAttrTypes)
	}
	return types.ObjectValueMust(notificationsAttrTypes, map[string]attr.Value{
		"eventbridge": types.BoolValue(n.EventBridge),
		"queues":      destinationsValue(n.Queues),
		"topics":      destinationsValue(n.Topics),
		"functions":   destinationsValue(n.Functions),
	})
}

func destinationsValue(ds []bucketconfig.NotificationDestination) types.List {
	objType := types.ObjectType{AttrTypes: notificationDestinationAttrTypes}
	if len(ds) == 0 {
		return types.ListNull(objType)
	}
	vals := make([]attr.Value, 0, len(ds))
	for _, d := range ds {
		vals = append(vals, types.ObjectValueMust(notificationDestinationAttrTypes, map[string]attr.Value{
			"arn":    stringValue(d.ARN),
			"events": stringList(d.Events),
			"prefix": stringValue(d.Prefix),
			"suffix": stringValue(d.Suffix),
		}))
	}
	return types.ListValueMust(objType, vals)
}

// quarantineFromModel converts quarantine (nil when null or unknown).
func quarantineFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) *bucketconfig.Quarantine {
	m, ok := objectAsModel[quarantineModel](ctx, o, diags)
	if !ok {
		return nil
	}
	q := &bucketconfig.Quarantine{Prefix: stringPtr(m.Prefix), ExpirationDays: int64Ptr(m.ExpirationDays), ReadersUnknown: m.ReaderPrincipalARNs.IsUnknown()}
	q.ReaderPrincipalARNs = stringsOf(m.ReaderPrincipalARNs, &q.ReadersUnknown)
	if m.ExpirationDays.IsNull() {
		d := int64(bucketconfig.DefaultQuarantineExpirationDays)
		q.ExpirationDays = &d
	}
	return q
}

// quarantineValue renders a quarantine read back (nil: none), keeping the
// prior's reader order when it lists the same principals.
func quarantineValue(ctx context.Context, q *bucketconfig.Quarantine, prior types.Object, diags *diag.Diagnostics) types.Object {
	if q == nil {
		return types.ObjectNull(quarantineAttrTypes)
	}
	var priorReaders types.List
	if pm, ok := objectAsModel[quarantineModel](ctx, prior, diags); ok {
		priorReaders = pm.ReaderPrincipalARNs
	}
	return types.ObjectValueMust(quarantineAttrTypes, map[string]attr.Value{
		"prefix":                stringValue(q.Prefix),
		"reader_principal_arns": alignedStrings(q.ReaderPrincipalARNs, priorReaders),
		"expiration_days":       int64Value(q.ExpirationDays),
	})
}

// scanGateFromModel converts scan_gate (nil when null or unknown). Unset
// values are the attributes' defaults.
func scanGateFromModel(ctx context.Context, o types.Object, diags *diag.Diagnostics) *bucketconfig.ScanGate {
	m, ok := objectAsModel[scanGateModel](ctx, o, diags)
	if !ok {
		return nil
	}
	g := &bucketconfig.ScanGate{TagKey: stringPtr(m.TagKey), CleanValue: stringPtr(m.CleanValue),
		PrefixesUnknown: m.Prefixes.IsUnknown(), ExemptUnknown: m.ExemptPrincipalARNs.IsUnknown()}
	g.Prefixes = stringsOf(m.Prefixes, &g.PrefixesUnknown)
	if m.Prefixes.IsNull() {
		g.Prefixes = bucketconfig.DefaultScanGatePrefixes()
	}
	g.ExemptPrincipalARNs = stringsOf(m.ExemptPrincipalARNs, &g.ExemptUnknown)
	if m.TagKey.IsNull() {
		g.TagKey = stringPtrOf(bucketconfig.DefaultScanTagKey)
	}
	if m.CleanValue.IsNull() {
		g.CleanValue = stringPtrOf(bucketconfig.DefaultScanCleanValue)
	}
	return g
}

// scanGateValue renders a gate read back (nil: none), keeping the prior's
// list orders when they hold the same values.
func scanGateValue(ctx context.Context, g *bucketconfig.ScanGate, prior types.Object, diags *diag.Diagnostics) types.Object {
	if g == nil {
		return types.ObjectNull(scanGateAttrTypes)
	}
	var pm scanGateModel
	if m, ok := objectAsModel[scanGateModel](ctx, prior, diags); ok {
		pm = m
	}
	return types.ObjectValueMust(scanGateAttrTypes, map[string]attr.Value{
		"prefixes":              alignedStrings(g.Prefixes, pm.Prefixes),
		"tag_key":               stringValue(g.TagKey),
		"clean_value":           stringValue(g.CleanValue),
		"exempt_principal_arns": alignedStrings(g.ExemptPrincipalARNs, pm.ExemptPrincipalARNs),
	})
}

// alignedStrings renders got as a list: prior when it holds the same
// strings in another order (or is an empty list and got is empty), null when
// got is empty.
func alignedStrings(got []string, prior types.List) types.List {
	if known(prior) && fullyKnownList(prior) {
		p := stringsOf(prior, nil)
		a, b := slices.Clone(p), slices.Clone(got)
		slices.Sort(a)
		slices.Sort(b)
		if slices.Equal(a, b) {
			return prior
		}
	}
	if len(got) == 0 {
		return types.ListNull(types.StringType)
	}
	return stringList(got)
}

func fullyKnownList(l types.List) bool {
	for _, e := range l.Elements() {
		if e.IsUnknown() {
			return false
		}
	}
	return true
}

func stringPtrOf(s string) *string { return &s }

// stringOrDefault is v, def when v is null, nil when v is unknown.
func stringOrDefault(v types.String, def string) *string {
	if v.IsNull() {
		return &def
	}
	return stringPtr(v)
}
