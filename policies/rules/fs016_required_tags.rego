# METADATA
# title: Required tags present
# description: |
#   Every bucket carries the tags listed in the required_tags parameter
#   (comma-separated, default none), directly or through the provider's
#   default tags.
# related_resources:
#   - ref: https://docs.aws.amazon.com/whitepapers/latest/tagging-best-practices/tagging-best-practices.html
#     description: Tagging best practices
# custom:
#   id: FS016
#   severity: deny
#   parameters:
#     required_tags: {type: list, default: ""}
#   remediation: Add the missing tags to `tags`, or to the provider's default_tags.
package filestore.rules.fs016_required_tags

import data.filestore.lib.normalize
import data.filestore.lib.params
import data.filestore.lib.result

meta := rego.metadata.chain()

_required_tags := params.list(meta, "required_tags")

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	count(_required_tags) > 0
	doc.tags.known
	present := _keys(doc.tags.value)
	missing := _required_tags - present
	count(missing) > 0
	v := result.fail(doc, doc.tags, sprintf("missing required tags: %s", [concat(", ", sort(missing))]))
}

_keys(m) := {k | some k, _ in m} if is_object(m)

_keys(null) := set()
