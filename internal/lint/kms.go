package lint

import (
	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// This file adds the KMS key of an encrypted destination to a delivery of
// the memory unit (rules ML409, ML410): which key, whether it is AWS
// managed, and for each KMS action delivery needs (iam.KeyActions) the
// execution role's and the key policy's verdicts.

// keyTarget is the key a delivery's destination is encrypted with.
type keyTarget = iam.DestinationKey

// keyIndex maps the supplied keys by ARN.
func keyIndex(m *model.Model) map[string]*model.Key { return iam.KeyIndex(m.Keys) }

// destKey resolves the key of a delivery's destination, or nil when the
// destination is not known to be encrypted with KMS.
func (x *index) destKey(s *setup, t deliveryTarget) *keyTarget {
	partition := s.partition
	if a, err := iam.ParseARN(t.arn); err == nil {
		partition = a.Partition
	}
	return iam.ResolveKey(t.dest, x.keys, partition, t.region, t.account)
}

// deliveryKey describes the key of one delivery and, for each KMS action
// delivery needs, the role's and the key policy's verdicts.
func (b *builder) deliveryKey(x *index, s *setup, t deliveryTarget) *ast.Term {
	k := t.key
	items := []kv{
		pair("ref", b.strNode(k.Ref, false)),
		pair("implied", ast.InternedTerm(k.Implied)),
		pair("arn", str(k.ARN)),
		pair("account", str(k.Account)),
		pair("aws_managed", ast.InternedTerm(k.Managed)),
	}
	var kp *model.Policy
	if k.Key != nil && k.Key.Policy != nil {
		kp = k.Key.Policy
	}
	items = append(items, pair("policy_supplied", ast.InternedTerm(kp != nil)))
	if kp != nil {
		items = append(items, pair("policy_loc", b.loc(kp.Loc)))
	}
	// The key's ARN, or "*" for a key known only by reference whose linked
	// policy names it as "*".
	resource := k.Resource()
	var rolePolicies []*model.Policy
	if s.role != nil {
		rolePolicies = s.role.Policies
	}
	var checks []*ast.Term
	for _, action := range iam.KeyActions(t.d.Service) {
		if k.Managed || resource == "" {
			break // an AWS managed key's policy is AWS's (ML410); an unknown key cannot be judged
		}
		req := iam.Request{Principal: s.roleARN, PrincipalAccount: s.roleAcct, Action: action, Resource: resource, ResourceAccount: k.Account,
			Context: iam.KeyContext(t.d.Service, t.arn)}
		check := []kv{pair("action", str(action)), pair("resource", str(resource))}
		// Whether the role's own permission is needed: always for a key in
		// another account; in the role's account (the memory's, when the
		// role's ARN is unknown) unless the key policy names the role itself.
		roleAcct := s.roleAcct
		if roleAcct == "" {
			roleAcct = s.account
		}
		sameAccount := k.Account != "" && k.Account == roleAcct
		needed := "yes"
		if kp != nil && s.roleARN != "" {
			b.resource = k.ARN
			r := iam.Evaluate(req, nil, kp)
			side := b.side(r, iam.SideResource, r.Resource, []*model.Policy{kp}, req, s.roleAcct)
			if r.Resource.Allow == iam.No {
				b.conditionNear(side, kp, req)
			}
			check = append(check, pair("key", side))
			if sameAccount && grantsDirectly(r) {
				needed = "no"
			}
		} else if sameAccount {
			// The key policy was not supplied, or the role's ARN is computed
			// at deploy time: memlint cannot tell whether it names the role.
			needed = "maybe"
		}
		check = append(check, pair("role_needed", str(needed)))
		if len(rolePolicies) > 0 && k.ARN != "" {
			b.resource = s.roleARN
			r := iam.Evaluate(req, rolePolicies, nil)
			check = append(check, pair("role", b.side(r, iam.SideIdentity, r.Identity, rolePolicies, req, "")))
		}
		b.resource = s.arn.Value
		if g := b.keyGuardrail(x, s, k.Account, req, rolePolicies, kp); g != nil {
			check = append(check, pair("guardrail", g))
		}
		checks = append(checks, obj(check...))
	}
	items = append(items, pair("checks", ast.ArrayTerm(checks...)))
	return obj(items...)
}

// grantsDirectly reports whether a key policy's Allow reaches the caller
// through a principal other than its account (the role's own ARN).
func grantsDirectly(r iam.Result) bool {
	for _, m := range r.Matched {
		if m.Side == iam.SideResource && m.Effect == "Allow" && m.Match == iam.Yes && m.Via != nil &&
			iam.ClassifyPrincipal(m.Via.Type, m.Via.Value).Class != model.ClassAccount {
			return true
		}
	}
	return false
}

// conditionNear points a key side's "none" near miss at the condition that
// keeps an otherwise matching Allow statement from applying (an encryption
// context for another stream, another kms:CallerAccount): near becomes
// {"kind": "condition", "loc", "value": <key>}.
func (b *builder) conditionNear(side *ast.Term, p *model.Policy, req iam.Request) {
	o, ok := side.Value.(ast.Object)
	if !ok {
		return
	}
	if n, ok := o.Get(str("near")).Value.(ast.Object); !ok || !n.Get(str("kind")).Equal(str("none")) {
		return
	}
	versioned := p.Version != nil && p.Version.Value == "2012-10-17"
	for _, s := range p.Statements {
		if s.Effect == nil || s.Effect.Value != "Allow" || len(s.Conditions) == 0 {
			continue
		}
		bare := *s
		bare.Conditions = nil
		one := &model.Policy{Version: p.Version, Statements: []*model.Statement{&bare}}
		if iam.Evaluate(req, nil, one).Resource.Allow == iam.No {
			continue
		}
		for _, c := range s.Conditions {
			if iam.EvalCondition(req, c, versioned) == iam.No {
				o.Insert(str("near"), obj(pair("kind", str("condition")), pair("loc", b.loc(c.Key.Loc)), pair("value", str(c.Key.Value))))
				return
			}
		}
	}
}
