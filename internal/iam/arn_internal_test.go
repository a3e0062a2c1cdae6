package iam

import (
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/iamdata"
)

// TestARNRulesMatchCatalog checks the field layouts of arnRules against the
// ARN formats of the Service Authorization Reference: a service whose region
// or account is required must have it in every resource type's ARN, one
// whose field is forbidden must have it empty in every one (for S3, its
// bucket and object types). A wrong entry would be a false ML012 finding.
func TestARNRulesMatchCatalog(t *testing.T) {
	t.Parallel()
	for svc, rule := range arnRules {
		types := iamdata.ResourceTypes(svc)
		if len(types) == 0 {
			t.Errorf("%s: no resource types in the catalog", svc)
			continue
		}
		for _, rt := range types {
			if svc == "s3" && rt.Name != "bucket" && rt.Name != "object" {
				continue
			}
			for _, f := range rt.ARNFormats {
				fields := strings.SplitN(f, ":", 6)
				if len(fields) < 6 {
					t.Errorf("%s %s: ARN format %q has fewer than six fields", svc, rt.Name, f)
					continue
				}
				check := func(what string, p presence, field string) {
					switch {
					case p == required && field == "":
						t.Errorf("%s %s: %s required by arnRules, empty in %q", svc, rt.Name, what, f)
					case p == forbidden && field != "":
						t.Errorf("%s %s: %s forbidden by arnRules, present in %q", svc, rt.Name, what, f)
					}
				}
				if fields[2] != svc {
					continue // another service's resource (route53's vpc is an EC2 ARN)
				}
				check("region", rule.region, fields[3])
				check("account", rule.account, fields[4])
			}
		}
	}
}
