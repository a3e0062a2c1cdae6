package iam

import (
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/model"
)

// This file adds the organisation guardrails to Evaluate: service control
// policies (SCPs) of the caller's account, resource control policies (RCPs)
// of the resource's account and the caller's permissions boundary. They
// never grant; they only take away what the identity and resource policies
// allow (IAM User Guide, reference_policies_evaluation-logic_policy-eval-denyallow.html:
// "The AWS enforcement code evaluates all policies within the account that
// apply to the request. These include AWS Organizations SCPs and RCPs,
// resource-based policies, identity-based policies, IAM permissions
// boundaries, and session policies").

// Guardrail kinds, as Block.Kind and the manifest name them.
const (
	GuardSCP      = "scp"
	GuardRCP      = "rcp"
	GuardBoundary = "permissions-boundary"
)

// Guardrails are the guardrails that apply to one request. The caller
// decides which apply (the facts package knows the organisation): a nil
// chain or boundary applies nothing.
type Guardrails struct {
	// SCP is the chain of the caller's account: SCPs restrict the
	// principals of member accounts, not those of the management account
	// and not service-linked roles (AWS Organizations User Guide,
	// orgs_manage_policies_scps.html); a service principal is not a
	// principal of an account and is never restricted by them.
	SCP *Chain
	// RCP is the chain of the resource's account, for a resource of a
	// service that supports RCPs (see RCPService). RCPs apply to every
	// caller, AWS service principals included — AWS's own RCP examples
	// exempt services with an aws:PrincipalIsAWSService condition
	// (orgs_manage_policies_rcps_examples.html).
	RCP *Chain
	// Boundary is the caller's permissions boundary (a role or user); nil
	// when it has none. BoundaryUnknown says the caller may have one that
	// was not supplied.
	Boundary *model.Policy
}

// Chain is the organisation path of one account, root first, then each OU,
// then the account itself, with the policies of one type attached at each
// level.
type Chain struct {
	Kind   string // GuardSCP or GuardRCP
	Levels []Level
	// Unknown says the account's policies were not supplied (a manifest
	// organization section marked partial that does not list the account):
	// the chain may allow or deny anything.
	Unknown bool
}

// Level is one node of the organisation path (root r-…, OU ou-…, or the
// account ID) with the policies attached to it.
type Level struct {
	Target   string
	Policies []*model.Policy
	// FullAccess says the level has the AWS managed FullAWSAccess (or
	// RCPFullAWSAccess) policy attached, which allows every action.
	FullAccess bool
}

// Block is a guardrail that denies a request: an explicit Deny statement,
// or a level of an SCP chain (a permissions boundary) where no Allow
// applies.
type Block struct {
	Kind      string        // GuardSCP, GuardRCP or GuardBoundary
	Target    string        // the chain level (root, OU or account); "" for a boundary
	Policy    *model.Policy // the blocking policy: the Deny's, or the level's first policy
	Statement *model.Statement
	// Implicit is set when nothing at the level (in the boundary) allows
	// the action: Statement is then nil.
	Implicit bool
}

// GuardResult is the guardrails' part of a Result.
type GuardResult struct {
	// Applied is set when some guardrail applied to the request.
	Applied bool
	// Before is the decision the identity and resource policies alone make.
	Before Decision
	// Blocked are the guardrails that deny the request for certain, SCPs
	// first, then RCPs, then the boundary.
	Blocked []Block
	// Maybe are the guardrails that may deny it (an undecidable condition,
	// or an account whose guardrails were not supplied).
	Maybe []Block
	// Matched are the guardrail statements that apply or may apply.
	Matched []StatementRef
}

// Guardrail sides, for StatementRef.Side of guardrail statements.
const (
	SideSCP      Side = "scp"
	SideRCP      Side = "rcp"
	SideBoundary Side = "permissions-boundary"
)

// rcpServices are the services whose resources RCPs restrict: Amazon S3,
// AWS STS, AWS KMS, Amazon SQS and AWS Secrets Manager (AWS Organizations
// User Guide, orgs_manage_policies_rcps.html, "List of AWS services that
// support RCPs"; AWS Control Tower control reference, rcp-controls.html).
// Services added to that list later are UNCONFIRMED here and not applied.
// Amazon Bedrock AgentCore, Amazon SNS and Amazon Kinesis are not on it: an
// RCP does not restrict a memory, a topic or a stream.
var rcpServices = []string{"s3", "sts", "kms", "sqs", "secretsmanager"}

// RCPService reports whether RCPs restrict resources of a service prefix.
func RCPService(service string) bool { return slices.Contains(rcpServices, strings.ToLower(service)) }

// applyGuardrails folds the guardrails of req into res, which holds the
// identity and resource policies' verdict.
//
//   - An applicable Deny in an SCP, an RCP or the boundary denies
//     (explicit deny wins).
//   - SCPs: "If the enforcement code does not find any applicable Allow
//     statements in the SCPs, the enforcement code returns a final decision
//     of Deny" — and an Allow must be present at every level of the path:
//     an SCP at the root, at each OU and at the account each filter what
//     passes (orgs_manage_policies_scps_evaluation.html).
//   - RCPs: the same, but RCPFullAWSAccess is attached to every level and
//     cannot be detached, so only Denies remove access
//     (orgs_manage_policies_rcps.html); a level never lacks an Allow.
//   - Permissions boundary: an identity-policy Allow counts only if the
//     boundary allows too; within one account a resource-policy Allow
//     naming an IAM user or a role session ARN is not limited by the
//     boundary, one naming the role ARN (or the account) is
//     (reference_policies_evaluation-logic_policy-eval-basics.html,
//     "Evaluating identity-based policies with resource-based policies" and
//     access_policies_boundaries.html). A service principal has no boundary.
func applyGuardrails(req *Request, res *Result, g *Guardrails) {
	gr := GuardResult{Before: res.Decision}
	undecided := map[string]bool{}
	scoped := map[string]bool{}
	allow, deny := Yes, No
	chain := func(c *Chain, side Side) {
		if c == nil {
			return
		}
		gr.Applied = true
		if c.Unknown {
			allow, deny = and(allow, Maybe), or(deny, Maybe)
			undecided[chainName(c.Kind)] = true
			gr.Maybe = append(gr.Maybe, Block{Kind: c.Kind})
			return
		}
		for _, lv := range c.Levels {
			la := No
			if lv.FullAccess || c.Kind == GuardRCP {
				la = Yes
			}
			for _, p := range lv.Policies {
				var sr SideResult
				var matched []StatementRef
				evalPolicy(req, p, side, &sr, &matched, undecided, scoped, nil)
				la = or(la, sr.Allow)
				for _, m := range matched {
					gr.Matched = append(gr.Matched, m)
					if m.Effect != "Deny" {
						continue
					}
					b := Block{Kind: c.Kind, Target: lv.Target, Policy: p, Statement: m.Statement}
					if m.Match == Yes {
						gr.Blocked = append(gr.Blocked, b)
					} else {
						gr.Maybe = append(gr.Maybe, b)
					}
				}
				deny = or(deny, sr.Deny)
			}
			if la < Yes {
				// No Allow at this level (a level with no policy supplied
				// and no FullAWSAccess allows nothing).
				b := Block{Kind: c.Kind, Target: lv.Target, Implicit: true}
				if len(lv.Policies) > 0 {
					b.Policy = lv.Policies[0]
				}
				if la == No {
					gr.Blocked = append(gr.Blocked, b)
				} else {
					gr.Maybe = append(gr.Maybe, b)
				}
			}
			allow = and(allow, la)
		}
	}
	if !req.Service {
		chain(g.SCP, SideSCP)
	}
	// RCPs have a Principal element ("*"): matched as a resource policy is.
	chain(g.RCP, SideResource)
	if g.Boundary != nil && !req.Service {
		gr.Applied = true
		var sr SideResult
		var matched []StatementRef
		evalPolicy(req, g.Boundary, SideBoundary, &sr, &matched, undecided, scoped, nil)
		for _, m := range matched {
			gr.Matched = append(gr.Matched, m)
			if m.Effect == "Deny" {
				b := Block{Kind: GuardBoundary, Policy: g.Boundary, Statement: m.Statement}
				if m.Match == Yes {
					gr.Blocked = append(gr.Blocked, b)
				} else {
					gr.Maybe = append(gr.Maybe, b)
				}
			}
		}
		deny = or(deny, sr.Deny)
		// The boundary limits the identity side; a same-account grant to a
		// user or session ARN stands without it.
		unbounded := No
		if !res.CrossAccount {
			for _, m := range res.Matched {
				if m.Side == SideResource && m.Effect == "Allow" && escapesBoundary(req, m) {
					unbounded = or(unbounded, m.Match)
				}
			}
		}
		eff := or(sr.Allow, unbounded)
		if eff < Yes && res.Decision == Allow {
			b := Block{Kind: GuardBoundary, Policy: g.Boundary, Implicit: true}
			if eff == No {
				gr.Blocked = append(gr.Blocked, b)
			} else {
				gr.Maybe = append(gr.Maybe, b)
			}
		}
		allow = and(allow, eff)
	}
	for i := range gr.Matched {
		if gr.Matched[i].Side == SideResource {
			gr.Matched[i].Side = SideRCP
		}
	}
	res.Guardrail = gr
	if !gr.Applied {
		return
	}
	// A request the identity and resource policies already deny keeps
	// their decision (and its explanation): the guardrail is not what takes
	// the access away. Blocked still lists what would deny it. But an
	// explicit Deny in a guardrail makes any request an explicit deny:
	// "In all those policies, the enforcement code looks for a Deny
	// statement that applies to the request. This is called an explicit
	// deny. If the enforcement code finds even one explicit deny that
	// applies, the enforcement code returns a final decision of Deny"
	// (reference_policies_evaluation-logic_policy-eval-denyallow.html, of
	// SCPs, RCPs, resource-based and identity-based policies and
	// permissions boundaries alike).
	switch {
	case res.Decision == ImplicitDeny && deny == Yes:
		res.Decision, res.Unknown, res.Undecided = ExplicitDeny, false, nil
	case res.Decision != Allow:
	case deny == Yes:
		res.Decision, res.Unknown, res.Undecided = ExplicitDeny, false, nil
	case res.Decision == Allow && allow == No:
		res.Decision, res.Unknown, res.Undecided = ImplicitDeny, false, nil
	case res.Decision == Allow && (allow == Maybe || deny == Maybe):
		res.Unknown = true
		for k := range undecided {
			if !slices.Contains(res.Undecided, k) {
				res.Undecided = append(res.Undecided, k)
			}
		}
		slices.Sort(res.Undecided)
	}
	if !res.Unknown {
		// What may block matters only when nothing blocks for certain.
		gr.Maybe = nil
	}
	res.Guardrail = gr
}

// escapesBoundary reports whether the resource-policy Allow m names the
// caller by its IAM user or role session ARN: such a grant is not limited
// by the caller's permissions boundary in its account, one through the
// role ARN (or the account) is. The statement may name the caller several
// ways ({"AWS": [role ARN, session ARN]}): any user or session value that
// matches counts, whichever matched first.
func escapesBoundary(req *Request, m StatementRef) bool {
	direct := func(p *model.Principal) bool {
		c := ClassifyPrincipal(p.Type, p.Value).Class
		return c == model.ClassUser || c == model.ClassAssumedRole
	}
	if m.Via != nil && direct(m.Via) {
		return true
	}
	if m.Statement == nil || m.Statement.Principal == nil || m.Statement.Principal.Not {
		return false
	}
	for _, p := range m.Statement.Principal.Values {
		if !p.Unknown && direct(p) && principalMatches(req, p) {
			return true
		}
	}
	return false
}

// chainName names an unsupplied chain in Result.Undecided.
func chainName(kind string) string {
	if kind == GuardRCP {
		return "resource control policies"
	}
	return "service control policies"
}

// Blocking returns the guardrail blocks of the result, or nil when the
// identity and resource policies alone deny the request too (the
// guardrail is then not what takes the access away) — except that a
// guardrail's explicit Deny of a request they deny implicitly is what
// makes it an explicit deny: its Deny statements are returned then.
func (r Result) Blocking() []Block {
	switch {
	case r.Decision == Allow:
		return nil
	case r.Guardrail.Before == Allow:
		return r.Guardrail.Blocked
	case r.Guardrail.Before == ImplicitDeny && r.Decision == ExplicitDeny:
		var out []Block
		for _, b := range r.Guardrail.Blocked {
			if b.Statement != nil {
				out = append(out, b)
			}
		}
		return out
	}
	return nil
}

// GuardName names a guardrail kind in messages.
func GuardName(kind string) string {
	switch kind {
	case GuardSCP:
		return "service control policy"
	case GuardRCP:
		return "resource control policy"
	case GuardBoundary:
		return "permissions boundary"
	}
	return kind
}
