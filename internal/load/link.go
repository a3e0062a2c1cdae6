package load

import (
	"path"
	"strings"

	"github.com/memlint/memlint/internal/model"
)

// linker joins memories, roles and destinations by ARN across every input,
// whichever file each piece came from.
type linker struct {
	memories  []*model.Memory
	memByARN  map[string]*model.Memory
	roles     []*model.Role
	roleByKey map[string]*model.Role
	dests     []*model.Destination
	destByARN map[string]*model.Destination
}

func newLinker() *linker {
	return &linker{memByARN: map[string]*model.Memory{}, roleByKey: map[string]*model.Role{}, destByARN: map[string]*model.Destination{}}
}

// memory returns the memory with that ARN, creating it; an unknown ARN
// always makes a new memory.
func (k *linker) memory(arn model.Str) *model.Memory {
	if arn.Value != "" {
		if m := k.memByARN[arn.Value]; m != nil {
			if m.ARN.Loc.IsZero() {
				m.ARN = arn
			}
			return m
		}
	}
	m := &model.Memory{ARN: arn}
	if arn.Value != "" {
		k.memByARN[arn.Value] = m
	}
	k.memories = append(k.memories, m)
	return m
}

// memoryForPolicy returns the memory a resource policy attaches to, or a new
// entry when the memory already has one (each policy is still checked).
func (k *linker) memoryForPolicy(arn model.Str) *model.Memory {
	m := k.memory(arn)
	if m.Policy != nil {
		m = &model.Memory{ARN: arn, Definition: m.Definition}
		k.memories = append(k.memories, m)
	}
	return m
}

// role returns the role with that ARN or, when only the name is known, that
// name; name-only roles are merged into a role with a matching ARN at the end.
func (k *linker) role(arn model.Str, name string) *model.Role {
	key := "name:" + name
	if arn.Value != "" {
		key = arn.Value
	}
	if r := k.roleByKey[key]; r != nil {
		if r.ARN.Loc.IsZero() && arn.Value != "" {
			r.ARN = arn
		}
		return r
	}
	r := &model.Role{ARN: arn}
	k.roleByKey[key] = r
	k.roles = append(k.roles, r)
	return r
}

// roleRef returns the role infrastructure code names by reference (a
// CloudFormation logical ID, a Terraform address) when neither its ARN nor
// its name is known; such a role links by that reference only.
func (k *linker) roleRef(ref string) *model.Role {
	key := "ref:" + ref
	if r := k.roleByKey[key]; r != nil {
		return r
	}
	r := &model.Role{}
	k.roleByKey[key] = r
	k.roles = append(k.roles, r)
	return r
}

// RoleName is the last path segment of a role ARN.
func RoleName(arn string) string {
	i := strings.Index(arn, ":role/")
	if i < 0 {
		return ""
	}
	return path.Base(arn[i+len(":role/"):])
}

func (k *linker) dest(arn model.Str, service string) *model.Destination {
	if d := k.destByARN[arn.Value]; d != nil && arn.Value != "" {
		if d.ARN.Loc.IsZero() {
			d.ARN = arn
		}
		return d
	}
	d := &model.Destination{ARN: arn, Service: service}
	if arn.Value != "" {
		k.destByARN[arn.Value] = d
	}
	k.dests = append(k.dests, d)
	return d
}

// into merges name-only roles into ARN roles of the same name and stores the
// result in the model.
func (k *linker) into(m *model.Model) {
	k.nameFromGrants(m.Policies)
	byName := map[string][]*model.Role{}
	for _, r := range k.roles {
		if r.ARN.Value != "" {
			n := RoleName(r.ARN.Value)
			byName[n] = append(byName[n], r)
		}
	}
	for _, r := range k.roles {
		if r.ARN.Value != "" {
			continue
		}
		var name string
		for key, v := range k.roleByKey {
			if v == r && strings.HasPrefix(key, "name:") {
				name = strings.TrimPrefix(key, "name:")
			}
		}
		if cands := byName[name]; len(cands) == 1 {
			t := cands[0]
			if t.Trust == nil {
				t.Trust = r.Trust
			}
			t.Policies = append(t.Policies, r.Policies...)
			continue
		}
		m.Roles = append(m.Roles, r)
	}
	for _, r := range k.roles {
		if r.ARN.Value != "" {
			m.Roles = append(m.Roles, r)
		}
	}
	m.Memories = k.memories
	m.Destinations = k.dests
}

// nameFromGrants gives a role known only by name (infrastructure code in
// another account, where the account ID is a deploy-time value) the ARN a
// memory resource policy grants, when exactly one granted role ARN has that
// name and no loaded role already has it: the memory's owner wrote the
// consumer's full ARN.
func (k *linker) nameFromGrants(policies []*model.Policy) {
	granted := map[string]map[string]model.Str{} // role name → ARNs
	for _, p := range policies {
		if p.Kind != model.KindMemory {
			continue
		}
		for _, s := range p.Statements {
			if s.Principal == nil || s.Principal.Not {
				continue
			}
			for _, pr := range s.Principal.Values {
				if pr.Unknown || pr.Class != model.ClassRole {
					continue
				}
				n := RoleName(pr.ARN)
				if granted[n] == nil {
					granted[n] = map[string]model.Str{}
				}
				if _, ok := granted[n][pr.ARN]; !ok {
					granted[n][pr.ARN] = model.Str{Value: pr.ARN, Loc: pr.Loc}
				}
			}
		}
	}
	for key, r := range k.roleByKey {
		name, ok := strings.CutPrefix(key, "name:")
		if !ok || r.ARN.Value != "" || len(granted[name]) != 1 {
			continue
		}
		for arn, s := range granted[name] {
			if k.roleByKey[arn] == nil {
				r.ARN = s
				k.roleByKey[arn] = r
			}
		}
	}
}
