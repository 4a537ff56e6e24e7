// Package depspin keeps the project's planned dependencies in go.mod while
// the packages that use them are written in parallel. Delete it once every
// dependency below is imported by real code (then run go mod tidy).
package depspin

import (
	_ "github.com/aws/aws-sdk-go-v2/feature/cloudfront/sign"
	_ "github.com/chromedp/chromedp"
	_ "github.com/hashicorp/terraform-plugin-framework-jsontypes/jsontypes"
	_ "github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	_ "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	_ "github.com/open-policy-agent/opa/v1/rego"
	_ "golang.org/x/sync/errgroup"
)
