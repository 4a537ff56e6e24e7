# METADATA
# title: Quarantined and gated uploads have a scan hook
# description: |
#   A bucket with a quarantine or a scan gate has something that scans what
#   lands there: a notification destination (queue, topic or function)
#   receiving every object creation (s3:ObjectCreated:*, or Put, Post and
#   CompleteMultipartUpload) with a prefix filter covering the prefix and no
#   suffix filter, EventBridge notifications, or an
#   aws_guardduty_malware_protection_plan protecting the bucket (its
#   object_prefixes covering the prefix). Without one, quarantined uploads
#   are never scanned and never leave quarantine, and gated objects are
#   never tagged clean.
#
#   The prefix to cover is the quarantine prefix when the bucket has one
#   (uploads land there and the scanner moves clean objects out), else each
#   scan_gate prefix. For an aws_s3_bucket, the scan gate is a policy
#   statement denying s3:GetObject unless s3:ExistingObjectTag/<key> says
#   clean, and notifications come from aws_s3_bucket_notification.
#
#   Inside the provider a GuardDuty plan (another provider's resource) is
#   not visible: a bucket whose own notifications cover nothing is reported
#   there as a warning, and `policy check` over the saved plan decides.
# related_resources:
#   - ref: https://docs.aws.amazon.com/guardduty/latest/ug/gdu-malware-protection-s3.html
#     description: GuardDuty Malware Protection for S3
#   - ref: https://docs.aws.amazon.com/AmazonS3/latest/userguide/EventNotifications.html
#     description: Amazon S3 event notifications
# custom:
#   id: FS020
#   severity: deny
#   remediation: |
#     Add to `notifications` a destination with events =
#     ["s3:ObjectCreated:*"] and the quarantine (or gated) prefix, or
#     eventbridge = true; or protect the bucket with an
#     aws_guardduty_malware_protection_plan.
package filestore.rules.fs020_scan_hook

import data.filestore.lib.normalize
import data.filestore.lib.result

meta := rego.metadata.chain()

violations contains v if {
	some doc in normalize.resources
	doc.kind == "bucket"
	some need in _needs(doc)
	_decidable(doc)
	not _covered(doc, need.prefix)
	v := _seen(result.fail(doc, need.at, sprintf("nothing scans uploads under %s: no notification destination receives s3:ObjectCreated:* for it (nor EventBridge), and no aws_guardduty_malware_protection_plan protects it, so %s", [_where(need), need.consequence])))
}

_where(need) := sprintf("%s %q", [need.what, need.prefix]) if need.prefix != ""

else := sprintf("%s (the whole bucket)", [need.what])

# Inside the provider a GuardDuty plan can never be seen.
_seen(v) := result.partial(v) if result.view == "resource"

else := v

# _needs(doc): the prefixes a scan hook must cover, defined only when they
# are known: [{prefix, at, what, consequence}].
_needs(doc) := [{
	"prefix": q.prefix.value, "at": q.prefix, "what": "the quarantine prefix",
	"consequence": "quarantined uploads are never scanned nor released",
}] if {
	q := doc.quarantine
	q.state == "present"
	q.prefix.known
	is_string(q.prefix.value)
} else := [{
	"prefix": p.value, "at": p, "what": "the scan-gated prefix",
	"consequence": "gated objects are never tagged clean and stay unreadable",
} |
	some p in doc.scan_gate.prefixes.items
] if {
	doc.quarantine.state == "absent"
	g := doc.scan_gate
	g.state == "present"
	g.prefixes.known
	every p in g.prefixes.items {
		p.known
		is_string(p.value)
	}
}

# Every fact a cover could come from is known.
_decidable(doc) if {
	n := doc.notifications
	_notifications_known(n)
	m := doc.malware_protection
	m.state == "known"
	every plan in m.plans {
		plan.prefixes.known
		every p in plan.prefixes.items {
			p.known
		}
	}
}

_notifications_known(n) if n.state == "absent"

_notifications_known(n) if {
	n.state == "present"
	n.complete
	n.eventbridge.known
	every d in n.destinations {
		d.events.known
		d.prefix.known
		d.suffix.known
	}
}

_covered(doc, _) if {
	doc.notifications.state == "present"
	doc.notifications.eventbridge.value == true
}

_covered(doc, prefix) if {
	doc.notifications.state == "present"
	some d in doc.notifications.destinations
	_every_creation(d.events.value)
	startswith(prefix, d.prefix.value)
	d.suffix.value == ""
}

_covered(doc, prefix) if {
	some plan in doc.malware_protection.plans
	some p in plan.prefixes.items
	startswith(prefix, p.value)
}

_every_creation(events) if "s3:ObjectCreated:*" in events

_every_creation(events) if {
	every e in ["s3:ObjectCreated:Put", "s3:ObjectCreated:Post", "s3:ObjectCreated:CompleteMultipartUpload"] {
		e in events
	}
}
