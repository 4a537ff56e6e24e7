# Bucket policy documents: does a policy deny requests without TLS?
#
# Part of package filestore.lib.normalize (see normalize.rego).
package filestore.lib.normalize

# denies_insecure_transport(policy_json) is true when a statement denies every
# principal any S3 action on requests with aws:SecureTransport = false.
default denies_insecure_transport(_) := false

denies_insecure_transport(doc) if {
	is_string(doc)
	json.is_valid(doc)
	some st in _statements(json.unmarshal(doc))
	st.Effect == "Deny"
	_everyone(st.Principal)
	_all_s3(st.Action)
	some v in _as_list(st.Condition.Bool["aws:SecureTransport"])
	lower(sprintf("%v", [v])) == "false"
}

_statements(p) := p.Statement if is_array(p.Statement)

_statements(p) := [p.Statement] if is_object(p.Statement)

_everyone("*")

_everyone(p) if {
	some v in _as_list(p.AWS)
	v == "*"
}

_all_s3(a) if {
	some v in _as_list(a)
	v in {"*", "s3:*"}
}

_as_list(v) := v if is_array(v)

_as_list(v) := [v] if not is_array(v)
