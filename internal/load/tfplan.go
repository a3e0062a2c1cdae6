package load

import (
	"fmt"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// isTFPlan reports whether a document is `terraform show -json` output of a
// plan: format_version with planned_values or resource_changes.
func isTFPlan(n *source.Node) bool {
	return n.Kind == source.Object && n.Get("format_version") != nil &&
		(n.Get("planned_values") != nil || n.Get("resource_changes") != nil)
}

// tfPlan is one Terraform plan being loaded.
type tfPlan struct {
	l        *loader
	file     string
	unk      unknowns
	refs     map[string]map[string][]string // address → attribute → references
	roles    map[string]*model.Role         // resource address → role
	memories map[string]*model.Memory
	policies map[string]*model.Policy // aws_iam_policy address and ARN → policy
	count    int
	deep     map[string]bool // the notes tooDeep gave
	// orgPolicies are the SCPs and RCPs by address and ID, boundaries the
	// roles naming each aws_iam_policy as permissions boundary (tfplan_org.go).
	orgPolicies map[string]*model.OrgPolicy
	boundaries  map[string][]*model.Role
}

// tfResource is one resource instance of the plan with its planned values,
// unknowns merged in.
type tfResource struct {
	addr   string // module.x.aws_s3_bucket_policy.y[0]
	config string // the address in configuration: module.x.aws_s3_bucket_policy.y
	typ    string
	values *source.Node
}

// terraformPlan loads a plan and returns what it was taken to be.
func (l *loader) terraformPlan(name string, n *source.Node) string {
	t := &tfPlan{l: l, file: name, unk: unknowns{}, refs: map[string]map[string][]string{},
		roles: map[string]*model.Role{}, memories: map[string]*model.Memory{}, policies: map[string]*model.Policy{},
		orgPolicies: map[string]*model.OrgPolicy{}, boundaries: map[string][]*model.Role{}}
	if fv := n.Get("format_version"); fv != nil && fv.Kind == source.String && !strings.HasPrefix(fv.Value, "1.") && !strings.HasPrefix(fv.Value, "0.") {
		l.problem(ruleInvalid, fv.Loc, fmt.Sprintf("Terraform plan format_version '%s' is not supported (expected 1.x).", fv.Value))
		return "terraform plan (unsupported format)"
	}
	if root := get(n, "configuration", "root_module"); root != nil {
		t.config(root, "", 0)
	}
	var rs []*tfResource
	if changes := n.Get("resource_changes"); changes != nil {
		for _, rc := range itemsOf(changes) {
			ch := rc.Get("change")
			after := ch.Get("after")
			if after == nil || after.Kind != source.Object {
				continue // deleted, or not an object
			}
			if mode := rc.Get("mode"); mode != nil && mode.Value == "data" {
				continue
			}
			rs = append(rs, t.newResource(rc, t.merge(after, ch.Get("after_unknown"), 0)))
		}
	} else if root := get(n, "planned_values", "root_module"); root != nil {
		t.planned(root, &rs, 0)
	}
	// Roles and memories first, so references link whatever the order.
	for _, r := range rs {
		switch r.typ {
		case "aws_iam_role":
			arn, name := t.str(r.values, "arn"), t.str(r.values, "name")
			switch {
			case arn.Value != "" && !arn.Unknown:
				t.roles[r.config] = l.links.role(arn, name.Value)
			case name.Value != "" && !name.Unknown:
				t.roles[r.config] = l.links.role(model.Str{}, name.Value)
			default:
				t.roles[r.config] = l.links.roleRef(t.file + "#" + r.addr)
			}
		case "aws_bedrockagentcore_memory", "awscc_bedrockagentcore_memory":
			d := readDefinition(t.file, r.values, snakeKeys)
			d.Address = r.addr
			t.unk.definition(d)
			if d.ARN != nil && d.ARN.Unknown {
				d.ARN = nil // known after apply: as absent as in a CreateMemory input
			}
			arn := derefStr(d.ARN)
			if r.typ == "awscc_bedrockagentcore_memory" {
				if a := t.str(r.values, "memory_arn"); a.Value != "" {
					arn = a
				}
			}
			mem := l.links.memory(known(arn))
			mem.Definition = d
			if role := t.refOf(r, "memory_execution_role_arn", "aws_iam_role"); role != "" {
				d.Role = t.roles[role]
			}
			t.memories[r.config] = mem
		}
	}
	t.tfBoundaries(rs)
	for _, r := range rs {
		t.resource(r)
	}
	t.tfBoundaryARNs(rs)
	// Attachments last: they name policies and roles defined anywhere.
	for _, r := range rs {
		if r.typ == "aws_organizations_policy_attachment" {
			t.tfOrgAttachment(r)
			continue
		}
		if r.typ != "aws_iam_role_policy_attachment" {
			continue
		}
		t.count++
		p := byRef(t, r, "policy_arn", "aws_iam_policy", t.policies)
		if role := t.roleOf(r, "role"); role != nil && p != nil {
			role.Policies = append(role.Policies, p)
		}
	}
	return fmt.Sprintf("terraform plan with %d memlint resources", t.count)
}

// config records the references of every attribute of every resource of the
// configuration, by address.
func (t *tfPlan) config(mod *source.Node, prefix string, depth int) {
	if depth > tfMaxDepth {
		t.tooDeep(mod, prefix, "the references of its resources and of the modules it calls were not read")
		return
	}
	for _, r := range itemsOf(mod.Get("resources")) {
		addr := prefix + strField(r, "address").Value
		attrs := map[string][]string{}
		if ex := r.Get("expressions"); ex != nil && ex.Kind == source.Object {
			for _, f := range ex.Fields {
				for _, ref := range itemsOf(f.Value.Get("references")) {
					if ref.Kind == source.String {
						attrs[f.Key] = append(attrs[f.Key], prefix+ref.Value)
					}
				}
			}
		}
		t.refs[addr] = attrs
	}
	if calls := mod.Get("module_calls"); calls != nil && calls.Kind == source.Object {
		for _, f := range calls.Fields {
			if m := f.Value.Get("module"); m != nil {
				t.config(m, prefix+"module."+f.Key+".", depth+1)
			}
		}
	}
}

// planned collects the resources of planned_values (no after_unknown: unknown
// values are absent there).
func (t *tfPlan) planned(mod *source.Node, out *[]*tfResource, depth int) {
	if depth > tfMaxDepth {
		t.tooDeep(mod, strField(mod, "address").Value, "its resources and those of its child modules were not read")
		return
	}
	for _, r := range itemsOf(mod.Get("resources")) {
		if strField(r, "mode").Value == "data" {
			continue
		}
		if v := r.Get("values"); v != nil && v.Kind == source.Object {
			*out = append(*out, t.newResource(r, v))
		}
	}
	for _, c := range itemsOf(mod.Get("child_modules")) {
		t.planned(c, out, depth+1)
	}
}

// tfMaxDepth is how deep modules nest before memlint stops reading them (a
// bound on the recursion for hostile plans; real plans nest a few levels).
const tfMaxDepth = 32

// tooDeep notes, once per plan section, a module nested deeper than
// tfMaxDepth: what was not read, so nothing is dropped silently.
func (t *tfPlan) tooDeep(mod *source.Node, addr, what string) {
	if t.deep == nil {
		t.deep = map[string]bool{}
	}
	if t.deep[what] {
		return
	}
	t.deep[what] = true
	if addr = strings.TrimSuffix(addr, "."); addr != "" {
		addr = " (" + addr + ")"
	}
	t.l.m.Notes = append(t.l.m.Notes, fmt.Sprintf("%s: the module%s is nested more than %d levels deep; %s.", mod.Loc, addr, tfMaxDepth, what))
}

func (t *tfPlan) newResource(r, values *source.Node) *tfResource {
	addr := strField(r, "address").Value
	return &tfResource{addr: addr, config: configAddress(addr), typ: strField(r, "type").Value, values: values}
}

// configAddress drops instance keys: module.a["x"].aws_iam_role.r[0] →
// module.a.aws_iam_role.r.
func configAddress(addr string) string {
	var b strings.Builder
	depth := 0
	for _, r := range addr {
		switch {
		case r == '[':
			depth++
		case r == ']':
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// merge returns values with the leaves after_unknown marks replaced by
// unknown string nodes (at the position of the value, or of the
// after_unknown entry when the value is absent).
func (t *tfPlan) merge(values, unknown *source.Node, depth int) *source.Node {
	if unknown == nil || depth > 64 {
		return values
	}
	switch {
	case unknown.Kind == source.Bool && unknown.Value == "true":
		at := unknown
		if values != nil && values.Kind != source.Null {
			at = values
		}
		return t.unk.add(at, "(known after apply)")
	case unknown.Kind == source.Object && (values == nil || values.Kind == source.Object || values.Kind == source.Null):
		out := &source.Node{Kind: source.Object, Loc: unknown.Loc}
		if values != nil && values.Kind == source.Object {
			*out = *values
			out.Fields = slices.Clone(values.Fields)
		}
		for _, uf := range unknown.Fields {
			i := slices.IndexFunc(out.Fields, func(f *source.Field) bool { return f.Key == uf.Key })
			var cur *source.Node
			if i >= 0 {
				cur = out.Fields[i].Value
			}
			m := t.merge(cur, uf.Value, depth+1)
			if m == nil || m == cur {
				continue
			}
			nf := &source.Field{Key: uf.Key, KeyLoc: uf.KeyLoc, Value: m}
			if i >= 0 {
				nf.KeyLoc = out.Fields[i].KeyLoc
				out.Fields[i] = nf
			} else {
				out.Fields = append(out.Fields, nf)
			}
		}
		return out
	case unknown.Kind == source.Array && values != nil && values.Kind == source.Array:
		out := *values
		out.Items = slices.Clone(values.Items)
		for i, u := range unknown.Items {
			if i < len(out.Items) {
				out.Items[i] = t.merge(out.Items[i], u, depth+1)
			}
		}
		return &out
	}
	return values
}

// str reads a string attribute; an unknown one is Unknown.
func (t *tfPlan) str(n *source.Node, key string) model.Str {
	s := strField(n, key)
	t.unk.str(&s)
	return s
}

// refOf returns the configuration address of a resource of type typ that an
// attribute refers to, or "".
func (t *tfPlan) refOf(r *tfResource, attr, typ string) string {
	for _, ref := range t.refs[r.config][attr] {
		// References name the resource and, after it, the attribute:
		// aws_iam_role.x.arn and aws_iam_role.x.
		parts := strings.Split(ref, ".")
		for i := range parts {
			if parts[i] == typ && i+1 < len(parts) {
				return strings.Join(parts[:i+2], ".")
			}
		}
	}
	return ""
}

// roleOf finds the role an attribute names: by reference, else by name.
func (t *tfPlan) roleOf(r *tfResource, attr string) *model.Role {
	if ref := t.refOf(r, attr, "aws_iam_role"); ref != "" && t.roles[ref] != nil {
		return t.roles[ref]
	}
	s := t.str(r.values, attr)
	if s.Unknown || s.Value == "" {
		return nil
	}
	if strings.HasPrefix(s.Value, "arn:") {
		return t.l.links.role(s, model.RoleName(s.Value))
	}
	return t.l.links.role(model.Str{}, s.Value)
}

// policy loads a policy attribute, a JSON string parsed again with positions
// in the plan file.
func (t *tfPlan) policy(r *tfResource, n *source.Node, kind model.Kind) *model.Policy {
	if n == nil || n.Kind == source.Null {
		return nil
	}
	if _, ok := t.unk[n.Loc]; ok {
		t.l.m.Notes = append(t.l.m.Notes, fmt.Sprintf("%s: the policy of %s is known only after apply; it cannot be checked statically.", n.Loc, r.addr))
		return nil
	}
	p := t.l.embedded(t.file, n, "policy", kind)
	if p == nil {
		return nil
	}
	p.Address = r.addr
	return p
}

func (t *tfPlan) resource(r *tfResource) {
	v := r.values
	switch r.typ {
	case "aws_bedrockagentcore_memory", "awscc_bedrockagentcore_memory":
		t.count++
	case "aws_bedrockagentcore_memory_strategy":
		t.count++
		d := readDefinition(t.file, v, snakeKeys)
		t.unk.definition(d)
		var mem *model.Memory
		if ref := t.refOf(r, "memory_id", "aws_bedrockagentcore_memory"); ref != "" {
			mem = t.memories[ref]
		}
		// The strategy's configuration is the custom strategy's.
		sm := readDefinition(t.file, &source.Node{Kind: source.Object, Loc: v.Loc, Fields: []*source.Field{
			{Key: "memory_strategies", Value: &source.Node{Kind: source.Array, Items: []*source.Node{
				{Kind: source.Object, Fields: []*source.Field{{Key: "custom_memory_strategy", Value: v}}}}}},
		}}, snakeKeys)
		t.unk.definition(sm)
		if mem == nil {
			mem = t.l.links.memory(model.Str{})
		}
		if mem.Definition == nil {
			d.Address = r.addr
			mem.Definition = d
		}
		mem.Definition.SelfManaged = mem.Definition.SelfManaged || sm.SelfManaged
		mem.Definition.Deliveries = append(mem.Definition.Deliveries, sm.Deliveries...)
		if mem.Definition.RoleARN == nil && d.RoleARN != nil {
			mem.Definition.RoleARN = d.RoleARN
		}
	case "aws_bedrockagentcore_resource_policy":
		t.count++
		arn := t.str(v, "resource_arn")
		memRef := t.refOf(r, "resource_arn", "aws_bedrockagentcore_memory")
		if memRef == "" {
			memRef = t.refOf(r, "resource_arn", "awscc_bedrockagentcore_memory")
		}
		kind := model.KindUnknown
		if memRef != "" || !arn.Unknown && isMemoryARN(arn.Value) {
			kind = model.KindMemory
		}
		p := t.policy(r, v.Get("policy"), kind)
		if p == nil {
			return
		}
		p.Attached = attachedOf(arn)
		if p.Kind != model.KindMemory {
			return
		}
		mem := t.memories[memRef]
		switch {
		case mem != nil && mem.Policy == nil:
		case mem != nil:
			mem = &model.Memory{Definition: mem.Definition}
			t.l.links.memories = append(t.l.links.memories, mem)
		default:
			mem = t.l.links.memoryForPolicy(known(arn))
		}
		mem.Policy = p
	case "aws_iam_role":
		t.count++
		role := t.roles[r.config]
		name := t.str(v, "name")
		if p := t.policy(r, v.Get("assume_role_policy"), model.KindTrust); p != nil {
			if name.Value != "" {
				p.Attached = &name
			}
			role.Trust = p
		}
		for _, ip := range itemsOf(v.Get("inline_policy")) {
			if p := t.policy(r, ip.Get("policy"), model.KindIdentity); p != nil {
				p.Name = strField(ip, "name").Value
				role.Policies = append(role.Policies, p)
			}
		}
	case "aws_iam_role_policy":
		t.count++
		if p := t.policy(r, v.Get("policy"), model.KindIdentity); p != nil {
			p.Name = strField(v, "name").Value
			if role := t.roleOf(r, "role"); role != nil {
				role.Policies = append(role.Policies, p)
			}
		}
	case "aws_iam_policy":
		t.count++
		kind := model.KindIdentity
		if len(t.boundaries[r.config]) > 0 {
			kind = model.KindBoundary
		}
		if p := t.policy(r, v.Get("policy"), kind); p != nil {
			for _, role := range t.boundaries[r.config] {
				role.Boundary = p
			}
			p.Name = strField(v, "name").Value
			p.Managed = true
			t.policies[r.config] = p
			if a := t.str(v, "arn"); a.Value != "" && !a.Unknown {
				t.policies[a.Value] = p
			}
		}
	case "aws_s3_bucket_policy":
		t.count++
		b := t.str(v, "bucket")
		arn := b
		if !b.Unknown && b.Value != "" {
			arn = model.Str{Value: "arn:aws:s3:::" + b.Value, Loc: b.Loc}
		}
		if p := t.policy(r, v.Get("policy"), model.KindS3); p != nil {
			p.Attached = attachedOf(arn)
			t.l.links.dest(known(arn), "s3").Policy = p
		}
	case "aws_sns_topic_policy":
		t.count++
		arn := t.str(v, "arn")
		if p := t.policy(r, v.Get("policy"), model.KindSNS); p != nil {
			p.Attached = attachedOf(arn)
			t.l.links.dest(known(arn), "sns").Policy = p
		}
	case "aws_kinesis_resource_policy":
		t.count++
		arn := t.str(v, "resource_arn")
		if p := t.policy(r, v.Get("policy"), model.KindKinesis); p != nil {
			p.Attached = attachedOf(arn)
			t.l.links.dest(known(arn), "kinesis").Policy = p
		}
	case "aws_organizations_policy":
		t.tfOrgPolicy(r)
	default:
		t.tfEncryption(r)
	}
}
