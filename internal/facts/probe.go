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
	accounts    []string
	orgs        [][2]string // organisation ID, organisation path ("" for a bare ID)
	names       []string    // resource parts of aws:PrincipalArn patterns, wildcards filled in: role/x, user/app-x
	named       []string    // role and user ARNs the policy names
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
	c := &candidates{partition: "aws", absent: map[string][]string{}}
	var text []string
	addAcct := func(a string) {
		if iam.IsAccountID(a) && !slices.Contains(c.accounts, a) {
			c.accounts = append(c.accounts, a)
		}
	}
	addNamed := func(arn string) {
		if !slices.Contains(c.named, arn) {
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
				case slices.Contains(arnKeys, key):
					a, err := iam.ParseARN(v.Value)
					if err != nil {
						continue
					}
					addAcct(a.Account)
					if key != "aws:principalarn" || a.Service != "iam" && a.Service != "*" {
						continue
					}
					if !strings.ContainsAny(v.Value, "*?") {
						if strings.HasPrefix(a.Resource, "role/") || strings.HasPrefix(a.Resource, "user/") {
							addNamed(v.Value)
						}
						continue
					}
					if n := fill(a.Resource); (strings.HasPrefix(n, "role/") || strings.HasPrefix(n, "user/")) && !slices.Contains(c.names, n) {
						c.names = append(c.names, n)
					}
				case slices.Contains(orgIDKeys, key):
					c.addOrg(fill(v.Value), "")
				case slices.Contains(orgPathKeys, key):
					path := fill(v.Value)
					if !strings.HasSuffix(path, "/") {
						path += "/"
					}
					org, _, _ := strings.Cut(path, "/")
					c.addOrg(org, path)
				}
			}
		}
	}
	c.freshAcct = fresh(text, []string{"210987654321", "310987654321", "410987654321", "510987654321"})
	c.freshOrg = fresh(text, []string{"o-mlprobe7x1q", "o-mlprobe8y2r", "o-mlprobe9z3s"})
	c.freshName = fresh(text, []string{"memlint-probe-q7", "memlint-probe-r8", "memlint-probe-s9"})
	c.freshIP = freshAddr(text)
	slices.Sort(c.accounts)
	return c
}

func (c *candidates) addOrg(id, path string) {
	if id == "" || id == c.freshOrg {
		return
	}
	o := [2]string{id, path}
	if !slices.Contains(c.orgs, o) {
		c.orgs = append(c.orgs, o)
	}
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

// role is a direct caller: a role session of account with the given role
// resource part; org is its organisation ("" unknown, "-" none) and path its
// organisation path.
func (c *candidates) role(scope Reach, label, account, resource, org, path string) probe {
	arn := "arn:" + c.partition + ":iam::" + account + ":" + resource
	ctx := map[string][]string{
		"aws:principalarn":          {arn},
		"aws:principalaccount":      {account},
		"aws:userid":                {"AROAMEMLINTPROBE0000:probe"},
		"aws:principaltype":         {"AssumedRole"},
		"aws:principalisawsservice": {"false"},
	}
	if strings.HasPrefix(resource, "user/") {
		ctx["aws:principaltype"] = []string{"User"}
		ctx["aws:userid"] = []string{"AIDAMEMLINTPROBE0000"}
	}
	absent := slices.Clone(notForRoles)
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
	ctx := make(map[string][]string, len(p.req.Context)+1)
	for k, v := range p.req.Context {
		ctx[k] = v
	}
	ctx["aws:sourceip"] = []string{c.freshIP}
	p.req.Context = ctx
	p.req.Absent = append(slices.Clip(p.req.Absent), networkKeys...)
	return p
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
func (c *candidates) probes(cls iam.Principal) []probe {
	var out []probe
	// A named account's (or role's) organisation is a fact about the
	// account, not the caller's choice, and memlint does not know it: the
	// account is tried in each organisation the policy names and in none, so
	// a grant is found whichever the account's membership makes it.
	orgs := append(slices.Clone(c.orgs), [2]string{"-", ""})
	inOrgs := func(scope Reach, label, account, resource string) {
		for _, o := range orgs {
			out = append(out, c.role(scope, label, account, resource, o[0], o[1]))
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
	}
	switch cls.Class {
	case model.ClassPublic:
		names := append([]string{"role/" + c.freshName}, c.names...)
		for _, org := range []string{c.freshOrg, "-"} {
			for _, n := range names {
				out = append(out, c.role(Public, "", c.freshAcct, n, org, ""))
				out = append(out, c.fromInternet(c.role(Public, "", c.freshAcct, n, org, "")))
			}
			out = append(out, c.service(Public, "", c.freshAcct, org))
		}
		for _, o := range c.orgs {
			for _, n := range names {
				out = append(out, c.role(Organization, orgLabel(o), c.freshAcct, n, o[0], o[1]))
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
		p := c.role(Principals, cls.ARN, a.Account, "role/"+c.freshName, "", "")
		roleName, _, _ := strings.Cut(strings.TrimPrefix(a.Resource, "assumed-role/"), "/")
		p.req.Principal = cls.ARN
		p.req.Context["aws:principalarn"] = []string{"arn:" + a.Partition + ":iam::" + a.Account + ":role/" + roleName}
		out = append(out, p)
	}
	return out
}

func orgLabel(o [2]string) string {
	if o[1] != "" {
		return o[1]
	}
	return o[0]
}

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
