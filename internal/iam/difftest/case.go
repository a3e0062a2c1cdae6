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

// policies returns every policy of the case, identity first.
func (c *Case) policies() []*Policy {
	ps := slices.Clone(c.Identity)
	if c.ResourcePolicy != nil {
		ps = append(ps, c.ResourcePolicy)
	}
	return ps
}
