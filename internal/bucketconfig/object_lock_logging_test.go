package bucketconfig

import (
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

func TestValidateObjectLock(t *testing.T) {
	on, off := aws.Bool(true), aws.Bool(false)
	cases := []struct {
		name       string
		lock       ObjectLock
		versioning *bool
		want       map[string]string
	}{
		{name: "governance days", lock: ObjectLock{Mode: str("GOVERNANCE"), Days: i64(30)}, versioning: on},
		{name: "compliance years", lock: ObjectLock{Mode: str("COMPLIANCE"), Years: i64(7)}, versioning: on},
		{name: "versioning unknown", lock: ObjectLock{Mode: str("COMPLIANCE"), Years: i64(7)}},
		{name: "bad mode", lock: ObjectLock{Mode: str("governance"), Days: i64(1)}, versioning: on,
			want: map[string]string{"object_lock.mode": `"governance" is not an object lock mode`}},
		{name: "both", lock: ObjectLock{Mode: str("GOVERNANCE"), Days: i64(1), Years: i64(1)}, versioning: on,
			want: map[string]string{"object_lock": "not both"}},
		{name: "neither", lock: ObjectLock{Mode: str("GOVERNANCE")}, versioning: on,
			want: map[string]string{"object_lock": "set days or years"}},
		{name: "neither but unknown", lock: ObjectLock{Mode: str("GOVERNANCE"), Partial: true}, versioning: on},
		{name: "zero days", lock: ObjectLock{Mode: str("GOVERNANCE"), Days: i64(0)}, versioning: on,
			want: map[string]string{"object_lock.days": "not between 1 and 36500"}},
		{name: "too many years", lock: ObjectLock{Mode: str("GOVERNANCE"), Years: i64(101)}, versioning: on,
			want: map[string]string{"object_lock.years": "not between 1 and 100"}},
		{name: "no versioning", lock: ObjectLock{Mode: str("GOVERNANCE"), Days: i64(1)}, versioning: off,
			want: map[string]string{"object_lock": "needs versioning = true"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := map[string]string{}
			for _, e := range ValidateObjectLock(c.lock, c.versioning, Path{"object_lock"}) {
				got[e.Path.String()] += e.Detail
			}
			if len(got) != len(c.want) {
				t.Fatalf("got %v want %v", got, c.want)
			}
			for p, sub := range c.want {
				if !strings.Contains(got[p], sub) {
					t.Errorf("at %s: want %q in %q", p, sub, got[p])
				}
			}
		})
	}
}

func TestObjectLockRoundTrip(t *testing.T) {
	for _, l := range []ObjectLock{{Mode: str("GOVERNANCE"), Days: i64(30)}, {Mode: str("COMPLIANCE"), Years: i64(3)}} {
		c := ObjectLockToAPI(&l)
		if c.ObjectLockEnabled != s3types.ObjectLockEnabledEnabled {
			t.Fatal("object lock not enabled")
		}
		enabled, back := ObjectLockFromAPI(c)
		if !enabled || back == nil || *back.Mode != *l.Mode || aws.ToInt64(back.Days) != aws.ToInt64(l.Days) || aws.ToInt64(back.Years) != aws.ToInt64(l.Years) {
			t.Fatalf("round trip %+v -> %+v", l, back)
		}
	}
	if c := ObjectLockToAPI(nil); c.Rule != nil || c.ObjectLockEnabled != s3types.ObjectLockEnabledEnabled {
		t.Fatalf("enabled without retention: %+v", c)
	}
	if enabled, l := ObjectLockFromAPI(&s3types.ObjectLockConfiguration{ObjectLockEnabled: s3types.ObjectLockEnabledEnabled}); !enabled || l != nil {
		t.Fatal("enabled without a rule")
	}
}

func TestAccessLogging(t *testing.T) {
	if errs := ValidateAccessLogging(AccessLogging{TargetBucket: str("Logs_Bucket")}, Path{"access_logging"}); len(errs) == 0 ||
		errs[0].Path.String() != "access_logging.target_bucket" {
		t.Fatalf("bad target bucket: %v", errs)
	}
	l := &AccessLogging{TargetBucket: str("my-logs"), TargetPrefix: str("s3/uploads/")}
	back, unheld := LoggingFromAPI(LoggingToAPI(l).LoggingEnabled)
	if len(unheld) != 0 || *back.TargetBucket != "my-logs" || *back.TargetPrefix != "s3/uploads/" {
		t.Fatalf("round trip %+v %v", back, unheld)
	}
	if LoggingToAPI(nil).LoggingEnabled != nil {
		t.Fatal("nil turns logging off")
	}
	_, unheld = LoggingFromAPI(&s3types.LoggingEnabled{TargetBucket: str("b"), TargetPrefix: str(""),
		TargetGrants: []s3types.TargetGrant{{}}, TargetObjectKeyFormat: &s3types.TargetObjectKeyFormat{PartitionedPrefix: &s3types.PartitionedPrefix{}}})
	if len(unheld) != 2 {
		t.Fatalf("unheld %v", unheld)
	}
}
