package bucketconfig

// Statements of deny_unencrypted_uploads.
const (
	SidDenyUnencryptedUploads  = "DenyUnencryptedUploads"
	SidDenyIncorrectEncryption = "DenyIncorrectEncryptionHeader"
)

// sseHeaderKey is the condition key for the x-amz-server-side-encryption
// request header.
const sseHeaderKey = "s3:x-amz-server-side-encryption"

// denyUnencryptedUploadsGenerator denies PutObject without the SSE header
// and, when the bucket's algorithm is known, with another algorithm.
var denyUnencryptedUploadsGenerator = policyGenerator{
	sids: []string{SidDenyUnencryptedUploads, SidDenyIncorrectEncryption},
	build: func(o PolicyOptions) []policyStatement {
		if !o.DenyUnencryptedUploads {
			return nil
		}
		st := []policyStatement{o.unencryptedUploadsStatement()}
		if o.RequiredAlgorithm != "" {
			st = append(st, o.incorrectEncryptionStatement(o.RequiredAlgorithm))
		}
		return st
	},
	recognize: func(f *PolicyOptions, st []Statement, claimed []bool) {
		f.DenyUnencryptedUploads = claimFirst(f.unencryptedUploadsStatement(), st, claimed)
		if !f.DenyUnencryptedUploads {
			return // an algorithm deny alone is not this setting: it stays a user statement
		}
		for _, alg := range EncryptionAlgorithms() {
			if claimFirst(f.incorrectEncryptionStatement(alg), st, claimed) {
				f.RequiredAlgorithm = alg
				return
			}
		}
	},
}

func (o PolicyOptions) unencryptedUploadsStatement() policyStatement {
	return policyStatement{
		Sid: SidDenyUnencryptedUploads, Effect: "Deny", Principal: "*", Action: "s3:PutObject",
		Resource:  o.objectsARN(),
		Condition: map[string]map[string]any{"Null": {sseHeaderKey: "true"}},
	}
}

func (o PolicyOptions) incorrectEncryptionStatement(alg string) policyStatement {
	return policyStatement{
		Sid: SidDenyIncorrectEncryption, Effect: "Deny", Principal: "*", Action: "s3:PutObject",
		Resource:  o.objectsARN(),
		Condition: map[string]map[string]any{"StringNotEquals": {sseHeaderKey: alg}},
	}
}
