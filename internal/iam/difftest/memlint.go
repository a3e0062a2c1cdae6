package difftest

import (
	"sort"
	"strings"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// Outcome is one side's answer to a case.
type Outcome struct {
	// Decision is "Allowed", "ExplicitlyDenied" or "ImplicitlyDenied" (the
	// simulator's words), or "" when the side gave none.
	Decision string `json:"result,omitempty"`
	// IdentityDeny and ResourceDeny say an identity or resource-policy
	// statement denied explicitly.
	IdentityDeny bool `json:"identityDeny,omitempty"`
	ResourceDeny bool `json:"resourceDeny,omitempty"`
	// SCPDeny, RCPDeny and BoundaryDeny say a statement of an SCP, an RCP
	// or the permissions boundary denied explicitly.
	SCPDeny      bool `json:"scpDeny,omitempty"`
	RCPDeny      bool `json:"rcpDeny,omitempty"`
	BoundaryDeny bool `json:"boundaryDeny,omitempty"`
	// Undecided is memlint's: the answer was Unknown (in a closed world it
	// must not be), with the keys it could not decide.
	Undecided []string `json:"undecided,omitempty"`
	// Error is the simulator's refusal (a validation error) or failure.
	Error string `json:"error,omitempty"`
	// Ignored are context keys the simulator dropped as not applying to the
	// action (the generator avoids them: any is reported).
	Ignored []string `json:"ignored,omitempty"`
}

// Memlint evaluates c with iam.Evaluate.
func Memlint(c *Case) Outcome {
	req := iam.Request{
		Principal:       c.Principal,
		Service:         c.Service(),
		Action:          c.Action,
		Resource:        c.Resource,
		ResourceAccount: c.ResourceAccount,
		Context:         c.Context,
		Absent:          c.Absent,
		// A KMS key policy must allow even in the key's account.
		ResourceRequired: kindOf(c.Resource) == model.KindKMS,
	}
	var identity []*model.Policy
	for _, p := range c.Identity {
		if p != nil {
			identity = append(identity, toModel(p, model.KindIdentity))
		}
	}
	var resource *model.Policy
	if c.ResourcePolicy != nil {
		resource = toModel(c.ResourcePolicy, kindOf(c.Resource))
	}
	req.Guardrails = guardrails(c)
	r := iam.Evaluate(req, identity, resource)
	out := Outcome{
		IdentityDeny: r.Identity.Deny == iam.Yes,
		ResourceDeny: r.Resource.Deny == iam.Yes,
	}
	for _, b := range r.Guardrail.Blocked {
		if b.Statement == nil {
			continue // an implicit deny: no Allow at a level or in the boundary
		}
		switch b.Kind {
		case iam.GuardSCP:
			out.SCPDeny = true
		case iam.GuardRCP:
			out.RCPDeny = true
		case iam.GuardBoundary:
			out.BoundaryDeny = true
		}
	}
	switch {
	case r.Unknown:
		out.Undecided = r.Undecided
		if len(out.Undecided) == 0 {
			out.Undecided = []string{"?"}
		}
	case r.Decision == iam.Allow:
		out.Decision = "Allowed"
	case r.Decision == iam.ExplicitDeny:
		out.Decision = "ExplicitlyDenied"
	default:
		out.Decision = "ImplicitlyDenied"
	}
	return out
}

// guardrails returns the guardrails of c's request as memlint's commands
// find them (facts.Guardrails): the organisation becomes the manifest's
// model.Organization, the boundary the caller role's; facts then decides
// which chains apply (none of the management account's, no SCP for a
// service principal, RCPs only for resources of RCP services).
func guardrails(c *Case) *iam.Guardrails {
	if c.Org == nil && c.Boundary == nil {
		return nil
	}
	var org *model.Organization
	if o := c.Org; o != nil {
		org = &model.Organization{Management: o.Management, Accounts: map[string]*model.OrgAccount{}}
		for _, a := range sortedKeys(o.Accounts) {
			org.Accounts[a] = &model.OrgAccount{ID: model.Str{Value: a}, Path: o.Accounts[a]}
		}
		for _, op := range o.Policies {
			if op == nil {
				continue
			}
			kind := model.KindSCP
			if op.Kind == "rcp" {
				kind = model.KindRCP
			}
			mp := &model.OrgPolicy{Kind: kind}
			if op.Policy != nil {
				mp.Policy = toModel(op.Policy, kind)
			}
			for _, t := range op.Targets {
				mp.Targets = append(mp.Targets, model.Str{Value: t})
			}
			org.Policies = append(org.Policies, mp)
		}
		for _, t := range o.NoFullAccess {
			org.NoFullAccess = append(org.NoFullAccess, model.Str{Value: t})
		}
	}
	var role *model.Role
	if c.Boundary != nil {
		role = &model.Role{ARN: model.Str{Value: c.Principal}, Boundary: toModel(c.Boundary, model.KindBoundary)}
	}
	var account string
	if a, err := iam.ParseARN(c.Principal); err == nil {
		account = a.Account
	}
	var service string
	if parts := strings.Split(c.Resource, ":"); len(parts) > 2 {
		service = parts[2]
	}
	return facts.Guardrails(org, account, role, c.Service(), service, c.ResourceAccount)
}

// kindOf names the resource policy's kind from the resource's service.
func kindOf(resource string) model.Kind {
	parts := strings.Split(resource, ":")
	if len(parts) < 3 {
		return model.KindUnknown
	}
	switch parts[2] {
	case "bedrock-agentcore":
		return model.KindMemory
	case "sns":
		return model.KindSNS
	case "kinesis":
		return model.KindKinesis
	case "s3":
		return model.KindS3
	case "kms":
		return model.KindKMS
	}
	return model.KindUnknown
}

// toModel converts a generated policy to memlint's model, as the loader
// would decode its JSON (without positions, which evaluation does not
// read): single values are lists of one, principals in type order,
// conditions in operator then key order.
func toModel(p *Policy, kind model.Kind) *model.Policy {
	mp := &model.Policy{Kind: kind}
	if p.Version != "" {
		mp.Version = &model.Str{Value: p.Version}
	}
	for i, s := range p.Statement {
		if s == nil {
			continue
		}
		ms := &model.Statement{Index: i, Effect: &model.Str{Value: s.Effect}}
		switch {
		case s.Principal != nil:
			ms.Principal = principals(s.Principal, false)
		case s.NotPrincipal != nil:
			ms.Principal = principals(s.NotPrincipal, true)
		}
		switch {
		case s.Action != nil:
			ms.Action = values(s.Action, false)
		case s.NotAction != nil:
			ms.Action = values(s.NotAction, true)
		}
		switch {
		case s.Resource != nil:
			ms.Resource = values(s.Resource, false)
		case s.NotResource != nil:
			ms.Resource = values(s.NotResource, true)
		}
		for _, op := range sortedKeys(s.Condition) {
			for _, k := range sortedKeys(s.Condition[op]) {
				c := &model.Condition{Operator: model.Str{Value: op}, Key: model.Str{Value: k}}
				if o, err := iam.ParseOperator(op); err == nil {
					c.Base, c.Qualifier, c.IfExists = o.Base, o.Qualifier, o.IfExists
				}
				for _, v := range s.Condition[op][k] {
					c.Values = append(c.Values, model.Str{Value: v})
				}
				ms.Conditions = append(ms.Conditions, c)
			}
		}
		mp.Statements = append(mp.Statements, ms)
	}
	return mp
}

func values(vs []string, not bool) *model.Values {
	out := &model.Values{Not: not}
	for _, v := range vs {
		out.Values = append(out.Values, model.Str{Value: v})
	}
	return out
}

func principals(p *Principal, not bool) *model.Principals {
	out := &model.Principals{Not: not}
	if p.Star {
		out.Values = append(out.Values, principal("*", "*"))
		return out
	}
	for _, typ := range sortedKeys(p.Typed) {
		for _, v := range p.Typed[typ] {
			out.Values = append(out.Values, principal(typ, v))
		}
	}
	return out
}

func principal(typ, v string) *model.Principal {
	c := iam.ClassifyPrincipal(typ, v)
	return &model.Principal{Type: typ, Value: v, ARN: c.ARN, Class: c.Class, Account: c.Account, Partition: c.Partition}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func isARN(s string) bool { return strings.HasPrefix(s, "arn:") }
