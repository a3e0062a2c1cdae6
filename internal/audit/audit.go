// Package audit compares the effective access of two versions of a setup
// (memlint diff OLD NEW, memlint audit --remove POLICY): for each memory,
// which principal gains or loses which data-plane action once both sides,
// Denies and conditions are taken into account, and — with CloudTrail
// records as evidence — whether access being taken away is still used.
//
// Access is what package access computes (iam.Evaluate on both sides); this
// package only subtracts one view from the other and weighs the result:
//
//   - ML701 removal-breaks-active-access: access taken away that the
//     records show the principal used successfully in the window;
//   - ML702 removal-drops-access: access taken away with no evidence of use,
//     saying why (no records given, no AgentCore data events in them at
//     all, or none naming the memory);
//   - ML703 dead-grant: a granted principal with no successful call in the
//     window (only AccessDenied, or nothing), for access taken away and for
//     grants that stay;
//   - ML704 change-adds-access: access the new version grants that the old
//     one did not.
//
// Unknown is not empty: a cell that depends on a condition memlint cannot
// decide is "unknown", and a change into or out of it is reported as one
// that may happen, one severity step lower, never as a certain one.
package audit

import (
	"cmp"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/memlint/memlint/internal/access"
	"github.com/memlint/memlint/internal/cloudtrail"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/rules"
)

// Rule IDs of the audit.
const (
	RuleActive  = "ML701"
	RuleDrops   = "ML702"
	RuleDead    = "ML703"
	RuleAddsNew = "ML704"
)

// State is whether a principal can call an action: no, maybe (an
// undecidable condition) or yes — the evaluation core's three-valued truth.
type State = iam.Tri

// States, ordered.
const (
	No    = iam.No
	Maybe = iam.Maybe
	Yes   = iam.Yes
)

// Change kinds.
const (
	Removed = "removed"
	Added   = "added"
)

// Evidence statuses of a change or grant.
const (
	EvidenceNone      = "none"            // no CloudTrail records were given
	EvidenceNotLogged = "not-logged"      // the records hold no AgentCore call at all
	EvidenceNotSeen   = "memory-not-seen" // no record names the memory
	EvidenceUsed      = "used"            // successful calls in the window
	EvidenceUnused    = "unused"          // records of the memory, none a successful call by this principal
	EvidenceNA        = "not-applicable"  // a service principal: its calls are not attributed
)

// Usage is what the evidence says about one principal's use of an action
// (or, for a grant, of all its actions) on a memory.
type Usage struct {
	Status      string    `json:"status"`
	Success     int       `json:"success"`
	Denied      int       `json:"access_denied"`
	LastSuccess time.Time `json:"last_success"`
	LastCaller  string    `json:"last_caller"`
	LastDenied  time.Time `json:"last_denied"`
}

// Change is one principal × action whose access differs between the
// versions.
type Change struct {
	Memory     string         `json:"memory"`
	MemoryName string         `json:"memory_name"`
	Principal  string         `json:"principal"`
	Kind       string         `json:"kind"`
	Account    string         `json:"account"`
	Action     string         `json:"action"` // bedrock-agentcore:…
	Change     string         `json:"change"` // removed | added
	Certain    bool           `json:"certain"`
	Old        string         `json:"old"` // allowed | denied | explicit-deny | unknown | none
	New        string         `json:"new"`
	OldDetail  string         `json:"old_detail"`
	NewDetail  string         `json:"new_detail"`
	Location   rules.Location `json:"location"` // the OLD element for a removal, the NEW one for an addition
	Usage      *Usage         `json:"usage"`    // removals only; nil for additions
	Rule       string         `json:"rule"`
}

// Result is the comparison.
type Result struct {
	Changes  []*Change
	Findings []rules.Finding
	Notes    []string
	Evidence *cloudtrail.Evidence
}

// Options tune Diff.
type Options struct {
	// Evidence, when set, weighs removals by use (ML701/ML702/ML703) and
	// reports grants that stay unused (ML703).
	Evidence *cloudtrail.Evidence
}

// cellAt is one principal × action of one version.
type cellAt struct {
	state State
	cell  *access.Cell
	grant *access.Grant
}

// memAt is one memory of one version.
type memAt struct {
	mem *access.Memory
	// known is set when a resource policy was supplied (or deleted): a
	// principal with no row then has no access, not unknown access.
	known bool
	cells map[[2]string]*cellAt // principal, action
}

func index(v *access.View) (map[string]*memAt, []string) {
	out := map[string]*memAt{}
	var notes []string
	for _, m := range v.Memories {
		if m.ARN == "" {
			notes = append(notes, fmt.Sprintf("memory %s: its ARN is not known, so its access is not compared", cmp.Or(m.Name, "(unnamed)")))
			continue
		}
		mi := out[m.ARN]
		if mi == nil {
			mi = &memAt{mem: m, cells: map[[2]string]*cellAt{}}
			out[m.ARN] = mi
		}
		mi.known = mi.known || len(m.ResourcePolicies) > 0
		for _, g := range m.Grants {
			for _, c := range g.Actions {
				st := stateOf(c)
				k := [2]string{g.Principal, c.Action}
				if prev := mi.cells[k]; prev == nil || st > prev.state {
					mi.cells[k] = &cellAt{state: st, cell: c, grant: g}
				}
			}
		}
	}
	return out, notes
}

func stateOf(c *access.Cell) State {
	switch c.Decision {
	case access.Allowed:
		return Yes
	case access.Unknown:
		return Maybe
	}
	return No
}

// Diff compares the effective access of old and new.
func Diff(old, new *model.Model, opts Options) *Result {
	ov, nv := access.Build(old), access.Build(new)
	oi, on := index(ov)
	ni, nn := index(nv)
	res := &Result{Evidence: opts.Evidence, Changes: []*Change{}, Findings: []rules.Finding{}, Notes: []string{}}
	for _, n := range append(on, nn...) {
		if !slices.Contains(res.Notes, n) {
			res.Notes = append(res.Notes, n)
		}
	}
	var arns []string
	for a := range oi {
		arns = append(arns, a)
	}
	for a := range ni {
		if oi[a] == nil {
			arns = append(arns, a)
		}
	}
	slices.Sort(arns)
	for _, arn := range arns {
		o, n := oi[arn], ni[arn]
		if n == nil {
			res.Notes = append(res.Notes, fmt.Sprintf("memory %s is only in the old version: everything it granted is taken away", arn))
		}
		res.diffMemory(arn, o, n, opts.Evidence)
	}
	return res
}

// keys lists the principal × action pairs of both versions, by principal,
// then the actions' table order.
func keys(o, n *memAt) [][2]string {
	var out [][2]string
	seen := map[[2]string]bool{}
	for _, m := range []*memAt{o, n} {
		if m == nil {
			continue
		}
		for k := range m.cells {
			if !seen[k] {
				seen[k] = true
				out = append(out, k)
			}
		}
	}
	slices.SortFunc(out, func(a, b [2]string) int {
		return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(slices.Index(access.Actions, a[1]), slices.Index(access.Actions, b[1])))
	})
	return out
}

// at returns a version's cell, or the state of a principal it has no row
// for: no access when the memory's policy is known, else maybe.
func (m *memAt) at(k [2]string) (*cellAt, State) {
	if m == nil {
		return nil, No
	}
	if c := m.cells[k]; c != nil {
		return c, c.state
	}
	if m.known {
		return nil, No
	}
	return nil, Maybe
}

func decision(c *cellAt, s State) string {
	if c == nil {
		if s == Maybe {
			return string(access.Unknown)
		}
		return "none"
	}
	return string(c.cell.Decision)
}

func detail(c *cellAt) string {
	if c == nil {
		return ""
	}
	return c.cell.Detail
}

func (res *Result) diffMemory(arn string, o, n *memAt, ev *cloudtrail.Evidence) {
	name := arn
	if a, err := iam.ParseARN(arn); err == nil {
		name = a.ResourceID()
	}
	changed := map[string]bool{} // principals with a change
	for _, k := range keys(o, n) {
		oc, os := o.at(k)
		nc, ns := n.at(k)
		var ch *Change
		switch {
		case ns < os:
			ch = &Change{Change: Removed, Certain: os == Yes && ns == No}
		case ns > os:
			ch = &Change{Change: Added, Certain: ns == Yes && os == No}
		default:
			continue
		}
		g := oc
		if (g == nil || ch.Change == Added) && nc != nil {
			g = nc
		}
		ch.Memory, ch.MemoryName, ch.Principal, ch.Action = arn, name, k[0], k[1]
		ch.Kind, ch.Account = g.grant.Kind, g.grant.Account
		ch.Old, ch.New = decision(oc, os), decision(nc, ns)
		ch.OldDetail, ch.NewDetail = detail(oc), detail(nc)
		changed[k[0]] = true
		var f rules.Finding
		if ch.Change == Removed {
			ch.Usage = usage(ev, arn, memAccount(arn), g.grant, []string{k[1]})
			f = res.removal(ch, oc, nc)
		} else {
			f = res.addition(ch, oc, nc)
		}
		ch.Location, ch.Rule = f.Loc, f.RuleID
		res.Changes = append(res.Changes, ch)
		res.Findings = append(res.Findings, f)
	}
	if n != nil && ev != nil {
		res.deadGrants(arn, name, n, changed, ev)
	}
}

func memAccount(arn string) string {
	if a, err := iam.ParseARN(arn); err == nil {
		return a.Account
	}
	return ""
}

// lower is one severity step down, for a change that may not happen.
func lower(s rules.Severity) rules.Severity {
	i := slices.Index(rules.Severities, s)
	if i < 0 || i == len(rules.Severities)-1 {
		return s
	}
	return rules.Severities[i+1]
}

var catalogSeverity = map[string]rules.Severity{RuleActive: rules.High, RuleDrops: rules.Medium, RuleDead: rules.Low, RuleAddsNew: rules.Medium}

func (res *Result) removal(ch *Change, oc, nc *cellAt) rules.Finding {
	u := ch.Usage
	f := rules.Finding{Resource: ch.Memory, Anchor: ch.Principal + " " + ch.Action}
	verb := "takes away"
	if !ch.Certain {
		verb = "may take away"
	}
	what := fmt.Sprintf("The change %s '%s' on memory '%s' from '%s'", verb, short(ch.Action), ch.MemoryName, ch.Principal)
	if !ch.Certain {
		what += " (" + maybeWhy(ch) + ")"
	}
	switch u.Status {
	case EvidenceUsed:
		f.RuleID = RuleActive
		f.Msg = fmt.Sprintf("%s, which CloudTrail shows in use: %s since %s, the last at %s by '%s'%s.",
			what, calls(u.Success, "successful call"), day(res.Evidence.Since), stamp(u.LastSuccess), u.LastCaller, deniedText(u))
	case EvidenceUnused:
		f.RuleID = RuleDead
		f.Msg = fmt.Sprintf("%s, which made no successful '%s' call on it since %s%s: the grant was unused.",
			what, short(ch.Action), day(res.Evidence.Since), deniedText(u))
	default:
		f.RuleID = RuleDrops
		f.Msg = fmt.Sprintf("%s; no evidence of use: %s.", what, noEvidence(u.Status, ch.MemoryName))
	}
	f.Severity = catalogSeverity[f.RuleID]
	if !ch.Certain {
		f.Severity = lower(f.Severity)
	}
	if oc != nil {
		f.Loc, f.Related = where(oc.cell, "old")
	}
	if nc != nil {
		if loc, ok := denyLoc(nc.cell); ok {
			f.Related = append(f.Related, rules.Related{Loc: loc, Msg: "The new version's Deny that takes it away."})
		} else if nloc, _ := where(nc.cell, "new"); !nloc.IsZero() && nc.state == Maybe {
			f.Related = append(f.Related, rules.Related{Loc: nloc, Msg: "The new version allows it only under a condition memlint cannot decide."})
		}
	}
	if f.Loc.IsZero() {
		f.Loc = rules.Location{File: ch.MemoryName}
	}
	return f
}

func (res *Result) addition(ch *Change, oc, nc *cellAt) rules.Finding {
	f := rules.Finding{RuleID: RuleAddsNew, Resource: ch.Memory, Anchor: ch.Principal + " " + ch.Action, Severity: rules.Medium}
	verb := "grants"
	if !ch.Certain {
		verb, f.Severity = "may grant", lower(f.Severity)
	}
	f.Msg = fmt.Sprintf("The new version %s '%s' '%s' on memory '%s', which the old one did not", verb, ch.Principal, short(ch.Action), ch.MemoryName)
	if !ch.Certain {
		f.Msg += " (" + maybeWhy(ch) + ")"
	}
	f.Msg += "."
	if nc != nil {
		f.Loc, f.Related = where(nc.cell, "new")
	}
	if oc != nil {
		if loc, ok := denyLoc(oc.cell); ok {
			f.Related = append(f.Related, rules.Related{Loc: loc, Msg: "The old version's Deny, now gone or narrowed."})
		}
	}
	if f.Loc.IsZero() {
		f.Loc = rules.Location{File: ch.MemoryName}
	}
	return f
}

// maybeWhy says which side is undecided.
func maybeWhy(ch *Change) string {
	switch {
	case ch.Old == string(access.Unknown) && ch.OldDetail != "":
		return "the old version allowed it only " + strings.TrimPrefix(ch.OldDetail, "allowed ")
	case ch.Old == string(access.Unknown):
		return "whether the old version allowed it is not known"
	case ch.NewDetail != "":
		return "the new version allows it only " + strings.TrimPrefix(ch.NewDetail, "allowed ")
	}
	return "whether the new version allows it is not known"
}

// where points at the element that grants the cell: the Action value of
// the matching Allow (the resource policy's first, else the identity
// policy's), with the principal value as a related location.
func where(c *access.Cell, version string) (rules.Location, []rules.Related) {
	var best *iam.StatementRef
	for i := range c.Matched {
		m := &c.Matched[i]
		if m.Effect != "Allow" || m.Match == iam.No || m.Statement == nil || m.Policy == nil {
			continue
		}
		if best == nil || best.Side != iam.SideResource && m.Side == iam.SideResource {
			best = m
		}
	}
	if best == nil {
		return rules.Location{}, nil
	}
	loc := actionLoc(best, c.Action)
	var rel []rules.Related
	if best.Via != nil && best.Via.Loc.Line > 0 {
		rel = append(rel, rules.Related{Loc: best.Via.Loc, Msg: fmt.Sprintf("The principal it is granted to, in the %s version.", version)})
	}
	return loc, rel
}

// actionLoc is the Action value of s that matches action, else the
// Action (or NotAction) key, else the statement.
func actionLoc(ref *iam.StatementRef, action string) rules.Location {
	s := ref.Statement
	if s.Action != nil {
		if !s.Action.Not {
			for _, v := range s.Action.Values {
				if !v.Unknown && iam.MatchAction(v.Value, action) {
					return withFile(v.Loc, ref.Policy.File)
				}
			}
		}
		if s.Action.KeyLoc.Line > 0 {
			return withFile(s.Action.KeyLoc, ref.Policy.File)
		}
	}
	return withFile(s.Loc, ref.Policy.File)
}

func withFile(l rules.Location, file string) rules.Location {
	if l.File == "" {
		l.File = file
	}
	return l
}

// denyLoc is the statement of an explicit Deny that decided the cell.
func denyLoc(c *access.Cell) (rules.Location, bool) {
	if c.Decision != access.ExplicitDeny {
		return rules.Location{}, false
	}
	for _, m := range c.Matched {
		if m.Effect == "Deny" && m.Match == iam.Yes && m.Statement != nil {
			return actionLoc(&m, c.Action), true
		}
	}
	return rules.Location{}, false
}

// deadGrants reports principals that keep access but made no successful
// call in the window (ML703), at the principal element in the new version.
func (res *Result) deadGrants(arn, name string, n *memAt, changed map[string]bool, ev *cloudtrail.Evidence) {
	type grantAt struct {
		g       *access.Grant
		actions []string
		cell    *access.Cell
	}
	byPrincipal := map[string]*grantAt{}
	var order []string
	for k, c := range n.cells {
		if c.state != Yes || changed[k[0]] || c.grant.Kind == model.ClassService {
			continue
		}
		ga := byPrincipal[k[0]]
		if ga == nil {
			ga = &grantAt{g: c.grant, cell: c.cell}
			byPrincipal[k[0]] = ga
			order = append(order, k[0])
		}
		ga.actions = append(ga.actions, k[1])
	}
	slices.Sort(order)
	for _, p := range order {
		ga := byPrincipal[p]
		slices.SortFunc(ga.actions, func(a, b string) int {
			return cmp.Compare(slices.Index(access.Actions, a), slices.Index(access.Actions, b))
		})
		// Point at the principal value of the first granting statement.
		var first *access.Cell
		for _, a := range ga.actions {
			if c := n.cells[[2]string{p, a}]; c != nil {
				first = c.cell
				break
			}
		}
		u := usage(ev, arn, memAccount(arn), ga.g, ga.actions)
		if u.Status != EvidenceUnused {
			continue
		}
		loc, rel := where(first, "new")
		if len(rel) > 0 {
			loc, rel = rel[0].Loc, []rules.Related{{Loc: loc, Msg: "An action it is granted."}}
		}
		if loc.IsZero() {
			loc = rules.Location{File: name}
		}
		var names []string
		for _, a := range ga.actions {
			names = append(names, short(a))
		}
		res.Findings = append(res.Findings, rules.Finding{
			RuleID: RuleDead, Severity: rules.Low, Resource: arn, Anchor: p,
			Msg: fmt.Sprintf("'%s' is granted %s on memory '%s' but made no successful call of them since %s%s: a candidate for removal.",
				p, list(names), name, day(ev.Since), deniedText(u)),
			Loc: loc, Related: rel,
		})
	}
}

// usage weighs the evidence for a grant's principal and actions on a memory.
func usage(ev *cloudtrail.Evidence, memARN, memAccount string, g *access.Grant, actions []string) *Usage {
	u := &Usage{Status: EvidenceNone}
	switch {
	case ev == nil:
		return u
	case g.Kind == model.ClassService:
		u.Status = EvidenceNA
		return u
	case ev.Source == 0:
		u.Status = EvidenceNotLogged
		return u
	}
	id := memARN
	if a, err := iam.ParseARN(memARN); err == nil {
		id = a.ResourceID()
	}
	if ev.Memories[memARN]+ev.Memories[id] == 0 {
		u.Status = EvidenceNotSeen
		return u
	}
	for _, k := range ev.Keys() {
		if k.Memory != memARN && k.Memory != id {
			continue
		}
		if !slices.ContainsFunc(actions, func(a string) bool { return short(a) == k.Action }) {
			continue
		}
		use := ev.Uses[k]
		if !callerMatches(g, memAccount, k.Caller, use.CallerAccount) {
			continue
		}
		u.Success += use.Success
		u.Denied += use.Denied
		if use.Success > 0 && (use.LastSuccess.After(u.LastSuccess) || use.LastSuccess.Equal(u.LastSuccess) && k.Caller < u.LastCaller) {
			u.LastSuccess, u.LastCaller = use.LastSuccess, k.Caller
		}
		if use.LastDenied.After(u.LastDenied) {
			u.LastDenied = use.LastDenied
		}
	}
	u.Status = EvidenceUnused
	if u.Success > 0 {
		u.Status = EvidenceUsed
	}
	return u
}

// callerMatches tells whether a recorded caller is one the grant admits:
// the role or user it names, any identity of the account whose root it
// names, any identity of another account for "*", or the role of an
// assumed-role session it names.
func callerMatches(g *access.Grant, memAccount, caller, callerAccount string) bool {
	switch g.Kind {
	case model.ClassPublic:
		return callerAccount != "" && callerAccount != memAccount
	case model.ClassAccount:
		return callerAccount == g.Account
	case model.ClassAssumedRole:
		// arn:aws:sts::A:assumed-role/R/S → calls of role R of account A.
		a, err := iam.ParseARN(g.Principal)
		if err != nil {
			return false
		}
		parts := strings.Split(a.Resource, "/")
		if len(parts) < 2 {
			return false
		}
		c, err := iam.ParseARN(caller)
		return err == nil && c.Account == a.Account && strings.HasPrefix(c.Resource, "role/") && c.Resource[strings.LastIndex(c.Resource, "/")+1:] == parts[1]
	}
	return caller == g.Principal
}

func noEvidence(status, mem string) string {
	switch status {
	case EvidenceNone:
		return "no CloudTrail records were given (--cloudtrail)"
	case EvidenceNotLogged:
		return "the CloudTrail records hold no bedrock-agentcore.amazonaws.com call at all, so data events may not be logged (this is not evidence that it is unused)"
	case EvidenceNotSeen:
		return fmt.Sprintf("no CloudTrail record names memory '%s': its data events may not be logged, or no one called it", mem)
	case EvidenceNA:
		return "a service principal's calls are not attributed to it in CloudTrail records"
	}
	return status
}

func deniedText(u *Usage) string {
	if u.Denied == 0 {
		return ""
	}
	return fmt.Sprintf(" (%s, the last at %s)", calls(u.Denied, "AccessDenied answer"), stamp(u.LastDenied))
}

func calls(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func short(a string) string {
	_, n, ok := strings.Cut(a, ":")
	if !ok {
		return a
	}
	return n
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }
func day(t time.Time) string   { return t.UTC().Format("2006-01-02") }

func list(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = "'" + n + "'"
	}
	if len(q) > 4 {
		return strings.Join(q[:3], ", ") + fmt.Sprintf(" and %d more", len(q)-3)
	}
	return strings.Join(q, ", ")
}

// RemovePolicy stands for deleting the document file from the setup: a
// memory resource policy becomes a known empty one (the memory keeps no
// policy, so other accounts get nothing), an identity policy leaves its
// role. It returns how many places used the file.
func RemovePolicy(m *model.Model, file string) int {
	clean := filepath.Clean(file)
	same := func(p *model.Policy) bool {
		return p != nil && filepath.Clean(p.File) == clean
	}
	n := 0
	empty := map[*model.Policy]*model.Policy{}
	emptyOf := func(p *model.Policy) *model.Policy {
		if e := empty[p]; e != nil {
			return e
		}
		e := &model.Policy{File: p.File, Kind: p.Kind}
		empty[p] = e
		return e
	}
	for _, mem := range m.Memories {
		if same(mem.Policy) {
			mem.Policy = emptyOf(mem.Policy)
			n++
		}
	}
	for _, r := range m.Roles {
		for i, p := range r.Policies {
			if same(p) {
				r.Policies[i] = emptyOf(p)
				n++
			}
		}
	}
	return n
}
