// Command policygen writes a synthetic plan (`terraform show -json` format)
// with N resource instances for the guardrail benchmarks (bench/policy.sh):
// a mix of filestore_upload_bucket, aws_s3_bucket with its siblings matched
// through configuration references, presigned URL data sources and key
// groups, spread over the root module and a for_each module, with a share
// of violations so every rule has work to do.
package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
)

func main() {
	n := flag.Int("n", 10000, "number of resource instances")
	out := flag.String("o", "plan.json", "output file")
	flag.Parse()
	if err := os.WriteFile(*out, generate(*n), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

type obj = map[string]any

// Provider addresses as plans record them, without the registry host (the
// guardrails do not read them).
const (
	fsProvider  = "filestore/filestore"
	awsProvider = "hashicorp/aws"
)

func change(address, module, mode, typ, name string, index any, provider string, after, unknown obj) obj {
	c := obj{
		"address": address, "mode": mode, "type": typ, "name": name, "provider_name": provider,
		"change": obj{"actions": []any{"create"}, "before": nil, "after": after, "after_unknown": unknown},
	}
	if mode == "data" {
		c["change"].(obj)["actions"] = []any{"read"}
	}
	if module != "" {
		c["module_address"] = module
	}
	if index != nil {
		c["index"] = index
	}
	return c
}

func configRes(typ, name, mode, key string, exprs obj) obj {
	addr := typ + "." + name
	if mode == "data" {
		addr = "data." + addr
	}
	return obj{"address": addr, "mode": mode, "type": typ, "name": name, "provider_config_key": key, "expressions": exprs}
}

func ref(r ...any) obj { return obj{"references": r} }

// generate builds groups of 10 instances until n is reached: 3 filestore
// buckets, 1 aws bucket + 4 siblings, 1 presigned URL, 1 key group.
func generate(n int) []byte {
	var changes []any
	groups := (n + 9) / 10
	half := groups / 2
	for g := 0; len(changes) < n; g++ {
		module, prefix, idx := "", "", any(g)
		if g >= half {
			key := fmt.Sprintf("k%d", g-half)
			module = fmt.Sprintf(`module.tenant[%q]`, key)
			prefix = module + "."
			idx = g - half
		}
		sfx := fmt.Sprintf("[%d]", idx)
		for i := 0; i < 3; i++ {
			name := fmt.Sprintf("fs%d", i)
			after := obj{
				"bucket": fmt.Sprintf("acme-%d-%d", g, i), "versioning": true,
				"cors_rules":          []any{obj{"allowed_origins": []any{origin(g, i)}, "allowed_methods": []any{"PUT", "GET"}, "allowed_headers": []any{"content-type"}}},
				"encryption":          obj{"algorithm": "AES256", "kms_key_id": nil, "bucket_key_enabled": false},
				"block_public_access": true, "deny_insecure_transport": true, "object_ownership": "BucketOwnerEnforced",
				"lifecycle_tiers": []any{
					obj{"prefix": "uploads/", "transitions": []any{obj{"days": 30, "storage_class": "STANDARD_IA"}, obj{"days": 90, "storage_class": "GLACIER"}}, "expiration_days": 365, "noncurrent_expiration_days": nil},
					obj{"prefix": "tmp/", "transitions": []any{}, "expiration_days": expiration(g), "noncurrent_expiration_days": nil},
				},
				"abort_incomplete_multipart_days": 7,
				"tags":                            obj{"team": "media"}, "tags_all": obj{"team": "media"},
			}
			changes = append(changes, change(prefix+"filestore_upload_bucket."+name+sfx, module, "managed", "filestore_upload_bucket", name, idx, fsProvider, after,
				obj{"arn": true, "id": true, "region": true, "policy_json": true}))
		}
		changes = append(changes, change(prefix+"aws_s3_bucket.b"+sfx, module, "managed", "aws_s3_bucket", "b", idx, awsProvider,
			obj{"bucket": fmt.Sprintf("acme-aws-%d", g), "force_destroy": false, "tags": obj{"team": "media"}, "tags_all": obj{"team": "media"}},
			obj{"id": true, "arn": true, "policy": true, "server_side_encryption_configuration": true, "lifecycle_rule": true, "cors_rule": true, "versioning": true}))
		changes = append(changes, change(prefix+"aws_s3_bucket_public_access_block.b"+sfx, module, "managed", "aws_s3_bucket_public_access_block", "b", idx, awsProvider,
			obj{"bucket": nil, "block_public_acls": true, "block_public_policy": g%7 != 0, "ignore_public_acls": true, "restrict_public_buckets": true}, obj{"bucket": true, "id": true}))
		changes = append(changes, change(prefix+"aws_s3_bucket_server_side_encryption_configuration.b"+sfx, module, "managed", "aws_s3_bucket_server_side_encryption_configuration", "b", idx, awsProvider,
			obj{"bucket": nil, "rule": []any{obj{"apply_server_side_encryption_by_default": []any{obj{"sse_algorithm": "aws:kms", "kms_master_key_id": nil}}, "bucket_key_enabled": true}}}, obj{"bucket": true, "id": true}))
		changes = append(changes, change(prefix+"aws_s3_bucket_cors_configuration.b"+sfx, module, "managed", "aws_s3_bucket_cors_configuration", "b", idx, awsProvider,
			obj{"bucket": nil, "cors_rule": []any{obj{"allowed_origins": []any{origin(g, 5)}, "allowed_methods": []any{"POST"}, "allowed_headers": []any{"*"}}}}, obj{"bucket": true, "id": true}))
		changes = append(changes, change(prefix+"aws_s3_bucket_lifecycle_configuration.b"+sfx, module, "managed", "aws_s3_bucket_lifecycle_configuration", "b", idx, awsProvider,
			obj{"bucket": nil, "rule": []any{obj{"id": "abort", "status": "Enabled", "filter": []any{}, "abort_incomplete_multipart_upload": []any{obj{"days_after_initiation": 7}}, "transition": []any{}, "expiration": []any{}}}},
			obj{"bucket": true, "id": true}))
		changes = append(changes, change(prefix+"data.filestore_presigned_url.u"+sfx, module, "data", "filestore_presigned_url", "u", idx, fsProvider,
			obj{"bucket": fmt.Sprintf("acme-%d-0", g), "key": "k", "method": "PUT", "expires_in": expiry(g), "content_type": "image/png"}, obj{"url": true, "expires_at": true, "headers": true}))
		changes = append(changes, change(prefix+"filestore_cdn_key_group.k"+sfx, module, "managed", "filestore_cdn_key_group", "k", idx, fsProvider,
			obj{"name": fmt.Sprintf("signers-%d", g), "comment": nil, "public_keys": obj{"a": "pem-a", "b": "pem-b"}}, obj{"id": true, "etag": true, "public_key_ids": true}))
	}
	changes = changes[:n]

	bucketRef := ref("aws_s3_bucket.b", "count.index")
	resources := []any{
		configRes("filestore_upload_bucket", "fs0", "managed", "filestore", obj{}),
		configRes("filestore_upload_bucket", "fs1", "managed", "filestore", obj{}),
		configRes("filestore_upload_bucket", "fs2", "managed", "filestore", obj{}),
		configRes("aws_s3_bucket", "b", "managed", "aws", obj{}),
		configRes("aws_s3_bucket_public_access_block", "b", "managed", "aws", obj{"bucket": bucketRef}),
		configRes("aws_s3_bucket_server_side_encryption_configuration", "b", "managed", "aws", obj{"bucket": bucketRef}),
		configRes("aws_s3_bucket_cors_configuration", "b", "managed", "aws", obj{"bucket": bucketRef}),
		configRes("aws_s3_bucket_lifecycle_configuration", "b", "managed", "aws", obj{"bucket": bucketRef}),
		configRes("filestore_presigned_url", "u", "data", "filestore", obj{}),
		configRes("filestore_cdn_key_group", "k", "managed", "filestore", obj{}),
	}
	plan := obj{
		"format_version":    "1.2",
		"terraform_version": "1.10.5",
		"planned_values":    obj{"root_module": obj{}},
		"resource_changes":  changes,
		"configuration": obj{
			"provider_config": obj{
				"filestore": obj{"name": "filestore", "full_name": fsProvider},
				"aws":       obj{"name": "aws", "full_name": awsProvider},
			},
			"root_module": obj{
				"resources": resources,
				"module_calls": obj{"tenant": obj{
					"source": "./modules/tenant", "for_each_expression": ref("var.tenants"),
					"module": obj{"resources": resources},
				}},
			},
		},
	}
	b, err := json.Marshal(plan)
	if err != nil {
		panic(err)
	}
	return b
}

func origin(g, i int) string {
	if (g+i)%11 == 0 {
		return "*"
	}
	return "https://app.example.com"
}

func expiration(g int) any {
	if g%13 == 0 {
		return nil
	}
	return 1
}

func expiry(g int) string {
	if g%17 == 0 {
		return "2h"
	}
	return "15m"
}
