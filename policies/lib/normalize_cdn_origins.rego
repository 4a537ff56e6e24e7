# Which bucket objects a CloudFront signed URL or cookie reaches (FS018).
#
# Part of package filestore.lib.normalize (see normalize.rego). The
# cdn_signature part objects: [{address, path, distribution, bucket, key,
# wildcard, quarantine}], one per `url` / `resource` that the plan lets us
# follow to a bucket:
#
#   1. the URL's host is the known domain_name or an alias of an
#      aws_cloudfront_distribution of the plan;
#   2. its cache behaviors route the URL path to an origin
#      (ordered_cache_behavior path_pattern in order, else the default);
#   3. the origin is a bucket of the plan: its domain_name argument
#      references the bucket (bucket_regional_domain_name), else the known
#      domain names it (<bucket>.s3[.<region>].amazonaws.com);
#   4. the object key is the origin_path followed by the URL path
#      (percent-decoded); for a `resource` pattern, the part before its
#      first wildcard (wildcard = true).
#
# Nothing else relates a signed URL to a bucket: a URL on a distribution
# outside the plan, or whose host, behaviors or origin are unknown until
# apply, has no objects and no finding. Inside the provider the
# distribution (another provider's resource) is never visible.
package filestore.lib.normalize

import data.filestore.lib.plan
import data.filestore.lib.values

distributions := {a: d |
	some a, d in _inst
	d.mode == "managed"
	d.type == "aws_cloudfront_distribution"
}

# _distribution_hosts: [lower-case host, distribution address] for every
# known domain_name and alias.
_distribution_hosts contains [lower(h), a] if {
	some a, d in distributions
	h := d.after.domain_name
	is_string(h)
	not values.unknown(d.after_unknown, ["domain_name"])
}

_distribution_hosts contains [lower(h), a] if {
	some a, d in distributions
	some j, h in object.get(d.after, "aliases", [])
	is_string(h)
	not values.unknown(d.after_unknown, ["aliases", j])
}

_cdn_objects(i) := [] if {
	count(distributions) == 0
} else := [o |
	some attr in ["url", "resource"]
	a := values.attr(i, [attr])
	a.known
	is_string(a.value)
	[host, raw] := _split_url(a.value)
	_distribution_hosts[[host, da]]
	d := distributions[da]
	literal := _literal_prefix(raw)
	path := _decode_path(literal)
	id := _route(d, path)
	some n, origin in object.get(d.after, "origin", [])
	origin.origin_id == id
	not values.unknown(d.after_unknown, ["origin", n, "origin_path"])
	t := bucket_of(d, _origin_refs(d, id), _bucket_of_domain(origin.domain_name), ["origin", n, "domain_name"])
	facts := _upload_facts(bucket_instances[t])
	o := {
		"address": i.address,
		"path": [attr],
		"distribution": da,
		"bucket": t,
		"key": concat("", [_origin_key_prefix(object.get(origin, "origin_path", "")), trim_prefix(path, "/")]),
		"wildcard": literal != raw,
		"quarantine": facts[0],
	}
]

# _split_url("https://cdn.example.com:443/a/b?x=1") == ["cdn.example.com", "/a/b"].
_split_url(u) := [host, path] if {
	m := regex.find_all_string_submatch_n(`^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?([^/?#:]+)(?::[0-9]*)?([^?#]*)`, u, 1)[0]
	host := lower(m[1])
	not contains(host, "*")
	path := object.get({"": "/"}, m[2], m[2])
}

_decode_path(p) := urlquery.decode(replace(p, "+", "%2B")) if {
	contains(p, "%")
} else := p

# _route(d, path): the target_origin_id of the first ordered cache behavior
# whose path_pattern matches, else of the default behavior; undefined while
# the behaviors are unknown.
_route(d, path) := id if {
	not values.unknown(d.after_unknown, ["ordered_cache_behavior"])
	ids := [b.target_origin_id |
		some b in object.get(d.after, "ordered_cache_behavior", [])
		glob.match(_behavior_glob(b.path_pattern), null, path)
	]
	count(ids) > 0
	id := ids[0]
	is_string(id)
} else := id if {
	not values.unknown(d.after_unknown, ["ordered_cache_behavior"])
	not values.unknown(d.after_unknown, ["default_cache_behavior", 0, "target_origin_id"])
	id := d.after.default_cache_behavior[0].target_origin_id
	is_string(id)
}

# CloudFront path patterns: * and ? are wildcards, everything else literal;
# the leading / is optional.
_behavior_glob(p) := concat("", ["/", trim_prefix(escaped, "/")]) if {
	escaped := regex.replace(p, `([\[\]{}\\!])`, `\$1`)
}

# The configuration references of the domain_name of the origin block with
# this origin_id (origin is a set: the plan may order it differently).
_origin_refs(d, id) := [r |
	some block in values.get_or(_config_or_empty(d), ["expressions", "origin"], [])
	values.get_or(block, ["origin_id", "constant_value"], null) == id
	some r in values.get_or(block, ["domain_name", "references"], [])
]

_config_or_empty(i) := c if {
	c := plan.config_of(i)
} else := {}

# <bucket>.s3.amazonaws.com, <bucket>.s3.<region>.amazonaws.com,
# <bucket>.s3-<region>.amazonaws.com (and .com.cn).
_bucket_of_domain(domain) := m[1] if {
	is_string(domain)
	m := regex.find_all_string_submatch_n(`^(.+)\.s3(?:[.-][a-z0-9-]+)?\.amazonaws\.com(?:\.cn)?$`, lower(domain), 1)[0]
} else := null

_origin_key_prefix(null) := ""

_origin_key_prefix(p) := "" if {
	is_string(p)
	trim(p, "/") == ""
} else := concat("", [trim(p, "/"), "/"])
