package access

import (
	"fmt"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// guardrails are the organisation guardrails of a request
// (facts.Guardrails), with the caller marked as no AWS service when there
// are any; nil when none apply.
func guardrails(org *model.Organization, req *iam.Request, role *model.Role, resService, resAccount string) {
	req.Guardrails = facts.Guardrails(org, req.PrincipalAccount, role, req.Service, resService, resAccount)
	if req.Guardrails != nil {
		facts.GuardrailContext(req, req.Resource)
	}
}

// blockedBy describes the guardrails that take away what the identity and
// resource policies allow, "" when none does: "service control policy
// org/deny.json:4 NoAgentCore (ou-ab12-11111111)", "service control
// policies of ou-ab12-11111111 (no Allow)", "permissions boundary
// consumer/boundary.json (no Allow)".
func blockedBy(r iam.Result) string { return describeBlocks(r.Blocking()) }

// mayBeBlockedBy describes the guardrails that may deny an undecided
// request: a guardrail statement whose condition memlint cannot decide, or
// an account whose SCPs or RCPs were not supplied.
func mayBeBlockedBy(r iam.Result) string {
	if !r.Unknown {
		return ""
	}
	var known []iam.Block
	for _, b := range r.Guardrail.Maybe {
		if b.Policy != nil || b.Target != "" {
			known = append(known, b) // an unsupplied chain is said by unknownDetail
		}
	}
	return describeBlocks(known)
}

// describeBlocks names guardrail blocks for a cell, a row or an edge.
func describeBlocks(bs []iam.Block) string {
	var out []string
	for _, b := range bs {
		s := iam.GuardName(b.Kind)
		switch {
		case b.Statement != nil:
			s += fmt.Sprintf(" %s:%d", b.Policy.File, b.Statement.Loc.Line)
			if b.Statement.Sid != nil && b.Statement.Sid.Value != "" {
				s += " " + b.Statement.Sid.Value
			}
		case b.Kind == iam.GuardBoundary:
			s += " " + b.Policy.File + " (no Allow)"
		default:
			s = strings.Replace(s, "policy", "policies", 1) + " of " + b.Target + " (no Allow)"
		}
		if b.Statement != nil && b.Target != "" {
			s += " (" + b.Target + ")"
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return strings.Join(out, ", ")
}

// accountOf is the account an ARN names ("" for an S3 ARN or a non-ARN).
func accountOf(arn string) string {
	if a, err := iam.ParseARN(arn); err == nil {
		return a.Account
	}
	return ""
}
