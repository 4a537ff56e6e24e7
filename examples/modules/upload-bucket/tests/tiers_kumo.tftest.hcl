# The default tiers applied for real: lifecycle transitions round-trip on
# kumo's S3 (SeaweedFS answers 501 to them), driven as a generic S3 store
# (only what is set is sent). make testmodule runs the *_kumo.tftest.hcl
# files with AWS_ENDPOINT_URL_S3 pointing at kumo.

provider "filestore" {
  compatibility     = "s3"
  s3_use_path_style = true
}

run "default_tiers_applied" {
  module {
    source = "./tests/fixtures/consumer"
  }

  variables {
    roundtrip = false
  }

  assert {
    condition = [for t in output.settings.lifecycle_tiers[0].transitions : "${t.storage_class}@${t.days}"] == [
      "STANDARD_IA@30", "GLACIER_IR@90",
    ]
    error_message = "The default upload tier, as applied, must move to STANDARD_IA at 30 days and GLACIER_IR at 90."
  }

  assert {
    condition     = output.settings.lifecycle_tiers[0].noncurrent_expiration_days == 30 && output.settings.lifecycle_tiers[1].expiration_days == 1
    error_message = "Noncurrent uploads must expire after 30 days and tmp/ after one."
  }
}
