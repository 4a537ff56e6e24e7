package bucketconfig

import (
	"reflect"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	s3types "github.com/aws/aws-sdk-go-v2/service/s3/types"
)

const scannerRole = "arn:aws:iam::111122223333:role/scanner"

func TestValidateQuarantine(t *testing.T) {
	for _, tc := range []struct {
		name   string
		q      Quarantine
		wantAt []string
	}{
		{"valid", Quarantine{Prefix: aws.String("quarantine/"), ReaderPrincipalARNs: []string{scannerRole, "arn:aws:iam::111122223333:role/workers/*"}, ExpirationDays: aws.Int64(0)}, nil},
		{"unknown values", Quarantine{ReadersUnknown: true, ReaderPrincipalARNs: []string{"not-an-arn"}}, nil},
		{"empty prefix", Quarantine{Prefix: aws.String("")}, []string{"quarantine.prefix"}},
		{"wildcard prefix", Quarantine{Prefix: aws.String("q*/")}, []string{"quarantine.prefix"}},
		{"policy variable prefix", Quarantine{Prefix: aws.String("q/${aws:username}/")}, []string{"quarantine.prefix"}},
		{"bad reader", Quarantine{Prefix: aws.String("q/"), ReaderPrincipalARNs: []string{scannerRole, "scanner"}}, []string{"quarantine.reader_principal_arns[1]"}},
		{"everyone reads", Quarantine{Prefix: aws.String("q/"), ReaderPrincipalARNs: []string{"*"}}, []string{"quarantine.reader_principal_arns[0]"}},
		{"an s3 arn is no principal", Quarantine{Prefix: aws.String("q/"), ReaderPrincipalARNs: []string{"arn:aws:s3:::bucket"}}, []string{"quarantine.reader_principal_arns[0]"}},
		{"negative days", Quarantine{Prefix: aws.String("q/"), ExpirationDays: aws.Int64(-1)}, []string{"quarantine.expiration_days"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := errPaths(ValidateQuarantine(tc.q, Path{"quarantine"}))
			if !reflect.DeepEqual(got, tc.wantAt) {
				t.Fatalf("paths = %v, want %v", got, tc.wantAt)
			}
		})
	}
}

func TestValidateQuarantineTiers(t *testing.T) {
	d := func(n int64) *int64 { return &n }
	c := func(s string) *string { return &s }
	ia := []Transition{{Days: d(30), StorageClass: c(StorageClassStandardIA)}}
	tiers := []LifecycleTier{
		{Prefix: "uploads/", Transitions: ia},           // disjoint: fine
		{Prefix: "", Transitions: ia},                   // whole bucket: covers the quarantine
		{Prefix: "quarantine/images/", Transitions: ia}, // inside the quarantine
		{Prefix: "quarantine/", ExpirationDays: d(3)},   // expiration only: fine
		{Prefix: "quar", Transitions: ia},               // a shorter prefix covers it
		{Prefix: "quarantined-later/", Transitions: ia}, // disjoint ("quarantine/" is not a prefix of it)
		// Noncurrent versions under the quarantine are unscanned too; a tag
		// filter narrows the tier but still covers quarantined objects.
		{Prefix: "quarantine/", NoncurrentTransitions: ia, NoncurrentExpirationDays: d(60)},
		{Prefix: "quarantine/", Tags: map[string]string{"k": "v"}, Transitions: ia},
		{Prefix: "uploads/", NoncurrentTransitions: ia}, // disjoint: fine
	}
	errs := ValidateQuarantineTiers(Quarantine{Prefix: aws.String("quarantine/")}, tiers, Path{"lifecycle_tiers"})
	want := []string{"lifecycle_tiers[1].transitions", "lifecycle_tiers[2].transitions", "lifecycle_tiers[4].transitions",
		"lifecycle_tiers[6].noncurrent_transitions", "lifecycle_tiers[7].transitions"}
	if got := errPaths(errs); !reflect.DeepEqual(got, want) {
		t.Fatalf("paths = %v, want %v", got, want)
	}
	if !strings.Contains(errs[0].Detail, `quarantine.prefix "quarantine/"`) {
		t.Error(errs[0].Detail)
	}
	if errs := ValidateQuarantineTiers(Quarantine{}, tiers, Path{"lifecycle_tiers"}); len(errs) > 0 {
		t.Fatal("an unknown prefix is never a conflict")
	}
}

func TestQuarantineLifecycleRule(t *testing.T) {
	r, ok := QuarantineLifecycleRule(Quarantine{Prefix: aws.String("quarantine/")})
	if !ok || aws.ToString(r.ID) != QuarantineRuleID || aws.ToString(r.Filter.Prefix) != "quarantine/" ||
		aws.ToInt32(r.Expiration.Days) != DefaultQuarantineExpirationDays || r.Status != s3types.ExpirationStatusEnabled {
		t.Fatalf("%+v", r)
	}
	r, _ = QuarantineLifecycleRule(Quarantine{Prefix: aws.String("q/"), ExpirationDays: aws.Int64(2)})
	if aws.ToInt32(r.Expiration.Days) != 2 {
		t.Fatal(r.Expiration)
	}
	if _, ok := QuarantineLifecycleRule(Quarantine{Prefix: aws.String("q/"), ExpirationDays: aws.Int64(0)}); ok {
		t.Fatal("expiration_days 0 keeps the objects: no rule")
	}

	// Merged with the tiers and read back: the rule is recognised, the tiers
	// are what remains.
	tierRules := LifecycleToAPI([]LifecycleTier{{Prefix: "uploads/", ExpirationDays: aws.Int64(30)}}, 7)
	q, _ := QuarantineLifecycleRule(Quarantine{Prefix: aws.String("quarantine/"), ExpirationDays: aws.Int64(5)})
	rest, prefix, days, found := SplitQuarantineRule(append(tierRules, q))
	if !found || prefix != "quarantine/" || days != 5 || !reflect.DeepEqual(rest, tierRules) {
		t.Fatalf("found=%v prefix=%q days=%d rest=%+v", found, prefix, days, rest)
	}
	l := LifecycleFromAPI(rest)
	if len(l.Tiers) != 1 || l.Tiers[0].Prefix != "uploads/" || l.AbortDays != 7 || len(l.Unheld) != 0 {
		t.Fatalf("%+v", l)
	}

	// A rule with our id but something this resource never writes stays a
	// tier (shown as drift, never silently dropped).
	odd := q
	odd.Transitions = []s3types.Transition{{Days: aws.Int32(30), StorageClass: "GLACIER"}}
	if rest, _, _, found := SplitQuarantineRule([]s3types.LifecycleRule{odd}); found || len(rest) != 1 {
		t.Fatal("a quarantine rule with a transition is not ours")
	}
	disabled := q
	disabled.Status = s3types.ExpirationStatusDisabled
	if _, _, _, found := SplitQuarantineRule([]s3types.LifecycleRule{disabled}); found {
		t.Fatal("a disabled rule expires nothing")
	}
}

func TestQuarantineStatement(t *testing.T) {
	q := Quarantine{Prefix: aws.String("quarantine/"), ReaderPrincipalARNs: []string{"arn:aws:iam::111122223333:role/z", scannerRole, scannerRole}}
	got := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", Quarantine: &q})
	want := `{"Version":"2012-10-17","Statement":[{"Sid":"DenyReadsInQuarantine","Effect":"Deny","Principal":"*","Action":["s3:GetObject","s3:GetObjectVersion"],` +
		`"Resource":"arn:aws:s3:::b/quarantine/*","Condition":{"StringNotLike":{"aws:PrincipalArn":["arn:aws:iam::111122223333:role/scanner","arn:aws:iam::111122223333:role/z"]}}}]}`
	if got != want {
		t.Fatalf("got\n%s\nwant\n%s", got, want)
	}
	// Nobody excepted: no condition at all.
	got = BuildPolicy(PolicyOptions{Partition: "aws-cn", Bucket: "b", Quarantine: &Quarantine{Prefix: aws.String("q/")}})
	if strings.Contains(got, "Condition") || !strings.Contains(got, `"arn:aws-cn:s3:::b/q/*"`) {
		t.Fatal(got)
	}
}

func TestQuarantineFromPolicy(t *testing.T) {
	q := Quarantine{Prefix: aws.String("quarantine/"), ReaderPrincipalARNs: []string{scannerRole}}
	doc := BuildPolicy(PolicyOptions{Partition: "aws", Bucket: "b", Quarantine: &q})
	f, err := AnalyzePolicy(doc, "aws", "b")
	if err != nil || f.Quarantine == nil || aws.ToString(f.Quarantine.Prefix) != "quarantine/" ||
		!reflect.DeepEqual(f.Quarantine.ReaderPrincipalARNs, []string{scannerRole}) || len(f.Statements) != 0 {
		t.Fatalf("%+v %v", f, err)
	}
	// Reformatted by a server (single values as lists, other order): same.
	reformatted := `{"Version":"2012-10-17","Statement":[{"Condition":{"StringNotLike":{"aws:PrincipalArn":"` + scannerRole + `"}},` +
		`"Resource":["arn:aws:s3:::b/quarantine/*"],"Action":["s3:GetObjectVersion","s3:GetObject"],"Principal":{"AWS":["*"]},"Effect":"Deny","Sid":"DenyReadsInQuarantine"}]}`
	if f, _ := AnalyzePolicy(reformatted, "aws", "b"); f.Quarantine == nil || aws.ToString(f.Quarantine.Prefix) != "quarantine/" || len(f.Quarantine.ReaderPrincipalARNs) != 1 {
		t.Fatalf("%+v", f)
	}
	// Anything else is not a quarantine: it stays a statement of its own
	// (shown as a difference, never dropped).
	for name, doc := range map[string]string{
		"allow":           strings.Replace(reformatted, `"Deny"`, `"Allow"`, 1),
		"only GetObject":  strings.Replace(reformatted, `"s3:GetObjectVersion",`, ``, 1),
		"other bucket":    strings.Replace(reformatted, `:::b/`, `:::c/`, 1),
		"other sid":       strings.Replace(reformatted, `DenyReadsInQuarantine`, `MyDeny`, 1),
		"extra condition": strings.Replace(reformatted, `"Condition":{`, `"Condition":{"Bool":{"aws:SecureTransport":"false"},`, 1),
	} {
		f, err := AnalyzePolicy(doc, "aws", "b")
		if err != nil || f.Quarantine != nil || len(f.Statements) != 1 {
			t.Errorf("%s: %+v %v", name, f, err)
		}
	}
}
