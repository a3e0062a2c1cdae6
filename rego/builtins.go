package rego

import (
	"slices"
	"strings"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	oparego "github.com/open-policy-agent/opa/v1/rego"
	"github.com/open-policy-agent/opa/v1/types"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/iamdata"
)

// The builtins expose memlint's Go IAM semantics to Rego: ARN parsing, IAM
// wildcard matching and the Service Authorization Reference catalog. They are
// registered globally so the engine, the Rego test runner and users' own
// rules see the same functions.
func init() {
	str1 := func(name, desc string, result types.Type, f func(string) *ast.Term) {
		oparego.RegisterBuiltin1(&oparego.Function{
			Name:        name,
			Description: desc,
			Decl:        types.NewFunction(types.Args(types.S), result),
			// No Memoize: OPA memoizes by stringifying the arguments into a
			// cache key, which costs more than these functions themselves.
			Memoize: false,
		}, func(_ oparego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
			s, ok := a.Value.(ast.String)
			if !ok {
				return nil, nil
			}
			return f(string(s)), nil
		})
	}
	str2 := func(name, desc string, result types.Type, f func(a, b string) *ast.Term) {
		oparego.RegisterBuiltin2(&oparego.Function{
			Name:        name,
			Description: desc,
			Decl:        types.NewFunction(types.Args(types.S, types.S), result),
			// No Memoize: OPA memoizes by stringifying the arguments into a
			// cache key, which costs more than these functions themselves.
			Memoize: false,
		}, func(_ oparego.BuiltinContext, a, b *ast.Term) (*ast.Term, error) {
			sa, ok1 := a.Value.(ast.String)
			sb, ok2 := b.Value.(ast.String)
			if !ok1 || !ok2 {
				return nil, nil
			}
			return f(string(sa), string(sb)), nil
		})
	}
	anyObj := types.NewObject(nil, types.NewDynamicProperty(types.S, types.A))

	dataPlane := make([]*ast.Term, len(facts.DataPlaneActions))
	for i, a := range facts.DataPlaneActions {
		dataPlane[i] = ast.StringTerm(a)
	}
	dataPlaneTerm := ast.ArrayTerm(dataPlane...)
	oparego.RegisterBuiltinDyn(&oparego.Function{
		Name:        "memlint.data_plane_actions",
		Description: "The 15 memory data-plane actions, in catalog order (the one list memlint's Go code and rules share).",
		Decl:        types.NewFunction(nil, types.NewArray(nil, types.S)),
	}, func(oparego.BuiltinContext, []*ast.Term) (*ast.Term, error) { return dataPlaneTerm, nil })

	str1("memlint.arn", "Parses an ARN into partition, service, region, account, resource, type and id; undefined when the value is not an ARN.",
		anyObj, cachedARNTerm)
	str2("memlint.arn_problems", "Lists what is wrong with an ARN written where the second argument says: \"resource\" (Resource, NotResource), \"arn-condition\" (a value of an Arn operator), \"string-condition\" (a value of a String operator on an ARN key) or \"principal\"; undefined for another place. Wrong segment count, unknown partition, bad account, region or account where the service has none, wildcard in the service or in a principal.",
		types.NewArray(nil, types.S), func(s, where string) *ast.Term {
			use, ok := arnUses[where]
			if !ok {
				return nil
			}
			var out []*ast.Term
			for _, p := range iam.ValidateARN(s, use) {
				out = append(out, ast.StringTerm(p.Msg))
			}
			return ast.ArrayTerm(out...)
		})
	str2("memlint.match", "IAM wildcard match (* and ?), case-sensitive: pattern, value.", types.B,
		func(p, v string) *ast.Term { return ast.BooleanTerm(iam.MatchWildcard(p, v)) })
	str2("memlint.match_arn", "ArnLike match: each of the six ARN components is matched separately, case-sensitively.", types.B,
		func(p, v string) *ast.Term { return ast.BooleanTerm(iam.MatchARN(p, v)) })
	str2("memlint.match_resource", "Resource-element match of pattern against an ARN (\"*\" matches everything).", types.B,
		func(p, v string) *ast.Term { return ast.BooleanTerm(iam.MatchResource(p, v)) })
	str2("memlint.match_action", "Action match, case-insensitive: pattern, service:Action.", types.B,
		func(p, v string) *ast.Term { return ast.BooleanTerm(iam.MatchAction(p, v)) })
	str2("memlint.covers", "Whether pattern a matches everything pattern b matches (case-sensitive; resources).", types.B,
		func(a, b string) *ast.Term { return ast.BooleanTerm(iam.CoversResource(a, b)) })
	str2("memlint.covers_action", "Whether action pattern a matches everything action pattern b matches (case-insensitive).", types.B,
		func(a, b string) *ast.Term { return ast.BooleanTerm(iam.Covers(a, b, true)) })
	str1("memlint.service_known", "Whether a service prefix exists in the Service Authorization Reference.", types.B,
		func(s string) *ast.Term { return ast.BooleanTerm(iamdata.ServiceKnown(s)) })
	str1("memlint.actions", "The catalog actions an action pattern matches, sorted: [{name, service, access_level}].",
		types.NewArray(nil, anyObj), func(p string) *ast.Term {
			acts := iamdata.MatchActions(p)
			out := make([]*ast.Term, 0, len(acts))
			for _, a := range acts {
				out = append(out, ast.ObjectTerm(
					[2]*ast.Term{ast.StringTerm("name"), ast.StringTerm(a.FullName())},
					[2]*ast.Term{ast.StringTerm("service"), ast.StringTerm(a.Service)},
					[2]*ast.Term{ast.StringTerm("access_level"), ast.StringTerm(a.AccessLevel)},
				))
			}
			return ast.ArrayTerm(out...)
		})
	str1("memlint.any_action", "Whether an action pattern matches at least one catalog action (cheaper than count(memlint.actions(p)) > 0).",
		types.B, func(p string) *ast.Term { return ast.BooleanTerm(anyAction(p)) })
	pairs := types.NewArray(nil, types.NewArray(nil, types.N))
	arr1 := func(name, desc string, result types.Type, f func([]string) *ast.Term) {
		oparego.RegisterBuiltin1(&oparego.Function{
			Name:        name,
			Description: desc,
			Decl:        types.NewFunction(types.Args(types.NewArray(nil, types.S)), result),
			// No Memoize: OPA memoizes by stringifying the arguments into a
			// cache key, which costs more than these functions themselves.
			Memoize: false,
		}, func(_ oparego.BuiltinContext, a *ast.Term) (*ast.Term, error) {
			arr, ok := a.Value.(*ast.Array)
			if !ok {
				return nil, nil
			}
			vals := make([]string, 0, arr.Len())
			for i := range arr.Len() {
				s, ok := arr.Elem(i).Value.(ast.String)
				if !ok {
					return nil, nil
				}
				vals = append(vals, string(s))
			}
			return f(vals), nil
		})
	}
	arr1("memlint.redundant_actions", "Pairs [i, j] of an array of action patterns where entry i is covered by entry j (exact duplicates: the later one is redundant).",
		pairs, func(v []string) *ast.Term {
			return pairsTerm(redundant(v, actionService, func(a, b string) bool { return iam.Covers(a, b, true) }))
		})
	arr1("memlint.redundant_action_sets", "Pairs [i, [j, …]] of an array of action patterns where every catalog action entry i matches is matched by the entries j together, and no single entry covers i as a pattern (memlint.redundant_actions reports those).",
		types.NewArray(nil, types.NewArray([]types.Type{types.N, types.NewArray(nil, types.N)}, nil)),
		func(v []string) *ast.Term { return coverSetsTerm(redundantActionSets(v)) })
	arr1("memlint.redundant_resources", "Pairs [i, j] of an array of resource patterns where entry i is covered by entry j (exact duplicates: the later one is redundant).",
		pairs, func(v []string) *ast.Term { return pairsTerm(redundant(v, resourceService, iam.CoversResource)) })
	str1("memlint.action", "The catalog entry of one action (case-insensitive): {name, service, access_level, condition_keys, resources}; undefined when unknown.",
		anyObj, cached(&actionTerms, func(s string) *ast.Term {
			a, ok := iamdata.LookupAction(s)
			if !ok {
				return nil
			}
			keys := make([]*ast.Term, 0, len(a.ConditionKeys))
			for _, k := range a.ConditionKeys {
				keys = append(keys, ast.StringTerm(k))
			}
			res := make([]*ast.Term, 0, len(a.Resources))
			for _, r := range a.Resources {
				res = append(res, ast.ObjectTerm(
					[2]*ast.Term{ast.StringTerm("type"), ast.StringTerm(r.Type)},
					[2]*ast.Term{ast.StringTerm("required"), ast.BooleanTerm(r.Required)},
				))
			}
			return ast.ObjectTerm(
				[2]*ast.Term{ast.StringTerm("name"), ast.StringTerm(a.FullName())},
				[2]*ast.Term{ast.StringTerm("service"), ast.StringTerm(a.Service)},
				[2]*ast.Term{ast.StringTerm("access_level"), ast.StringTerm(a.AccessLevel)},
				[2]*ast.Term{ast.StringTerm("condition_keys"), ast.ArrayTerm(keys...)},
				[2]*ast.Term{ast.StringTerm("resources"), ast.ArrayTerm(res...)},
			)
		}))
	str1("memlint.s3_action_level", "The ARN level an S3 action authorises against: \"object\" when its resource types are objects (or access point objects), \"bucket\" when they are buckets (or access points); undefined for a pattern with a wildcard, an unknown or non-S3 action, and an action of both levels or of none.",
		types.S, cached(&s3LevelTerms, func(s string) *ast.Term {
			if l := s3ActionLevel(s); l != "" {
				return ast.StringTerm(l)
			}
			return nil
		}))
	str1("memlint.s3_resource_level", "The ARN level of the resource part of an S3 ARN: \"object\" when it holds a \"/\", \"bucket\" when it holds neither \"/\" nor a wildcard; undefined otherwise. Policy variables are blanked first: the \"/\" in ${aws:PrincipalTag/Bucket} names a tag.",
		types.S, func(s string) *ast.Term {
			if l := s3ResourceLevel(s); l != "" {
				return levelTerms[l]
			}
			return nil
		})
	oparego.RegisterBuiltin2(&oparego.Function{
		Name:        "memlint.grants_action",
		Description: "Whether a statement's Action or NotAction element (as the input writes it: {not, values: [{value, unknown}]}) grants action: an Action entry matches it, or every NotAction entry is known and none matches it.",
		Decl:        types.NewFunction(types.Args(types.A, types.S), types.B),
		Memoize:     false,
	}, func(_ oparego.BuiltinContext, elem, action *ast.Term) (*ast.Term, error) {
		a, ok := action.Value.(ast.String)
		if !ok {
			return nil, nil
		}
		return ast.BooleanTerm(grantsAction(elem.Value, string(a))), nil
	})
	oparego.RegisterBuiltin2(&oparego.Function{
		Name:        "memlint.granted_actions",
		Description: "The entries of an array of action names that a statement's Action or NotAction element grants (memlint.grants_action of each), in their order: one call where a rule asks about a list of actions.",
		Decl:        types.NewFunction(types.Args(types.A, types.NewArray(nil, types.S)), types.NewArray(nil, types.S)),
		Memoize:     false,
	}, func(_ oparego.BuiltinContext, elem, actions *ast.Term) (*ast.Term, error) {
		arr, ok := actions.Value.(*ast.Array)
		if !ok {
			return nil, nil
		}
		var out []*ast.Term
		for i := range arr.Len() {
			a, ok := arr.Elem(i).Value.(ast.String)
			if ok && grantsAction(elem.Value, string(a)) {
				out = append(out, arr.Elem(i))
			}
		}
		return ast.ArrayTerm(out...), nil
	})
	str1("memlint.condition_key", "The catalog entry of a condition key (global or service, templated keys matched): {name, type, global, multi_valued}; undefined when unknown.",
		anyObj, cached(&keyTerms, func(s string) *ast.Term {
			k, ok := iamdata.LookupConditionKey(s)
			if !ok {
				return nil
			}
			return ast.ObjectTerm(
				[2]*ast.Term{ast.StringTerm("name"), ast.StringTerm(k.Name)},
				[2]*ast.Term{ast.StringTerm("type"), ast.StringTerm(k.Type)},
				[2]*ast.Term{ast.StringTerm("global"), ast.BooleanTerm(iamdata.IsGlobalKey(s))},
				[2]*ast.Term{ast.StringTerm("multi_valued"), ast.BooleanTerm(iamdata.IsMultiValued(s))},
			)
		}))
	str2("memlint.action_supports_key", "Whether an action supports a condition key (its own keys, its resource types' keys, or a global key); undefined when the action is unknown.",
		types.B, func(action, key string) *ast.Term {
			a, ok := iamdata.LookupAction(action)
			if !ok {
				return nil
			}
			return ast.BooleanTerm(iamdata.ActionSupportsKey(a, key))
		})
}

// arnUses maps the place names memlint.arn_problems takes to iam.ARNUse.
var arnUses = map[string]iam.ARNUse{
	"resource":         iam.ARNResource,
	"arn-condition":    iam.ARNCondition,
	"string-condition": iam.ARNString,
	"principal":        iam.ARNPrincipal,
}

// actionTerms and keyTerms cache the Rego form of catalog entries: rules
// look the same few actions up for every document, and building the object
// each time was the largest cost of several rules. Only entries found are
// cached, so the caches are bounded by the catalog, not by the input.
var actionTerms, keyTerms, s3LevelTerms sync.Map

// s3Levels are the catalog resource types of each S3 ARN level: access
// points stand beside buckets and objects.
var s3Levels = map[string][]string{
	"object": {"object", "accesspointobject"},
	"bucket": {"bucket", "accesspoint"},
}

// s3ResourceLevel is memlint.s3_resource_level.
func s3ResourceLevel(resource string) string {
	for {
		i := strings.Index(resource, "${")
		if i < 0 {
			break
		}
		j := strings.IndexByte(resource[i:], '}')
		if j < 0 {
			break
		}
		resource = resource[:i] + "v" + resource[i+j+1:]
	}
	switch {
	case strings.Contains(resource, "/"):
		return "object"
	case !strings.Contains(resource, "*"):
		return "bucket"
	}
	return ""
}

// levelTerms are the two level names as shared terms.
var levelTerms = map[string]*ast.Term{"object": ast.StringTerm("object"), "bucket": ast.StringTerm("bucket")}

// s3ActionLevel is memlint.s3_action_level: the level whose main type the
// action lists and whose types are all it lists, or "".
func s3ActionLevel(action string) string {
	if strings.ContainsAny(action, "*?") {
		return ""
	}
	a, ok := iamdata.LookupAction(action)
	if !ok || a.Service != "s3" || len(a.Resources) == 0 {
		return ""
	}
	for _, level := range []string{"object", "bucket"} {
		main, all := false, true
		for _, r := range a.Resources {
			main = main || r.Type == level
			all = all && slices.Contains(s3Levels[level], r.Type)
		}
		if main && all {
			return level
		}
	}
	return ""
}

// cached memoizes f's found results in m. Terms are immutable once built,
// so one term can serve every evaluation, concurrently.
func cached(m *sync.Map, f func(string) *ast.Term) func(string) *ast.Term {
	return func(s string) *ast.Term {
		if v, ok := m.Load(s); ok {
			return v.(*ast.Term)
		}
		t := f(s)
		if t != nil {
			m.Store(s, t)
		}
		return t
	}
}

// arnTerm is the Rego form of a parsed ARN, nil when s is not an ARN.
func arnTerm(s string) *ast.Term {
	a, err := iam.ParseARN(s)
	if err != nil {
		return nil
	}
	return ast.ObjectTerm(
		[2]*ast.Term{arnKeys[0], ast.StringTerm(a.Partition)},
		[2]*ast.Term{arnKeys[1], ast.StringTerm(a.Service)},
		[2]*ast.Term{arnKeys[2], ast.StringTerm(a.Region)},
		[2]*ast.Term{arnKeys[3], ast.StringTerm(a.Account)},
		[2]*ast.Term{arnKeys[4], ast.StringTerm(a.Resource)},
		[2]*ast.Term{arnKeys[5], ast.StringTerm(a.ResourceType())},
		[2]*ast.Term{arnKeys[6], ast.StringTerm(a.ResourceID())},
	)
}

// arnKeys are the keys of every parsed ARN, made once: terms are never
// changed once built, so one key term serves every object.
var arnKeys = [...]*ast.Term{
	ast.StringTerm("partition"), ast.StringTerm("service"), ast.StringTerm("region"), ast.StringTerm("account"),
	ast.StringTerm("resource"), ast.StringTerm("type"), ast.StringTerm("id"),
}

// ARNTerm is the Rego form of a parsed ARN (the same object memlint.arn
// returns), nil when s is not an ARN. The input builder uses it so the model
// and the builtin agree.
func ARNTerm(s string) *ast.Term { return cachedARNTerm(s) }

// arnTerms holds the Rego form of the ARNs seen, shared by every input and
// evaluation (terms are immutable): a tree writes each memory, role and
// destination ARN into several inputs, and parsing them again was 4% of
// the allocations of a tree's run. A memo: an input of unique ARNs (a
// hostile policy of hundreds of thousands) costs no more than its bound.
var arnTerms = newMemo[*ast.Term](1 << 13)

func cachedARNTerm(s string) *ast.Term {
	if t, ok := arnTerms.get(s); ok {
		return t
	}
	t := arnTerm(s)
	if t != nil {
		arnTerms.put(s, t)
	}
	return t
}

// anyActionCache remembers which action patterns match the catalog; the same
// patterns recur across thousands of documents.
var anyActionCache = newMemo[bool](1 << 12)

func anyAction(p string) bool {
	if v, ok := anyActionCache.get(p); ok {
		return v
	}
	ok := len(iamdata.MatchActions(p)) > 0
	anyActionCache.put(p, ok)
	return ok
}

// actionService is the group an action pattern is compared within: its
// service prefix, or "" for patterns whose service part has a wildcard.
func actionService(p string) string {
	svc, _, ok := strings.Cut(p, ":")
	if !ok || strings.ContainsAny(svc, "*?") {
		return ""
	}
	return strings.ToLower(svc)
}

// resourceService groups resource patterns by their partition and service.
func resourceService(p string) string {
	parts := strings.SplitN(p, ":", 4)
	if len(parts) < 4 || strings.ContainsAny(parts[1]+parts[2], "*?") {
		return ""
	}
	return parts[1] + ":" + parts[2]
}

// redundant finds entries covered by another entry. Only entries of the same
// group (or a wildcard group "") can cover each other, which keeps large
// lists (managed policies list thousands of actions) near linear.
func redundant(vals []string, group func(string) string, covers func(a, b string) bool) [][2]int {
	byGroup := map[string][]int{}
	for i, v := range vals {
		g := group(v)
		byGroup[g] = append(byGroup[g], i)
	}
	var out [][2]int
	for i, v := range vals {
		cands := byGroup[group(v)]
		if g := group(v); g != "" {
			cands = append(append([]int(nil), cands...), byGroup[""]...)
		}
		for _, j := range cands {
			if i == j {
				continue
			}
			w := vals[j]
			if v == w {
				if j < i {
					out = append(out, [2]int{i, j})
					break
				}
				continue
			}
			if covers(w, v) {
				if j > i && covers(v, w) {
					continue // equivalent spellings: the later one is the redundant one
				}
				out = append(out, [2]int{i, j})
				break
			}
		}
	}
	// Name the broadest entry: follow a covering entry that is itself
	// covered (s3:GetObject ← s3:Get* ← s3:*) to the root of the chain.
	by := make(map[int]int, len(out))
	for _, p := range out {
		by[p[0]] = p[1]
	}
	for k, p := range out {
		j := p[1]
		for steps := 0; steps < len(vals); steps++ {
			next, ok := by[j]
			if !ok {
				break
			}
			j = next
		}
		out[k][1] = j
	}
	return out
}

// redundantActionSets finds the action entries that no single entry covers
// as a pattern but that the other entries cover together in the catalog:
// Access Analyzer reports an action as redundant "when all of the contents
// of an action are redundant", and its example, iam:*CredentialReport beside
// iam:Get* alone, is not redundant because iam:GenerateCredentialReport
// remains (access-analyzer-reference-policy-checks.html, Redundant action).
// With iam:Generate* beside it, it is. The answer depends on today's
// catalog: an action added later to the service may be matched by the entry
// and by no other.
//
// Entries that redundant already reports, and entries matching no catalog
// action, take no part. The rest are tried from the last to the first, so
// that of entries covering each other the later ones go, as for duplicates;
// an entry found redundant no longer covers the ones tried after it, so
// removing every reported entry leaves what the statement matches unchanged.
// Each result names entry i and the entries that match its actions, in list
// order.
func redundantActionSets(vals []string) [][]int {
	// Without a wildcard each entry matches one action, and an entry matching
	// the same one as another is a duplicate, which redundant reports.
	if !slices.ContainsFunc(vals, func(v string) bool { return strings.ContainsAny(v, "*?") }) {
		return nil
	}
	covered := map[int]bool{}
	for _, p := range redundant(vals, actionService, func(a, b string) bool { return iam.Covers(a, b, true) }) {
		covered[p[0]] = true
	}
	sets := make([][]*iamdata.Action, len(vals))
	count := map[*iamdata.Action]int{}
	for i, v := range vals {
		if covered[i] {
			continue
		}
		sets[i] = iamdata.MatchActions(v)
		for _, a := range sets[i] {
			count[a]++
		}
	}
	gone := map[int]bool{}
	for i := len(vals) - 1; i >= 0; i-- {
		if len(sets[i]) == 0 || !allShared(sets[i], count) {
			continue
		}
		for _, a := range sets[i] {
			count[a]--
		}
		gone[i] = true
	}
	// Name the covering entries among those that stay: removing an entry
	// never changes what the others match together, so they still cover it.
	var out [][]int
	for i := range vals {
		if !gone[i] {
			continue
		}
		mine := make(map[*iamdata.Action]bool, len(sets[i]))
		for _, a := range sets[i] {
			mine[a] = true
		}
		res := []int{i}
		for j, set := range sets {
			if gone[j] {
				continue
			}
			for _, a := range set {
				if mine[a] {
					res = append(res, j)
					break
				}
			}
		}
		out = append(out, res)
	}
	return out
}

// allShared reports whether every action of set is matched by another entry
// that stays too.
func allShared(set []*iamdata.Action, count map[*iamdata.Action]int) bool {
	for _, a := range set {
		if count[a] < 2 {
			return false
		}
	}
	return true
}

func coverSetsTerm(sets [][]int) *ast.Term {
	out := make([]*ast.Term, 0, len(sets))
	for _, s := range sets {
		by := make([]*ast.Term, 0, len(s)-1)
		for _, j := range s[1:] {
			by = append(by, ast.IntNumberTerm(j))
		}
		out = append(out, ast.ArrayTerm(ast.IntNumberTerm(s[0]), ast.ArrayTerm(by...)))
	}
	return ast.ArrayTerm(out...)
}

func pairsTerm(ps [][2]int) *ast.Term {
	out := make([]*ast.Term, 0, len(ps))
	for _, p := range ps {
		out = append(out, ast.ArrayTerm(ast.IntNumberTerm(p[0]), ast.IntNumberTerm(p[1])))
	}
	return ast.ArrayTerm(out...)
}

// grantsAction is lib.policy's grants_action in Go, one call instead of a
// Rego loop per entry (the memory-policy rules ask it for 15 actions of
// every statement): an Action entry matches action, or the element is a
// NotAction whose entries are all known and none matches it. An entry
// whose value is not a string matches nothing, as memlint.match_action is
// undefined on it.
func grantsAction(elem ast.Value, action string) bool {
	obj, ok := elem.(ast.Object)
	if !ok {
		return false
	}
	not := truthy(obj, "not") // Rego's stmt.action.not
	vals, ok := termAt(obj, "values").(*ast.Array)
	if !ok {
		return false
	}
	for i := range vals.Len() {
		v, _ := vals.Elem(i).Value.(ast.Object)
		var s ast.String
		var isStr, unknown bool
		if v != nil {
			s, isStr = termAt(v, "value").(ast.String)
			unknown = truthy(v, "unknown") // known(v) is "not v.unknown"
		}
		matches := isStr && iam.MatchAction(string(s), action)
		if !not && matches {
			return true
		}
		if not && (v == nil || unknown || matches) { // Rego: a NotAction entry that is not an object excludes all
			return false
		}
	}
	return not
}

// termAt is the value of an object's key, or nil.
func termAt(obj ast.Object, key string) ast.Value {
	if t := obj.Get(keyTerm(key)); t != nil {
		return t.Value
	}
	return nil
}

// objectKeys are the terms of the object keys Go writes and reads in
// inputs and findings ("values", "not", "loc", …): OPA interns only its own
// few strings, and a term made for every lookup was a tenth of a tree's
// allocations. The keys are the code's own (and the catalog's action
// names), so the table stays small.
var objectKeys sync.Map

// KeyTerm is the shared term of an object key.
func KeyTerm(key string) *ast.Term { return keyTerm(key) }

func keyTerm(key string) *ast.Term {
	if t, ok := objectKeys.Load(key); ok {
		return t.(*ast.Term)
	}
	key = strings.Clone(key) // never a substring keeping an input's text alive
	t, _ := objectKeys.LoadOrStore(key, ast.StringTerm(key))
	return t.(*ast.Term)
}
