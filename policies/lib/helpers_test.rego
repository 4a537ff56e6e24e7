# METADATA
# title: Test helpers
# description: Plan builders shared by the rule tests.
package filestore.test.helpers

# plan wraps resource changes into a plan document whose configuration
# declares each changed resource (root module) and the filestore provider.
plan(changes) := plan_with(changes, [], {})

# plan_with adds explicit configuration resources (with expressions) and
# provider configuration.
plan_with(changes, config, provider_config) := {
	"format_version": "1.2",
	"terraform_version": "1.10.5",
	"resource_changes": changes,
	"configuration": {
		"provider_config": provider_config,
		"root_module": {"resources": array.concat(config, [_config_of(c) |
			some c in changes
			not _configured(config, c)
		])},
	},
}

_configured(config, c) if {
	some r in config
	r.address == _config_address(c)
}

_config_of(c) := {
	"address": _config_address(c),
	"mode": c.mode,
	"type": c.type,
	"name": c.name,
	"provider_config_key": split(c.type, "_")[0],
	"expressions": {},
}

_config_address(c) := concat(".", [c.type, c.name]) if c.mode == "managed"

_config_address(c) := concat(".", ["data", c.type, c.name]) if c.mode == "data"

# change returns a create of a managed resource with fully known values.
change(type, name, after) := change_unknown(type, name, after, {})

change_unknown(type, name, after, unknown) := {
	"address": concat(".", [type, name]),
	"mode": "managed",
	"type": type,
	"name": name,
	"change": {"actions": ["create"], "before": null, "after": after, "after_unknown": unknown},
}

# read returns a deferred data source read.
read(type, name, after) := {
	"address": concat(".", ["data", type, name]),
	"mode": "data",
	"type": type,
	"name": name,
	"change": {"actions": ["read"], "before": null, "after": after, "after_unknown": {}},
}

# bucket is a compliant filestore_upload_bucket's planned value, merged with
# overrides.
bucket(overrides) := object.union(
	{
		"bucket": "acme-uploads",
		"versioning": true,
		"cors_rules": [{
			"allowed_origins": ["https://app.example.com"],
			"allowed_methods": ["PUT", "GET"],
			"allowed_headers": ["content-type"],
			"expose_headers": ["ETag"],
			"max_age_seconds": 3600,
		}],
		"encryption": {"algorithm": "AES256", "kms_key_id": null, "bucket_key_enabled": false},
		"deny_insecure_transport": true,
		"deny_unencrypted_uploads": false,
		"block_public_access": true,
		"object_ownership": "BucketOwnerEnforced",
		"lifecycle_tiers": [
			{
				"prefix": "uploads/",
				"transitions": [{"days": 30, "storage_class": "STANDARD_IA"}, {"days": 90, "storage_class": "GLACIER"}],
				"expiration_days": 365,
				"noncurrent_expiration_days": 30,
			},
			{"prefix": "tmp/", "transitions": [], "expiration_days": 1, "noncurrent_expiration_days": null},
		],
		"abort_incomplete_multipart_days": 7,
		"tags": {"team": "media"},
		"tags_all": {"team": "media"},
		"access_logging": {"target_bucket": "acme-logs", "target_prefix": "s3/acme-uploads/"},
		"object_lock": null,
		"policy_statements": null,
		"notifications": null,
		"quarantine": null,
		"scan_gate": null,
	},
	overrides,
)

# bucket_plan is a plan with one filestore_upload_bucket "b".
bucket_plan(overrides) := plan([change("filestore_upload_bucket", "b", bucket(overrides))])

# s3_provider is a provider configuration with compatibility = "s3".
s3_provider := {"filestore": {"name": "filestore", "expressions": {"compatibility": {"constant_value": "s3"}}}}

# r2_provider is a provider configuration with compatibility = "r2".
r2_provider := {"filestore": {"name": "filestore", "expressions": {"compatibility": {"constant_value": "r2"}}}}

# ids lists "RULE address path" for findings or violations.
ids(fs) := {sprintf("%s %s", [f.address, concat(".", [sprintf("%v", [s]) | some s in f.path])]) | some f in fs}
