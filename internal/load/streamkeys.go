package load

import (
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
)

// streamKey is one key of a streamed part (stream.go) and its role.
type streamKey struct {
	key  string
	role keyRole
}

// streamKeys lists every key through which a part's model can meet another
// part's, and reports whether it meets every part (an organisation's
// guardrails apply across accounts; a tree whose manifests have an
// organization section is not streamed, so this is a safety net). The list must cover every join the loader and the
// rules make across documents; a join missing here is a finding lost or
// changed in a streamed run, which TestStreamGivesTheWhole is there to show.
// The joins, and where they are made:
//
//   - a file read or named twice (the loader reads a file once, with every
//     role the manifests give it): joined by stream.go itself, which keeps
//     the part that first read each file;
//   - memories by ARN (link.go memory; lint setup.go byARN, targeting, and
//     the mismatch check's exact match): "m:", held by memories, asked by
//     identity-policy Resource values that name one memory;
//   - roles by ARN (link.go role; lint consumers, execution roles,
//     memoriesUsing): "r:", held by roles, asked by the principals of
//     memory policies and by memory definitions;
//   - role names (link.go into and nameFromGrants; lint NameOnly and
//     namedFor): "n:", held both ways by roles known only by name, and as
//     a lookup by role ARNs, definitions' execution roles and granted
//     principals;
//   - destinations by ARN and S3 buckets by name (link.go dest; lint
//     deliveries): "d:" and "b:", held by destinations, asked by memory
//     definitions' deliveries;
//   - KMS keys by key ID or alias (kms.go keyRing; iam.ResolveKey): "k:",
//     held by keys, asked by destinations;
//   - near misses (lint computeMismatches: an identity-policy memory ARN
//     one field away from exactly one known memory): "x1:" to "x3:", the
//     ARN without its account, region or ID, held by memories, asked by
//     Resource values that name no memory of the tree. Whether a value
//     names a memory of the tree is known only once every part is read, so
//     the stream asks for these at the end of its first pass (x3 alone,
//     one account and region, would join every part of an account that
//     names a memory of another part).
//
// Infrastructure code joins by reference only within one file (its keys
// are prefixed with the file), so it needs no key.
func streamKeys(l *loader, m *model.Model) (sk partKeys) {
	add := func(r keyRole, kind, v string) {
		if v != "" {
			sk.keys = append(sk.keys, streamKey{kind + v, r})
		}
	}
	// Names and bucket names join even when empty (the linker keys a role
	// of no name; "arn:aws:s3:::" is a bucket ARN): "=" and "/" first.
	name := func(r keyRole, n string) { add(r, "n:", "="+n) }
	bucket := func(r keyRole, b string) { add(r, "b:", "/"+b) }
	// An organisation section joins every part. SCPs and RCPs from
	// infrastructure code join nothing without one: they are checked as
	// documents, and the stream counts them for its one note.
	sk.global = m.Organization != nil
	nearMiss := func(v string) {
		if a, err := iam.ParseARN(v); err == nil && a.ResourceType() == "memory" {
			for _, k := range nearKeys(a) {
				sk.keys = append(sk.keys, streamKey{k, keyHas})
			}
		}
	}
	memory := func(s *model.Str) {
		if s == nil || s.Value == "" {
			return
		}
		add(keyBoth, "m:", s.Value)
		if !s.Unknown {
			nearMiss(s.Value)
		}
	}
	// The memories the rules know by ARN (lint's index: a memory's ARN,
	// else its definition's).
	known := map[string]bool{}
	for _, mem := range m.Memories {
		arn := mem.ARN
		if arn.Value == "" && mem.Definition != nil && mem.Definition.ARN != nil {
			arn = *mem.Definition.ARN
		}
		if arn.Value != "" && !arn.Unknown && !known[arn.Value] {
			known[arn.Value] = true
			sk.known = append(sk.known, arn.Value)
		}
	}
	for _, mem := range m.Memories {
		memory(&mem.ARN)
		d := mem.Definition
		if d == nil {
			continue
		}
		memory(d.ARN)
		if d.RoleARN != nil {
			add(keyWant, "r:", d.RoleARN.Value)
			if !d.RoleARN.Unknown {
				name(keyHas, model.RoleName(d.RoleARN.Value))
			}
		}
		for _, del := range d.Deliveries {
			if del.Target.Unknown {
				continue
			}
			if del.Service == "s3" {
				bucket(keyWant, bucketOf(del.Target.Value))
			} else {
				add(keyWant, "d:", del.Target.Value)
			}
		}
	}
	for _, n := range l.links.names {
		name(keyBoth, n)
	}
	var identity []*model.Policy
	for _, r := range m.Roles {
		if r.ARN.Value != "" {
			add(keyBoth, "r:", r.ARN.Value)
			name(keyHas, model.RoleName(r.ARN.Value))
		} else {
			name(keyBoth, r.Name())
		}
		identity = append(identity, r.Policies...)
	}
	for _, p := range m.Policies {
		switch p.Kind {
		case model.KindIdentity:
			identity = append(identity, p)
		case model.KindMemory:
			memory(p.Attached)
			for _, s := range p.Statements {
				if s.Principal == nil || s.Principal.Not {
					continue
				}
				for _, pr := range s.Principal.Values {
					if pr.Unknown {
						continue
					}
					if c := iam.ClassifyPrincipal(pr.Type, pr.Value); c.Class == model.ClassRole || c.Class == model.ClassUser {
						add(keyWant, "r:", c.ARN)
					}
					if pr.Class == model.ClassRole {
						name(keyHas, model.RoleName(pr.ARN))
					}
				}
			}
		}
	}
	for _, p := range identity {
		for _, s := range p.Statements {
			if s.Resource == nil || s.Resource.Not {
				continue
			}
			for _, v := range s.Resource.Values {
				if strings.ContainsAny(v.Value, "*?$") {
					continue
				}
				a, err := iam.ParseARN(v.Value)
				memARN := err == nil && a.Service == "bedrock-agentcore" && a.ResourceType() == "memory"
				if strings.Contains(v.Value, ":memory/") || memARN {
					add(keyWant, "m:", v.Value) // lint's targeting, and the near-miss check's exact match
				}
				if memARN && !v.Unknown && !known[v.Value] {
					sk.near = append(sk.near, v.Value)
				}
			}
		}
	}
	for _, d := range m.Destinations {
		add(keyBoth, "d:", d.ARN.Value)
		if a, err := iam.ParseARN(d.ARN.Value); err == nil && a.Service == "s3" {
			bucket(keyBoth, bucketOf(d.ARN.Value))
		}
		if d.Key != nil && !d.Key.Unknown {
			add(keyWant, "k:", kmsKey(d.Key.Value))
		}
	}
	for _, k := range m.Keys {
		add(keyBoth, "k:", kmsKey(k.ARN.Value))
		for _, a := range k.Aliases {
			add(keyBoth, "k:", kmsKey(a.Value))
		}
	}
	return sk
}

// partKeys is what streamKeys finds in a part.
type partKeys struct {
	keys []streamKey
	// global: the part meets every part.
	global bool
	// known are the memory ARNs the rules know the part's memories by;
	// near the identity-policy memory ARNs that name none of them, which
	// the near-miss check compares with every known memory of the tree
	// (nearKeys), unless another part knows them.
	known, near []string
}

// nearKeys are the near-miss keys of a memory ARN: the ARN without its
// account, region or ID.
func nearKeys(a iam.ARN) []string {
	return []string{
		"x1:" + a.Partition + "\x00" + a.Region + "\x00" + a.ResourceID(),
		"x2:" + a.Partition + "\x00" + a.Account + "\x00" + a.ResourceID(),
		"x3:" + a.Partition + "\x00" + a.Account + "\x00" + a.Region,
	}
}

// bucketOf is the bucket an S3 delivery target or ARN names.
func bucketOf(v string) string {
	if a, err := iam.ParseARN(v); err == nil {
		v = a.Resource
	}
	b, _, _ := strings.Cut(v, "/")
	return b
}

// kmsKey is the one form of a key reference that every way of naming the
// key shares: "key/ID" for a key ARN or a bare key ID, "alias/name" for an
// alias ARN or name (iam.ResolveKey and iam.KeyIndex match those).
func kmsKey(v string) string {
	if v == "" {
		return ""
	}
	if a, err := iam.ParseARN(v); err == nil {
		return a.Resource
	}
	if strings.HasPrefix(v, "alias/") {
		return v
	}
	return "key/" + v
}
