// Package difftest compares memlint's IAM evaluation core (iam.Evaluate)
// with an independent implementation of the IAM evaluation logic, the npm
// package @cloud-copilot/iam-simulate, on generated requests.
//
// A seeded Generator writes random but valid cases: a caller (role, user,
// assumed-role session or service principal), an action and a resource ARN
// of the action's resource type, identity policies, an optional resource
// policy and a closed request context (every condition key the policies
// mention is either given a value or known absent, so memlint's answer is
// decided). The cases go as JSON lines through one Node process running
// oracle/oracle.mjs; Compare then checks memlint's Decision, and which side
// denied explicitly, against the simulator's, case by case. Disagreements
// that follow from a documented difference of reading are listed in Known;
// any other is a failure, reported with its seed and a shrunk reproducer.
//
// The simulator is AGPL-licensed: it is a test oracle only, installed into a
// cache outside the repository (see oracle/package-lock.json and .ci/run),
// never vendored, linked or shipped. The test in this package skips unless
// MEMLINT_DIFFTEST_DIR names that install (internal/iam/README.md).
package difftest

import (
	"encoding/json"
	"slices"
)

// Case is one generated authorization request with its policies, in the
// form both sides read: the JSON written to the oracle is this struct.
type Case struct {
	ID int `json:"id"`
	// Principal is the caller: an IAM role or user ARN, an STS assumed-role
	// session ARN, or a service principal name.
	Principal       string `json:"principal"`
	Action          string `json:"action"`
	Resource        string `json:"resource"`
	ResourceAccount string `json:"resourceAccount"`
	// Context holds the request's condition keys and their values; a key of
	// a single-valued type has exactly one value.
	Context map[string][]string `json:"context"`
	// Absent lists the keys the policies mention that the request does not
	// carry (the simulator sees them as missing; memlint is told so).
	Absent         []string  `json:"absent,omitempty"`
	Identity       []*Policy `json:"identity"`
	ResourcePolicy *Policy   `json:"resourcePolicy,omitempty"`
	// Org is the organisation the accounts belong to, with its SCPs and
	// RCPs; nil when the case has none. Which of them apply to the request
	// (the caller's SCP chain, the resource's RCP chain, neither for the
	// management account) each side decides from it.
	Org *Org `json:"org,omitempty"`
	// Boundary is the caller's permissions boundary (a role, a session of
	// the role, or a user); nil when it has none.
	Boundary *Policy `json:"boundary,omitempty"`
}

// Org is an AWS organisation as a memlint manifest describes it
// (model.Organization): accounts with their path, policies with their
// targets, and the levels FullAWSAccess is detached from.
type Org struct {
	// Management is the management account, which SCPs and RCPs do not
	// restrict; "" when it is none of the case's accounts.
	Management string `json:"management,omitempty"`
	// Accounts maps each member account to its path: the root ID, then the
	// OUs down to the account's parent. An account not listed is outside
	// the organisation.
	Accounts map[string][]string `json:"accounts"`
	Policies []*OrgPolicy        `json:"policies,omitempty"`
	// NoFullAccess are the targets (root, OU or account) the AWS managed
	// FullAWSAccess SCP is detached from.
	NoFullAccess []string `json:"noFullAccess,omitempty"`
}

// OrgPolicy is one SCP or RCP and the targets it is attached to.
type OrgPolicy struct {
	Kind    string   `json:"kind"` // "scp" or "rcp"
	Targets []string `json:"targets"`
	Policy  *Policy  `json:"policy"`
}

// Service reports whether the caller is a service principal.
func (c *Case) Service() bool { return !isARN(c.Principal) }

// Policy is a policy document.
type Policy struct {
	Version   string       `json:"Version,omitempty"`
	Statement []*Statement `json:"Statement"`
}

// Statement is one policy statement. Exactly one of Action/NotAction and
// of Resource/NotResource is set; resource-policy statements carry exactly
// one of Principal/NotPrincipal.
type Statement struct {
	Effect       string     `json:"Effect"`
	Principal    *Principal `json:"Principal,omitempty"`
	NotPrincipal *Principal `json:"NotPrincipal,omitempty"`
	Action       []string   `json:"Action,omitempty"`
	NotAction    []string   `json:"NotAction,omitempty"`
	Resource     []string   `json:"Resource,omitempty"`
	NotResource  []string   `json:"NotResource,omitempty"`
	// Condition maps operator to key to values (encoding/json writes map
	// keys sorted: the JSON is deterministic).
	Condition map[string]map[string][]string `json:"Condition,omitempty"`
}

// Principal is a Principal or NotPrincipal element: "*" or a map of types
// (AWS, Service) to values.
type Principal struct {
	Star  bool
	Typed map[string][]string
}

// MarshalJSON writes "*" or the typed map.
func (p *Principal) MarshalJSON() ([]byte, error) {
	if p.Star {
		return []byte(`"*"`), nil
	}
	return json.Marshal(p.Typed)
}

// UnmarshalJSON reads what MarshalJSON writes (reproducers are read back in
// tests).
func (p *Principal) UnmarshalJSON(b []byte) error {
	var s string
	if json.Unmarshal(b, &s) == nil {
		p.Star = s == "*"
		return nil
	}
	return json.Unmarshal(b, &p.Typed)
}

// clone returns a deep copy of c (shrinking edits copies).
func (c *Case) clone() *Case {
	b, err := json.Marshal(c)
	if err != nil {
		panic(err) // a Case always marshals
	}
	var out Case
	if err := json.Unmarshal(b, &out); err != nil {
		panic(err)
	}
	return &out
}

// policies returns every policy of the case: identity policies, the
// permissions boundary, the SCPs and RCPs, and the resource policy last.
func (c *Case) policies() []*Policy {
	ps := slices.Clone(c.Identity)
	ps = append(ps, c.guardPolicies()...)
	if c.ResourcePolicy != nil {
		ps = append(ps, c.ResourcePolicy)
	}
	return ps
}

// guardPolicies returns the boundary, then the SCPs and RCPs in order.
func (c *Case) guardPolicies() []*Policy {
	var ps []*Policy
	if c.Boundary != nil {
		ps = append(ps, c.Boundary)
	}
	if c.Org != nil {
		for _, op := range c.Org.Policies {
			ps = append(ps, op.Policy)
		}
	}
	return ps
}
