// Package docscheck holds tests that keep the user documentation true to the
// code: today, that every S3 and CloudFront API call a resource makes is
// listed, with the IAM action that authorizes it, in that resource's
// "Permissions" section (templates/resources/<name>.md.tmpl), and that the
// section lists nothing the code no longer calls. The package has no code of
// its own.
package docscheck
