# METADATA
# title: Plan value helpers
# description: |
#   Reading planned values in the shape of `terraform show -json`: `after`
#   holds known values (unknown ones rendered as null) and `after_unknown`
#   mirrors its structure with true wherever a value is unknown until apply.
#   Every accessor returns an "attribute" object
#   {address, path, known, value} so that a rule can both decide (only on
#   known values) and report the attribute path in the resource's own schema.
package filestore.lib.values

# unknown(mask, path) is true when the value at path, or any container above
# it, is unknown until apply. Most attributes are not in the mask at all:
# the first lookup fails fast for them.
unknown(mask, _) if mask == true

unknown(mask, path) if {
	mask[path[0]]
	some i in numbers.range(1, count(path))
	object.get(mask, array.slice(path, 0, i), false) == true
}

# unknown_roots(mask) is the set of top-level attributes with a value
# unknown until apply at or below them (a `true` in after_unknown).
unknown_roots(mask) := {p[0] | walk(mask, [p, true])}

# attr returns the attribute at path of a resource instance
# ({address, after, after_unknown}).
attr(res, path) := {"address": res.address, "path": path, "known": false, "value": null} if {
	res.after_unknown[path[0]]
	unknown(res.after_unknown, path)
} else := {"address": res.address, "path": path, "known": true, "value": object.get(res.after, path, null)}

# whole(res, path) is attr(res, path) for a list or object read as one value:
# unknown when anything under it is unknown until apply (an element of a
# list, say), so a rule never decides on a partly known list.
whole(res, path) := {"address": res.address, "path": path, "known": false, "value": null} if {
	_unknown_within(res.after_unknown, path)
} else := attr(res, path)

_unknown_within(mask, path) if unknown(mask, path)

_unknown_within(mask, path) if {
	m := object.get(mask, path, false)
	not is_boolean(m)
	walk(m, [_, true])
}

# attrs(res, specs) returns {name: attribute} for specs
# {name: [path, default]}: with_default(attr(res, path), default) for each
# (a null default leaves a known null as it is). One comprehension builds
# them all: a function call per attribute costs several times more. Paths
# whose first step is in after_unknown take the exact (slower) route.
attrs(res, specs) := object.union(
	{name: a |
		address := res.address
		after := res.after
		mask := res.after_unknown
		some name, [path, d] in specs
		object.get(mask, path[0], false) == false
		v := object.get(after, path, null)
		a := {"address": address, "path": path, "known": true, "value": {true: d, false: v}[v == null]}
	},
	{name: a |
		mask := res.after_unknown
		some name, [path, d] in specs
		object.get(mask, path[0], false) != false
		a := with_default(attr(res, path), d)
	},
)

# attrs_at(res, base, specs) is attrs(res, specs) with every path relative to
# base (a list element, say ["lifecycle_tiers", 0]).
attrs_at(res, base, specs) := {name: a |
	address := res.address
	after := res.after
	some name, [rel, d] in specs
	path := array.concat(base, rel)
	v := object.get(after, path, null)
	a := {"address": address, "path": path, "known": true, "value": {true: d, false: v}[v == null]}
} if {
	object.get(res.after_unknown, base[0], false) == false
} else := {name: with_default(attr(res, array.concat(base, rel)), d) | some name, [rel, d] in specs}

# elements returns the known elements of the list (or set) at path as
# [{address, path, value}], skipping unknown ones. An unknown list yields [].
elements(res, path) := [] if {
	unknown(res.after_unknown, path)
} else := [e |
	some i, v in object.get(res.after, path, [])
	p := array.concat(path, [i])
	object.get(res.after_unknown, p, false) != true
	e := {"address": res.address, "path": p, "value": v}
]

# length returns {known, value} for the number of elements of the list or map
# at path; a null value counts as 0.
length(res, path) := {"known": false, "value": null} if {
	unknown(res.after_unknown, path)
} else := {"known": true, "value": count(v)} if {
	v := object.get(res.after, path, null)
	v != null
} else := {"known": true, "value": 0}

# with_default replaces a known null with a default value (an attribute the
# user did not set, whose provider default is documented).
with_default(a, d) := {"address": a.address, "path": a.path, "known": true, "value": d} if {
	a.known == true
	a.value == null
} else := a

# known_value(a, v) is true when the attribute is known and equals v.
known_value(a, v) if {
	a.known
	a.value == v
}

# number converts a parameter or attribute value (number or numeric string).
number(v) := v if is_number(v)

number(v) := to_number(trim_space(v)) if is_string(v)

# duration_seconds converts a duration string as the provider accepts it
# (signing.ParseDuration: a Go duration such as "15m" or "1h30m", optionally
# preceded by whole days: "7d", "1d12h"; positive, whole seconds) or a number
# of seconds to seconds. Undefined when the provider would refuse it
# (internal/policy/defaults_test.go compares the two).
duration_seconds(v) := v if is_number(v)

duration_seconds(v) := s if {
	is_string(v)
	not contains(v, "d")
	s := _whole_positive_seconds(time.parse_duration_ns(trim_space(v)))
}

duration_seconds(v) := s if {
	is_string(v)
	m := regex.find_all_string_submatch_n(`^([0-9]+)d(.*)$`, trim_space(v), 1)[0]
	days := to_number(m[1])
	days <= 65535
	rest := _duration_ns_or_zero(m[2])
	rest >= 0
	s := _whole_positive_seconds((days * 86400000000000) + rest)
}

_duration_ns_or_zero("") := 0

_duration_ns_or_zero(s) := time.parse_duration_ns(s) if s != ""

_whole_positive_seconds(ns) := ns / 1000000000 if {
	ns > 0
	ns % 1000000000 == 0
}

# get(x, path) is the value at path in nested objects / arrays (up to eight
# steps), undefined when absent. Direct references: object.get with a path
# copies the object it walks, which dominates large plans.
get(x, p) := _get(x, p, count(p))

# One body per path length, selected by OPA's rule index on the constant
# argument (a `count(p) == n` condition would evaluate every body).
_get(x, p, 1) := x[p[0]]

_get(x, p, 2) := x[p[0]][p[1]]

_get(x, p, 3) := x[p[0]][p[1]][p[2]]

_get(x, p, 4) := x[p[0]][p[1]][p[2]][p[3]]

_get(x, p, 5) := x[p[0]][p[1]][p[2]][p[3]][p[4]]

_get(x, p, 6) := x[p[0]][p[1]][p[2]][p[3]][p[4]][p[5]]

_get(x, p, 7) := x[p[0]][p[1]][p[2]][p[3]][p[4]][p[5]][p[6]]

_get(x, p, 8) := x[p[0]][p[1]][p[2]][p[3]][p[4]][p[5]][p[6]][p[7]]

# get_or(x, path, default) is get(x, path), or default when absent.
get_or(x, p, d) := v if {
	v := get(x, p)
} else := d
