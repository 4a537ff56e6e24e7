package bucketconfig

import (
	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Quarantine: uploads land under a prefix only the scanner may read, and
// whatever is never scanned (and so never moved out) expires.
const (
	// SidDenyQuarantineRead is the bucket policy statement denying reads
	// under the quarantine prefix to everyone but the readers.
	SidDenyQuarantineRead = "DenyReadsInQuarantine"
	// QuarantineRuleID is the lifecycle rule expiring quarantined objects.
	QuarantineRuleID = "quarantine-expiration"
	// DefaultQuarantineExpirationDays is quarantine.expiration_days unset.
	DefaultQuarantineExpirationDays = 7
)

// Quarantine is the quarantine block. Nil pointers are unknown until apply;
// ReadersUnknown marks reader_principal_arns holding an unknown value.
type Quarantine struct {
	Prefix              *string
	ReaderPrincipalARNs []string
	ReadersUnknown      bool
	ExpirationDays      *int64
}

// ValidateQuarantine checks the block on its own: a non-empty literal
// prefix, IAM principal ARNs, expiration_days not negative. p is the path
// of quarantine.
func ValidateQuarantine(q Quarantine, p Path) []FieldError {
	var errs []FieldError
	if q.Prefix != nil {
		pp := p.At("prefix")
		if *q.Prefix == "" {
			errs = append(errs, fieldErr(pp, "Empty quarantine prefix",
				"%s: an empty prefix quarantines the whole bucket, so nothing could ever be read. Give the prefix uploads land under, for example \"quarantine/\" (to gate reads on the whole bucket, use scan_gate).", pp))
		}
		errs = append(errs, validateGatePrefix(*q.Prefix, pp)...)
	}
	if !q.ReadersUnknown {
		errs = append(errs, validatePrincipalARNs(q.ReaderPrincipalARNs, p, "reader_principal_arns")...)
	}
	if q.ExpirationDays != nil && *q.ExpirationDays < 0 {
		ep := p.At("expiration_days")
		errs = append(errs, fieldErr(ep, "Invalid quarantine expiration", "%s: %d is negative; give a number of days, or 0 to keep quarantined objects.", ep, *q.ExpirationDays))
	}
	return errs
}

// ValidateQuarantineTiers rejects lifecycle tiers that would transition
// objects under the quarantine prefix: a scanner cannot read an object
// archived to Glacier, and an unscanned object should expire, not age into
// cheaper storage. Noncurrent transitions are refused too: on a versioned
// bucket an overwritten quarantined object is unscanned content as well, and
// archiving it bills the class's minimum duration for what should go away. A
// tier covers the prefix when one prefix starts the other (the tier ""
// covers every key), whatever its tag or size filter. tiersPath is
// lifecycle_tiers.
func ValidateQuarantineTiers(q Quarantine, tiers []LifecycleTier, tiersPath Path) []FieldError {
	if q.Prefix == nil || *q.Prefix == "" {
		return nil
	}
	var errs []FieldError
	for i, t := range tiers {
		if !prefixesOverlap(t.Prefix, *q.Prefix) {
			continue
		}
		if len(t.Transitions) > 0 {
			tp := tiersPath.At(i, "transitions")
			errs = append(errs, fieldErr(tp, "Transition on the quarantine prefix",
				"%s: the tier for prefix %q transitions objects under quarantine.prefix %q; quarantined objects must stay readable by the scanner until they are scanned or expire. "+
					"Give the tier a prefix outside the quarantine (for example the prefix clean objects are copied to), or remove its transitions.",
				tp, t.Prefix, *q.Prefix))
		}
		if len(t.NoncurrentTransitions) > 0 {
			tp := tiersPath.At(i, "noncurrent_transitions")
			errs = append(errs, fieldErr(tp, "Noncurrent transition on the quarantine prefix",
				"%s: the tier for prefix %q transitions noncurrent versions under quarantine.prefix %q; those are unscanned uploads too, which should expire rather than be archived. "+
					"Give the tier a prefix outside the quarantine, or expire noncurrent versions there with noncurrent_expiration_days instead.",
				tp, t.Prefix, *q.Prefix))
		}
	}
	return errs
}

// QuarantineExpirationDays is the effective expiration (the default when
// unset; 0 keeps quarantined objects).
func (q Quarantine) QuarantineExpirationDays() int64 {
	if q.ExpirationDays == nil {
		return DefaultQuarantineExpirationDays
	}
	return *q.ExpirationDays
}

// QuarantineLifecycleRule is the rule expiring objects under the prefix, or
// false when expiration_days is 0. It joins the rules of lifecycle_tiers in
// one lifecycle configuration.
func QuarantineLifecycleRule(q Quarantine) (s3types.LifecycleRule, bool) {
	days := q.QuarantineExpirationDays()
	if days <= 0 {
		return s3types.LifecycleRule{}, false
	}
	return s3types.LifecycleRule{
		ID:         aws.String(QuarantineRuleID),
		Status:     s3types.ExpirationStatusEnabled,
		Filter:     &s3types.LifecycleRuleFilter{Prefix: aws.String(aws.ToString(q.Prefix))},
		Expiration: &s3types.LifecycleExpiration{Days: aws.Int32(int32(days))},
	}, true
}

// SplitQuarantineRule takes the quarantine's expiration rule out of the
// rules read from the bucket: rest are the other rules (for lifecycle_tiers),
// prefix and days are the rule's, found is false when there is none. Only an
// enabled rule with this resource's id and a plain prefix filter is taken.
func SplitQuarantineRule(rules []s3types.LifecycleRule) (rest []s3types.LifecycleRule, prefix string, days int64, found bool) {
	for _, r := range rules {
		if !found && aws.ToString(r.ID) == QuarantineRuleID && r.Status == s3types.ExpirationStatusEnabled &&
			r.Filter != nil && r.Filter.Prefix != nil && r.Filter.And == nil && r.Filter.Tag == nil &&
			r.Expiration != nil && r.Expiration.Days != nil && r.Expiration.Date == nil &&
			len(r.Transitions) == 0 && len(r.NoncurrentVersionTransitions) == 0 && r.NoncurrentVersionExpiration == nil &&
			r.AbortIncompleteMultipartUpload == nil {
			prefix, days, found = *r.Filter.Prefix, int64(*r.Expiration.Days), true
			continue
		}
		rest = append(rest, r)
	}
	return rest, prefix, days, found
}

// quarantineGenerator denies reads under the quarantine prefix to everyone
// but the readers. It recognizes its statement by Sid (the prefix varies, so
// the shape alone could claim a user's own deny).
var quarantineGenerator = policyGenerator{
	sids: []string{SidDenyQuarantineRead},
	build: func(o PolicyOptions) []policyStatement {
		if o.Quarantine == nil {
			return nil
		}
		return []policyStatement{o.quarantineStatement(*o.Quarantine)}
	},
	recognize: func(f *PolicyOptions, st []Statement, claimed []bool) {
		for i, s := range st {
			if claimed[i] {
				continue
			}
			prefixes, ok := f.readGate(s, SidDenyQuarantineRead)
			if !ok || len(prefixes) != 1 {
				continue
			}
			readers, ok := exceptedPrincipals(s)
			if !ok {
				continue
			}
			claimed[i] = true
			f.Quarantine = &Quarantine{Prefix: aws.String(prefixes[0]), ReaderPrincipalARNs: readers}
			return
		}
	},
}

func (o PolicyOptions) quarantineStatement(q Quarantine) policyStatement {
	return policyStatement{
		Sid: SidDenyQuarantineRead, Effect: "Deny", Principal: "*", Action: readActions,
		Resource:  objectsUnder(o.partition(), o.Bucket, aws.ToString(q.Prefix)),
		Condition: exceptCondition(map[string]map[string]any{}, q.ReaderPrincipalARNs),
	}
}
