package access

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// Key is the KMS key an encrypted destination uses: the third condition
// of a delivery, after the trust policy and the permissions on the
// destination. Its steps (Step "key") are the KMS actions delivery needs
// (iam.KeyActions), decided on the execution role's policies and the key
// policy together.
type Key struct {
	Encrypted  bool   `json:"encrypted"`   // the destination is known to be encrypted with a KMS key
	Key        string `json:"key"`         // as written (the expression, when computed at deploy time)
	ARN        string `json:"arn"`         // the key's ARN (an alias of a supplied key resolves); "" when it cannot be told
	AWSManaged bool   `json:"aws_managed"` // an AWS managed key (alias/aws/…)
	Policy     string `json:"policy"`      // the key policy's file; "" when not supplied
}

// addKey adds the key condition to a delivery whose destination is
// encrypted with KMS, and lets it decide the delivery's status when the
// trust and permission steps allow.
func addKey(org *model.Organization, d *Delivery, mem *Memory, dst *model.Destination, keys map[string]*model.Key, roleARN string, role *model.Role) {
	partition, region := "aws", ""
	if a, err := iam.ParseARN(d.Destination); err == nil {
		partition, region = a.Partition, a.Region
	}
	k := iam.ResolveKey(dst, keys, partition, region, d.Account)
	if k == nil {
		return
	}
	d.Key = Key{Encrypted: true, Key: k.Ref.Value, ARN: k.ARN, AWSManaged: k.Managed}
	if k.Ref.Unknown {
		d.Key.Key = k.Ref.Expr
	}
	var kp *model.Policy
	if k.Key != nil && k.Key.Policy != nil {
		kp = k.Key.Policy
		d.Key.Policy = kp.File
	}
	// Whether the destination is in another account than the memory's
	// execution role: by the key's or the destination's account, else (an
	// S3 bucket) by a bucket policy that names the role's account, as the
	// linter reads it.
	roleAcct := mem.Account
	if a, err := iam.ParseARN(roleARN); err == nil && a.Account != "" {
		roleAcct = a.Account
	}
	cross := ""
	switch acct := cmp.Or(k.Account, d.Account); {
	case acct != "" && roleAcct != "":
		cross = "no"
		if acct != roleAcct {
			cross = "yes"
		}
	case dst.Policy != nil && roleAcct != "" && iam.NamesAccount(dst.Policy, roleAcct):
		cross = "yes"
	}
	resource := k.Resource()
	var steps []*Step
	var results []iam.Result
	for _, action := range iam.KeyActions(d.Service) {
		s := &Step{Step: "key", Action: action, Resource: resource, Statements: []string{}}
		switch {
		case k.Managed:
			switch cross {
			case "yes":
				s.Decision, s.Detail = Denied, "AWS managed key of another account: its key policy cannot admit the execution role"
			case "no":
				s.Decision, s.Detail = Allowed, "AWS managed key of the memory's own account"
			default:
				s.Decision, s.Detail = Unknown, "AWS managed key of an account memlint cannot tell"
			}
			s.Resource = k.Ref.Value
		case resource == "" && k.Ref.Unknown:
			s.Decision, s.Detail, s.Resource = Unknown, "the key is computed at deploy time", k.Ref.Expr
		case resource == "":
			s.Decision, s.Detail, s.Resource = Unknown, "the key's ARN cannot be told from '"+k.Ref.Value+"'", k.Ref.Value
		default:
			var idp []*model.Policy
			if role != nil && resource != "*" {
				// A key known only by reference: the role's policies name it
				// by an ARN memlint does not know, so that side is unknown.
				idp = role.Policies
			}
			req := iam.Request{Principal: roleARN, Action: action, Resource: resource, ResourceAccount: k.Account,
				Context: iam.KeyContext(d.Service, d.Destination), ResourceRequired: true,
				IdentityUnknown: len(idp) == 0, ResourceUnknown: kp == nil, PrincipalAccount: accountOf(roleARN)}
			// The role's SCPs and boundary, the key account's RCPs (KMS
			// supports RCPs).
			guardrails(org, &req, role, "kms", k.Account)
			r := iam.Evaluate(req, idp, kp)
			fill(s, r)
			if kp == nil {
				s.Detail = strings.Replace(s.Detail, "resource policy", "key policy", 1)
			}
			results = append(results, r)
		}
		steps = append(steps, s)
	}
	d.Steps = append(d.Steps, steps...)
	if d.Status != StatusAllowed && d.Status != StatusUnknown || roleARN == "" {
		return // already broken by the trust or the permission steps
	}
	for i, s := range steps {
		var r *iam.Result
		if !k.Managed && resource != "" {
			r = &results[i]
		}
		if s.Guardrail != "" {
			d.Status, d.Guardrail = StatusDenied, s.Guardrail
			d.Reason = fmt.Sprintf("%s on key %s blocked by %s", s.Action, keyName(k), s.Guardrail)
			return
		}
		switch s.Decision {
		case ExplicitDeny:
			d.Status, d.Reason = StatusDenied, fmt.Sprintf("%s on key %s explicitly denied (%s)", s.Action, keyName(k), strings.Join(statementRefs(denies(*r)), ", "))
			return
		case Denied:
			d.Status = StatusDenied
			switch {
			case r == nil:
				d.Reason = fmt.Sprintf("encrypted with the AWS managed key %s, whose key policy cannot admit %s of account %s", k.Ref.Value, roleName(roleARN), roleAcct)
			case kp != nil && r.Resource.Allow == iam.No:
				d.Reason = fmt.Sprintf("key policy of %s does not allow %s %s", keyName(k), roleName(roleARN), s.Action)
			case r.Identity.Supplied && r.Identity.Allow == iam.No:
				d.Reason = fmt.Sprintf("role %s is not allowed %s on key %s", roleName(roleARN), s.Action, keyName(k))
			default:
				d.Reason = s.Action + " on key " + keyName(k) + " denied"
			}
			return
		}
	}
	if d.Status == StatusAllowed {
		for _, s := range steps {
			if s.Decision == Unknown {
				d.Status, d.Reason = StatusUnknown, s.Action+" on key: "+s.Detail
				return
			}
		}
	}
}

// keyName is a key's short name for reasons: its ARN's key/… part, else the
// reference as written.
func keyName(k *iam.DestinationKey) string {
	if i := strings.LastIndex(k.ARN, ":"); k.ARN != "" && i >= 0 {
		return k.ARN[i+1:]
	}
	if k.Ref.Unknown {
		return k.Ref.Expr
	}
	return k.Ref.Value
}
