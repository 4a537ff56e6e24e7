package bucketconfig

// SidDenyInsecureTransport is the statement of deny_insecure_transport.
const SidDenyInsecureTransport = "DenyInsecureTransport"

// denyInsecureTransportGenerator denies every s3 action over plain HTTP.
var denyInsecureTransportGenerator = policyGenerator{
	sids: []string{SidDenyInsecureTransport},
	build: func(o PolicyOptions) []policyStatement {
		if !o.DenyInsecureTransport {
			return nil
		}
		return []policyStatement{o.insecureTransportStatement()}
	},
	recognize: func(f *PolicyOptions, st []Statement, claimed []bool) {
		f.DenyInsecureTransport = claimFirst(f.insecureTransportStatement(), st, claimed)
	},
}

func (o PolicyOptions) insecureTransportStatement() policyStatement {
	return policyStatement{
		Sid: SidDenyInsecureTransport, Effect: "Deny", Principal: "*", Action: "s3:*",
		Resource:  []string{o.bucketARN(), o.objectsARN()},
		Condition: map[string]map[string]any{"Bool": {"aws:SecureTransport": "false"}},
	}
}
