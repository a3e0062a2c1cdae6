package load

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// isCFN reports whether a document is a CloudFormation template: it has
// AWSTemplateFormatVersion, or a Resources map whose entries have an
// AWS::… Type.
func isCFN(n *source.Node) bool {
	if n.Kind != source.Object {
		return false
	}
	if n.Get("AWSTemplateFormatVersion") != nil {
		return true
	}
	res := n.Get("Resources")
	if res == nil || res.Kind != source.Object {
		return false
	}
	for _, f := range res.Fields {
		if t := f.Value.Get("Type"); t != nil && t.Kind == source.String && strings.HasPrefix(t.Value, "AWS::") {
			return true
		}
	}
	return false
}

// cfnTemplate is one CloudFormation template being loaded.
type cfnTemplate struct {
	l         *loader
	file      string
	params    map[string]*source.Node // Parameters section
	resources map[string]*cfnResource
	order     []*cfnResource
	unk       unknowns
	roles     map[string]*model.Role   // logical ID → role
	memories  map[string]*model.Memory // logical ID → memory
	visiting  map[string]bool
	memo      map[string]cfnValue // resolved Ref and GetAtt, by "Ref Name" or "GetAtt Id.Attr"
	cuts      int                 // evaluations cut short by cfnMaxDepth, to tell exact memo entries
	tooLong   bool                // a value was over cfnMaxString (noted once)
	resolved  int                 // bytes of strings intrinsics resolved to, against cfnMaxTotal
	tooMuch   bool                // cfnMaxTotal was reached (noted once)
	calls     int                 // AWS resources read, for --verbose
	// boundaries are the roles naming each managed policy (by logical ID)
	// as their permissions boundary (cfn_org.go).
	boundaries map[string][]*model.Role
}

// cfnValue is a memoised Ref or GetAtt. A value cut short by cfnMaxDepth is
// valid only for lookups at that depth or deeper.
type cfnValue struct {
	v     string
	ok    bool
	exact bool
	depth int
}

type cfnResource struct {
	id    string
	typ   string
	props *source.Node // nil when absent
}

// cfnMaxDepth bounds intrinsic nesting and reference chains.
const cfnMaxDepth = 64

// cfnMaxString bounds a resolved string: a longer one (parameters whose
// defaults !Sub each other twice double at every level) is unknown. No IAM
// value or policy document comes near it.
const cfnMaxString = 64 << 10

// cfnMaxTotal bounds the bytes of all the strings a template's intrinsics
// resolve to: YAML aliases can repeat a !Sub of a long parameter a million
// times. Past it, intrinsics are unknown. Real templates (at most 1 MB)
// stay far below.
const cfnMaxTotal = 16 << 20

// cloudFormation loads a template and returns what it was taken to be.
func (l *loader) cloudFormation(name string, n *source.Node) string {
	c := &cfnTemplate{l: l, file: name, params: map[string]*source.Node{}, resources: map[string]*cfnResource{},
		unk: unknowns{}, roles: map[string]*model.Role{}, memories: map[string]*model.Memory{}, visiting: map[string]bool{},
		memo: map[string]cfnValue{}}
	if ps := n.Get("Parameters"); ps != nil && ps.Kind == source.Object {
		for _, f := range ps.Fields {
			c.params[f.Key] = f.Value
		}
	}
	res := n.Get("Resources")
	if res != nil && res.Kind != source.Object {
		l.problem(ruleInvalid, res.Loc, fmt.Sprintf("Resources must be a mapping of logical IDs to resources, not %s.", article(res.Kind)))
		res = nil
	}
	if res != nil {
		for _, f := range res.Fields {
			r := &cfnResource{id: f.Key}
			if f.Value.Kind != source.Object {
				l.problem(ruleInvalid, f.Value.Loc, fmt.Sprintf("Resource %s must be a mapping, not %s.", f.Key, article(f.Value.Kind)))
				continue
			}
			if t := f.Value.Get("Type"); t != nil && t.Kind == source.String {
				r.typ = t.Value
			}
			if p := f.Value.Get("Properties"); p != nil && p.Kind == source.Object {
				r.props = p
			}
			c.resources[f.Key] = r
			c.order = append(c.order, r)
		}
	}
	// Roles named by name only are the stack's account's.
	l.links.enter(name, c.stackAccount())
	defer l.links.enter("", "")
	// Roles and memories first, so references to them link whatever the
	// order of the template.
	for _, r := range c.order {
		switch r.typ {
		case "AWS::IAM::Role":
			arn, name := c.roleIdentity(r)
			switch {
			case !arn.Unknown && arn.Value != "":
				c.roles[r.id] = l.links.role(arn, name)
			case name != "":
				c.roles[r.id] = l.links.role(model.Str{}, name)
			default:
				c.roles[r.id] = l.links.roleRef(c.file + "#" + r.id)
			}
		case "AWS::BedrockAgentCore::Memory":
			c.memories[r.id] = l.links.memory(model.Str{})
		}
	}
	c.boundaries = c.boundaryRefs()
	for _, r := range c.order {
		c.resource(r)
	}
	return fmt.Sprintf("cloudformation template with %d memlint resources", c.calls)
}

// prop returns a property node (unresolved) or nil.
func (r *cfnResource) prop(key string) *source.Node {
	if r.props == nil {
		return nil
	}
	return r.props.Get(key)
}

// resource loads one resource of a type memlint reads.
func (c *cfnTemplate) resource(r *cfnResource) {
	addr := r.id
	switch r.typ {
	case "AWS::BedrockAgentCore::Memory":
		c.calls++
		mem := c.memories[r.id]
		if r.props == nil {
			return
		}
		d := readDefinition(c.file, c.resolve(r.props, 0), pascalKeys)
		d.Loc = r.props.Loc
		d.Address = addr
		c.unk.definition(d)
		if role := c.roleRefOf(r.prop("MemoryExecutionRoleArn")); role != nil {
			d.Role = role
		}
		mem.Definition = d
	case "AWS::BedrockAgentCore::ResourcePolicy":
		c.calls++
		arn := c.str(r.prop("ResourceArn"))
		memID := c.refTo(r.prop("ResourceArn"), "AWS::BedrockAgentCore::Memory")
		kind := model.KindUnknown
		if memID != "" || isMemoryARN(arn.Value) && !arn.Unknown {
			kind = model.KindMemory
		}
		p := c.policy(r.prop("Policy"), kind, addr, "Policy", r)
		if p == nil {
			return
		}
		p.Attached = attachedOf(arn)
		if p.Kind != model.KindMemory {
			return
		}
		var mem *model.Memory
		if memID != "" {
			mem = c.memories[memID]
			if mem.Policy != nil {
				mem = &model.Memory{Definition: mem.Definition}
				c.l.links.memories = append(c.l.links.memories, mem)
			}
		} else {
			mem = c.l.links.memoryForPolicy(known(arn))
		}
		mem.Policy = p
		c.l.links.attach(p)
	case "AWS::IAM::Role":
		c.calls++
		role := c.roles[r.id]
		_, name := c.roleIdentity(r)
		nameStr := c.str(r.prop("RoleName"))
		if t := r.prop("AssumeRolePolicyDocument"); t != nil {
			if p := c.policy(t, model.KindTrust, addr, "AssumeRolePolicyDocument", r); p != nil {
				if name != "" {
					p.Attached = &nameStr
				}
				role.Trust = p
			}
		}
		for _, it := range itemsOf(r.prop("Policies")) {
			if p := c.policy(it.Get("PolicyDocument"), model.KindIdentity, addr, "PolicyDocument", r); p != nil {
				p.Name = c.str(it.Get("PolicyName")).Value
				role.Policies = append(role.Policies, p)
			}
		}
	case "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::RolePolicy":
		c.calls++
		kind := model.KindIdentity
		if len(c.boundaries[r.id]) > 0 {
			kind = model.KindBoundary
		}
		p := c.policy(r.prop("PolicyDocument"), kind, addr, "PolicyDocument", r)
		if p == nil {
			return
		}
		for _, role := range c.boundaries[r.id] {
			role.Boundary = p
		}
		p.Managed = r.typ == "AWS::IAM::ManagedPolicy"
		p.Name = c.str(r.prop("PolicyName")).Value
		if p.Name == "" {
			p.Name = c.str(r.prop("ManagedPolicyName")).Value
		}
		roles := itemsOf(r.prop("Roles"))
		if rn := r.prop("RoleName"); rn != nil {
			roles = append(roles, rn)
		}
		for _, rn := range roles {
			if role := c.roleOf(rn); role != nil {
				role.Policies = append(role.Policies, p)
			}
		}
	case "AWS::S3::BucketPolicy":
		c.calls++
		b := c.str(r.prop("Bucket"))
		arn := b
		if !b.Unknown && b.Value != "" {
			arn = model.Str{Value: "arn:" + c.partition() + ":s3:::" + b.Value, Loc: b.Loc}
		}
		if p := c.policy(r.prop("PolicyDocument"), model.KindS3, addr, "PolicyDocument", r); p != nil {
			p.Attached = attachedOf(arn)
			c.l.links.dest(known(arn), "s3").Policy = p
		}
	case "AWS::SNS::TopicPolicy":
		c.calls++
		p := c.policy(r.prop("PolicyDocument"), model.KindSNS, addr, "PolicyDocument", r)
		if p == nil {
			return
		}
		for i, t := range itemsOf(r.prop("Topics")) {
			arn := c.str(t)
			if i == 0 {
				p.Attached = attachedOf(arn)
			}
			c.l.links.dest(known(arn), "sns").Policy = p
		}
	case "AWS::Kinesis::ResourcePolicy":
		c.calls++
		arn := c.str(r.prop("ResourceArn"))
		if p := c.policy(r.prop("ResourcePolicy"), model.KindKinesis, addr, "ResourcePolicy", r); p != nil {
			p.Attached = attachedOf(arn)
			c.l.links.dest(known(arn), "kinesis").Policy = p
		}
	case "AWS::Organizations::Policy":
		c.cfnOrgPolicy(r)
	default:
		c.cfnEncryption(r)
	}
}

// attachedOf is the Attached value of a policy: nil when the source says nothing.
func attachedOf(s model.Str) *model.Str {
	if s.Value == "" && !s.Unknown {
		return nil
	}
	return &s
}

// stackAccount is the account the stack is deployed to: AWS::AccountId when
// given, else the one account of the resources the template writes that
// name one (a memory's execution role, a memory resource policy's memory, a
// topic or stream whose policy it sets); "" when unknown.
func (c *cfnTemplate) stackAccount() string {
	if a, ok := c.pseudo("AWS::AccountId"); ok {
		return a
	}
	accounts := map[string]bool{}
	add := func(n *source.Node) {
		if v := c.str(n); !v.Unknown && iam.IsAccountID(arnAccount(v.Value)) {
			accounts[arnAccount(v.Value)] = true
		}
	}
	for _, r := range c.order {
		switch r.typ {
		case "AWS::BedrockAgentCore::Memory":
			add(r.prop("MemoryExecutionRoleArn"))
		case "AWS::BedrockAgentCore::ResourcePolicy", "AWS::Kinesis::ResourcePolicy":
			add(r.prop("ResourceArn"))
		case "AWS::SNS::TopicPolicy":
			for _, t := range itemsOf(r.prop("Topics")) {
				add(t)
			}
		}
	}
	if len(accounts) != 1 {
		return ""
	}
	for a := range accounts {
		return a
	}
	return ""
}

// roleIdentity derives a role resource's ARN and name, when known.
func (c *cfnTemplate) roleIdentity(r *cfnResource) (model.Str, string) {
	name := c.str(r.prop("RoleName"))
	if name.Unknown || name.Value == "" {
		return model.Str{}, ""
	}
	acct, ok := c.pseudo("AWS::AccountId")
	if !ok {
		return model.Str{}, name.Value
	}
	path := "/"
	if p := c.str(r.prop("Path")); p.Value != "" && !p.Unknown {
		path = p.Value
	}
	return model.Str{Value: "arn:" + c.partition() + ":iam::" + acct + ":role" + path + name.Value, Loc: name.Loc}, name.Value
}

// roleOf returns the role a Roles entry or RoleName names: by !Ref of a role
// resource, else by its resolved name.
func (c *cfnTemplate) roleOf(n *source.Node) *model.Role {
	if id := c.refTo(n, "AWS::IAM::Role"); id != "" {
		return c.roles[id]
	}
	s := c.str(n)
	if s.Unknown || s.Value == "" {
		return nil
	}
	return c.l.links.role(model.Str{}, s.Value)
}

// roleRefOf returns the role an ARN value refers to by logical ID
// (!GetAtt Role.Arn, !Sub ${Role.Arn}), or nil.
func (c *cfnTemplate) roleRefOf(n *source.Node) *model.Role {
	if id := c.refTo(n, "AWS::IAM::Role"); id != "" {
		return c.roles[id]
	}
	return nil
}

// refTo returns the logical ID of a resource of type typ that n refers to
// with Ref, GetAtt or a whole-string Sub, or "".
func (c *cfnTemplate) refTo(n *source.Node, typ string) string {
	if n == nil {
		return ""
	}
	fn, arg := intrinsic(n)
	var id string
	switch fn {
	case "Ref":
		if arg.Kind == source.String {
			id = arg.Value
		}
	case "Fn::GetAtt":
		if arg.Kind == source.String {
			id, _, _ = strings.Cut(arg.Value, ".")
		} else if len(arg.Items) > 0 && arg.Items[0].Kind == source.String {
			id = arg.Items[0].Value
		}
	case "Fn::Sub":
		if arg.Kind == source.String && strings.HasPrefix(arg.Value, "${") && strings.HasSuffix(arg.Value, "}") && strings.Count(arg.Value, "${") == 1 {
			id, _, _ = strings.Cut(arg.Value[2:len(arg.Value)-1], ".")
		}
	}
	if r := c.resources[id]; r != nil && r.typ == typ {
		return id
	}
	return ""
}

// intrinsic tells whether n is an intrinsic function, short form (!Ref) or
// long form ({"Ref": …}), and returns its full name and argument.
func intrinsic(n *source.Node) (string, *source.Node) {
	if n == nil {
		return "", nil
	}
	if n.Tag != "" && strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") {
		name := n.Tag[1:]
		if name != "Ref" && name != "Condition" {
			name = "Fn::" + name
		}
		arg := *n
		arg.Tag = ""
		return name, &arg
	}
	if n.Kind == source.Object && len(n.Fields) == 1 {
		k := n.Fields[0].Key
		if k == "Ref" || strings.HasPrefix(k, "Fn::") {
			return k, n.Fields[0].Value
		}
	}
	return "", nil
}

// str resolves a scalar property; a value that cannot resolve is Unknown.
func (c *cfnTemplate) str(n *source.Node) model.Str {
	if n == nil {
		return model.Str{}
	}
	v, ok, expr := c.eval(n, 0)
	if !ok {
		return model.Str{Value: expr, Expr: expr, Loc: n.Loc, Unknown: true}
	}
	return model.Str{Value: v, Loc: n.Loc}
}

// exprOf renders an intrinsic as written, for messages.
func exprOf(fn string, arg *source.Node) string {
	short := strings.TrimPrefix(fn, "Fn::")
	if arg != nil && arg.Kind == source.String {
		return "!" + short + " " + arg.Value
	}
	return "!" + short + " …"
}

// eval resolves a scalar value: the value, whether it is known, and the
// expression as written when it is not. A value longer than cfnMaxString is
// unknown, with a note.
func (c *cfnTemplate) eval(n *source.Node, depth int) (string, bool, string) {
	if c.tooMuch {
		if fn, arg := intrinsic(n); fn != "" {
			return "", false, exprOf(fn, arg)
		}
	}
	v, ok, expr := c.eval1(n, depth)
	if ok && len(v) > cfnMaxString {
		c.overLong(n.Loc)
		if expr == "" {
			expr = "(" + n.Kind.String() + ")"
		}
		return "", false, expr
	}
	if ok && expr != "" {
		if c.resolved += len(v); c.resolved > cfnMaxTotal && !c.tooMuch {
			c.tooMuch = true
			c.l.m.Notes = append(c.l.m.Notes, fmt.Sprintf("%s: the template's intrinsics resolve to more than %d bytes in all; from here on they are taken as unknown.", n.Loc, cfnMaxTotal))
		}
	}
	return v, ok, expr
}

// overLong notes, once per template, that a value was too long to resolve.
func (c *cfnTemplate) overLong(loc model.Loc) {
	if c.tooLong {
		return
	}
	c.tooLong = true
	c.l.m.Notes = append(c.l.m.Notes, fmt.Sprintf("%s: the value resolves to more than %d characters; it and any other value of this template that long are taken as unknown.", loc, cfnMaxString))
}

func (c *cfnTemplate) eval1(n *source.Node, depth int) (string, bool, string) {
	fn, arg := intrinsic(n)
	if fn == "" {
		switch n.Kind {
		case source.String, source.Number, source.Bool:
			return n.Value, true, ""
		}
		return "", false, "(" + n.Kind.String() + ")"
	}
	expr := exprOf(fn, arg)
	if depth > cfnMaxDepth {
		c.cuts++
		return "", false, expr
	}
	switch fn {
	case "Ref":
		if arg.Kind != source.String {
			return "", false, expr
		}
		v, ok := c.ref(arg.Value, depth)
		return v, ok, expr
	case "Fn::GetAtt":
		var id, attr string
		switch {
		case arg.Kind == source.String:
			id, attr, _ = strings.Cut(arg.Value, ".")
		case arg.Kind == source.Array && len(arg.Items) == 2:
			a, ok1, _ := c.eval(arg.Items[0], depth+1)
			b, ok2, _ := c.eval(arg.Items[1], depth+1)
			if !ok1 || !ok2 {
				return "", false, expr
			}
			id, attr = a, b
			expr = "!GetAtt " + id + "." + attr
		}
		v, ok := c.getAtt(id, attr, depth)
		return v, ok, expr
	case "Fn::Sub":
		tmpl, vars := arg, (*source.Node)(nil)
		if arg.Kind == source.Array && len(arg.Items) == 2 {
			tmpl, vars = arg.Items[0], arg.Items[1]
		}
		if tmpl.Kind != source.String {
			return "", false, expr
		}
		v, ok := c.sub(tmpl.Value, vars, n.Loc, depth)
		return v, ok, expr
	case "Fn::Join":
		if arg.Kind != source.Array || len(arg.Items) != 2 || arg.Items[1].Kind != source.Array {
			return "", false, expr
		}
		delim, ok, _ := c.eval(arg.Items[0], depth+1)
		if !ok {
			return "", false, expr
		}
		var parts []string
		size := 0
		for _, it := range arg.Items[1].Items {
			v, ok, _ := c.eval(it, depth+1)
			if !ok {
				return "", false, expr
			}
			parts = append(parts, v)
			if size += len(v) + len(delim); size > cfnMaxString {
				c.overLong(n.Loc)
				return "", false, expr
			}
		}
		return strings.Join(parts, delim), true, expr
	case "Fn::Select":
		if arg.Kind != source.Array || len(arg.Items) != 2 || arg.Items[1].Kind != source.Array {
			return "", false, expr
		}
		is, ok, _ := c.eval(arg.Items[0], depth+1)
		i, err := strconv.Atoi(is)
		if !ok || err != nil || i < 0 || i >= len(arg.Items[1].Items) {
			return "", false, expr
		}
		return c.eval(arg.Items[1].Items[i], depth+1)
	case "Fn::If":
		// The condition is not evaluated: the value is known only when both
		// branches agree.
		if arg.Kind != source.Array || len(arg.Items) != 3 {
			return "", false, expr
		}
		a, ok1, _ := c.eval(arg.Items[1], depth+1)
		b, ok2, _ := c.eval(arg.Items[2], depth+1)
		if ok1 && ok2 && a == b {
			return a, true, expr
		}
		return "", false, expr
	}
	// ImportValue, FindInMap, GetAZs, Split, Base64, Cidr, …
	return "", false, expr
}

// sub substitutes ${Name}, ${Resource.Attr} and ${!Literal} in a Fn::Sub
// template at loc; a result over cfnMaxString is unknown.
func (c *cfnTemplate) sub(tmpl string, vars *source.Node, loc model.Loc, depth int) (string, bool) {
	var b strings.Builder
	known := true
	var local map[string]cfnValue // variables of vars already evaluated
	for {
		i := strings.Index(tmpl, "${")
		if i < 0 {
			b.WriteString(tmpl)
			break
		}
		b.WriteString(tmpl[:i])
		j := strings.IndexByte(tmpl[i:], '}')
		if j < 0 {
			b.WriteString(tmpl[i:])
			break
		}
		name := tmpl[i+2 : i+j]
		tmpl = tmpl[i+j+1:]
		if strings.HasPrefix(name, "!") {
			b.WriteString("${" + name[1:] + "}")
			continue
		}
		name = strings.TrimSpace(name)
		var v string
		var ok bool
		if vn := vars.Get(name); vn != nil {
			// A variable used twice is evaluated once: nested !Sub whose
			// variables each appear twice would double at every level.
			if e, seen := local[name]; seen {
				v, ok = e.v, e.ok
			} else {
				v, ok, _ = c.eval(vn, depth+1)
				if local == nil {
					local = map[string]cfnValue{}
				}
				local[name] = cfnValue{v: v, ok: ok}
			}
		} else if id, attr, dot := strings.Cut(name, "."); dot {
			v, ok = c.getAtt(id, attr, depth)
		} else {
			v, ok = c.ref(name, depth)
		}
		if !ok {
			known = false
			continue
		}
		if b.Len()+len(v) > cfnMaxString {
			c.overLong(loc)
			return "", false
		}
		b.WriteString(v)
	}
	return b.String(), known
}

// pseudo resolves a pseudo parameter; --cfn-param may give any of them.
func (c *cfnTemplate) pseudo(name string) (string, bool) {
	if v, ok := c.l.opts.CFNParams[name]; ok {
		return v, true
	}
	switch name {
	case "AWS::Partition":
		return c.partition(), true
	case "AWS::URLSuffix":
		if c.partition() == "aws-cn" {
			return "amazonaws.com.cn", true
		}
		return "amazonaws.com", true
	}
	return "", false
}

// partition is AWS::Partition: as given, else told by a known region, else
// "aws".
func (c *cfnTemplate) partition() string {
	if v, ok := c.l.opts.CFNParams["AWS::Partition"]; ok {
		return v
	}
	region := c.l.opts.CFNParams["AWS::Region"]
	switch {
	case strings.HasPrefix(region, "cn-"):
		return "aws-cn"
	case strings.HasPrefix(region, "us-gov-"):
		return "aws-us-gov"
	}
	return "aws"
}

// memoised returns the value of a Ref or GetAtt, computing it once: a
// template whose parameters refer to each other several times would
// otherwise take time exponential in the length of the chain. A reference
// back into a chain being resolved is unknown.
func (c *cfnTemplate) memoised(key string, depth int, f func() (string, bool)) (string, bool) {
	if e, ok := c.memo[key]; ok && (e.exact || depth >= e.depth) {
		if !e.exact {
			c.cuts++ // a value cut short makes what contains it inexact too
		}
		return e.v, e.ok
	}
	if c.visiting[key] {
		return "", false
	}
	c.visiting[key] = true
	cuts := c.cuts
	v, ok := f()
	delete(c.visiting, key)
	c.memo[key] = cfnValue{v: v, ok: ok, exact: c.cuts == cuts, depth: depth}
	return v, ok
}

// ref resolves Ref of a parameter, pseudo parameter or resource.
func (c *cfnTemplate) ref(name string, depth int) (string, bool) {
	if strings.HasPrefix(name, "AWS::") {
		return c.pseudo(name)
	}
	return c.memoised("Ref "+name, depth, func() (string, bool) { return c.ref1(name, depth) })
}

func (c *cfnTemplate) ref1(name string, depth int) (string, bool) {
	if v, ok := c.l.opts.CFNParams[name]; ok {
		return v, true
	}
	if p, ok := c.params[name]; ok {
		if d := p.Get("Default"); d != nil {
			if d.Kind == source.Array {
				return "", false // CommaDelimitedList
			}
			v, ok, _ := c.eval(d, depth+1)
			return v, ok
		}
		return "", false
	}
	r := c.resources[name]
	if r == nil || c.visiting[name] {
		return "", false
	}
	c.visiting[name] = true
	defer delete(c.visiting, name)
	switch r.typ {
	case "AWS::IAM::Role":
		return c.known(r.prop("RoleName"), depth)
	case "AWS::S3::Bucket":
		return c.known(r.prop("BucketName"), depth)
	case "AWS::Kinesis::Stream":
		return c.known(r.prop("Name"), depth)
	case "AWS::SNS::Topic":
		return c.arn(r, "sns", "", "TopicName", depth)
	}
	return "", false
}

// getAtt resolves GetAtt of a resource attribute.
func (c *cfnTemplate) getAtt(id, attr string, depth int) (string, bool) {
	return c.memoised("GetAtt "+id+"."+attr, depth, func() (string, bool) { return c.getAtt1(id, attr, depth) })
}

func (c *cfnTemplate) getAtt1(id, attr string, depth int) (string, bool) {
	r := c.resources[id]
	if r == nil || c.visiting[id] {
		return "", false
	}
	c.visiting[id] = true
	defer delete(c.visiting, id)
	switch {
	case r.typ == "AWS::IAM::Role" && attr == "Arn":
		arn, _ := c.roleIdentity(r)
		return arn.Value, arn.Value != "" && !arn.Unknown
	case r.typ == "AWS::IAM::Role" && attr == "RoleName":
		return c.known(r.prop("RoleName"), depth)
	case r.typ == "AWS::S3::Bucket" && attr == "Arn":
		name, ok := c.known(r.prop("BucketName"), depth)
		return "arn:" + c.partition() + ":s3:::" + name, ok
	case r.typ == "AWS::Kinesis::Stream" && attr == "Arn":
		return c.arn(r, "kinesis", "stream/", "Name", depth)
	case r.typ == "AWS::SNS::Topic" && attr == "TopicArn":
		return c.arn(r, "sns", "", "TopicName", depth)
	}
	// Memory ARNs carry a generated ID; other attributes are deploy-time.
	return "", false
}

// arn derives a regional resource ARN from a name property.
func (c *cfnTemplate) arn(r *cfnResource, service, prefix, nameProp string, depth int) (string, bool) {
	name, ok := c.known(r.prop(nameProp), depth)
	region, okR := c.pseudo("AWS::Region")
	acct, okA := c.pseudo("AWS::AccountId")
	if !ok || !okR || !okA {
		return "", false
	}
	return "arn:" + c.partition() + ":" + service + ":" + region + ":" + acct + ":" + prefix + name, true
}

func (c *cfnTemplate) known(n *source.Node, depth int) (string, bool) {
	if n == nil {
		return "", false
	}
	v, ok, _ := c.eval(n, depth+1)
	return v, ok && v != ""
}

// resolve returns n with every intrinsic replaced by a string node at the
// same position: its value when it resolves, else an unknown.
func (c *cfnTemplate) resolve(n *source.Node, depth int) *source.Node {
	if depth > 200 {
		return n
	}
	if fn, arg := intrinsic(n); fn != "" {
		// A condition choosing between mappings or lists (a whole statement,
		// a list of actions): the branch that is not AWS::NoValue, the first
		// when both are real. Conditions are not evaluated.
		if fn == "Fn::If" && arg.Kind == source.Array && len(arg.Items) == 3 && (structured(arg.Items[1]) || structured(arg.Items[2])) {
			if isNoValue(arg.Items[1]) {
				return c.resolve(arg.Items[2], depth+1)
			}
			return c.resolve(arg.Items[1], depth+1)
		}
		v, ok, expr := c.eval(n, depth)
		if !ok {
			return c.unk.add(n, expr)
		}
		return &source.Node{Kind: source.String, Value: v, Loc: n.Loc}
	}
	switch n.Kind {
	case source.Object:
		out := *n
		out.Fields = make([]*source.Field, 0, len(n.Fields))
		for _, f := range n.Fields {
			if isNoValue(f.Value) {
				continue
			}
			nf := *f
			nf.Value = c.resolve(f.Value, depth+1)
			out.Fields = append(out.Fields, &nf)
		}
		return &out
	case source.Array:
		out := *n
		out.Items = make([]*source.Node, 0, len(n.Items))
		for _, it := range n.Items {
			if isNoValue(it) {
				continue
			}
			out.Items = append(out.Items, c.resolve(it, depth+1))
		}
		return &out
	}
	return n
}

// structured reports whether n is a mapping or list that is not itself an
// intrinsic function.
func structured(n *source.Node) bool {
	fn, _ := intrinsic(n)
	return fn == "" && (n.Kind == source.Object || n.Kind == source.Array)
}

// isNoValue reports whether n is !Ref AWS::NoValue, or an !If both of whose
// branches are: the property or element is removed.
func isNoValue(n *source.Node) bool {
	fn, arg := intrinsic(n)
	switch fn {
	case "Ref":
		return arg.Kind == source.String && arg.Value == "AWS::NoValue"
	case "Fn::If":
		return arg.Kind == source.Array && len(arg.Items) == 3 && isNoValue(arg.Items[1]) && isNoValue(arg.Items[2])
	}
	return false
}

// policy loads a policy property: a mapping (YAML or JSON object, intrinsics
// resolved), a JSON string (a literal block or a JSON template's string), or
// a !Sub of a JSON string, whose substitutions resolve inside its strings.
func (c *cfnTemplate) policy(n *source.Node, kind model.Kind, addr, field string, r *cfnResource) *model.Policy {
	if n == nil {
		return nil
	}
	var p *model.Policy
	fn, arg := intrinsic(n)
	switch {
	case fn == "" && n.Kind == source.Object:
		rn := c.resolve(n, 0)
		p = decodePolicy(c.file, rn, compactJSON(rn), kind)
	case fn == "" && n.Kind == source.String || fn == "Fn::Sub" && (arg.Kind == source.String || arg.Kind == source.Array && len(arg.Items) == 2 && arg.Items[0].Kind == source.String):
		s, vars := n, (*source.Node)(nil)
		if fn == "Fn::Sub" {
			s = arg
			if arg.Kind == source.Array {
				s, vars = arg.Items[0], arg.Items[1]
			}
			if n.Tag != "" && arg.Kind == source.String {
				s = n // the tagged scalar itself holds the source mapping
			}
		}
		doc, err := s.Embedded()
		if err != nil {
			c.l.embedError(n, err)
			return nil
		}
		if fn == "Fn::Sub" {
			doc = c.subTree(doc, vars, 0)
		}
		p = decodePolicy(c.file, doc, s.Value, kind)
	default:
		c.l.m.Notes = append(c.l.m.Notes, fmt.Sprintf("%s: %s of %s is computed by %s; it cannot be checked statically.", n.Loc, field, r.id, exprOf(fn, arg)))
		return nil
	}
	p.Address = addr
	c.unk.policy(p)
	c.l.addPolicy(p)
	return p
}

// subTree substitutes Fn::Sub variables inside the strings of a policy
// parsed from the template string; a string with a variable that does not
// resolve becomes unknown.
func (c *cfnTemplate) subTree(n *source.Node, vars *source.Node, depth int) *source.Node {
	if depth > 200 {
		return n
	}
	switch n.Kind {
	case source.String:
		if !strings.Contains(n.Value, "${") {
			return n
		}
		v, ok := c.sub(n.Value, vars, n.Loc, depth)
		if !ok {
			return c.unk.add(n, "!Sub "+n.Value)
		}
		out := *n
		out.Value = v
		return &out
	case source.Object:
		out := *n
		out.Fields = make([]*source.Field, len(n.Fields))
		for i, f := range n.Fields {
			nf := *f
			if strings.Contains(nf.Key, "${") {
				if k, ok := c.sub(nf.Key, vars, n.Loc, depth); ok {
					nf.Key = k
				}
			}
			nf.Value = c.subTree(f.Value, vars, depth+1)
			out.Fields[i] = &nf
		}
		return &out
	case source.Array:
		out := *n
		out.Items = make([]*source.Node, len(n.Items))
		for i, it := range n.Items {
			out.Items[i] = c.subTree(it, vars, depth+1)
		}
		return &out
	}
	return n
}

// embedError records a policy string that does not parse, positioned inside
// the string.
func (l *loader) embedError(n *source.Node, err error) {
	if se, ok := err.(*source.Error); ok && !se.Loc.IsZero() {
		l.problem(ruleInvalid, se.Loc, "The policy string does not parse: "+sentence(se.Msg))
		return
	}
	l.problem(ruleInvalid, n.Loc, "The policy string does not parse: "+sentence(err.Error()))
}
