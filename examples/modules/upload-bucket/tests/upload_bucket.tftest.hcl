# Runs against the local test bed (make testmodule): S3 is SeaweedFS over
# HTTPS, which verifies SigV4 signatures and POST policies, and enforces
# bucket policies. SeaweedFS answers 501 to lifecycle transitions, so the
# default tiers (with transitions) are checked in a plan, and the applied
# bucket uses expiration-only tiers.
#
# Every run goes through tests/fixtures/consumer: a root module cannot have
# ephemeral outputs, so the module is tested as the child it always is.

run "default_tiers_plan" {
  command = plan

  module {
    source = "./tests/fixtures/consumer"
  }

  variables {
    roundtrip = false
  }

  assert {
    condition     = output.settings.lifecycle_tiers[0].prefix == "uploads/"
    error_message = "The default tiers must start with the upload prefix."
  }

  assert {
    condition = (
      output.settings.lifecycle_tiers[0].transitions[0].storage_class == "STANDARD_IA" &&
      output.settings.lifecycle_tiers[0].transitions[0].days == 30 &&
      output.settings.lifecycle_tiers[0].transitions[1].storage_class == "GLACIER_IR" &&
      output.settings.lifecycle_tiers[0].transitions[1].days == 90
    )
    error_message = "The default upload tier must move to STANDARD_IA at 30 days and GLACIER_IR at 90."
  }

  assert {
    condition     = output.settings.lifecycle_tiers[1].prefix == "tmp/" && output.settings.lifecycle_tiers[1].expiration_days == 1
    error_message = "tmp/ must expire after a day."
  }

  assert {
    condition     = output.settings.lifecycle_tiers[1].transitions == null
    error_message = "A tier without transitions must send none (null), never an empty list."
  }
}

run "apply_and_upload" {
  module {
    source = "./tests/fixtures/consumer"
  }

  variables {
    app_origins           = ["https://app.example.com", "http://localhost:3000"]
    cdn_distribution_arns = ["arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE1234"]
    tiers = [
      { prefix = "tmp/", expiration_days = 1 },
      { prefix = "uploads/", expiration_days = 365, noncurrent_expiration_days = 30 },
    ]
  }

  assert {
    condition     = startswith(output.bucket, "tf-module-test-")
    error_message = "The bucket name must start with name_prefix."
  }

  assert {
    condition     = output.settings.cors_rules[0].allowed_origins == tolist(["https://app.example.com", "http://localhost:3000"])
    error_message = "CORS must allow exactly the app's origins."
  }

  assert {
    condition     = toset(output.settings.cors_rules[0].allowed_methods) == toset(["PUT", "POST", "GET", "HEAD"])
    error_message = "CORS must allow PUT and POST uploads and GET/HEAD reads."
  }

  assert {
    condition     = contains(output.settings.cors_rules[0].expose_headers, "ETag")
    error_message = "CORS must expose ETag for browser multipart uploads."
  }

  assert {
    condition     = [for t in output.settings.lifecycle_tiers : t.prefix] == ["tmp/", "uploads/"]
    error_message = "The tiers must be applied in order."
  }

  assert {
    condition     = startswith(output.cdn_read_access_sid, "CDNReadAccessE2EXAMPLE1234")
    error_message = "The distribution's read grant must be a filestore_cdn_read_access statement."
  }

  assert {
    condition     = strcontains(output.policy_json, "aws:SecureTransport")
    error_message = "The bucket policy must deny plain HTTP."
  }

  assert {
    condition     = output.roundtrips == 1
    error_message = "The upload round trip through the ephemeral outputs must have run."
  }
}

# The same configuration again: the refresh reads the grant back into the
# bucket's policy, and the bucket keeps it (its planned policy holds both
# its own statements and the grant).
run "grant_kept_by_the_bucket" {
  command = plan

  module {
    source = "./tests/fixtures/consumer"
  }

  variables {
    app_origins           = ["https://app.example.com", "http://localhost:3000"]
    cdn_distribution_arns = ["arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE1234"]
    tiers = [
      { prefix = "tmp/", expiration_days = 1 },
      { prefix = "uploads/", expiration_days = 365, noncurrent_expiration_days = 30 },
    ]
  }

  assert {
    condition     = strcontains(output.policy_json, "arn:aws:cloudfront::111122223333:distribution/E2EXAMPLE1234")
    error_message = "The bucket policy must grant the distribution read access."
  }

  assert {
    condition     = strcontains(output.policy_json, "aws:SecureTransport") && strcontains(output.policy_json, output.cdn_read_access_sid)
    error_message = "The bucket's policy must hold its own statements and the grant together."
  }
}
