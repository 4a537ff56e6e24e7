# METADATA
# title: CORS helpers
# description: Shared by FS005 and FS006.
package filestore.lib.cors

write_methods_all := {"PUT", "POST", "DELETE"}

# write_methods(rule) is the set of known write methods a CORS rule allows.
write_methods(r) := {m |
	some e in r.methods
	is_string(e.value)
	m := upper(e.value)
	m in write_methods_all
}

wildcard_origin(o) if o in {"*", "http://*", "https://*"}
