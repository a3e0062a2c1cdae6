package lint

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// This file adds the KMS key of an encrypted destination to a delivery of
// the memory unit (rules ML409, ML410): which key, whether it is AWS
// managed, and for each KMS action delivery needs (iam.KeyActions) the
// execution role's and the key policy's verdicts.

// keyTarget is the key a delivery's destination is encrypted with.
type keyTarget struct {
	ref     model.Str // the destination's encryption setting, as written
	implied bool      // SSE-KMS without a key ID: the AWS managed key
	arn     string    // the key's ARN; "" when it cannot be told (alias, deploy-time value)
	account string    // the key's account, when known
	managed bool      // an AWS managed key (alias/aws/…)
	key     *model.Key
}

// keyIndex maps the ARN (or the ID a source names it by) of every key
// whose policy was supplied to the key.
func keyIndex(m *model.Model) map[string]*model.Key {
	out := map[string]*model.Key{}
	for _, k := range m.Keys {
		if k.ARN.Value != "" && !k.ARN.Unknown {
			out[k.ARN.Value] = k
		}
	}
	return out
}

// destKey resolves the key of a delivery's destination, or nil when the
// destination is not known to be encrypted with KMS.
func (x *index) destKey(s *setup, t deliveryTarget) *keyTarget {
	d := t.dest
	if d == nil || d.Key == nil {
		return nil
	}
	k := &keyTarget{ref: *d.Key, implied: d.KeyImplied, key: d.KeyLink}
	if d.Key.Unknown {
		return k
	}
	ref := d.Key.Value
	k.managed = iam.IsAWSManagedKey(ref)
	partition := s.partition
	if a, err := iam.ParseARN(t.arn); err == nil {
		partition = a.Partition
	}
	k.arn = iam.KeyARN(ref, partition, t.region, t.account)
	switch a, err := iam.ParseARN(ref); {
	case err == nil:
		k.account = a.Account
	default:
		// A key ID or alias name resolves in the destination's account.
		k.account = t.account
	}
	if k.key == nil {
		for _, name := range []string{k.arn, ref, aliasARN(ref, partition, t.region, t.account)} {
			if kk := x.keys[name]; name != "" && kk != nil {
				k.key = kk
				break
			}
		}
	}
	return k
}

// aliasARN is the ARN of an alias name in a region and account, or "".
func aliasARN(ref, partition, region, account string) string {
	if !strings.HasPrefix(ref, "alias/") || region == "" || account == "" {
		return ""
	}
	return "arn:" + partition + ":kms:" + region + ":" + account + ":" + ref
}

// deliveryKey describes the key of one delivery and, for each KMS action
// delivery needs, the role's and the key policy's verdicts.
func (b *builder) deliveryKey(s *setup, t deliveryTarget) *ast.Term {
	k := t.key
	items := []kv{
		pair("ref", b.strNode(k.ref, false)),
		pair("implied", ast.BooleanTerm(k.implied)),
		pair("arn", str(k.arn)),
		pair("account", str(k.account)),
		pair("aws_managed", ast.BooleanTerm(k.managed)),
	}
	var kp *model.Policy
	if k.key != nil && k.key.Policy != nil {
		kp = k.key.Policy
	}
	items = append(items, pair("policy_supplied", ast.BooleanTerm(kp != nil)))
	if kp != nil {
		items = append(items, pair("policy_loc", b.loc(kp.Loc)))
	}
	resource := k.arn
	if resource == "" && kp != nil && starResources(kp) {
		// The key's ARN is computed at deploy time, but its policy is
		// linked by reference and names the key only as "*" ("this key").
		resource = "*"
	}
	var rolePolicies []*model.Policy
	if s.role != nil {
		rolePolicies = s.role.Policies
	}
	var checks []*ast.Term
	for _, action := range iam.KeyActions(t.d.Service) {
		if k.managed || resource == "" {
			break // an AWS managed key's policy is AWS's (ML410); an unknown key cannot be judged
		}
		req := iam.Request{Principal: s.roleARN, PrincipalAccount: s.roleAcct, Action: action, Resource: resource, ResourceAccount: k.account,
			Context: iam.KeyContext(t.d.Service, t.arn)}
		check := []kv{pair("action", str(action)), pair("resource", str(resource))}
		needed := "yes" // the role's own permission is needed
		if kp != nil && s.roleARN != "" {
			b.resource = k.arn
			r := iam.Evaluate(req, nil, kp)
			side := b.side(r, iam.SideResource, r.Resource, []*model.Policy{kp}, req, s.roleAcct)
			if r.Resource.Allow == iam.No {
				b.conditionNear(side, kp, req)
			}
			check = append(check, pair("key", side))
			if k.account != "" && k.account == s.roleAcct && grantsDirectly(r) {
				// Same account, the key policy names the role itself: the
				// key policy alone grants.
				needed = "no"
			}
		} else if k.account != "" && k.account == s.roleAcct {
			// Same account, key policy not supplied: the role's permission
			// is needed unless the key policy names the role itself.
			needed = "maybe"
		}
		check = append(check, pair("role_needed", str(needed)))
		if len(rolePolicies) > 0 && k.arn != "" {
			b.resource = s.roleARN
			r := iam.Evaluate(req, rolePolicies, nil)
			check = append(check, pair("role", b.side(r, iam.SideIdentity, r.Identity, rolePolicies, req, "")))
		}
		b.resource = s.arn.Value
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

// starResources reports whether every statement of a policy names its
// resource as "*" only.
func starResources(p *model.Policy) bool {
	for _, s := range p.Statements {
		if s.Resource == nil || s.Resource.Not || len(s.Resource.Values) != 1 || s.Resource.Values[0].Value != "*" {
			return false
		}
	}
	return len(p.Statements) > 0
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
