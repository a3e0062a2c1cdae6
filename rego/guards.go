package rego

import (
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/iamdata"
)

// Guards are the facts about one statement of a policy input that the
// input.policy.has guards of the rules gather (rego/README.md, "Guards"):
// whether a rule body can fire on the statement at all, asked the way the
// body asks. A guard may say yes where the body finds nothing; it must
// never say no where the body fires. Each is read from the statement's
// input term, with the same functions the builtins use, so it cannot
// drift from the input the rules see; lib.policy.with_has computes the
// same in Rego (TestHasFacts compares them on every fixture).
type Guards struct {
	// Qualifier: a condition with ForAllValues or ForAnyValue (ML007).
	Qualifier bool
	// WildcardValue: a condition value holding * or ? (ML006, ML014).
	WildcardValue bool
	// ARNCondition: a condition with an Arn operator, or a String operator
	// on a key of type ARN or ArrayOfARN (ML008, ML012's condition values).
	ARNCondition bool
	// PassRole: Action or NotAction grants iam:PassRole (ML015).
	PassRole bool
	// Redundant: an Action or Resource entry another entry of the same
	// list covers, alone or, for actions, with others (ML009).
	Redundant bool
	// S3Level: every S3 resource of an Action (not NotAction) and
	// Resource (not NotResource) statement is of one ARN level, and an
	// action is of the other (ML302).
	S3Level bool
	// UnknownAction: an Action or NotAction entry that matches no catalog
	// action (ML005).
	UnknownAction bool
	// ARNProblem: a principal (AWS or Federated), a resource, or a value
	// of an ARN condition that memlint.arn_problems finds wrong (ML012).
	ARNProblem bool
	// NoPrincipal, NoResource: a statement without Principal (or
	// NotPrincipal), without Resource (or NotResource) (ML002).
	NoPrincipal, NoResource bool
}

// StatementGuards are the guard facts of one statement input term (an
// object as lib/README and schema/input.json describe it).
func StatementGuards(stmt ast.Object) Guards {
	var g Guards
	if conds, ok := termAt(stmt, "conditions").(*ast.Array); ok {
		for i := range conds.Len() {
			c, ok := conds.Elem(i).Value.(ast.Object)
			if !ok {
				continue
			}
			base := stringAt(c, "base")
			if q := stringAt(c, "qualifier"); q != "" {
				g.Qualifier = true
			}
			where := ""
			switch {
			case strings.HasPrefix(base, "Arn"):
				where = "arn-condition"
			case strings.HasPrefix(base, "String") && arnKey(c):
				where = "string-condition"
			}
			g.ARNCondition = g.ARNCondition || where != ""
			eachValue(c, func(v ast.Object, s string, isStr bool) {
				g.WildcardValue = g.WildcardValue || strings.ContainsAny(s, "*?")
				g.ARNProblem = g.ARNProblem || where != "" && isStr && arnProblem(s, where)
			})
		}
	}
	action, _ := termAt(stmt, "action").(ast.Object)
	resource, _ := termAt(stmt, "resource").(ast.Object)
	principal, _ := termAt(stmt, "principal").(ast.Object)
	g.NoPrincipal = !truthy(stmt, "principal")
	g.NoResource = !truthy(stmt, "resource")
	if action != nil {
		g.PassRole = grantsAction(action, "iam:PassRole")
		eachValue(action, func(_ ast.Object, s string, isStr bool) {
			g.UnknownAction = g.UnknownAction || isStr && !anyAction(s)
		})
	}
	if resource != nil {
		eachValue(resource, func(_ ast.Object, s string, isStr bool) {
			g.ARNProblem = g.ARNProblem || isStr && arnProblem(s, "resource")
		})
	}
	if principal != nil {
		eachValue(principal, func(p ast.Object, s string, isStr bool) {
			if t := stringAt(p, "type"); t == "AWS" || t == "Federated" {
				g.ARNProblem = g.ARNProblem || isStr && arnProblem(s, "principal")
			}
		})
	}
	g.Redundant = redundantIn(action, true) || redundantIn(resource, false)
	g.S3Level = s3LevelGuard(action, resource)
	return g
}

// eachValue calls f with each object entry of elem.values, its value as a
// string and whether the value is one.
func eachValue(elem ast.Object, f func(v ast.Object, s string, isStr bool)) {
	vals, ok := termAt(elem, "values").(*ast.Array)
	if !ok {
		return
	}
	for i := range vals.Len() {
		v, ok := vals.Elem(i).Value.(ast.Object)
		if !ok {
			continue
		}
		s, isStr := termAt(v, "value").(ast.String)
		f(v, string(s), isStr)
	}
}

// arnProblem is count(memlint.arn_problems(s, where)) > 0.
func arnProblem(s, where string) bool {
	return len(iam.ValidateARN(s, arnUses[where])) > 0
}

// arnKey says whether a condition's key is of type ARN or ArrayOfARN, in
// any case (ML008 compares in upper case, ML012 as the catalog writes it).
func arnKey(c ast.Object) bool {
	key, ok := termAt(c, "key").(ast.Object)
	if !ok {
		return false
	}
	k, ok := iamdata.LookupConditionKey(stringAt(key, "value"))
	return ok && (strings.EqualFold(k.Type, "ARN") || strings.EqualFold(k.Type, "ArrayOfARN"))
}

// redundantIn says whether a list of more than one entry has an entry
// memlint.redundant_actions, memlint.redundant_action_sets (actions) or
// memlint.redundant_resources (resources) reports.
func redundantIn(elem ast.Object, actions bool) bool {
	if elem == nil {
		return false
	}
	vals := stringsAt(elem)
	if len(vals) < 2 {
		return false
	}
	if actions {
		return len(redundant(vals, actionService, func(a, b string) bool { return iam.Covers(a, b, true) })) > 0 ||
			len(redundantActionSets(vals)) > 0
	}
	return len(redundant(vals, resourceService, iam.CoversResource)) > 0
}

// stringsAt is [v.value | some v in elem.values] when every value is a
// string; nil when one is not (the builtins are then undefined).
func stringsAt(elem ast.Object) []string {
	arr, ok := termAt(elem, "values").(*ast.Array)
	if !ok {
		return nil
	}
	out := make([]string, 0, arr.Len())
	for i := range arr.Len() {
		v, ok := arr.Elem(i).Value.(ast.Object)
		if !ok {
			continue
		}
		switch s := termAt(v, "value").(type) {
		case nil:
		case ast.String:
			out = append(out, string(s))
		default:
			return nil
		}
	}
	return out
}

// s3LevelGuard is ML302's trigger without the policy kind and the Effect:
// the S3 resources (entries whose arn.service is "s3") all have one level,
// and an action has the other.
func s3LevelGuard(action, resource ast.Object) bool {
	if action == nil || resource == nil || truthy(action, "not") || truthy(resource, "not") {
		return false
	}
	rs, ok := termAt(resource, "values").(*ast.Array)
	if !ok {
		return false
	}
	level := ""
	for i := range rs.Len() {
		r, ok := rs.Elem(i).Value.(ast.Object)
		if !ok {
			continue
		}
		a, ok := termAt(r, "arn").(ast.Object)
		if !ok || stringAt(a, "service") != "s3" {
			continue
		}
		l := s3ResourceLevel(stringAt(a, "resource"))
		if l == "" || level != "" && l != level {
			return false
		}
		level = l
	}
	if level == "" {
		return false
	}
	other := map[string]string{"object": "bucket", "bucket": "object"}[level]
	found := false
	eachValue(action, func(_ ast.Object, s string, isStr bool) {
		found = found || isStr && s3ActionLevel(s) == other
	})
	return found
}

// truthy is Rego's test of obj[key]: only undefined and false are false.
func truthy(obj ast.Object, key string) bool {
	t := obj.Get(keyTerm(key))
	return t != nil && t.Value.Compare(ast.Boolean(false)) != 0
}
