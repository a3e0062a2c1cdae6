package facts

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/iamdata"
	"github.com/memlint/memlint/internal/model"
)

// A probe is one hypothetical caller: a role of some account, or an AWS
// service acting for some account.
type probe struct {
	scope   Reach
	label   string // the organisation, organisation path, account or ARN the probe stands for
	account string // the caller's account, or the account a service acts for
	service bool
	req     iam.Request
}

// candidates are what a policy names: the accounts, organisations and role
// names a probe can take, and names that appear nowhere in it.
type candidates struct {
	partition   string
	freshAcct   string
	freshOrg    string
	freshName   string
	freshIP     string
	resAccount  string          // the memory's account, for aws:ResourceAccount
	keys        map[string]bool // the condition keys of the statements, lower-case
	accounts    []string
	orgs        [][3]string // organisation ID, organisation path ("" for a bare ID), the value as written
	names       []string    // resource parts of aws:PrincipalArn patterns and aws:username values, wildcards filled in: role/x, user/app-x
	named       []string    // role and user ARNs the policy names
	patterns    [][2]string // aws:PrincipalArn patterns of one named account: the account, the resource part filled in
	wildAccts   []string    // accounts that account patterns admit (4444* → 444400000000): accounts the policy never names
	sessions    []string    // role session names aws:userid patterns admit (*:alice → alice)
	serviceKeys []string    // condition keys outside aws:, lower-case
	absent      map[string][]string
}

var (
	accountKeys = []string{"aws:principalaccount", "aws:sourceaccount", "aws:sourceowner", "aws:resourceaccount"}
	arnKeys     = []string{"aws:principalarn", "aws:sourcearn"}
	orgIDKeys   = []string{"aws:principalorgid", "aws:sourceorgid"}
	orgPathKeys = []string{"aws:principalorgpaths", "aws:sourceorgpaths"}
)

// collect gathers the candidates from the statements a probe is decided
// against (one Allow and the policy's Denies): what other statements name
// cannot change the answer, and keeping to these keeps the probes few.
func collect(stmts []*model.Statement, memoryAccount string) *candidates {
	c := &candidates{partition: "aws", absent: map[string][]string{}, keys: map[string]bool{}}
	var text []string
	addAcct := func(a string) {
		if iam.IsAccountID(a) && len(c.accounts) < maxCandidates && !slices.Contains(c.accounts, a) {
			c.accounts = append(c.accounts, a)
		}
	}
	addNamed := func(arn string) {
		if len(c.named) < maxCandidates && !slices.Contains(c.named, arn) {
			c.named = append(c.named, arn)
		}
	}
	addAcct(memoryAccount)
	for _, s := range stmts {
		if s.Principal != nil {
			for _, v := range s.Principal.Values {
				text = append(text, v.Value)
				if v.Unknown {
					continue
				}
				pc := iam.ClassifyPrincipal(v.Type, v.Value)
				addAcct(pc.Account)
				if pc.Partition != "" {
					c.partition = pc.Partition
				}
				if pc.Class == model.ClassRole || pc.Class == model.ClassUser {
					addNamed(pc.ARN)
				}
			}
		}
		if s.Resource != nil {
			for _, v := range s.Resource.Values {
				text = append(text, v.Value)
			}
		}
		for _, cd := range s.Conditions {
			key := strings.ToLower(cd.Key.Value)
			c.keys[key] = true
			if !strings.HasPrefix(key, "aws:") && !slices.Contains(c.serviceKeys, key) {
				c.serviceKeys = append(c.serviceKeys, key)
			}
			for _, v := range cd.Values {
				text = append(text, v.Value)
				if v.Unknown || strings.Contains(v.Value, "${") {
					continue
				}
				switch {
				case slices.Contains(accountKeys, key):
					addAcct(v.Value)
					c.addWildAcct(v.Value)
				case slices.Contains(arnKeys, key):
					a, err := iam.ParseARN(v.Value)
					if err != nil {
						continue
					}
					addAcct(a.Account)
					c.addWildAcct(a.Account)
					if key != "aws:principalarn" || a.Service != "iam" && a.Service != "*" {
						continue
					}
					if !strings.ContainsAny(v.Value, "*?") {
						if strings.HasPrefix(a.Resource, "role/") || strings.HasPrefix(a.Resource, "user/") {
							addNamed(v.Value)
						}
						continue
					}
					n := fill(a.Resource)
					if !strings.HasPrefix(n, "role/") && !strings.HasPrefix(n, "user/") {
						continue
					}
					c.addName(n)
					if iam.IsAccountID(a.Account) && !slices.Contains(c.patterns, [2]string{a.Account, n}) {
						c.patterns = append(c.patterns, [2]string{a.Account, n})
					}
				case key == "aws:userid":
					// A role session's aws:userid is role-id:session-name, and
					// the caller names its session.
					if _, sess, ok := strings.Cut(fill(v.Value), ":"); ok && sess != "" && !slices.Contains(c.sessions, sess) {
						c.sessions = append(c.sessions, sess)
					}
				case key == "aws:username":
					// Any account can create a user of that name.
					c.addName("user/" + fill(v.Value))
				case slices.Contains(orgIDKeys, key):
					c.addOrg(fill(v.Value), "", v.Value)
				case slices.Contains(orgPathKeys, key):
					path := fill(v.Value)
					if !strings.HasSuffix(path, "/") {
						path += "/"
					}
					org, _, _ := strings.Cut(path, "/")
					c.addOrg(org, path, v.Value)
				}
			}
		}
	}
	c.freshAcct = fresh(text, []string{"210987654321", "310987654321", "410987654321", "510987654321"})
	c.freshOrg = fresh(text, []string{"o-mlprobe7x1q", "o-mlprobe8y2r", "o-mlprobe9z3s"})
	c.freshName = fresh(text, []string{"memlint-probe-q7", "memlint-probe-r8", "memlint-probe-s9"})
	c.freshIP = freshAddr(text)
	c.resAccount = memoryAccount
	slices.Sort(c.accounts)
	return c
}

// maxCandidates bounds each list of candidates a policy contributes, so the
// probes stay few on policies built to make them many.
const maxCandidates = 16

func (c *candidates) addName(n string) {
	if len(c.names) < maxCandidates && !slices.Contains(c.names, n) {
		c.names = append(c.names, n)
	}
}

// addWildAcct records an account that an account pattern with wildcards
// admits: the pattern's digits with its wildcards filled by zeros, when that
// makes a 12-digit ID ("4444*" → "444400000000", "44445555666?" →
// "444455556660"). A bare "*" is every account: the fresh probes cover it.
func (c *candidates) addWildAcct(p string) {
	if !strings.ContainsAny(p, "*?") || strings.Trim(p, "*") == "" || len(c.wildAccts) >= maxCandidates {
		return
	}
	fixed := len(p) - strings.Count(p, "*")
	var b strings.Builder
	star := true
	for _, r := range p {
		switch {
		case r == '?':
			b.WriteByte('0')
		case r == '*' && star:
			b.WriteString(strings.Repeat("0", max(0, 12-fixed)))
			star = false
		case r == '*':
		default:
			b.WriteRune(r)
		}
	}
	if a := b.String(); iam.IsAccountID(a) && !slices.Contains(c.wildAccts, a) {
		c.wildAccts = append(c.wildAccts, a)
	}
}

func (c *candidates) addOrg(id, path, written string) {
	if id == "" || id == c.freshOrg || len(c.orgs) >= maxCandidates {
		return
	}
	for _, o := range c.orgs {
		if o[0] == id && o[1] == path {
			return
		}
	}
	c.orgs = append(c.orgs, [3]string{id, path, written})
}

// fill replaces the wildcards of a pattern with a letter: one value the
// pattern matches.
func fill(s string) string {
	return strings.NewReplacer("*", "x", "?", "x").Replace(s)
}

// freshAddr is a public IPv4 address that no aws:SourceIp range of the
// policy contains (or the last candidate when every one is listed).
func freshAddr(texts []string) string {
	cands := []string{"198.51.100.77", "203.0.113.77", "192.0.2.77", "100.24.77.77", "52.94.77.77"}
	for _, a := range cands {
		ip, _ := netip.ParseAddr(a)
		if !slices.ContainsFunc(texts, func(t string) bool {
			pr, err := netip.ParsePrefix(t)
			if err != nil {
				if one, err := netip.ParseAddr(t); err == nil {
					return one == ip
				}
				return false
			}
			return pr.Contains(ip) && pr.Bits() > 0
		}) {
			return a
		}
	}
	return cands[len(cands)-1]
}

// fresh returns the first candidate that occurs in none of the texts.
func fresh(texts, cands []string) string {
	for _, c := range cands {
		if !slices.ContainsFunc(texts, func(t string) bool { return strings.Contains(t, c) }) {
			return c
		}
	}
	return cands[len(cands)-1]
}

// Keys a direct caller (a role session) never has, and those an AWS service
// principal never has (IAM User Guide, reference_policies_condition-keys.html).
var (
	notForRoles    = []string{"aws:sourceaccount", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner", "aws:principalservicename"}
	notForServices = []string{"aws:principalarn", "aws:principalaccount", "aws:principalorgid", "aws:principalorgpaths", "aws:userid", "aws:username"}
	orgKeys        = []string{"aws:principalorgid", "aws:principalorgpaths"}
)

// role is a direct caller: a role session (or an IAM user, for a resource
// part user/…) of account; org is its organisation ("" unknown, "-" none)
// and path its organisation path.
func (c *candidates) role(scope Reach, label, account, resource, org, path string) probe {
	arn := "arn:" + c.partition + ":iam::" + account + ":" + resource
	ctx := map[string][]string{
		"aws:principalarn":          {arn},
		"aws:principalaccount":      {account},
		"aws:userid":                {"AROAMEMLINTPROBE0000:" + c.freshName},
		"aws:principaltype":         {"AssumedRole"},
		"aws:principalisawsservice": {"false"},
	}
	absent := slices.Clone(notForRoles)
	if name, ok := strings.CutPrefix(resource, "user/"); ok {
		ctx["aws:principaltype"] = []string{"User"}
		ctx["aws:userid"] = []string{"AIDAMEMLINTPROBE0000"}
		ctx["aws:username"] = []string{name[strings.LastIndexByte(name, '/')+1:]}
	} else {
		absent = append(absent, "aws:username")
	}
	if c.resAccount != "" {
		ctx["aws:resourceaccount"] = []string{c.resAccount}
	}
	switch org {
	case "":
	case "-":
		absent = append(absent, orgKeys...)
	default:
		ctx["aws:principalorgid"] = []string{org}
		if path == "" {
			path = org + "/r-mlpr/ou-mlpr-probe/"
		}
		ctx["aws:principalorgpaths"] = []string{path}
	}
	return probe{scope: scope, label: label, account: account,
		req: iam.Request{Principal: arn, PrincipalAccount: account, Context: ctx, Absent: absent}}
}

// with returns p with the context keys set (a nil value makes a key absent).
func with(p probe, keys map[string][]string) probe {
	ctx := make(map[string][]string, len(p.req.Context)+len(keys))
	for k, v := range p.req.Context {
		ctx[k] = v
	}
	var absent []string
	for _, k := range p.req.Absent {
		if _, set := keys[k]; !set {
			absent = append(absent, k)
		}
	}
	for k, v := range keys {
		if v == nil {
			delete(ctx, k)
			absent = append(absent, k)
		} else {
			ctx[k] = v
		}
	}
	slices.Sort(absent)
	p.req.Context, p.req.Absent = ctx, absent
	return p
}

// session is p with the role session name the caller picks (aws:userid is
// role-id:session-name).
func (c *candidates) session(p probe, name string) probe {
	return with(p, map[string][]string{"aws:userid": {"AROAMEMLINTPROBE0000:" + name}})
}

// viaGateway is p calling through an AgentCore Gateway of its own account:
// the gateway "stamps the aws:SourceArn condition key with its gateway ARN on
// every request it forwards" to Memory (AgentCore developer guide,
// memory-gateway-restrict-access.html), so a role caller can carry
// aws:SourceArn and aws:SourceAccount, and anyone can create a gateway.
func (c *candidates) viaGateway(p probe) probe {
	acct := p.req.PrincipalAccount
	keys := map[string][]string{
		"aws:sourcearn":     {"arn:" + c.partition + ":bedrock-agentcore:us-east-1:" + acct + ":gateway/" + c.freshName},
		"aws:sourceaccount": {acct},
	}
	if org, ok := p.req.Context["aws:principalorgid"]; ok {
		keys["aws:sourceorgid"] = org
		keys["aws:sourceorgpaths"] = p.req.Context["aws:principalorgpaths"]
	}
	return with(p, keys)
}

// networkKeys describe the network path of a call (IAM User Guide,
// reference_policies_condition-keys.html): the VPC keys are present only for
// calls through a VPC endpoint.
var networkKeys = []string{"aws:sourcevpc", "aws:sourcevpce", "aws:vpcsourceip", "aws:sourcevpcarn"}

// fromInternet is p calling over the internet from an address the policy
// never names: no VPC keys, and a public aws:SourceIp. A stranger can always
// call that way, so a network condition that admits such a call (a negated
// or IfExists VPC condition, NotIpAddress of a private range, IpAddress
// 0.0.0.0/0) does not restrict who gets in. Without this variant a network
// condition leaves the probe undecided (Maybe).
func (c *candidates) fromInternet(p probe) probe {
	keys := map[string][]string{"aws:sourceip": {c.freshIP}}
	for _, k := range networkKeys {
		keys[k] = nil
	}
	return with(p, keys)
}

// throughOwnEndpoint is p calling through a VPC endpoint of its own: the
// VPC keys name an endpoint and VPC the policy never names, and
// aws:SourceIp is absent ("This key is not included in the request context
// ... if the requester uses a VPC endpoint", IAM User Guide,
// reference_policies_condition-keys.html#condition-keys-sourceip). A
// condition such as StringLike aws:SourceVpce "vpce-*" or IpAddressIfExists
// admits it.
func (c *candidates) throughOwnEndpoint(p probe) probe {
	return with(p, map[string][]string{
		"aws:sourceip":     nil,
		"aws:sourcevpce":   {"vpce-0mlprobe" + c.freshName[len(c.freshName)-2:]},
		"aws:sourcevpc":    {"vpc-0mlprobe" + c.freshName[len(c.freshName)-2:]},
		"aws:vpcsourceip":  {"10.77.0.77"},
		"aws:sourcevpcarn": {"arn:" + c.partition + ":ec2:us-east-1:" + p.req.PrincipalAccount + ":vpc/vpc-0mlprobe"},
	})
}

// service is an AWS service principal acting for account (org as in role).
func (c *candidates) service(scope Reach, label, account, org string) probe {
	ctx := map[string][]string{
		"aws:sourceaccount":         {account},
		"aws:sourceowner":           {account},
		"aws:sourcearn":             {"arn:" + c.partition + ":bedrock-agentcore:us-east-1:" + account + ":gateway/" + c.freshName},
		"aws:principalisawsservice": {"true"},
		"aws:principalservicename":  {"memlint-probe.amazonaws.com"},
	}
	if c.resAccount != "" {
		ctx["aws:resourceaccount"] = []string{c.resAccount}
	}
	absent := slices.Clone(notForServices)
	switch org {
	case "":
	case "-":
		absent = append(absent, "aws:sourceorgid", "aws:sourceorgpaths")
	default:
		ctx["aws:sourceorgid"] = []string{org}
		ctx["aws:sourceorgpaths"] = []string{org + "/r-mlpr/ou-mlpr-probe/"}
	}
	return probe{scope: scope, label: label, account: account, service: true,
		req: iam.Request{Principal: "memlint-probe.amazonaws.com", Service: true, Context: ctx, Absent: absent}}
}

// probes are the callers that can reach the memory through a principal value
// of class cls, broadest scope first.
//
// The stranger (Public) is a role or user of an account the policy never
// names (or one its account patterns admit), in an organisation it never
// names or in none, with a fresh name or one its aws:PrincipalArn and
// aws:username patterns admit, calling as it may: directly, over the
// internet, through its own VPC endpoint, through its own AgentCore Gateway,
// with a session name the aws:userid patterns admit. AWS services acting for
// it count separately (ViaService).
func (c *candidates) probes(cls iam.Principal) []probe {
	var out []probe
	// A named account's (or role's) organisation is a fact about the
	// account, not the caller's choice, and memlint does not know it: the
	// account is tried in each organisation the policy names and in none, so
	// a grant is found whichever the account's membership makes it.
	orgs := append(slices.Clone(c.orgs), [3]string{"-", "", ""})
	// ways are how a caller can shape its request; a way that changes only
	// keys no condition reads cannot change the answer and is left out.
	network := c.uses("aws:sourceip", "aws:sourcevpc", "aws:sourcevpce", "aws:vpcsourceip", "aws:sourcevpcarn")
	gateway := c.uses("aws:sourcearn", "aws:sourceaccount", "aws:sourceorgid", "aws:sourceorgpaths", "aws:sourceowner")
	ways := func(p probe) []probe {
		ps := []probe{p}
		if network {
			ps = append(ps, c.fromInternet(p), c.throughOwnEndpoint(p))
		}
		if gateway {
			ps = append(ps, c.viaGateway(p))
		}
		for _, sess := range c.sessions {
			ps = append(ps, c.session(p, sess))
		}
		return ps
	}
	inOrgs := func(scope Reach, label, account, resource string) {
		for _, o := range orgs {
			out = append(out, ways(c.role(scope, label, account, resource, o[0], o[1]))...)
		}
	}
	named := func(account string) {
		for _, arn := range c.named {
			a, _ := iam.ParseARN(arn)
			if account != "" && a.Account != account {
				continue
			}
			inOrgs(Principals, arn, a.Account, a.Resource)
		}
		// Roles of a named account that an aws:PrincipalArn pattern admits
		// (arn:aws:iam::B:role/app-*): that account's administrators can
		// create them, but they are not every role of the account.
		for _, pt := range c.patterns {
			if account == "" || pt[0] == account {
				inOrgs(Principals, "arn:"+c.partition+":iam::"+pt[0]+":"+pt[1], pt[0], pt[1])
			}
		}
	}
	switch cls.Class {
	case model.ClassPublic:
		names := []string{"role/" + c.freshName}
		if c.uses("aws:principaltype", "aws:username", "aws:userid", "aws:principalarn") {
			names = append(names, "user/"+c.freshName) // an IAM user differs from a role session only there
		}
		names = append(names, c.names...)
		for _, acct := range append([]string{c.freshAcct}, c.wildAccts...) {
			for _, org := range []string{c.freshOrg, "-"} {
				for _, n := range names {
					out = append(out, ways(c.role(Public, "", acct, n, org, ""))...)
				}
				out = append(out, c.service(Public, "", acct, org))
			}
		}
		for _, o := range c.orgs {
			for _, n := range names {
				out = append(out, ways(c.role(Organization, orgLabel(o), c.freshAcct, n, o[0], o[1]))...)
			}
		}
		for _, a := range c.accounts {
			inOrgs(Account, a, a, "role/"+c.freshName)
			out = append(out, c.service(Account, a, a, ""))
		}
		named("")
	case model.ClassAccount:
		inOrgs(Account, cls.Account, cls.Account, "role/"+c.freshName)
		named(cls.Account)
	case model.ClassRole, model.ClassUser:
		a, err := iam.ParseARN(cls.ARN)
		if err != nil || !iam.IsAccountID(a.Account) {
			return nil
		}
		inOrgs(Principals, cls.ARN, a.Account, a.Resource)
	case model.ClassAssumedRole:
		a, err := iam.ParseARN(cls.ARN)
		if err != nil || !iam.IsAccountID(a.Account) {
			return nil
		}
		roleName, _, _ := strings.Cut(strings.TrimPrefix(a.Resource, "assumed-role/"), "/")
		for _, o := range orgs {
			p := c.role(Principals, cls.ARN, a.Account, "role/"+roleName, o[0], o[1])
			p.req.Principal = cls.ARN
			out = append(out, ways(p)...)
		}
	}
	return out
}

// uses reports whether a condition of the statements reads one of keys.
func (c *candidates) uses(keys ...string) bool {
	return slices.ContainsFunc(keys, func(k string) bool { return c.keys[k] })
}

// orgLabel is an organisation as the policy writes it.
func orgLabel(o [3]string) string { return o[2] }

// absentFor are the service condition keys the action does not support:
// they are never in its request context (a positive condition on one never
// holds). Keys the catalog does not know stay the caller's choice.
func (c *candidates) absentFor(action string) []string {
	if v, ok := c.absent[action]; ok {
		return v
	}
	var out []string
	a, ok := iamdata.LookupAction(action)
	for _, k := range c.serviceKeys {
		if _, known := iamdata.LookupConditionKey(k); ok && known && !iamdata.ActionSupportsKey(a, k) {
			out = append(out, k)
		}
	}
	c.absent[action] = out
	return out
}

// evalAction decides every probe for one action and folds the answers into
// the action's reach.
func evalAction(pol *model.Policy, action, memoryARN, memoryAccount string, probes []probe, c *candidates) ActionReach {
	res := memoryARN
	if res == "" {
		acct := memoryAccount
		if acct == "" {
			acct = c.freshAcct
		}
		// Statements were stripped of their Resource: any ARN of the account does.
		res = "arn:" + c.partition + ":bedrock-agentcore:us-east-1:" + acct + ":memory/unknown"
	}
	absent := c.absentFor(action)
	ar := ActionReach{Action: action, Reach: None}
	best := map[Reach]iam.Tri{}
	direct := map[Reach]bool{}
	var yesAccts, maybeAccts, orgs []string
	scoped := map[string]bool{}
	for _, pb := range probes {
		req := pb.req
		req.Action, req.Resource, req.ResourceAccount = action, res, memoryAccount
		req.Absent = append(slices.Clip(req.Absent), absent...)
		req.Chosen = iam.ChosenByCaller
		r := iam.Evaluate(req, nil, pol)
		t := min(r.Resource.Allow, iam.Yes-r.Resource.Deny)
		if t == iam.No {
			continue
		}
		best[pb.scope] = max(best[pb.scope], t)
		if t == iam.Yes {
			if !pb.service {
				direct[pb.scope] = true
			}
			for _, k := range r.Scoped {
				scoped[k] = true
			}
			switch pb.scope {
			case Account, Principals:
				yesAccts = append(yesAccts, pb.account)
			case Organization:
				orgs = append(orgs, pb.label)
			}
		} else {
			maybeAccts = append(maybeAccts, pb.account)
		}
	}
	for _, s := range []Reach{Public, Organization, Account, Principals} {
		switch {
		case best[s] == iam.Yes && ar.Reach == None:
			ar.Reach = s
		case best[s] == iam.Maybe && ar.Reach == None && ar.Maybe == "":
			ar.Maybe = s
		}
	}
	ar.ViaService = ar.Reach != None && !direct[ar.Reach]
	switch ar.Reach {
	case Account, Principals:
		ar.Accounts = sortedSet(yesAccts)
	case Organization:
		ar.Orgs = sortedSet(orgs)
	}
	for k := range scoped {
		ar.Scoped = append(ar.Scoped, k)
	}
	slices.Sort(ar.Scoped)
	ar.Outside = outside(ar.Reach, ar.Accounts, memoryAccount)
	if ar.Outside != iam.Yes && ar.Maybe != "" {
		if m := outside(ar.Maybe, sortedSet(maybeAccts), memoryAccount); m != iam.No {
			ar.Outside = iam.Maybe
		}
	}
	return ar
}

// outside says whether a reach lets in a caller of another account than the
// memory's.
func outside(r Reach, accounts []string, memoryAccount string) iam.Tri {
	switch r {
	case Public, Organization:
		return iam.Yes
	case None:
		return iam.No
	}
	if memoryAccount == "" {
		return iam.Maybe
	}
	for _, a := range accounts {
		if a != memoryAccount {
			return iam.Yes
		}
	}
	return iam.No
}

func sortedSet(ss []string) []string {
	slices.Sort(ss)
	return slices.Compact(ss)
}

// AbsentKeys are the service condition keys of the policies that action does
// not support: never in its request context, so a request for action lists
// them in iam.Request.Absent (a positive condition on one never holds, as
// IAM evaluates it). Keys the catalog does not know are left out.
func AbsentKeys(action string, policies ...*model.Policy) []string {
	a, ok := iamdata.LookupAction(action)
	if !ok {
		return nil
	}
	var out []string
	for _, p := range policies {
		for _, s := range p.Statements {
			for _, c := range s.Conditions {
				k := strings.ToLower(c.Key.Value)
				if strings.HasPrefix(k, "aws:") || slices.Contains(out, k) {
					continue
				}
				if _, known := iamdata.LookupConditionKey(k); known && !iamdata.ActionSupportsKey(a, k) {
					out = append(out, k)
				}
			}
		}
	}
	return out
}
