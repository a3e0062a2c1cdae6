package iam

import (
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/model"
)

// Tri is a three-valued truth: a statement or condition that holds, does
// not hold, or depends on something memlint cannot decide statically.
type Tri uint8

// Truth values, ordered No < Maybe < Yes so that AND is min and OR is max.
const (
	No Tri = iota
	Maybe
	Yes
)

func (t Tri) String() string { return [...]string{"no", "maybe", "yes"}[t] }

func and(a, b Tri) Tri { return min(a, b) }
func or(a, b Tri) Tri  { return max(a, b) }

// Decision is the outcome of an authorization request.
type Decision uint8

// Decisions (IAM User Guide, reference_policies_evaluation-logic.html).
const (
	// ImplicitDeny: no applicable Allow (the default).
	ImplicitDeny Decision = iota
	// Allow: the required Allows are present and no Deny applies.
	Allow
	// ExplicitDeny: an applicable Deny statement, which wins over any Allow.
	ExplicitDeny
)

func (d Decision) String() string {
	return [...]string{"ImplicitDeny", "Allow", "ExplicitDeny"}[d]
}

// Request is one authorization request: who calls which action on which
// resource, and what memlint knows of the request context.
//
// Context keys are condition keys (case-insensitive, as IAM compares them)
// with their values; a key in Absent is known not to be in the request;
// every other key is unknown, and a condition on it is undecidable (Maybe).
// aws:PrincipalArn and aws:PrincipalAccount are filled in from Principal
// when it is an IAM role or user ARN and Context does not set them.
type Request struct {
	// Principal is the caller: an IAM role or user ARN, an STS assumed-role
	// ARN, or a service principal name (bedrock-agentcore.amazonaws.com) when
	// Service is set.
	Principal string
	Service   bool
	// PrincipalAccount is the caller's account; derived from Principal when
	// empty.
	PrincipalAccount string
	Action           string // service:Action
	Resource         string // the resource ARN
	// ResourceAccount owns the resource; derived from Resource when empty.
	// S3 ARNs carry no account: pass the bucket owner when it is known. An
	// unknown resource account is taken as another account than the
	// caller's (both sides must allow, the stricter reading).
	ResourceAccount string
	Context         map[string][]string
	Absent          []string
	// IdentityUnknown and ResourceUnknown say the identity policies or the
	// resource policy were not supplied ("unknown is not empty"): that side
	// may allow or deny anything. A nil resource policy with ResourceUnknown
	// unset means the resource has no policy (known-empty).
	IdentityUnknown bool
	ResourceUnknown bool
	// Chosen, when set, says which unknown condition keys (lower-case) the
	// caller chooses for itself: request parameters such as
	// bedrock-agentcore:namespace or actorId, its own principal tags, the
	// time or TLS of the call (see ChosenByCaller). A condition on such a
	// key does not make a statement undecidable: the question is whether the
	// caller can get in, so an Allow's condition holds (the caller sends a
	// value that satisfies it) and a Deny's does not (the caller sends one
	// that avoids it). The keys are reported in Scoped: the access exists,
	// scoped to those values. Conflicting choices (an Allow and a Deny that
	// need opposite values of one key) are read as satisfiable: the reading
	// errs towards access, never towards a missing grant.
	Chosen func(lowerKey string) bool
	// ResourceRequired says the resource policy must allow even in the
	// caller's own account: a KMS key policy. "No AWS principal, including
	// the account root user, has any permissions to a KMS key unless they
	// are explicitly allowed in the key policy" (KMS Developer Guide,
	// key-policies.html; memlint's AWS reference §5.4 only says so for
	// Kinesis producers, "users in the KMS master key policy"). A key
	// policy that names the account delegates to IAM: the identity side
	// must then allow too.
	ResourceRequired bool
	// Guardrails are the SCPs, RCPs and permissions boundary that apply to
	// the request (guardrail.go); nil: none are modelled.
	Guardrails *Guardrails
}

// Side names the policy side a statement belongs to.
type Side string

// Sides of an evaluation.
const (
	SideIdentity Side = "identity" // the caller's identity (permission) policies
	SideResource Side = "resource" // the resource-based policy
)

// StatementRef is a statement that applies (or may apply) to the request,
// for messages and related locations.
type StatementRef struct {
	Side      Side
	Policy    *model.Policy
	Statement *model.Statement
	Effect    string // Allow or Deny
	// Match is Yes when the statement applies, Maybe when it applies unless
	// an undecidable condition or variable says otherwise.
	Match Tri
	// Undecided are the condition keys (as written) that make Match Maybe.
	Undecided []string
	// Via is the principal value of a resource-policy statement that
	// matched the caller (nil for identity statements).
	Via *model.Principal
	// Scoped are the caller-chosen keys (Request.Chosen) of the statement's
	// conditions: an Allow holds and a Deny is avoided for the values the
	// caller picks.
	Scoped []string
}

// SideResult is one side's verdict.
type SideResult struct {
	Supplied bool // false when the side's policies were not supplied (unknown)
	Allow    Tri  // some Allow statement applies
	Deny     Tri  // some Deny statement applies
}

// Result is the outcome of Evaluate.
type Result struct {
	// Decision is the outcome when every undecidable condition goes the way
	// that grants access (Allow statements' conditions hold, Deny
	// statements' do not); Unknown says the real outcome may be stricter.
	Decision Decision
	Unknown  bool
	// Undecided are the condition keys behind Unknown, sorted; "identity
	// policies" or "resource policy" when a side was not supplied.
	Undecided []string
	// Scoped are the caller-chosen condition keys (Request.Chosen) that
	// the sides' verdicts depend on, sorted: an access holds for some values
	// of them (a namespace, an actor), not for every request.
	Scoped []string
	// CrossAccount is set when both sides had to allow.
	CrossAccount bool
	Identity     SideResult
	Resource     SideResult
	// Matched are the statements that apply or may apply, identity side
	// first, in document order.
	Matched []StatementRef
	// Guardrail is what the request's guardrails did (guardrail.go).
	Guardrail GuardResult
}

// Allows reports whether the request is allowed for certain.
func (r Result) Allows() bool { return r.Decision == Allow && !r.Unknown }

// Denies reports whether the request is denied for certain.
func (r Result) Denies() bool { return r.Decision != Allow }

// Refs returns the matched statements of one side and effect.
func (r Result) Refs(side Side, effect string) []StatementRef {
	var out []StatementRef
	for _, m := range r.Matched {
		if m.Side == side && m.Effect == effect {
			out = append(out, m)
		}
	}
	return out
}

// Evaluate decides req against the caller's identity policies and the
// resource's policy with the AWS evaluation logic (IAM User Guide,
// reference_policies_evaluation-logic.html and
// reference_policies_evaluation-logic-cross-account.html):
//
//   - an applicable explicit Deny in any policy wins;
//   - cross-account (caller and resource in different accounts, or the
//     resource account unknown): both the identity side and the resource
//     side must Allow;
//   - same account: an Allow on either side suffices — except that a
//     resource-policy Allow through the account principal (root or bare
//     account ID) only delegates to IAM, so the identity side must then
//     Allow too. A resource policy naming a role ARN grants in the same
//     account even when the identity policies are silent; AWS still limits
//     such grants by permissions boundaries (applied when req.Guardrails
//     has one, guardrail.go) and session policies (not modelled).
//
// Statements apply when their principal (resource policies only), action,
// resource and conditions all match: NotPrincipal, NotAction and
// NotResource match what they do not list; actions match case-insensitively,
// resources per ARN component case-sensitively; an account principal covers
// every role, user and session of the account; "*" covers everyone.
// Conditions follow the operators of
// reference_policies_elements_condition_operators.html and
// reference_policies_multi-value-conditions.html (see EvalCondition). A
// condition memlint cannot decide makes the statement Maybe; Maybe is never
// dropped: it surfaces as Result.Unknown with the keys in Undecided.
//
// Policies of other kinds are read as given: identity holds identity
// policies (their Principal elements are ignored), resource the resource
// policy or nil. SCPs, RCPs and permissions boundaries apply when
// req.Guardrails names them (guardrail.go); session policies are not
// modelled.
func Evaluate(req Request, identity []*model.Policy, resource *model.Policy) Result {
	req = req.normalize()
	var res Result
	res.Identity.Supplied = !req.IdentityUnknown
	res.Resource.Supplied = !req.ResourceUnknown
	undecided := map[string]bool{}
	scoped := map[string]bool{}
	viaAccountOnly := Yes // the resource side's Allow comes only through account principals
	for _, p := range identity {
		evalPolicy(&req, p, SideIdentity, &res.Identity, &res.Matched, undecided, scoped, nil)
	}
	if resource != nil {
		evalPolicy(&req, resource, SideResource, &res.Resource, &res.Matched, undecided, scoped, &viaAccountOnly)
	}
	if req.IdentityUnknown {
		res.Identity.Allow, res.Identity.Deny = Maybe, Maybe
		undecided["identity policies"] = true
	}
	if req.ResourceUnknown {
		res.Resource.Allow, res.Resource.Deny = Maybe, Maybe
		undecided["resource policy"] = true
	}
	res.CrossAccount = req.ResourceAccount == "" || req.PrincipalAccount == "" || req.ResourceAccount != req.PrincipalAccount
	if req.Service {
		// A service principal has no identity policies: the resource side decides.
		res.CrossAccount = false
		res.Identity.Allow = No
	}
	var allow Tri
	switch {
	case res.CrossAccount:
		allow = and(res.Identity.Allow, res.Resource.Allow)
	case req.ResourceRequired && viaAccountOnly == Yes && !req.ResourceUnknown:
		// A key policy that admits the caller only through its account.
		allow = and(res.Identity.Allow, res.Resource.Allow)
	case req.ResourceRequired:
		// A key policy that names the caller (or one not supplied, which
		// may): it decides alone in the key's account.
		allow = res.Resource.Allow
	case res.Resource.Allow > No && viaAccountOnly == Yes && !req.ResourceUnknown && !req.Service:
		// Same account, resource side only through the account: delegates to IAM.
		allow = res.Identity.Allow
	default:
		allow = or(res.Identity.Allow, res.Resource.Allow)
	}
	deny := or(res.Identity.Deny, res.Resource.Deny)
	switch {
	case deny == Yes:
		res.Decision = ExplicitDeny
	case allow == No:
		res.Decision = ImplicitDeny
	default:
		res.Decision = Allow
		res.Unknown = allow == Maybe || deny == Maybe
	}
	if len(scoped) > 0 {
		for k := range scoped {
			res.Scoped = append(res.Scoped, k)
		}
		slices.Sort(res.Scoped)
	}
	if res.Unknown {
		for k := range undecided {
			res.Undecided = append(res.Undecided, k)
		}
		slices.Sort(res.Undecided)
	}
	if req.Guardrails != nil {
		applyGuardrails(&req, &res, req.Guardrails)
	}
	return res
}

// normalize derives the accounts and the principal context keys.
func (r Request) normalize() Request {
	if r.PrincipalAccount == "" && !r.Service {
		if IsAccountID(r.Principal) {
			r.PrincipalAccount = r.Principal
		} else if a, err := ParseARN(r.Principal); err == nil {
			r.PrincipalAccount = a.Account
		}
	}
	if r.ResourceAccount == "" {
		if a, err := ParseARN(r.Resource); err == nil {
			r.ResourceAccount = a.Account
		}
	}
	ctx := make(map[string][]string, len(r.Context)+2)
	for k, v := range r.Context {
		ctx[strings.ToLower(k)] = v
	}
	if !r.Service {
		if a, err := ParseARN(r.Principal); err == nil && a.Service == "iam" {
			if _, ok := ctx["aws:principalarn"]; !ok {
				ctx["aws:principalarn"] = []string{r.Principal}
			}
		}
		if _, ok := ctx["aws:principalaccount"]; !ok && r.PrincipalAccount != "" {
			ctx["aws:principalaccount"] = []string{r.PrincipalAccount}
		}
	}
	r.Context = ctx
	abs := make([]string, len(r.Absent))
	for i, k := range r.Absent {
		abs[i] = strings.ToLower(k)
	}
	r.Absent = abs
	return r
}

// chosen reports whether a condition on key is the caller's choice: the key
// is not in the request context as memlint knows it, and Chosen says the
// caller sets it.
func (r *Request) chosen(key string) bool {
	if r.Chosen == nil {
		return false
	}
	if _, known := r.lookup(key); known {
		return false
	}
	return r.Chosen(strings.ToLower(key))
}

// lookup returns a context key's values and whether the key is known
// (present with values, or known absent: nil, true).
func (r *Request) lookup(key string) ([]string, bool) {
	k := strings.ToLower(key)
	if v, ok := r.Context[k]; ok {
		return v, true
	}
	return nil, slices.Contains(r.Absent, k)
}

func evalPolicy(req *Request, p *model.Policy, side Side, sr *SideResult, matched *[]StatementRef, undecided, scoped map[string]bool, viaAccountOnly *Tri) {
	versioned := p.Version != nil && p.Version.Value == "2012-10-17"
	for _, s := range p.Statements {
		if s.Effect == nil || (s.Effect.Value != "Allow" && s.Effect.Value != "Deny") {
			continue // not a valid statement: IAM would reject the policy (ML002)
		}
		ref := StatementRef{Side: side, Policy: p, Statement: s, Effect: s.Effect.Value}
		t := Yes
		if side == SideResource {
			var via *model.Principal
			t, via = matchPrincipal(req, s.Principal)
			if s.Effect.Value == "Deny" && s.Principal != nil && s.Principal.Not && hasBoundary(req) {
				// "The NotPrincipal element with a Deny effect will always
				// deny any IAM principal that has a permissions boundary
				// policy attached, regardless of the values specified in
				// the NotPrincipal element" (access_policies_boundaries.html).
				t, via = Yes, nil
			}
			ref.Via = via
		}
		if t == No {
			continue
		}
		t = and(t, matchAction(req.Action, s.Action))
		if t == No {
			continue
		}
		t = and(t, matchResource(req, s.Resource, versioned))
		if t == No {
			continue
		}
		var keys, chosen []string
		for _, c := range s.Conditions {
			if req.chosen(c.Key.Value) {
				// The caller picks the value: an Allow's condition holds, a
				// Deny's is avoided.
				chosen = append(chosen, c.Key.Value)
				if ref.Effect == "Deny" {
					t = No
					break
				}
				continue
			}
			ct := evalCondition(req, c, versioned)
			if ct == Maybe {
				keys = append(keys, c.Key.Value)
			}
			t = and(t, ct)
			if t == No {
				break
			}
		}
		if t == No {
			if ref.Effect == "Deny" && len(chosen) > 0 && len(keys) == 0 {
				// A Deny the caller avoids by its choice of values still
				// scopes what it can do.
				for _, k := range chosen {
					scoped[strings.ToLower(k)] = true
				}
			}
			continue
		}
		if t == Maybe && len(keys) == 0 {
			keys = []string{"policy variable"}
		}
		ref.Match, ref.Undecided, ref.Scoped = t, keys, chosen
		*matched = append(*matched, ref)
		if ref.Effect == "Allow" {
			for _, k := range chosen {
				scoped[strings.ToLower(k)] = true
			}
		}
		if ref.Effect == "Allow" {
			sr.Allow = or(sr.Allow, t)
			if viaAccountOnly != nil && (ref.Via == nil || ClassifyPrincipal(ref.Via.Type, ref.Via.Value).Class != model.ClassAccount) {
				*viaAccountOnly = No
			}
		} else {
			sr.Deny = or(sr.Deny, t)
		}
		// Maybe on an Allow matters only when it could grant; on a Deny when
		// it could deny. Both are reported: callers decide.
		if t == Maybe {
			for _, k := range keys {
				undecided[k] = true
			}
		}
	}
}

// hasBoundary reports whether the caller, an IAM role or user (or a
// session of the role), has a permissions boundary attached.
func hasBoundary(req *Request) bool {
	return req.Guardrails != nil && req.Guardrails.Boundary != nil && !req.Service
}

// matchPrincipal matches a resource-policy Principal or NotPrincipal
// element against the caller; it returns the principal value that matched
// (Principal only). A statement without a principal element applies to no
// one (it is invalid in a resource policy).
func matchPrincipal(req *Request, ps *model.Principals) (Tri, *model.Principal) {
	if ps == nil {
		return No, nil
	}
	unknown := false
	var account *model.Principal // the first account principal that matched
	for _, p := range ps.Values {
		if p.Unknown {
			// Computed at deploy time: may be the caller, unless its type
			// settles that it is not, whatever it resolves to.
			unknown = unknown || typeMayCover(req, p.Type)
			continue
		}
		if principalMatches(req, p) {
			if ps.Not {
				return No, nil
			}
			// A value that names the caller itself ("*", its role) grants
			// directly; an account principal only delegates to the
			// account's IAM policies. When both match, the direct one
			// decides: {"AWS": ["111122223333", "*"]} grants in the
			// account without an identity policy.
			if ClassifyPrincipal(p.Type, p.Value).Class != model.ClassAccount {
				return Yes, p
			}
			if account == nil {
				account = p
			}
		}
	}
	if account != nil {
		return Yes, account
	}
	if unknown {
		return Maybe, nil
	}
	if ps.Not {
		return Yes, nil
	}
	return No, nil
}

// typeMayCover reports whether a principal of type typ, whatever its value,
// may cover the caller: a service is covered only by a Service principal or
// by "*" (an AWS value may be "*"); an IAM role or user is never covered by a
// Service or Federated principal (a CanonicalUser names an account in S3).
func typeMayCover(req *Request, typ string) bool {
	if req.Service {
		return typ == "Service" || typ == "AWS" || typ == "*"
	}
	return typ != "Service" && typ != "Federated"
}

// principalMatches reports whether one principal value covers the caller
// (IAM User Guide, reference_policies_elements_principal.html): "*" covers
// everyone; an account (root ARN or bare ID) covers every identity of the
// account; a role ARN covers the role and its sessions; a service name
// covers that service. Unique IDs (AROA…) name deleted principals and match
// nothing.
func principalMatches(req *Request, p *model.Principal) bool {
	c := ClassifyPrincipal(p.Type, p.Value)
	if req.Service {
		return c.Class == model.ClassPublic || (c.Class == model.ClassService && p.Value == req.Principal)
	}
	switch c.Class {
	case model.ClassPublic:
		return true
	case model.ClassAccount:
		return c.Account != "" && c.Account == req.PrincipalAccount
	case model.ClassRole, model.ClassUser:
		if c.ARN == req.Principal {
			return true
		}
		// A role ARN also covers the role's sessions.
		if a, err := ParseARN(req.Principal); err == nil && a.Service == "sts" && c.Class == model.ClassRole && a.Account == c.Account {
			if r, ok := strings.CutPrefix(a.Resource, "assumed-role/"); ok {
				name, _, _ := strings.Cut(r, "/")
				return name == pathBase(c.ARN)
			}
		}
	case model.ClassAssumedRole:
		return c.ARN == req.Principal
	}
	return p.Value == req.Principal && p.Value != ""
}

func pathBase(arn string) string {
	if i := strings.LastIndexByte(arn, '/'); i >= 0 {
		return arn[i+1:]
	}
	return arn
}

// matchAction matches an Action or NotAction element; a statement without
// one applies to no action.
func matchAction(action string, v *model.Values) Tri {
	if v == nil {
		return No
	}
	found, unknown := false, false
	for _, a := range v.Values {
		if a.Unknown {
			unknown = true
		} else if MatchAction(a.Value, action) {
			found = true
			break
		}
	}
	switch {
	case found != v.Not:
		return Yes
	case unknown:
		return Maybe
	}
	return No
}

// matchResource matches a Resource or NotResource element. A statement
// without one (a trust policy) applies to the resource it is attached to.
// Policy variables are substituted from the context in the resource portion
// of an ARN; an unknown one makes the entry Maybe.
func matchResource(req *Request, v *model.Values, versioned bool) Tri {
	if v == nil {
		return Yes
	}
	hit := No
	for _, r := range v.Values {
		if r.Unknown {
			hit = or(hit, Maybe)
			continue
		}
		head, tail := splitResourcePortion(r.Value)
		pat, t := substitute(req, tail, versioned)
		pat = head + pat
		if t == No {
			continue
		}
		if MatchResource(pat, req.Resource) {
			hit = or(hit, t)
		} else if t == Maybe {
			hit = or(hit, Maybe)
		}
		if hit == Yes {
			break
		}
	}
	if v.Not {
		return not(hit)
	}
	return hit
}

func not(t Tri) Tri { return Yes - t }

// splitResourcePortion splits a Resource ARN before its resource portion,
// the only part where policy variables are substituted: "You can use a
// policy variable in the Resource element, but only in the resource portion
// of the ARN. This portion of the ARN appears after the fifth colon (:). You
// can't use a variable to replace parts of the ARN before the fifth colon,
// such as the service or account" (IAM User Guide,
// reference_policies_variables.html). A variable written before it stays
// literal text, which no resource ARN holds. Colons inside ${...} do not
// count. A value with fewer than five colons ("*") is all tail.
func splitResourcePortion(s string) (head, tail string) {
	colons := 0
	for i := 0; i < len(s); i++ {
		switch {
		case strings.HasPrefix(s[i:], "${"):
			if j := strings.IndexByte(s[i:], '}'); j >= 0 {
				i += j
			}
		case s[i] == ':':
			if colons++; colons == 5 {
				return s[:i+1], s[i+1:]
			}
		}
	}
	return "", s
}

// substitute replaces policy variables ${key} and ${key, 'default'} with
// their request values (IAM User Guide, reference_policies_variables.html).
// Only version 2012-10-17 policies have variables. A key known absent
// without a default makes the value match nothing (No); an unknown key, a
// multi-valued one or the special ${*}, ${?}, ${$} make it Maybe.
func substitute(req *Request, s string, versioned bool) (string, Tri) {
	if !versioned || !strings.Contains(s, "${") {
		return s, Yes
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), Yes
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String(), Yes
		}
		b.WriteString(s[:i])
		inner := s[i+2 : i+j]
		s = s[i+j+1:]
		key, def, hasDef := strings.Cut(inner, ",")
		key = strings.TrimSpace(key)
		if key == "*" || key == "?" || key == "$" {
			return "", Maybe
		}
		vals, known := req.lookup(key)
		switch {
		case known && len(vals) == 1:
			b.WriteString(vals[0])
		case known && len(vals) == 0 && hasDef:
			b.WriteString(strings.Trim(strings.TrimSpace(def), "'"))
		case known && len(vals) == 0:
			return "", No
		default:
			return "", Maybe
		}
	}
}

// EvalCondition decides one operator/key pair of a Condition block for req
// (IAM User Guide, reference_policies_elements_condition_operators.html and
// reference_policies_multi-value-conditions.html):
//
//   - several policy values are ORed for positive operators and ANDed for
//     negated ones ("not any of");
//   - a key absent from the request: IfExists makes the condition true,
//     ForAllValues is true, ForAnyValue false, negated operators true,
//     positive operators false; Null compares presence;
//   - a present key: ForAnyValue needs one request value to satisfy the
//     condition, ForAllValues every one; an unqualified condition on a
//     multi-valued key is read as ForAnyValue for positive operators and
//     ForAllValues for negated ones;
//   - an unknown key, an unknown policy variable in a value or an
//     unparseable operator give Maybe.
//
// versioned says the policy is version 2012-10-17 (policy variables are
// substituted; in older policies they are literal text).
func EvalCondition(req Request, c *model.Condition, versioned bool) Tri {
	req = req.normalize()
	return evalCondition(&req, c, versioned)
}

// evalCondition is EvalCondition on a normalized request.
func evalCondition(req *Request, c *model.Condition, versioned bool) Tri {
	op, err := ParseOperator(c.Operator.Value)
	if err != nil {
		return Maybe
	}
	vals, known := req.lookup(c.Key.Value)
	if !known {
		return Maybe
	}
	present := len(vals) > 0
	if op.Base == "Null" {
		for _, pv := range c.Values {
			if MatchNull(pv.Value, present) {
				return Yes
			}
		}
		return No
	}
	if !present {
		switch {
		case op.IfExists, op.Qualifier == "ForAllValues":
			return Yes
		case op.Qualifier == "ForAnyValue":
			return No
		case op.Negated:
			return Yes
		}
		return No
	}
	// holds decides the condition for one request value.
	holds := func(rv string) Tri {
		t := No
		if op.Negated {
			t = Yes
		}
		for _, pv := range c.Values {
			v, st := substitute(req, pv.Value, versioned)
			var m Tri
			switch {
			case st == Maybe || pv.Unknown:
				m = Maybe
			case st == No:
				m = boolTri(op.Negated) // a value that matches nothing
			default:
				m = boolTri(MatchValue(op, v, rv))
			}
			if op.Negated {
				t = and(t, m)
			} else {
				t = or(t, m)
			}
		}
		return t
	}
	forAll := op.Qualifier == "ForAllValues" || (op.Qualifier == "" && op.Negated)
	t := No
	if forAll {
		t = Yes
	}
	for _, rv := range vals {
		if forAll {
			t = and(t, holds(rv))
		} else {
			t = or(t, holds(rv))
		}
	}
	return t
}

func boolTri(b bool) Tri {
	if b {
		return Yes
	}
	return No
}

// ChosenByCaller is a Request.Chosen for the question "can this caller get
// in?": the keys whose values the caller controls. They are the request
// parameters of a service (every key outside the aws: namespace, such as
// bedrock-agentcore:namespace, actorId, sessionId, strategyId), request
// tags, the caller's own principal tags and session attributes, and
// properties of the call itself (time, TLS, MFA, region, user agent). The
// caller's identity (aws:PrincipalArn, aws:PrincipalAccount,
// aws:PrincipalOrgID, aws:userid, …), the calling service (aws:SourceArn,
// aws:SourceAccount, …), the network path (aws:SourceIp, aws:SourceVpc,
// aws:SourceVpce, aws:VpcSourceIp) and the resource's own tags are not the
// caller's choice (IAM User Guide, reference_policies_condition-keys.html).
func ChosenByCaller(lowerKey string) bool {
	if !strings.HasPrefix(lowerKey, "aws:") {
		return true
	}
	for _, p := range []string{"aws:requesttag/", "aws:principaltag/"} {
		if strings.HasPrefix(lowerKey, p) {
			return true
		}
	}
	switch lowerKey {
	case "aws:tagkeys", "aws:requestedregion", "aws:securetransport", "aws:currenttime", "aws:epochtime",
		"aws:multifactorauthpresent", "aws:multifactorauthage", "aws:tokenissuetime", "aws:useragent",
		"aws:referer", "aws:sourceidentity", "aws:rolesessionname", "aws:calledvia", "aws:calledviafirst",
		"aws:calledvialast", "aws:viaawsservice", "aws:federatedprovider":
		return true
	}
	return false
}
