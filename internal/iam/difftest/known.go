package difftest

import (
	"encoding/json"
	"net/netip"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/memlint/memlint/internal/iam"
)

// KnownDifference is a documented difference between memlint's reading of
// the IAM documentation and the simulator's: a class of cases where the two
// disagree, what each answers, and the documentation memlint follows.
//
// A difference is recognised by rewriting: Rewrite turns a case into one
// that says, in the policy language, what the simulator reads the
// construct as (a condition the simulator finds false becomes a condition
// that is false, and so on). A disagreement is explained when memlint's
// answer to the rewritten case equals the simulator's answer to the
// original, exactly. Merely containing the construct explains nothing.
type KnownDifference struct {
	ID string
	// Memlint and Simulator say what each side answers.
	Memlint, Simulator string
	// Quote is the documentation's sentence memlint follows, at URL.
	Quote, URL string
	// Rewrite returns c with the construct read the simulator's way, and
	// whether c has the construct at all.
	Rewrite func(c *Case) (*Case, bool)
}

// Explains reports whether the disagreement between memlint and the
// simulator's outcome s on c is this known difference.
func (k KnownDifference) Explains(c *Case, s Outcome) bool {
	d, ok := k.Rewrite(c)
	return ok && disagreement(Memlint(d), s) == ""
}

// Known are the documented differences. Each has its shrunk case in
// known.json (checked by TestKnownCases) and a table test in internal/iam
// (TestKnownDifferences) asserting memlint's reading.
var Known = []KnownDifference{
	{
		ID:        "unversioned-policy-variable",
		Memlint:   "in a policy without \"Version\": \"2012-10-17\", ${…} is literal text",
		Simulator: "the variable is substituted whatever the Version",
		Quote:     "If you do not include a Version element, the value defaults to 2008-10-17, but newer features, such as policy variables, will not work with your policy. For example, variables such as ${aws:username} aren't recognized as variables and are instead treated as literal strings in the policy.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html",
		Rewrite: func(c *Case) (*Case, bool) {
			d := c.clone()
			found := false
			for _, p := range d.policies() {
				if p.Version == "" {
					b, _ := json.Marshal(p)
					if strings.Contains(string(b), "${") {
						p.Version, found = "2012-10-17", true
					}
				}
			}
			return d, found
		},
	},
	{
		ID:        "ifexists-set-operator-absent-key",
		Memlint:   "ForAnyValue:…IfExists on a key the request does not carry is true: IfExists decides an absent key",
		Simulator: "false: ForAnyValue on an absent key is false, IfExists notwithstanding",
		Quote:     "If the key is not present, evaluate the condition element as true.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
		Rewrite: func(c *Case) (*Case, bool) {
			return rewriteConditions(c, func(op iam.Operator, key string, vals []string, ctx []string, present bool) (string, []string, bool) {
				if op.Qualifier != "ForAnyValue" || !op.IfExists || present {
					return "", nil, false
				}
				return strings.TrimSuffix(op.Raw, "IfExists"), vals, true
			})
		},
	},
	{
		ID:        "multivalued-key-without-set-operator",
		Memlint:   "an operator without ForAnyValue/ForAllValues on a multivalued key present in the request is read as ForAnyValue (positive operators) or ForAllValues (negated ones)",
		Simulator: "false, whatever the operator and values",
		Quote:     "Multivalued context keys require a condition set operator.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html",
		Rewrite: func(c *Case) (*Case, bool) {
			return rewriteConditions(c, func(op iam.Operator, key string, vals []string, ctx []string, present bool) (string, []string, bool) {
				if op.Qualifier != "" || op.Base == "Null" || !present || keyType(key) != "ArrayOfString" {
					return "", nil, false
				}
				return "Null", []string{"true"}, true // false: the key is present
			})
		},
	},
	{
		ID:        "negated-operator-unresolved-variable",
		Memlint:   "a negated string or ARN operator whose policy value holds a variable with no value (no default) is satisfied by that value",
		Simulator: "false: the value with the unresolved variable fails, and a negated operator needs every value to hold",
		Quote:     "Inverted condition operators like StringNotEquals or StringNotLike do match against a null value, as the value of the condition key they are testing against is not equal to or like the effectively null value.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value",
		Rewrite: func(c *Case) (*Case, bool) {
			return rewriteConditions(c, func(op iam.Operator, key string, vals []string, ctx []string, present bool) (string, []string, bool) {
				if !op.Negated || (op.Family != "string" && op.Family != "arn") || !present {
					return "", nil, false
				}
				for _, v := range vals {
					if unresolved(c, v) {
						return "Null", []string{"true"}, true // false: the key is present
					}
				}
				return "", nil, false
			})
		},
	},
	{
		ID:        "variable-with-slash-in-untyped-resource",
		Memlint:   "a policy variable such as ${aws:PrincipalTag/project} is substituted in a resource ARN whose resource part has no type prefix (an SNS topic name)",
		Simulator: "the entry matches nothing: the simulator splits the resource part at the first '/', which lies inside the variable",
		Quote:     "In the Resource element, you can use JSON policy variables in the part of the ARN that identifies the specific resource (that is, in the trailing part of the ARN).",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html",
		Rewrite: func(c *Case) (*Case, bool) {
			d := c.clone()
			found := false
			for _, p := range d.policies() {
				if p.Version == "" {
					continue // no variables in a policy without a version
				}
				for _, s := range p.Statement {
					for _, l := range []*[]string{&s.Resource, &s.NotResource} {
						for i, r := range *l {
							parts := strings.SplitN(r, ":", 6)
							if len(parts) < 6 || (parts[2] == "s3" && parts[3] == "" && parts[4] == "") {
								continue // the simulator does not split an S3 bucket's resource part
							}
							// The first '/' lies inside a ${...}.
							res := parts[5]
							open, slash := strings.Index(res, "${"), strings.IndexByte(res, '/')
							if open < 0 || slash < open {
								continue
							}
							if end := strings.IndexByte(res[open:], '}'); end < 0 || open+end < slash {
								continue
							}
							parts[5] = "no-such-resource"
							parts[4] = "000000000000"
							(*l)[i] = strings.Join(parts, ":")
							found = true
						}
					}
				}
			}
			return d, found
		},
	},
	{
		ID:        "ipv4-zero-prefix",
		Memlint:   "IpAddress 0.0.0.0/0 covers every IPv4 address",
		Simulator: "0.0.0.0/0 covers only 0.0.0.0 (a 32-bit shift by 32 in JavaScript is a shift by 0)",
		Quote:     "The value must be in the standard CIDR format (for example, 203.0.113.0/24 or 2001:DB8:1234:5678::/64).",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress",
		Rewrite: func(c *Case) (*Case, bool) {
			return rewriteConditions(c, func(op iam.Operator, key string, vals []string, ctx []string, present bool) (string, []string, bool) {
				if op.Family != "ip" {
					return "", nil, false
				}
				changed := false
				out := make([]string, len(vals))
				for i, v := range vals {
					out[i] = v
					if p, err := netip.ParsePrefix(v); err == nil && p.Addr().Is4() && p.Bits() == 0 {
						out[i] = p.Addr().String() + "/32"
						changed = true
					}
				}
				return op.Raw, out, changed
			})
		},
	},
	{
		ID:        "date-epoch-against-iso",
		Memlint:   "a date in epoch seconds and one in ISO 8601 are compared as the instants they name",
		Simulator: "the epoch value is compared as a count of milliseconds (Date.parse's unit) against the ISO one's milliseconds",
		Quote:     "You must specify date/time values with one of the W3C implementations of the ISO 8601 date formats or in epoch (UNIX) time.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date",
		Rewrite: func(c *Case) (*Case, bool) {
			return rewriteConditions(c, func(op iam.Operator, key string, vals []string, ctx []string, present bool) (string, []string, bool) {
				if op.Family != "date" || !present || len(ctx) != 1 {
					return "", nil, false
				}
				reqEpoch := isEpoch(ctx[0])
				changed := false
				out := make([]string, len(vals))
				for i, v := range vals {
					out[i] = v
					switch {
					case isEpoch(v) && !reqEpoch:
						// The simulator's number: seconds read as milliseconds.
						n, _ := strconv.ParseInt(v, 10, 64)
						out[i] = time.UnixMilli(n).UTC().Format(time.RFC3339Nano)
						changed = true
					case !isEpoch(v) && reqEpoch:
						if t, ok := parseISO(v); ok {
							out[i] = strconv.FormatInt(t.UnixMilli(), 10)
							changed = true
						}
					}
				}
				return op.Raw, out, changed
			})
		},
	},
	{
		ID:        "notresource-unresolved-variable",
		Memlint:   "a NotResource entry holding a variable with no value matches no resource, so it excludes nothing and the statement applies",
		Simulator: "the statement does not apply",
		Quote:     "If a variable that has no value in the authorization context is used as part of the Resource or NotResource element of a policy, the resource that includes a policy variable with no value will not match any resource.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value",
		Rewrite: func(c *Case) (*Case, bool) {
			d := c.clone()
			found := false
			for _, p := range d.policies() {
				if p.Version == "" {
					continue
				}
				for _, s := range p.Statement {
					for _, r := range s.NotResource {
						if _, tail := splitResource(r); unresolved(d, tail) {
							s.NotResource = []string{"*"} // excludes everything: never applies
							found = true
							break
						}
					}
				}
			}
			return d, found
		},
	},
	{
		ID:        "arn-condition-variable-before-resource-portion",
		Memlint:   "an ARN operator's value such as arn:aws:iam::${aws:PrincipalAccount}:role/app has its variable substituted, then is compared component by component",
		Simulator: "the value matches nothing: the simulator splits it at the colon inside ${aws:…}",
		Quote:     "You can use a policy variable for Condition values in any condition that involves the string operators or the ARN operators.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse",
		Rewrite: func(c *Case) (*Case, bool) {
			return rewriteConditions(c, func(op iam.Operator, key string, vals []string, ctx []string, present bool) (string, []string, bool) {
				if op.Family != "arn" {
					return "", nil, false
				}
				changed := false
				out := make([]string, len(vals))
				for i, v := range vals {
					out[i] = v
					if head, _ := splitResource(v); strings.Contains(head, "${") || (head == "" && strings.Contains(v, "${")) {
						out[i] = "arn:aws:iam::000000000000:role/no-such-role"
						changed = true
					}
				}
				return op.Raw, out, changed
			})
		},
	},
	{
		ID:        "not-ip-address-bare-address-other-family",
		Memlint:   "NotIpAddress with a bare address (203.0.113.7, read as /32) holds for a request from an address of the other family (IPv6), as it does for a CIDR block",
		Simulator: "false for a bare address of the other family (true for a CIDR block)",
		Quote:     "If you specify an IP address without the associated routing prefix, IAM uses the default prefix value of /32.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress",
		Rewrite: func(c *Case) (*Case, bool) {
			return rewriteConditions(c, func(op iam.Operator, key string, vals []string, ctx []string, present bool) (string, []string, bool) {
				if op.Base != "NotIpAddress" || !present {
					return "", nil, false
				}
				for _, rv := range ctx {
					ra, err := netip.ParseAddr(rv)
					if err != nil {
						continue
					}
					for _, v := range vals {
						if a, err := netip.ParseAddr(v); err == nil && a.Is4() != ra.Is4() {
							return "Null", []string{"true"}, true // false: the key is present
						}
					}
				}
				return "", nil, false
			})
		},
	},
	{
		ID:        "notresource-short-arn",
		Memlint:   "a NotResource entry with fewer than six ARN fields whose trailing * stands for the fields after it (arn:aws:s3:us-east-1:*) excludes only what it matches, so the statement applies to other resources",
		Simulator: "an entry it pads with * that does not match makes the statement not apply",
		Quote:     "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards",
		Rewrite: func(c *Case) (*Case, bool) {
			d := c.clone()
			found := false
			for i, p := range d.policies() {
				resource := d.ResourcePolicy != nil && i == len(d.policies())-1
				for _, s := range p.Statement {
					for _, r := range s.NotResource {
						short := strings.HasPrefix(r, "arn:") && strings.Count(r, ":") < 5
						// The simulator pads short entries of identity
						// policies, and those with a * of resource policies.
						if short && (!resource || strings.Contains(r, "*")) && !iam.MatchResource(r, d.Resource) {
							s.NotResource = []string{"*"} // never applies
							found = true
							break
						}
					}
				}
			}
			return d, found
		},
	},
	{
		ID:        "boundary-wildcard-principal-same-account",
		Memlint:   "in the caller's account, a resource-policy Allow to \"*\" is limited by the caller's permissions boundary, as one to the role ARN is; only one naming the IAM user or the role session ARN is not",
		Simulator: "an Allow to \"*\" is not limited by the boundary, as one to the session or user ARN is not",
		Quote:     "Within an account, an implicit deny in a permissions boundary does not limit the permissions granted to an IAM user by a resource-based policy.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html#access_policies_boundaries-eval-logic",
		Rewrite: func(c *Case) (*Case, bool) {
			// The boundary allows what the "*" grant allows: the grant
			// then stands whatever the boundary says, as in the simulator.
			if c.Boundary == nil || c.ResourcePolicy == nil || c.Service() {
				return c, false
			}
			if a := strings.Split(c.Principal, ":"); len(a) < 5 || a[4] != c.ResourceAccount {
				return c, false
			}
			d := c.clone()
			found := false
			for _, s := range d.ResourcePolicy.Statement {
				if s.Effect != "Allow" || s.Principal == nil || (!s.Principal.Star && !slices.Contains(s.Principal.Typed["AWS"], "*")) {
					continue
				}
				if b, _ := json.Marshal(s); d.Boundary.Version != d.ResourcePolicy.Version && strings.Contains(string(b), "${") {
					// Its variables would read otherwise in the boundary:
					// give the boundary the resource policy's Version,
					// unless that changes how the boundary reads itself.
					if bb, _ := json.Marshal(d.Boundary); strings.Contains(string(bb), "${") {
						continue
					}
					d.Boundary.Version = d.ResourcePolicy.Version
				}
				cp := *s
				cp.Principal = nil
				d.Boundary.Statement = append(d.Boundary.Statement, &cp)
				found = true
			}
			return d, found
		},
	},
	{
		ID:        "rcp-short-arn",
		Memlint:   "a Resource or NotResource entry of an RCP with fewer than six ARN fields and a trailing * (arn:aws:s3:*) matches as in any other policy: the * stands for the fields after it",
		Simulator: "the entry is not valid in an RCP and matches nothing",
		Quote:     "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon boundaries.",
		URL:       "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html#reference_policies_elements_resource_wildcards",
		Rewrite: func(c *Case) (*Case, bool) {
			if c.Org == nil {
				return c, false
			}
			d := c.clone()
			found := false
			for _, op := range d.Org.Policies {
				if op.Kind != "rcp" {
					continue
				}
				for _, s := range op.Policy.Statement {
					for _, l := range []*[]string{&s.Resource, &s.NotResource} {
						for i, r := range *l {
							if strings.HasPrefix(r, "arn:") && strings.Count(r, ":") < 5 {
								(*l)[i] = "arn:aws:iam::000000000000:role/no-such-role" // matches nothing
								found = true
							}
						}
					}
				}
			}
			return d, found
		},
	},
}

// splitResource splits an ARN value after its fifth colon, counting the
// colons the simulator counts (those inside ${...} too); head is "" when
// there are fewer than five.
func splitResource(s string) (head, tail string) {
	n := 0
	for i := range len(s) {
		if s[i] == ':' {
			if n++; n == 5 {
				return s[:i+1], s[i+1:]
			}
		}
	}
	return "", s
}

// classify returns the ID of the known difference that explains the
// disagreement on c, trying each alone and then all together, or "".
func classify(c *Case, s Outcome) string {
	for _, k := range Known {
		if k.Explains(c, s) {
			return k.ID
		}
	}
	d := c
	var ids []string
	for _, k := range Known {
		if r, ok := k.Rewrite(d); ok {
			d = r
			ids = append(ids, k.ID)
		}
	}
	if len(ids) > 1 && disagreement(Memlint(d), s) == "" {
		return strings.Join(ids, "+")
	}
	return ""
}

// rewriteConditions applies f to every condition of c's policies; f
// returns the new operator and values for one, and whether it changed it.
// ctx are the request's values of the key and present whether it has any.
func rewriteConditions(c *Case, f func(op iam.Operator, key string, vals, ctx []string, present bool) (string, []string, bool)) (*Case, bool) {
	d := c.clone()
	found := false
	for _, p := range d.policies() {
		for _, s := range p.Statement {
			if s.Condition == nil {
				continue
			}
			next := map[string]map[string][]string{}
			for _, opName := range sortedKeys(s.Condition) {
				op, err := iam.ParseOperator(opName)
				for _, key := range sortedKeys(s.Condition[opName]) {
					vals := s.Condition[opName][key]
					newOp, newVals := opName, vals
					if err == nil {
						ctx := lookup(d, key)
						if o, v, ok := f(op, key, vals, ctx, len(ctx) > 0); ok {
							newOp, newVals, found = o, v, true
						}
					}
					if next[newOp] == nil {
						next[newOp] = map[string][]string{}
					}
					if _, dup := next[newOp][key]; dup {
						// Two conditions on one key under one operator are
						// ANDed: keep both by varying the key's case.
						key = strings.ToUpper(key[:1]) + key[1:]
					}
					next[newOp][key] = newVals
				}
			}
			s.Condition = next
		}
	}
	return d, found
}

// lookup returns the request's values of key (case-insensitive).
func lookup(c *Case, key string) []string {
	for k, v := range c.Context {
		if strings.EqualFold(k, key) {
			return v
		}
	}
	return nil
}

// keyType returns the generator's type of a condition key.
func keyType(key string) string {
	for name, k := range keyByName {
		if strings.EqualFold(name, key) {
			return k.typ
		}
	}
	return ""
}

// unresolved reports whether the policy value v holds a policy variable
// with no value in c and no default.
func unresolved(c *Case, v string) bool {
	for {
		i := strings.Index(v, "${")
		if i < 0 {
			return false
		}
		j := strings.IndexByte(v[i:], '}')
		if j < 0 {
			return false
		}
		inner := v[i+2 : i+j]
		v = v[i+j+1:]
		name, _, hasDefault := strings.Cut(inner, ",")
		name = strings.TrimSpace(name)
		if name == "*" || name == "?" || name == "$" || hasDefault {
			continue
		}
		if len(lookup(c, name)) == 0 {
			return true
		}
	}
}

func isEpoch(s string) bool { return s != "" && strings.Trim(s, "0123456789") == "" }

func parseISO(s string) (time.Time, bool) {
	for _, l := range []string{time.RFC3339Nano, "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05", "2006-01-02", "2006-01"} {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}
