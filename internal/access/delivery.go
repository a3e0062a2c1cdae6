package access

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// policyNoun names a destination's policy in messages.
func policyNoun(service string) string {
	switch service {
	case "s3":
		return "bucket policy"
	case "sns":
		return "topic policy"
	case "kinesis":
		return "stream policy"
	}
	return "destination policy"
}

// deliveries evaluates each destination the memory's definitions name.
func deliveries(m *model.Model, mem *Memory, defs []*model.Definition) []*Delivery {
	roles := map[string]*model.Role{}
	byName := map[string][]*model.Role{}
	for _, r := range m.Roles {
		if r.ARN.Value != "" && !r.ARN.Unknown {
			roles[r.ARN.Value] = r
		}
		if n := r.Name(); n != "" {
			byName[n] = append(byName[n], r)
		}
	}
	dests := map[string]*model.Destination{}
	for _, d := range m.Destinations {
		if d.ARN.Value != "" {
			dests[d.ARN.Value] = d
		}
	}
	keys := iam.KeyIndex(m.Keys)
	partition := "aws"
	if a, err := iam.ParseARN(mem.ARN); err == nil {
		partition = a.Partition
	}
	out := []*Delivery{}
	seen := map[string]bool{}
	for _, def := range defs {
		roleARN := roleRef(def)
		role := roles[roleARN]
		if role == nil {
			// A role known by name only (CLI input, infrastructure code), of
			// the role ARN's account when its source tells: the same link the
			// linter makes.
			acct := ""
			if a, err := iam.ParseARN(roleARN); err == nil {
				acct = a.Account
			}
			role = model.NameOnly(byName[roleName(roleARN)], acct)
		}
		if def.Role != nil {
			role = def.Role // linked by an infrastructure-code reference
		}
		for _, dl := range def.Deliveries {
			if dl.Target.Unknown {
				key := dl.Service + " " + dl.Target.Expr
				if !seen[key] {
					seen[key] = true
					out = append(out, &Delivery{Service: dl.Service, Destination: dl.Target.Expr, Status: StatusUnknown,
						Reason: "the destination is computed at deploy time", Steps: []*Step{}})
				}
				continue
			}
			arn := dl.Target.Value
			if dl.Service == "s3" && !strings.HasPrefix(arn, "arn:") {
				arn = "arn:" + partition + ":s3:::" + arn
			}
			if seen[dl.Service+" "+arn] {
				continue
			}
			seen[dl.Service+" "+arn] = true
			d := delivery(m.Organization, mem, roleARN, role, dl.Service, arn, dests[arn], def.RoleARN == nil || !def.RoleARN.Unknown)
			addKey(m.Organization, d, mem, dests[arn], keys, roleARN, role)
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(a, b *Delivery) int {
		return cmp.Or(cmp.Compare(a.Service, b.Service), cmp.Compare(a.Destination, b.Destination))
	})
	return out
}

// delivery evaluates one destination; roleKnown is false when the role's
// ARN is computed at deploy time, so destination policies cannot be
// matched against it.
func delivery(org *model.Organization, mem *Memory, roleARN string, role *model.Role, service, arn string, dst *model.Destination, roleKnown bool) *Delivery {
	d := &Delivery{Service: service, Destination: arn, Steps: []*Step{}}
	if a, err := iam.ParseARN(arn); err == nil {
		d.Account = a.Account
	}
	if roleARN == "" {
		d.Status, d.Reason = StatusDenied, "the memory names no execution role"
		return d
	}
	// Trust: AgentCore assumes the role on behalf of this memory.
	trust := &Step{Step: "trust", Action: "sts:AssumeRole", Resource: roleARN, Statements: []string{}}
	treq := iam.Request{Principal: ServicePrincipal, Service: true, Action: "sts:AssumeRole", Resource: roleARN}
	if mem.ARN != "" {
		treq.Context = map[string][]string{"aws:SourceArn": {mem.ARN}, "aws:SourceAccount": {mem.Account}}
	}
	var trustPolicy *model.Policy
	if role != nil {
		trustPolicy = role.Trust
	}
	treq.ResourceUnknown = trustPolicy == nil
	// An RCP of the role's account restricts STS role assumption, by AWS
	// services too.
	guardrails(org, &treq, nil, "sts", accountOf(roleARN))
	tres := iam.Evaluate(treq, nil, trustPolicy)
	fill(trust, tres)
	if trustPolicy == nil {
		trust.Detail = "trust policy not supplied"
	}
	d.Steps = append(d.Steps, trust)
	var results []iam.Result
	var idp []*model.Policy
	if role != nil {
		idp = role.Policies
	}
	var rp *model.Policy
	if dst != nil && roleKnown {
		rp = dst.Policy
	}
	for _, need := range facts.DeliveryNeeds(service, arn) {
		n := [2]string{need.Action, need.Resource}
		req := iam.Request{
			Principal:        roleARN,
			Action:           n[0],
			Resource:         n[1],
			ResourceAccount:  d.Account,
			IdentityUnknown:  len(idp) == 0,
			ResourceUnknown:  rp == nil,
			PrincipalAccount: accountOf(roleARN),
		}
		resAcct := d.Account
		if resAcct == "" && dst != nil {
			resAcct = dst.Account // the bucket owner, when the manifest says
		}
		guardrails(org, &req, role, service, resAcct)
		r := iam.Evaluate(req, idp, rp)
		s := &Step{Step: "permission", Action: n[0], Resource: n[1]}
		fill(s, r)
		if s.Decision == Unknown && rp == nil {
			if !roleKnown && dst != nil && dst.Policy != nil {
				s.Detail = strings.Replace(s.Detail, "resource policy not supplied", "the role's ARN is computed at deploy time", 1)
			} else {
				s.Detail = strings.Replace(s.Detail, "resource policy", policyNoun(service), 1)
			}
		}
		d.Steps = append(d.Steps, s)
		results = append(results, r)
	}
	d.Status, d.Reason = deliveryStatus(d, tres, results, roleARN, service, rp)
	return d
}

// fill copies an evaluation into a step.
func fill(s *Step, r iam.Result) {
	c := cell(s.Action, r)
	s.Decision, s.Detail, s.Statements, s.Guardrail = c.Decision, c.Detail, c.Statements, c.Guardrail
	if c.ResourceSideOnly {
		// A delivery step is never "resource side only": the role's
		// permissions are part of the answer.
		s.Decision, s.Detail = Unknown, "execution role permissions not supplied"
	}
}

// deliveryStatus sums the steps up and names the first one that blocks.
func deliveryStatus(d *Delivery, trust iam.Result, perms []iam.Result, roleARN, service string, rp *model.Policy) (string, string) {
	role := roleName(roleARN)
	if s := d.Steps[0]; s.Decision == Denied || s.Decision == ExplicitDeny {
		if s.Guardrail != "" {
			d.Guardrail = s.Guardrail
			return StatusDenied, fmt.Sprintf("%s assuming %s blocked by %s", ServicePrincipal, role, s.Guardrail)
		}
		if s.Decision == ExplicitDeny {
			return StatusDenied, fmt.Sprintf("trust policy denies %s (%s)", ServicePrincipal, strings.Join(statementRefs(denies(trust)), ", "))
		}
		return StatusDenied, fmt.Sprintf("trust policy does not let %s assume %s for this memory", ServicePrincipal, role)
	}
	for i, r := range perms {
		s := d.Steps[i+1]
		switch s.Decision {
		case ExplicitDeny, Denied:
			if s.Guardrail != "" {
				d.Guardrail = s.Guardrail
				return StatusDenied, fmt.Sprintf("%s blocked by %s", s.Action, s.Guardrail)
			}
		}
		switch s.Decision {
		case ExplicitDeny:
			return StatusDenied, fmt.Sprintf("%s explicitly denied (%s)", s.Action, strings.Join(statementRefs(denies(r)), ", "))
		case Denied:
			if r.Identity.Allow == iam.No && r.Identity.Supplied {
				return StatusDenied, fmt.Sprintf("role %s is not allowed %s on %s", role, s.Action, s.Resource)
			}
			if r.Resource.Allow == iam.No && rp != nil {
				if other := namedInstead(s, roleARN, rp); other != "" {
					return StatusDenied, fmt.Sprintf("%s names %s, not %s", policyNoun(service), other, role)
				}
				return StatusDenied, fmt.Sprintf("%s does not allow %s %s on %s", policyNoun(service), role, s.Action, s.Resource)
			}
			return StatusDenied, s.Action + " denied"
		}
	}
	for _, s := range d.Steps {
		if s.Decision == Unknown {
			what := s.Detail
			if s.Step == "trust" && what == "" {
				what = "trust"
			}
			return StatusUnknown, s.Action + ": " + what
		}
	}
	return StatusAllowed, ""
}

// namedInstead returns a principal the destination policy grants the
// action to in place of the execution role, when there is one.
func namedInstead(s *Step, roleARN string, rp *model.Policy) string {
	for _, st := range rp.Statements {
		if st.Effect == nil || st.Effect.Value != "Allow" || st.Principal == nil || st.Principal.Not {
			continue
		}
		for _, p := range st.Principal.Values {
			if p.ARN == "" || p.ARN == roleARN || p.Class == model.ClassPublic || p.Class == model.ClassService {
				continue
			}
			req := iam.Request{Principal: p.ARN, Action: s.Action, Resource: s.Resource}
			if p.Class == model.ClassAccount {
				req.PrincipalAccount = p.Account
			}
			if iam.Evaluate(req, nil, rp).Resource.Allow > iam.No {
				return p.ARN
			}
		}
	}
	return ""
}

// roleName is the name of a role ARN for display (the ARN itself when it
// names no role).
func roleName(arn string) string { return cmp.Or(model.RoleName(arn), arn) }
