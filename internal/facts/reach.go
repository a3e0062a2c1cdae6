// Package facts computes what a memory's documents effectively allow, with
// the IAM evaluation core (internal/iam): who can reach the memory through
// each principal of its resource policy, after the statement's conditions
// and every Deny of the policy, read by their meaning rather than their
// shape. The linter hands these facts to the Rego rules and `memlint access`
// shows them, so both answer from one computation.
package facts

import (
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/iamdata"
	"github.com/memlint/memlint/internal/model"
)

// DataPlaneActions are the 15 memory data-plane actions (Service
// Authorization Reference, bedrock-agentcore; AgentCore cross-account guide,
// "Supported actions": the guide's plural StartMemoryExtractionJobs is not
// an action), events first, then long-term records, then extraction jobs.
// This is their one home: the rules read it through the
// memlint.data_plane_actions() builtin, `memlint access` for its columns.
var DataPlaneActions = []string{
	"bedrock-agentcore:CreateEvent",
	"bedrock-agentcore:GetEvent",
	"bedrock-agentcore:DeleteEvent",
	"bedrock-agentcore:ListEvents",
	"bedrock-agentcore:ListActors",
	"bedrock-agentcore:ListSessions",
	"bedrock-agentcore:GetMemoryRecord",
	"bedrock-agentcore:ListMemoryRecords",
	"bedrock-agentcore:RetrieveMemoryRecords",
	"bedrock-agentcore:DeleteMemoryRecord",
	"bedrock-agentcore:BatchCreateMemoryRecords",
	"bedrock-agentcore:BatchUpdateMemoryRecords",
	"bedrock-agentcore:BatchDeleteMemoryRecords",
	"bedrock-agentcore:ListMemoryExtractionJobs",
	"bedrock-agentcore:StartMemoryExtractionJob",
}

// Reach is how far a grant reaches, broadest first.
type Reach string

// Reaches, from broadest to narrowest.
const (
	// Public: a caller of an account and organisation the policy never
	// names gets in (anyone with AWS credentials, or any AWS service acting
	// for anyone).
	Public Reach = "public"
	// Organization: every account of an organisation (or organisational
	// unit) the policy names, not the public.
	Organization Reach = "organization"
	// Account: any role or user of an account (one the policy does not name
	// by ARN), not a whole organisation.
	Account Reach = "account"
	// Principals: only principals the policy names by ARN.
	Principals Reach = "principals"
	// None: nobody (every caller is denied, or the conditions never hold).
	None Reach = "none"
)

var rank = map[Reach]int{None: 0, Principals: 1, Account: 2, Organization: 3, Public: 4}

// Broader reports whether r reaches more callers than o.
func (r Reach) Broader(o Reach) bool { return rank[r] > rank[o] }

// ActionReach is what one principal value of an Allow statement grants for
// one action, after the statement's conditions and the policy's Denies.
type ActionReach struct {
	Action string
	// Reach is the broadest scope some caller certainly gets in from.
	Reach Reach
	// Maybe is a broader scope whose access depends on something memlint
	// cannot decide (a network condition such as aws:SourceVpce, a value
	// computed at deploy time); "" when none.
	Maybe Reach
	// ViaService is set when the broadest reach is only through AWS service
	// principals acting for the scope (aws:SourceAccount, aws:SourceArn),
	// not through its roles and users (a role calling through a gateway is
	// a role).
	ViaService bool
	// Accounts are the accounts whose callers get in, for Account and
	// Principals reach, sorted.
	Accounts []string
	// Orgs are the organisations (or organisation paths) whose accounts get
	// in, for Organization reach, sorted.
	Orgs []string
	// Outside says whether a caller outside the memory's account gets in:
	// Yes, No, or Maybe when the memory's account is unknown (or the reach
	// is only Maybe).
	Outside iam.Tri
	// Scoped are the caller-chosen condition keys the access depends on
	// (bedrock-agentcore:namespace, actorId, …), lower-case, sorted.
	Scoped []string
}

// PrincipalReach is the effective reach of one principal value of one Allow
// statement of a memory resource policy.
type PrincipalReach struct {
	Statement *model.Statement
	Principal *model.Principal
	// Actions are the data-plane actions (and other actions the statement
	// names literally) that the statement grants through this principal for
	// at least some caller or undecidably, in DataPlaneActions order, then
	// the others sorted.
	Actions []ActionReach
	// Reach is the broadest certain reach over Actions; Maybe the broadest
	// undecidable one when broader.
	Reach Reach
	Maybe Reach
	// Narrowed says conditions or Denies make the reach narrower than the
	// principal as written ("*" that reaches less than the public, an
	// account root that reaches only named roles).
	Narrowed bool
}

// MemoryPolicy computes the effective reach of every principal value of
// every Allow statement of a memory resource policy. memoryARN is the ARN
// the policy is attached to ("" when unknown: then every statement is taken
// to apply to the memory, whatever its Resource says); memoryAccount its
// account ("" when unknown).
//
// The reach is found with probes: requests from callers chosen so that the
// policy says nothing specific about them (an account, organisation and role
// name that appear nowhere in it), then from callers of each organisation
// and account the policy names, then from the principals it names. Each
// probe is decided by iam.Evaluate against the one statement and principal
// value plus every Deny of the policy; caller-chosen keys (request
// parameters such as the namespace) are satisfiable (iam.ChosenByCaller).
// A role name the policy's aws:PrincipalArn patterns mention is tried too,
// since anyone can create a role of that name in their own account.
func MemoryPolicy(p *model.Policy, memoryARN, memoryAccount string) []PrincipalReach {
	return ResourcePolicy(p, memoryARN, memoryAccount, grantedActions)
}

// ResourcePolicy is MemoryPolicy for any resource-based policy: a
// destination's policy, a role's trust policy. resourceARN and
// resourceAccount describe the resource it is attached to ("" when unknown);
// actions lists, for one Allow statement, the actions to decide.
func ResourcePolicy(p *model.Policy, resourceARN, resourceAccount string, actions func(*model.Statement) []string) []PrincipalReach {
	if p == nil {
		return nil
	}
	memoryARN, memoryAccount := resourceARN, resourceAccount
	var denies []*model.Statement
	for _, s := range p.Statements {
		if s.Effect != nil && s.Effect.Value == "Deny" {
			denies = append(denies, stripResource(s, memoryARN))
		}
	}
	var out []PrincipalReach
	for _, s := range p.Statements {
		if s.Effect == nil || s.Effect.Value != "Allow" || s.Principal == nil || s.Principal.Not || s.Action == nil {
			continue
		}
		actions := actions(s)
		if len(actions) == 0 {
			continue
		}
		c := collect(append([]*model.Statement{s}, denies...), memoryAccount)
		for _, pv := range s.Principal.Values {
			if pv.Unknown {
				continue
			}
			cls := iam.ClassifyPrincipal(pv.Type, pv.Value)
			probes := c.probes(cls)
			if len(probes) == 0 {
				continue
			}
			one := *stripResource(s, memoryARN)
			one.Principal = &model.Principals{Values: []*model.Principal{pv}}
			pol := &model.Policy{Kind: p.Kind, Version: p.Version, Statements: append([]*model.Statement{&one}, denies...)}
			pr := PrincipalReach{Statement: s, Principal: pv, Reach: None}
			for _, a := range actions {
				ar := evalAction(pol, a, memoryARN, memoryAccount, probes, c)
				if ar.Reach == None && ar.Maybe == "" {
					continue
				}
				pr.Actions = append(pr.Actions, ar)
				if ar.Reach.Broader(pr.Reach) {
					pr.Reach = ar.Reach
				}
				if ar.Maybe != "" && Reach(ar.Maybe).Broader(pr.Maybe) {
					pr.Maybe = ar.Maybe
				}
			}
			if !pr.Maybe.Broader(pr.Reach) {
				pr.Maybe = ""
			}
			pr.Narrowed = written(cls).Broader(pr.Reach) && (pr.Maybe == "" || written(cls).Broader(pr.Maybe))
			out = append(out, pr)
		}
	}
	return out
}

// written is the reach a principal value has with no condition.
func written(c iam.Principal) Reach {
	switch c.Class {
	case model.ClassPublic:
		return Public
	case model.ClassAccount:
		return Account
	}
	return Principals
}

// stripResource returns s without its Resource element when the memory's
// ARN is unknown (the statement is taken to apply).
func stripResource(s *model.Statement, memoryARN string) *model.Statement {
	if memoryARN != "" {
		return s
	}
	c := *s
	c.Resource = nil
	return &c
}

// grantedActions are the actions a statement's Action element can grant
// that matter on a memory: the data-plane actions it matches, and the
// actions it names literally beyond them (a control-plane action in a memory
// policy is still a grant).
var grantedActions = StatementActions(DataPlaneActions)

func matchesAction(v *model.Values, action string) iam.Tri {
	found, unknown := false, false
	for _, a := range v.Values {
		if a.Unknown {
			unknown = true
		} else if iam.MatchAction(a.Value, action) {
			found = true
		}
	}
	switch {
	case found != v.Not:
		return iam.Yes
	case unknown:
		return iam.Maybe
	}
	return iam.No
}

// StatementActions returns, for a statement of a policy attached to a
// resource of service, the actions to decide: the ones it names literally
// (catalog names), and for its patterns and NotAction the representative
// actions given (what delivery to the resource needs, or what assuming a
// role is) that they match.
func StatementActions(representative []string) func(*model.Statement) []string {
	return func(s *model.Statement) []string {
		var out []string
		for _, a := range representative {
			if matchesAction(s.Action, a) != iam.No {
				out = append(out, a)
			}
		}
		if s.Action.Not {
			return out
		}
		var extra []string
		for _, v := range s.Action.Values {
			if v.Unknown || strings.ContainsAny(v.Value, "*?") {
				continue
			}
			if a, ok := iamdata.LookupAction(v.Value); ok && !slices.Contains(out, a.FullName()) && !slices.Contains(extra, a.FullName()) {
				extra = append(extra, a.FullName())
			}
		}
		slices.Sort(extra)
		return append(out, extra...)
	}
}
