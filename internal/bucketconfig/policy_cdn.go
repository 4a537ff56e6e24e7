package bucketconfig

import (
	"fmt"
	"sort"
	"strings"
)

// CloudFront read access through an origin access control: an Allow of
// s3:GetObject on the bucket's objects to the cloudfront.amazonaws.com
// service principal, for requests whose AWS:SourceArn is one of the
// distributions. Two writers produce it:
//
//   - filestore_upload_bucket's cdn_read_access: one statement with Sid
//     SidAllowCloudFrontRead, generated with the rest of the policy;
//   - filestore_cdn_read_access: one statement per resource, Sid
//     CDNReadAccessSidPrefix + the id of its first distribution. The bucket
//     keeps these when it writes its policy (they are "grants").
//
// The two cannot be mixed on one bucket: each resource refuses to write when
// it finds the other's statement, with an error naming both.

// SidAllowCloudFrontRead is the statement of the bucket's cdn_read_access.
const SidAllowCloudFrontRead = "AllowCloudFrontServicePrincipalReadOnly"

// CDNReadAccessSidPrefix starts the Sid of every statement
// filestore_cdn_read_access writes; policy_statements may not use it.
const CDNReadAccessSidPrefix = "CDNReadAccess"

// CloudFrontServicePrincipal is the principal of an origin access control.
const CloudFrontServicePrincipal = "cloudfront.amazonaws.com"

// cdnReadAccessGenerator writes the bucket's own CloudFront grant.
var cdnReadAccessGenerator = policyGenerator{
	sids: []string{SidAllowCloudFrontRead},
	build: func(o PolicyOptions) []policyStatement {
		if len(o.CDNDistributionARNs) == 0 {
			return nil
		}
		return []policyStatement{o.cloudFrontStatement(SidAllowCloudFrontRead, o.CDNDistributionARNs)}
	},
	recognize: func(f *PolicyOptions, st []Statement, claimed []bool) {
		seen := map[string]bool{}
		for i, s := range st {
			if claimed[i] {
				continue
			}
			arns, ok := f.oacGrantARNs(s)
			if !ok {
				continue
			}
			claimed[i] = true
			for _, arn := range arns {
				if !seen[arn] {
					seen[arn] = true
					f.CDNDistributionARNs = append(f.CDNDistributionARNs, arn)
				}
			}
		}
		sort.Strings(f.CDNDistributionARNs)
	},
}

func (o PolicyOptions) cloudFrontStatement(sid string, distributionARNs []string) policyStatement {
	arns := append([]string(nil), distributionARNs...)
	sort.Strings(arns)
	return policyStatement{
		Sid: sid, Effect: "Allow",
		Principal: map[string]any{"Service": CloudFrontServicePrincipal},
		Action:    "s3:GetObject",
		Resource:  o.objectsARN(),
		Condition: map[string]map[string]any{"StringEquals": {"AWS:SourceArn": arns}},
	}
}

// oacGrantARNs returns the distributions an origin-access-control read
// statement on o's objects names (any Sid); ok is false when s is not
// exactly such a statement.
func (o PolicyOptions) oacGrantARNs(s Statement) (arns []string, ok bool) {
	c := s.canon
	if c.Effect != "Allow" || len(c.NotPrincipal) > 0 || len(c.NotAction) > 0 || len(c.NotResource) > 0 || len(c.Other) > 0 {
		return nil, false
	}
	if len(c.Principal) != 1 || strings.Join(c.Principal["Service"], ",") != CloudFrontServicePrincipal {
		return nil, false
	}
	if strings.Join(c.Action, ",") != "s3:getobject" || strings.Join(c.Resource, ",") != o.objectsARN() {
		return nil, false
	}
	if len(c.Condition) != 1 || len(c.Condition["StringEquals"]) != 1 {
		return nil, false
	}
	arns = c.Condition["StringEquals"]["aws:sourcearn"]
	return arns, len(arns) > 0
}

func (o PolicyOptions) isCDNReadAccessGrant(s Statement) bool {
	if !strings.HasPrefix(s.Sid(), CDNReadAccessSidPrefix) {
		return false
	}
	_, ok := o.oacGrantARNs(s)
	return ok
}

// CDNReadAccessSid is the Sid filestore_cdn_read_access gives its statement:
// the prefix and the id of the first distribution (sorted), e.g.
// CDNReadAccessE2QWRUHAPOMQZL. Distribution ARNs end in their id.
func CDNReadAccessSid(distributionARNs []string) string {
	arns := append([]string(nil), distributionARNs...)
	sort.Strings(arns)
	id := ""
	if len(arns) > 0 {
		id = arns[0][strings.LastIndex(arns[0], "/")+1:]
	}
	return CDNReadAccessSidPrefix + id
}

// CDNGrant is what a policy holds for one filestore_cdn_read_access.
type CDNGrant struct {
	// Found: a statement with the Sid exists.
	Found bool
	// DistributionARNs it grants, sorted; nil when the statement with the
	// Sid is not exactly an origin-access-control read grant (changed out of
	// band).
	DistributionARNs []string
}

// FindCDNGrant looks for the statement with sid in the actual policy doc.
func FindCDNGrant(doc, partition, bucket, sid string) (CDNGrant, error) {
	p, err := ParsePolicy(doc)
	if err != nil {
		return CDNGrant{}, err
	}
	o := PolicyOptions{Partition: partition, Bucket: bucket}
	for _, s := range p.Statements {
		if s.Sid() != sid {
			continue
		}
		g := CDNGrant{Found: true}
		if arns, ok := o.oacGrantARNs(s); ok {
			g.DistributionARNs = arns
		}
		return g, nil
	}
	return CDNGrant{}, nil
}

// CDNGrantSids lists the Sids of the filestore_cdn_read_access grants in doc.
func CDNGrantSids(doc, partition, bucket string) ([]string, error) {
	f, err := AnalyzePolicy(doc, partition, bucket)
	if err != nil {
		return nil, err
	}
	var out []string
	for _, g := range f.Grants {
		out = append(out, g.Sid())
	}
	return out, nil
}

// HasBucketCDNStatement reports whether doc holds the statement of
// filestore_upload_bucket's cdn_read_access.
func HasBucketCDNStatement(doc, partition, bucket string) (bool, error) {
	p, err := ParsePolicy(doc)
	if err != nil {
		return false, err
	}
	o := PolicyOptions{Partition: partition, Bucket: bucket}
	for _, s := range p.Statements {
		if _, ok := o.oacGrantARNs(s); ok && s.Sid() == SidAllowCloudFrontRead {
			return true, nil
		}
	}
	return false, nil
}

// SetCDNGrant returns doc with the filestore_cdn_read_access statement sid
// granting distributionARNs: replaced where it is, appended otherwise. Every
// other statement is kept as it is.
func SetCDNGrant(doc, partition, bucket, sid string, distributionARNs []string) (string, error) {
	if !strings.HasPrefix(sid, CDNReadAccessSidPrefix) {
		return "", fmt.Errorf("statement id %q does not start with %q", sid, CDNReadAccessSidPrefix)
	}
	p, err := ParsePolicy(doc)
	if err != nil {
		return "", err
	}
	o := PolicyOptions{Partition: partition, Bucket: bucket}
	grant := newStatement(o.cloudFrontStatement(sid, distributionARNs))
	out := make([]Statement, 0, len(p.Statements)+1)
	replaced := false
	for _, s := range p.Statements {
		if s.Sid() == sid {
			if !replaced {
				out = append(out, grant)
				replaced = true
			}
			continue
		}
		out = append(out, s)
	}
	if !replaced {
		out = append(out, grant)
	}
	return writePolicy(p.ID, out), nil
}

// RemoveCDNGrant returns doc without the statement sid ("" when nothing is
// left: the bucket then has no policy).
func RemoveCDNGrant(doc, sid string) (string, error) {
	p, err := ParsePolicy(doc)
	if err != nil {
		return "", err
	}
	out := make([]Statement, 0, len(p.Statements))
	for _, s := range p.Statements {
		if s.Sid() != sid {
			out = append(out, s)
		}
	}
	return writePolicy(p.ID, out), nil
}
