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

// Actions are the memory data-plane actions, in the order of the table's
// columns (facts.DataPlaneActions, their one home).
var Actions = facts.DataPlaneActions

// writes are the data-plane actions of access level Write.
var writes = map[string]bool{
	"CreateEvent": true, "DeleteEvent": true, "DeleteMemoryRecord": true,
	"BatchCreateMemoryRecords": true, "BatchUpdateMemoryRecords": true,
	"BatchDeleteMemoryRecords": true, "StartMemoryExtractionJob": true,
}

// Decision is one cell's outcome.
type Decision string

// Cell decisions.
const (
	Allowed      Decision = "allowed"
	Denied       Decision = "denied"        // implicit deny: no applicable Allow
	ExplicitDeny Decision = "explicit-deny" // an applicable Deny statement
	Unknown      Decision = "unknown"       // depends on an undecidable condition
)

// Row statuses (grants and deliveries).
const (
	StatusAllowed = "allowed" // every cell allowed
	StatusPartial = "partial" // some allowed, the rest denied (grants only)
	StatusDenied  = "denied"  // nothing allowed
	StatusUnknown = "unknown" // something depends on an undecidable condition
)

// View is the effective-access view of a model.
type View struct {
	Schema   string    `json:"schema"`
	Memories []*Memory `json:"memories"`
}

// Memory is one memory's access: data-plane grants and deliveries.
type Memory struct {
	ARN              string      `json:"arn"`
	Name             string      `json:"name"`
	Account          string      `json:"account"`
	Region           string      `json:"region"`
	ExecutionRole    string      `json:"execution_role"`
	ResourcePolicies []string    `json:"resource_policies"`
	Grants           []*Grant    `json:"grants"`
	Deliveries       []*Delivery `json:"deliveries"`
	Notes            []string    `json:"notes"`
}

// Grant is what one principal can do on the memory under one resource policy.
type Grant struct {
	Principal      string `json:"principal"`
	Kind           string `json:"kind"`
	Account        string `json:"account"`
	ResourcePolicy string `json:"resource_policy"`
	Identity       string `json:"identity"` // IdentitySupplied or IdentityMissing
	Summary        string `json:"summary"`
	// Reach is, for "*" and an account root, who the principal effectively
	// lets in after the statements' conditions and the policy's Denies
	// (facts.Reach: public, organization, account, principals, none, with
	// what it names); "" for a named principal.
	Reach   string  `json:"reach"`
	Status  string  `json:"status"`
	Reason  string  `json:"reason"`
	Actions []*Cell `json:"actions"`
	// Guardrail names the SCPs, RCPs or permissions boundary that take
	// away actions both sides grant; omitted when none does.
	Guardrail string `json:"guardrail,omitempty"`
}

// Identity-side states of a grant.
const (
	IdentitySupplied = "supplied"
	IdentityMissing  = "not supplied" // evaluated on the resource side only
)

// Cell is the decision for one action.
type Cell struct {
	Action   string   `json:"action"`
	Decision Decision `json:"decision"`
	// ResourceSideOnly is set on an Allow that rests on the resource policy
	// alone because the caller's identity policies were not supplied.
	ResourceSideOnly bool     `json:"resource_side_only"`
	Detail           string   `json:"detail"`
	Statements       []string `json:"statements"`
	// Guardrail names the guardrail that blocks this action although the
	// policies allow it; omitted when none does.
	Guardrail string `json:"guardrail,omitempty"`
	// Matched are the statements the evaluation matched, with their
	// positions, for callers that point at elements (memlint diff); not
	// part of the JSON view.
	Matched []iam.StatementRef `json:"-"`
}

// Delivery is whether the memory can deliver to one destination.
type Delivery struct {
	Service     string  `json:"service"`
	Destination string  `json:"destination"`
	Account     string  `json:"account"`
	Status      string  `json:"status"`
	Reason      string  `json:"reason"`
	Steps       []*Step `json:"steps"`

	// Key is the KMS key the destination is encrypted with; Encrypted is
	// false when it is not known to use one (kms.go).
	Key Key `json:"key"`
	// Guardrail names the SCP, RCP or permissions boundary that blocks a
	// delivery the policies allow; omitted when none does.
	Guardrail string `json:"guardrail,omitempty"`
}

// Step is one authorization a delivery needs: the service assuming the
// execution role, or the role calling an action on the destination.
type Step struct {
	Step       string   `json:"step"` // "trust", "permission" or "key" (kms.go)
	Action     string   `json:"action"`
	Resource   string   `json:"resource"`
	Decision   Decision `json:"decision"`
	Detail     string   `json:"detail"`
	Statements []string `json:"statements"`
	Guardrail  string   `json:"guardrail,omitempty"`
}

// Schema is the JSON schema identifier of View.
const Schema = "memlint.access/v1"

// ServicePrincipal is the principal AgentCore assumes the execution role as.
const ServicePrincipal = "bedrock-agentcore.amazonaws.com"

// Build computes the view of every memory in m.
func Build(m *model.Model) *View {
	v := &View{Schema: Schema, Memories: []*Memory{}}
	for _, group := range groupMemories(m) {
		v.Memories = append(v.Memories, buildMemory(m, group))
	}
	slices.SortStableFunc(v.Memories, func(a, b *Memory) int {
		return cmp.Or(cmp.Compare(a.ARN, b.ARN), cmp.Compare(a.Name, b.Name))
	})
	return v
}

// groupMemories joins the model's entries for one ARN: the loader keeps
// one entry per resource policy, so alternative policies of the same memory
// (the guide's three examples) are evaluated side by side.
func groupMemories(m *model.Model) [][]*model.Memory {
	var out [][]*model.Memory
	idx := map[string]int{}
	for _, mem := range m.Memories {
		if a := mem.ARN.Value; a != "" {
			if i, ok := idx[a]; ok {
				out[i] = append(out[i], mem)
				continue
			}
			idx[a] = len(out)
		}
		out = append(out, []*model.Memory{mem})
	}
	return out
}

func buildMemory(m *model.Model, group []*model.Memory) *Memory {
	out := &Memory{ResourcePolicies: []string{}, Grants: []*Grant{}, Deliveries: []*Delivery{}, Notes: []string{}}
	if a := group[0].ARN; !a.Unknown {
		out.ARN = a.Value
	} else {
		out.Notes = append(out.Notes, fmt.Sprintf("The memory's ARN is computed at deploy time (%s).", a.Expr))
	}
	var defs []*model.Definition
	var policies []*model.Policy
	for _, mem := range group {
		if p := mem.Policy; p != nil && !slices.Contains(policies, p) {
			policies = append(policies, p)
		}
		if d := mem.Definition; d != nil && !slices.Contains(defs, d) {
			defs = append(defs, d)
		}
	}
	names := policyNames(policies)
	for _, p := range policies {
		out.ResourcePolicies = append(out.ResourcePolicies, names[p])
	}
	if a, err := iam.ParseARN(out.ARN); err == nil {
		out.Account, out.Region = a.Account, a.Region
		out.Name = a.ResourceID()
	}
	for _, d := range defs {
		if out.Name == "" && d.Name != nil {
			out.Name = d.Name.Value
		}
		if out.ExecutionRole == "" {
			out.ExecutionRole = roleRef(d)
		}
	}
	if out.ARN == "" {
		out.Notes = append(out.Notes, "The memory's ARN is not known: data-plane access cannot be evaluated.")
	} else {
		out.Grants = grants(m, out, group, names)
		if n := len(out.ResourcePolicies); n > 1 {
			out.Notes = append(out.Notes, fmt.Sprintf("%d resource policies were supplied for this memory; a memory has one, so each is evaluated on its own.", n))
		}
	}
	out.Deliveries = deliveries(m, out, defs)
	return out
}

// statementRefs lists matched statements as "file:line Sid".
func statementRefs(refs []iam.StatementRef) []string {
	out := []string{}
	for _, r := range refs {
		s := fmt.Sprintf("%s:%d", r.Policy.File, r.Statement.Loc.Line)
		if r.Statement.Sid != nil && r.Statement.Sid.Value != "" {
			s += " " + r.Statement.Sid.Value
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

// cell turns an evaluation into a decision with its explanation.
func cell(action string, r iam.Result) *Cell {
	c := &Cell{Action: action, Statements: statementRefs(r.Matched), Matched: r.Matched}
	if g := blockedBy(r); g != "" {
		c.Decision, c.Guardrail, c.Detail = Denied, g, "blocked by "+g
		if r.Decision == iam.ExplicitDeny {
			c.Decision = ExplicitDeny
		}
		return c
	}
	switch {
	case r.Decision == iam.ExplicitDeny:
		c.Decision = ExplicitDeny
		c.Detail = "explicit Deny: " + strings.Join(statementRefs(denies(r)), ", ")
	case r.Decision == iam.ImplicitDeny:
		c.Decision = Denied
	case !r.Unknown:
		c.Decision = Allowed
		c.Detail = scopedDetail(r)
	default:
		conds := undecided(r)
		sideOnly := !r.Identity.Supplied && slices.Contains(r.Undecided, "identity policies")
		guardUnknown := slices.Contains(r.Undecided, "service control policies") || slices.Contains(r.Undecided, "resource control policies")
		if sideOnly && len(conds) == 0 && !slices.Contains(r.Undecided, "resource policy") && !guardUnknown {
			c.Decision, c.ResourceSideOnly = Allowed, true
			return c
		}
		c.Decision, c.ResourceSideOnly = Unknown, sideOnly
		c.Detail = unknownDetail(r, conds)
		if g := mayBeBlockedBy(r); g != "" {
			c.Detail += "; may be blocked by " + g
		}
	}
	return c
}

// scopedDetail says which request values an allowed call must carry: the
// conditions on caller-chosen keys (namespace, actorId, …) of the statements
// that grant it, e.g. "for requests where StringLike
// bedrock-agentcore:namespace /support/*". The AWS guide recommends this
// scoping: it is a grant, not an undecided one.
func scopedDetail(r iam.Result) string {
	var conds []string
	for _, m := range r.Matched {
		if m.Effect != "Allow" || len(m.Scoped) == 0 {
			continue
		}
		for _, c := range m.Statement.Conditions {
			if !slices.Contains(m.Scoped, c.Key.Value) {
				continue
			}
			vals := make([]string, len(c.Values))
			for i, v := range c.Values {
				vals[i] = v.Value
			}
			t := c.Operator.Value + " " + c.Key.Value + " " + strings.Join(vals, " | ")
			if !slices.Contains(conds, t) {
				conds = append(conds, t)
			}
		}
	}
	if len(conds) == 0 {
		return ""
	}
	return "for requests where " + strings.Join(conds, " and ")
}

func denies(r iam.Result) []iam.StatementRef {
	var out []iam.StatementRef
	for _, m := range r.Matched {
		if m.Effect == "Deny" && m.Match == iam.Yes {
			out = append(out, m)
		}
	}
	return out
}

// undecided returns the conditions of the Maybe statements that matter, as
// written (e.g. "StringEquals aws:PrincipalOrgID o-1"), Allow conditions
// first. An Allow's condition does not matter when another Allow of the
// same side applies anyway.
func undecided(r iam.Result) (out []condText) {
	for _, m := range r.Matched {
		if m.Match != iam.Maybe {
			continue
		}
		side := r.Identity
		if m.Side == iam.SideResource {
			side = r.Resource
		}
		if m.Effect == "Allow" && side.Allow == iam.Yes {
			continue // another Allow of the same side applies for certain
		}
		for _, key := range m.Undecided {
			t := condText{deny: m.Effect == "Deny", key: key, text: key}
			if key == "policy variable" {
				t.text = "its policy variables match"
			}
			for _, c := range m.Statement.Conditions {
				if c.Key.Value == key {
					vals := make([]string, len(c.Values))
					for i, v := range c.Values {
						vals[i] = v.Value
					}
					t.text = c.Operator.Value + " " + key + " " + strings.Join(vals, " | ")
					break
				}
			}
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b condText) int {
		if a.deny != b.deny {
			if a.deny {
				return 1
			}
			return -1
		}
		return 0
	})
	return out
}

type condText struct {
	deny      bool
	key, text string
}

// unknownDetail says what an unknown cell depends on: "allowed if …",
// "unless …" for Deny conditions, and the sides not supplied.
func unknownDetail(r iam.Result, conds []condText) string {
	var allow, deny []string
	for _, c := range conds {
		if c.deny {
			deny = append(deny, c.text)
		} else {
			allow = append(allow, c.text)
		}
	}
	var parts []string
	if len(allow) > 0 {
		parts = append(parts, "allowed if "+strings.Join(allow, " and "))
	}
	if len(deny) > 0 {
		parts = append(parts, "denied if "+strings.Join(deny, " or "))
	}
	if slices.Contains(r.Undecided, "resource policy") {
		parts = append(parts, "resource policy not supplied")
	}
	for _, k := range []string{"service control policies", "resource control policies"} {
		if slices.Contains(r.Undecided, k) {
			// A partial organization section that does not list the account.
			parts = append(parts, k+" of the account not supplied")
		}
	}
	if len(parts) == 0 {
		keys := slices.DeleteFunc(slices.Clone(r.Undecided), func(k string) bool { return k == "identity policies" })
		return "unknown: condition on " + strings.Join(keys, ", ")
	}
	return strings.Join(parts, "; ")
}

// shortAction drops the service prefix.
func shortAction(a string) string {
	_, n, _ := strings.Cut(a, ":")
	return n
}

// summarize describes the allowed actions of a grant in a few words.
func summarize(cells []*Cell) string {
	var ok []string
	nw := 0
	for _, c := range cells {
		if c.Decision == Allowed {
			ok = append(ok, shortAction(c.Action))
			if writes[shortAction(c.Action)] {
				nw++
			}
		}
	}
	switch {
	case len(ok) == 0:
		return "nothing"
	case len(ok) == len(Actions):
		return fmt.Sprintf("all %d data-plane actions", len(Actions))
	case len(ok) <= 3:
		return strings.Join(ok, ", ")
	}
	return fmt.Sprintf("%d actions (%d read/list, %d write)", len(ok), len(ok)-nw, nw)
}

// roleRef names a definition's execution role: its ARN, or for a role that
// infrastructure code links by reference, the reference as written.
func roleRef(d *model.Definition) string {
	switch {
	case d.RoleARN != nil && !d.RoleARN.Unknown:
		return d.RoleARN.Value
	case d.RoleARN != nil && d.RoleARN.Expr != "":
		return d.RoleARN.Expr
	case d.RoleARN != nil:
		return d.RoleARN.Value
	}
	return ""
}

// policyNames sorts policies by position and names each by its file, or by
// file:line when one file holds several (an IaC template, a shell script).
func policyNames(policies []*model.Policy) map[*model.Policy]string {
	slices.SortStableFunc(policies, func(a, b *model.Policy) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Loc.Line, b.Loc.Line), cmp.Compare(a.Loc.Col, b.Loc.Col))
	})
	perFile := map[string]int{}
	for _, p := range policies {
		perFile[p.File]++
	}
	names := map[*model.Policy]string{}
	for _, p := range policies {
		names[p] = p.File
		if perFile[p.File] > 1 {
			names[p] = fmt.Sprintf("%s:%d", p.File, p.Loc.Line)
		}
	}
	return names
}
