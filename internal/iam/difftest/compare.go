package difftest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Verdict is the comparison of memlint's and the simulator's answers to
// one case.
type Verdict struct {
	// Refused is set when the simulator refused the case (a validation
	// error): nothing was compared.
	Refused bool
	// Agree is set when both sides gave the same decision and, for an
	// explicit deny, the same denying sides.
	Agree bool
	// Known is the ID of the documented difference that explains a
	// disagreement, or "".
	Known string
	// Why describes a disagreement.
	Why string
}

// Unexplained reports a disagreement no known difference explains.
func (v Verdict) Unexplained() bool { return !v.Refused && !v.Agree && v.Known == "" }

// Compare compares memlint's outcome m with the simulator's s for c.
func Compare(c *Case, m, s Outcome) Verdict {
	if s.Error != "" {
		return Verdict{Refused: true, Why: "simulator refused the case: " + s.Error}
	}
	why := disagreement(m, s)
	if why == "" {
		return Verdict{Agree: true}
	}
	return Verdict{Why: why, Known: classify(c, s)}
}

func disagreement(m, s Outcome) string {
	switch {
	case len(s.Ignored) > 0:
		return fmt.Sprintf("the simulator dropped context keys %v as not applying to the action (a generator defect)", s.Ignored)
	case len(m.Undecided) > 0:
		return fmt.Sprintf("memlint left the closed-world case undecided (keys %v); simulator: %s", m.Undecided, s.Decision)
	case m.Decision != s.Decision:
		return fmt.Sprintf("memlint: %s, simulator: %s", m.describe(), s.describe())
	case m.Decision == "ExplicitlyDenied" && (m.IdentityDeny != s.IdentityDeny || m.ResourceDeny != s.ResourceDeny ||
		m.SCPDeny != s.SCPDeny || m.RCPDeny != s.RCPDeny || m.BoundaryDeny != s.BoundaryDeny):
		return fmt.Sprintf("both deny explicitly, but memlint: %s, simulator: %s", m.describe(), s.describe())
	}
	return ""
}

func (o Outcome) describe() string {
	var by []string
	for _, d := range []struct {
		on   bool
		name string
	}{{o.IdentityDeny, "identity"}, {o.ResourceDeny, "resource"}, {o.SCPDeny, "service control"}, {o.RCPDeny, "resource control"}, {o.BoundaryDeny, "boundary"}} {
		if d.on {
			by = append(by, d.name)
		}
	}
	if len(by) == 0 {
		return o.Decision
	}
	return o.Decision + " (by " + strings.Join(by, " and ") + " policy)"
}

// JSON returns the case as indented JSON, the reproducer printed for a
// disagreement.
func (c *Case) JSON() string {
	b, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		panic(err) // a Case always marshals
	}
	return string(b)
}

// reductions returns every case one step smaller than c: without one
// policy, statement, condition, condition value, list entry or context
// key the policies no longer mention.
func reductions(c *Case) []*Case {
	var out []*Case
	add := func(edit func(d *Case)) {
		d := c.clone()
		edit(d)
		out = append(out, d)
	}
	for i := range c.Identity {
		add(func(d *Case) { d.Identity = slices.Delete(d.Identity, i, i+1) })
	}
	if c.ResourcePolicy != nil && !c.Service() {
		add(func(d *Case) { d.ResourcePolicy = nil })
	}
	if c.Boundary != nil {
		add(func(d *Case) { d.Boundary = nil })
	}
	if o := c.Org; o != nil {
		add(func(d *Case) { d.Org = nil })
		if o.Management != "" {
			add(func(d *Case) { d.Org.Management = "" })
		}
		for i, op := range o.Policies {
			add(func(d *Case) { d.Org.Policies = slices.Delete(d.Org.Policies, i, i+1) })
			if len(op.Targets) > 1 {
				for j := range op.Targets {
					add(func(d *Case) { t := &d.Org.Policies[i].Targets; *t = slices.Delete(*t, j, j+1) })
				}
			}
		}
		for i := range o.NoFullAccess {
			add(func(d *Case) { d.Org.NoFullAccess = slices.Delete(d.Org.NoFullAccess, i, i+1) })
		}
		for _, a := range sortedKeys(o.Accounts) {
			add(func(d *Case) { delete(d.Org.Accounts, a) })
			if p := o.Accounts[a]; len(p) > 1 {
				// The account one level up (out of its innermost OU).
				add(func(d *Case) { d.Org.Accounts[a] = slices.Clone(p[:len(p)-1]) })
			}
		}
	}
	for pi, p := range c.policies() {
		pol := func(d *Case) *Policy { return d.policies()[pi] }
		if len(p.Statement) > 1 {
			for si := range p.Statement {
				add(func(d *Case) { pol(d).Statement = slices.Delete(pol(d).Statement, si, si+1) })
			}
		}
		for si, s := range p.Statement {
			st := func(d *Case) *Statement { return pol(d).Statement[si] }
			for _, l := range []struct {
				get func(*Statement) *[]string
			}{
				{func(s *Statement) *[]string { return &s.Action }},
				{func(s *Statement) *[]string { return &s.NotAction }},
				{func(s *Statement) *[]string { return &s.Resource }},
				{func(s *Statement) *[]string { return &s.NotResource }},
			} {
				if n := len(*l.get(s)); n > 1 {
					for i := range n {
						add(func(d *Case) { v := l.get(st(d)); *v = slices.Delete(*v, i, i+1) })
					}
				}
			}
			for _, pr := range []func(*Statement) *Principal{
				func(s *Statement) *Principal { return s.Principal },
				func(s *Statement) *Principal { return s.NotPrincipal },
			} {
				if p := pr(s); p != nil && !p.Star {
					for _, typ := range sortedKeys(p.Typed) {
						for i := range p.Typed[typ] {
							if len(p.Typed) == 1 && len(p.Typed[typ]) == 1 {
								continue
							}
							add(func(d *Case) {
								t := pr(st(d)).Typed
								t[typ] = slices.Delete(t[typ], i, i+1)
								if len(t[typ]) == 0 {
									delete(t, typ)
								}
							})
						}
					}
				}
			}
			for _, op := range sortedKeys(s.Condition) {
				for _, k := range sortedKeys(s.Condition[op]) {
					add(func(d *Case) {
						cond := st(d).Condition
						delete(cond[op], k)
						if len(cond[op]) == 0 {
							delete(cond, op)
						}
						if len(cond) == 0 {
							st(d).Condition = nil
						}
					})
					if n := len(s.Condition[op][k]); n > 1 {
						for i := range n {
							add(func(d *Case) { v := st(d).Condition[op][k]; st(d).Condition[op][k] = slices.Delete(v, i, i+1) })
						}
					}
				}
			}
		}
	}
	for _, k := range sortedKeys(c.Context) {
		if n := len(c.Context[k]); n > 1 {
			for i := range n {
				add(func(d *Case) { d.Context[k] = slices.Delete(d.Context[k], i, i+1) })
			}
		}
	}
	text := strings.ToLower(policyText(c))
	for _, k := range sortedKeys(c.Context) {
		if !strings.Contains(text, strings.ToLower(k)) {
			add(func(d *Case) { delete(d.Context, k) })
		}
	}
	for i, k := range c.Absent {
		if !strings.Contains(text, strings.ToLower(k)) {
			add(func(d *Case) { d.Absent = slices.Delete(d.Absent, i, i+1) })
		}
	}
	return out
}

func policyText(c *Case) string {
	b, _ := json.Marshal(c.policies())
	return string(b)
}

// Shrink makes cases smaller while keep holds for them (an unexplained
// disagreement, say, or one known difference), one simulator batch a
// round: each case becomes its first reduction that keep accepts, until
// none does.
func Shrink(o *Oracle, cases []*Case, keep func(Verdict) bool) ([]*Case, error) {
	cur := slices.Clone(cases)
	for round := 0; round < 200; round++ {
		var batch []*Case
		var owner []int
		for i, c := range cur {
			for _, r := range reductions(c) {
				batch = append(batch, r)
				owner = append(owner, i)
			}
		}
		if len(batch) == 0 {
			break
		}
		res, err := o.RunCases(batch)
		if err != nil {
			return cur, err
		}
		done := make([]bool, len(cur))
		progress := false
		for j, r := range batch {
			i := owner[j]
			if done[i] {
				continue
			}
			if keep(Compare(r, Memlint(r), res[j])) {
				cur[i], done[i], progress = r, true, true
			}
		}
		if !progress {
			break
		}
	}
	return cur, nil
}
