package bucketconfig

import (
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

// Object lock retention modes.
const (
	ObjectLockGovernance = "GOVERNANCE"
	ObjectLockCompliance = "COMPLIANCE"
)

// ObjectLockModes lists the accepted object_lock.mode values.
func ObjectLockModes() []string { return []string{ObjectLockGovernance, ObjectLockCompliance} }

// Default retention limits S3 accepts.
const (
	MaxObjectLockDays  = 36500
	MaxObjectLockYears = 100
)

// ObjectLock is object_lock: the default retention of new object versions.
// For validation nil pointers are unknown until apply.
type ObjectLock struct {
	Mode  *string
	Days  *int64
	Years *int64
	// Partial: days or years unknown until apply (which one is set cannot
	// be told yet).
	Partial bool
}

// ValidateObjectLock checks the mode, that exactly one of days and years is
// set and in range, and that the bucket is versioned (S3 requires
// versioning for object lock, and refuses to suspend it afterwards).
// versioning is nil while unknown. p is the path of object_lock.
func ValidateObjectLock(l ObjectLock, versioning *bool, p Path) []FieldError {
	var errs []FieldError
	add := func(fp Path, summary, format string, args ...any) {
		errs = append(errs, fieldErr(fp, summary, "%s: "+format, append([]any{fp}, args...)...))
	}
	if l.Mode != nil && *l.Mode != ObjectLockGovernance && *l.Mode != ObjectLockCompliance {
		add(p.At("mode"), "Invalid object lock mode", "%q is not an object lock mode; use %s (upper case).", *l.Mode, strings.Join(ObjectLockModes(), " or "))
	}
	switch {
	case l.Days != nil && l.Years != nil:
		add(p, "Object lock retention set twice", "set days or years, not both: S3 takes one retention period.")
	case l.Days == nil && l.Years == nil && !l.Partial:
		add(p, "Object lock retention missing", "set days or years: the default retention period of new object versions.")
	}
	if l.Days != nil && (*l.Days < 1 || *l.Days > MaxObjectLockDays) {
		add(p.At("days"), "Invalid object lock retention", "%d is not between 1 and %d days.", *l.Days, MaxObjectLockDays)
	}
	if l.Years != nil && (*l.Years < 1 || *l.Years > MaxObjectLockYears) {
		add(p.At("years"), "Invalid object lock retention", "%d is not between 1 and %d years.", *l.Years, MaxObjectLockYears)
	}
	if versioning != nil && !*versioning {
		add(p, "Object lock needs versioning",
			"S3 locks object versions, so object lock needs versioning = true (and versioning can never be suspended afterwards).")
	}
	return errs
}

// ObjectLockToAPI is the configuration PutObjectLockConfiguration takes:
// object lock enabled, with l as the default retention (none when l is nil).
func ObjectLockToAPI(l *ObjectLock) *s3types.ObjectLockConfiguration {
	c := &s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled}
	if l == nil {
		return c
	}
	r := &s3types.DefaultRetention{Mode: s3types.ObjectLockRetentionMode(aws.ToString(l.Mode))}
	if l.Days != nil {
		r.Days = aws.Int32(int32(*l.Days))
	}
	if l.Years != nil {
		r.Years = aws.Int32(int32(*l.Years))
	}
	c.Rule = &s3types.ObjectLockRule{DefaultRetention: r}
	return c
}

// ObjectLockFromAPI reads GetObjectLockConfiguration: whether object lock is
// enabled on the bucket, and its default retention (nil when none).
func ObjectLockFromAPI(c *s3types.ObjectLockConfiguration) (enabled bool, retention *ObjectLock) {
	if c == nil {
		return false, nil
	}
	enabled = c.ObjectLockEnabled == s3types.ObjectLockEnabledEnabled
	if c.Rule == nil || c.Rule.DefaultRetention == nil {
		return enabled, nil
	}
	d := c.Rule.DefaultRetention
	mode := string(d.Mode)
	l := &ObjectLock{Mode: &mode}
	if d.Days != nil {
		v := int64(*d.Days)
		l.Days = &v
	}
	if d.Years != nil {
		v := int64(*d.Years)
		l.Years = &v
	}
	return enabled, l
}
