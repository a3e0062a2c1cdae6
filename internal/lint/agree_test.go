package lint

import (
	"testing"

	"github.com/memlint/memlint/internal/access"
	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// TestAccessAgreesWithCheck checks, on every setup in fixtures/, that
// `memlint access` and `memlint check` give the same decision for every
// consumer and data-plane action: both decide through facts.DataPlaneRequest
// and iam.Evaluate, and this keeps them from drifting apart. A memory with
// several resource policies is skipped: check reads them as their union,
// access shows each.
func TestAccessAgreesWithCheck(t *testing.T) {
	compared := 0
	forEachFixture(t, func(path string, m *model.Model) {
		view := access.Build(m)
		x := newIndex(m)
		for _, s := range x.memories {
			if len(s.policies) != 1 {
				continue
			}
			_, cs := x.consumerFacts(s)
			for _, c := range cs {
				g := findGrant(view, s.arn.Value, c.arn)
				if g == nil {
					t.Errorf("%s: memlint access has no row for consumer %s of %s", path, c.arn, s.arn.Value)
					continue
				}
				for _, action := range facts.DataPlaneActions {
					want, checked := access.Denied, false
					for _, k := range c.checks {
						if k.action == action {
							want, checked = decision(k.res), true
						}
					}
					got := cellOf(g, action)
					if got == nil {
						t.Errorf("%s: no cell for %s", path, action)
						continue
					}
					d := got.Decision
					if d == access.Allowed && got.ResourceSideOnly {
						d = access.Unknown // check reads an unsupplied identity side as undecided
					}
					if d == access.ExplicitDeny && !checked {
						// check leaves out the actions no identity or resource
						// statement names; a guardrail's Deny of one makes
						// access show it explicitly denied.
						d = access.Denied
					}
					if d != want {
						t.Errorf("%s: %s %s on %s: check decides %s, access %s (%s)", path, c.arn, action, s.arn.Value, want, got.Decision, got.Detail)
					}
					compared++
				}
			}
		}
	})
	if compared < 500 {
		t.Errorf("only %d decisions compared: the fixtures lost their consumers?", compared)
	}
	t.Logf("%d decisions compared", compared)
}

func decision(r iam.Result) access.Decision {
	switch {
	case r.Decision == iam.ExplicitDeny:
		return access.ExplicitDeny
	case r.Decision == iam.ImplicitDeny:
		return access.Denied
	case r.Unknown:
		return access.Unknown
	}
	return access.Allowed
}

func findGrant(v *access.View, memARN, principal string) *access.Grant {
	for _, m := range v.Memories {
		if m.ARN != memARN {
			continue
		}
		for _, g := range m.Grants {
			if g.Principal == principal {
				return g
			}
		}
	}
	return nil
}

func cellOf(g *access.Grant, action string) *access.Cell {
	for _, c := range g.Actions {
		if c.Action == action {
			return c
		}
	}
	return nil
}
