package iam

import "github.com/memlint/memlint/internal/model"

// NamesAccount reports whether a resource policy names a principal of
// account (its root, or one of its roles or users). An S3 ARN carries no
// account: a bucket policy that names the memory's account is taken as
// written for cross-account access.
func NamesAccount(p *model.Policy, account string) bool {
	for _, s := range p.Statements {
		if s.Principal == nil {
			continue
		}
		for _, v := range s.Principal.Values {
			if ClassifyPrincipal(v.Type, v.Value).Account == account {
				return true
			}
		}
	}
	return false
}
