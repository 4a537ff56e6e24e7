# METADATA
# title: Violations
# description: |
#   The one constructor of a rule's violation, the object every rule package
#   (built-in or local) puts in its `violations` set and
#   data.filestore.lib.findings turns into a finding:
#   {resource, address, path, message}.
#
#   - resource: the normalized document's address (the bucket a sibling
#     configures), which exemptions and the report group by;
#   - address, path: the resource and attribute a user has to change, taken
#     from an attribute object, a setting or a rule element of the document.
#
#   A violation may also carry partial = true (built with partial(v)): it
#   was decided on a partial view of the configuration, and is reported at
#   most as a warning.
package filestore.lib.result

# fail(doc, at, message): doc violates the rule at `at`, anything with an
# address and a path (an attribute {address, path, known, value}, a setting
# {state, address, path, ...}, a CORS or lifecycle rule element, or at(...)).
fail(doc, at, message) := {
	"resource": doc.address,
	"address": at.address,
	"path": at.path,
	"message": message,
}

# fail_resource(doc, message): doc violates the rule as a whole (a missing
# setting): the finding points at the resource, with no attribute path.
fail_resource(doc, message) := {
	"resource": doc.address,
	"address": doc.address,
	"path": [],
	"message": message,
}

# at(x, steps) is the location of steps below x: at(rule, ["allowed_origins"])
# for the allowed_origins of a CORS rule element.
at(x, steps) := {"address": x.address, "path": array.concat(x.path, steps)}

# view is what the runner shows the rules: "plan" (a whole plan: `policy
# check`, conftest, HCP Terraform) or "resource" (inside the provider: one
# resource, plus the buckets the provider has planned that it names). The
# engine sets data.filestore.view; a plan cannot.
view := v if {
	v := data.filestore.view
	v in {"plan", "resource"}
} else := "plan"

# partial(v): v decided without seeing resources the runner cannot show
# (inside the provider: other providers' resources such as a GuardDuty
# plan, and the other buckets of the configuration). The finding is
# reported at most as a warning, and its message says that `policy check`
# over the whole plan decides.
partial(v) := object.union(v, {
	"partial": true,
	"message": concat("", [v.message, " (the provider sees this resource alone, not the rest of the configuration: `policy check` over the saved plan decides; reported here as a warning)"]),
})
