package iam

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"net/netip"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Operator is a parsed condition operator such as
// "ForAnyValue:StringLikeIfExists" (IAM User Guide,
// reference_policies_elements_condition_operators.html and
// reference_policies_multi-value-conditions.html).
type Operator struct {
	Raw       string // as written
	Base      string // without qualifier and IfExists, e.g. "StringLike"
	Qualifier string // "ForAllValues", "ForAnyValue" or ""
	IfExists  bool   // the IfExists suffix: an absent key makes the condition true
	Negated   bool   // StringNotEquals, ArnNotLike, NotIpAddress, ...
	// Family is the value type compared: "string", "arn", "numeric", "date",
	// "bool", "binary", "ip" or "null".
	Family string
	// Wildcards is set when * and ? in policy values are wildcards
	// (StringLike, StringNotLike and all four Arn operators); in every other
	// operator they are literal characters.
	Wildcards bool
	// IgnoreCase is set for StringEqualsIgnoreCase and StringNotEqualsIgnoreCase.
	IgnoreCase bool
}

// Errors ParseOperator wraps, for callers that branch on them.
var (
	// ErrUnknownOperator is returned for a name that is not a condition
	// operator, including a known name in the wrong case.
	ErrUnknownOperator = errors.New("unknown condition operator")
	// ErrNullIfExists is returned for NullIfExists: "You can add IfExists
	// to the end of any condition operator name except the Null condition"
	// (Access Analyzer "Null with if exists").
	ErrNullIfExists = errors.New("null with if exists")
)

// cmp is the comparison an operator makes.
type cmp uint8

const (
	cmpEq cmp = iota // equal (string: exact, like or ignore-case per flags)
	cmpLT
	cmpLE
	cmpGT
	cmpGE
)

// opInfo is one row of the operator table.
type opInfo struct {
	family                         string
	cmp                            cmp
	negated, wildcards, ignoreCase bool
}

// operators is every IAM condition operator, by base name (IAM User Guide,
// reference_policies_elements_condition_operators.html). "ArnEquals and
// ArnLike behave identically", both with wildcards.
var operators = map[string]opInfo{
	"StringEquals":              {family: "string"},
	"StringNotEquals":           {family: "string", negated: true},
	"StringEqualsIgnoreCase":    {family: "string", ignoreCase: true},
	"StringNotEqualsIgnoreCase": {family: "string", ignoreCase: true, negated: true},
	"StringLike":                {family: "string", wildcards: true},
	"StringNotLike":             {family: "string", wildcards: true, negated: true},
	"NumericEquals":             {family: "numeric"},
	"NumericNotEquals":          {family: "numeric", negated: true},
	"NumericLessThan":           {family: "numeric", cmp: cmpLT},
	"NumericLessThanEquals":     {family: "numeric", cmp: cmpLE},
	"NumericGreaterThan":        {family: "numeric", cmp: cmpGT},
	"NumericGreaterThanEquals":  {family: "numeric", cmp: cmpGE},
	"DateEquals":                {family: "date"},
	"DateNotEquals":             {family: "date", negated: true},
	"DateLessThan":              {family: "date", cmp: cmpLT},
	"DateLessThanEquals":        {family: "date", cmp: cmpLE},
	"DateGreaterThan":           {family: "date", cmp: cmpGT},
	"DateGreaterThanEquals":     {family: "date", cmp: cmpGE},
	"Bool":                      {family: "bool"},
	"BinaryEquals":              {family: "binary"},
	"IpAddress":                 {family: "ip"},
	"NotIpAddress":              {family: "ip", negated: true},
	"ArnEquals":                 {family: "arn", wildcards: true},
	"ArnLike":                   {family: "arn", wildcards: true},
	"ArnNotEquals":              {family: "arn", wildcards: true, negated: true},
	"ArnNotLike":                {family: "arn", wildcards: true, negated: true},
	"Null":                      {family: "null"},
}

// OperatorNames returns the base names of all condition operators, sorted.
func OperatorNames() []string {
	names := make([]string, 0, len(operators))
	for n := range operators {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// ParseOperator parses a condition operator: an optional set qualifier
// "ForAllValues:" or "ForAnyValue:", a base operator, and an optional
// "IfExists" suffix.
//
// Names are case-sensitive: IAM rejects "stringEquals" with
// MalformedPolicyDocument "Invalid Condition type" (condition key names, by
// contrast, are case-insensitive). A name that differs from a real one only
// in case is reported as unknown, with the right spelling in the error.
func ParseOperator(s string) (Operator, error) {
	op := Operator{Raw: s}
	rest := s
	for _, q := range []string{"ForAllValues", "ForAnyValue"} {
		if r, ok := strings.CutPrefix(rest, q+":"); ok {
			op.Qualifier, rest = q, r
			break
		}
	}
	info, ok := operators[rest]
	if !ok {
		if b, found := strings.CutSuffix(rest, "IfExists"); found {
			info, ok = operators[b]
			rest, op.IfExists = b, true
		}
	}
	if !ok {
		if hint := spelling(s); hint != "" {
			return Operator{}, fmt.Errorf("parse condition operator %q: %w (names are case-sensitive: did you mean %q?)", s, ErrUnknownOperator, hint)
		}
		return Operator{}, fmt.Errorf("parse condition operator %q: %w", s, ErrUnknownOperator)
	}
	if rest == "Null" && op.IfExists {
		return Operator{}, fmt.Errorf("parse condition operator %q: %w (IfExists cannot be added to Null)", s, ErrNullIfExists)
	}
	op.Base = rest
	op.Negated = info.negated
	op.Family = info.family
	op.Wildcards = info.wildcards
	op.IgnoreCase = info.ignoreCase
	return op, nil
}

// spelling returns the correctly cased operator that s spells in another
// case, or "".
func spelling(s string) string {
	rest, qual := s, ""
	for _, q := range []string{"ForAllValues:", "ForAnyValue:"} {
		if len(rest) >= len(q) && strings.EqualFold(rest[:len(q)], q) {
			qual, rest = q, rest[len(q):]
			break
		}
	}
	suffix := ""
	if n := len("IfExists"); len(rest) > n && strings.EqualFold(rest[len(rest)-n:], "IfExists") {
		suffix, rest = "IfExists", rest[:len(rest)-n]
	}
	for name := range operators {
		if strings.EqualFold(name, rest) {
			return qual + name + suffix
		}
	}
	return ""
}

// MatchValue reports whether one request value satisfies op against one
// policy value, the per-value primitive of condition evaluation:
//
//   - string: exact (StringEquals), case-insensitive (…IgnoreCase) or
//     MatchWildcard (StringLike); * and ? are literal outside the Like
//     operators;
//   - arn: MatchARN, component by component, case-sensitive;
//   - numeric: integers and decimals compared exactly;
//   - date: ISO 8601 (W3C profile: 2006-01, 2006-01-02,
//     2006-01-02T15:04Z07:00, with seconds and fractions) or epoch seconds;
//     a string of digits is always epoch seconds, never a bare year;
//   - bool: "true" or "false", any case;
//   - binary: base64 values compared byte for byte after decoding;
//   - ip: the request address lies in the policy CIDR (a bare address is
//     /32 or /128);
//   - null: the request value is present, so the key is not null: true
//     exactly when the policy value is "false" (see MatchNull for absence).
//
// A negated operator (StringNotLike, ArnNotEquals, NotIpAddress, …) returns
// the negation for this one value. When either value cannot be read as the
// operator's type (a numeric operator given "ten"), MatchValue returns false
// for positive and negated operators alike: the comparison is not satisfied,
// and Access Analyzer reports the type mismatch. An Operator whose Base is
// not a condition operator never matches.
//
// Everything above one value pair is the caller's job: substituting policy
// variables; combining several policy values for one key (OR, except for
// negated operators where AWS documents AND: "not any of"); the
// ForAllValues/ForAnyValue qualifiers over multi-valued request keys; and
// absent keys, where IfExists makes the condition true, negated operators
// are true and positive ones false (reference_policies_elements_condition_operators.html,
// "Important"; reference_policies_multi-value-conditions.html).
func MatchValue(op Operator, policyValue, requestValue string) bool {
	info, ok := operators[op.Base]
	if !ok {
		return false
	}
	var m bool
	switch info.family {
	case "string":
		switch {
		case info.wildcards:
			m = MatchWildcard(policyValue, requestValue)
		case info.ignoreCase:
			m = strings.EqualFold(policyValue, requestValue)
		default:
			m = policyValue == requestValue
		}
	case "arn":
		m = MatchARN(policyValue, requestValue)
	case "numeric":
		c, ok := compareNumbers(requestValue, policyValue)
		if !ok {
			return false
		}
		m = info.cmp.holds(c)
	case "date":
		r, ok1 := parseDate(requestValue)
		p, ok2 := parseDate(policyValue)
		if !ok1 || !ok2 {
			return false
		}
		m = info.cmp.holds(r.Compare(p))
	case "bool":
		r, ok1 := parseBool(requestValue)
		p, ok2 := parseBool(policyValue)
		if !ok1 || !ok2 {
			return false
		}
		m = r == p
	case "binary":
		p, err1 := base64.StdEncoding.DecodeString(policyValue)
		r, err2 := base64.StdEncoding.DecodeString(requestValue)
		if err1 != nil || err2 != nil {
			m = policyValue == requestValue
		} else {
			m = bytes.Equal(p, r)
		}
	case "ip":
		prefix, ok1 := parsePrefix(policyValue)
		addr, err := netip.ParseAddr(requestValue)
		if !ok1 || err != nil {
			return false
		}
		m = prefix.Contains(addr.Unmap())
	case "null":
		b, ok := parseBool(policyValue)
		if !ok {
			return false
		}
		m = !b
	}
	if info.negated {
		return !m
	}
	return m
}

// MatchNull reports whether a Null condition with policyValue ("true": the
// key must be absent, "false": it must be present) is satisfied when the
// request key is present or not. A policy value that is not a boolean never
// matches.
func MatchNull(policyValue string, present bool) bool {
	b, ok := parseBool(policyValue)
	return ok && b != present
}

// holds reports whether the comparison result c (request versus policy
// value, -1, 0 or +1) satisfies the operator's comparison.
func (k cmp) holds(c int) bool {
	switch k {
	case cmpLT:
		return c < 0
	case cmpLE:
		return c <= 0
	case cmpGT:
		return c > 0
	case cmpGE:
		return c >= 0
	}
	return c == 0
}

// parseBool reads "true" or "false" in any case.
func parseBool(s string) (bool, bool) {
	switch {
	case strings.EqualFold(s, "true"):
		return true, true
	case strings.EqualFold(s, "false"):
		return false, true
	}
	return false, false
}

// compareNumbers compares two decimal numbers exactly ("an integer or
// decimal value"). It accepts an optional sign, digits and an optional
// fraction, and nothing else: no exponent, hex, NaN or infinity.
func compareNumbers(a, b string) (int, bool) {
	if !isDecimal(a) || !isDecimal(b) {
		return 0, false
	}
	x, err1 := strconv.ParseInt(a, 10, 64)
	y, err2 := strconv.ParseInt(b, 10, 64)
	if err1 == nil && err2 == nil {
		switch {
		case x < y:
			return -1, true
		case x > y:
			return 1, true
		}
		return 0, true
	}
	var rx, ry big.Rat
	if _, ok := rx.SetString(a); !ok {
		return 0, false
	}
	if _, ok := ry.SetString(b); !ok {
		return 0, false
	}
	return rx.Cmp(&ry), true
}

// isDecimal reports whether s is [+-]digits[.digits], digits on at least
// one side of the point.
func isDecimal(s string) bool {
	if s != "" && (s[0] == '+' || s[0] == '-') {
		s = s[1:]
	}
	digits, point := 0, false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			digits++
		case c == '.' && !point:
			point = true
		default:
			return false
		}
	}
	return digits > 0
}

// dateLayouts are the W3C ISO 8601 profile that IAM date operators accept
// ("one of the W3C implementations of the ISO 8601 date formats"), plus
// date-times without a zone, read as UTC. time.RFC3339 also accepts
// fractional seconds when parsing.
var dateLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02",
	"2006-01",
}

// parseDate reads an IAM date value: epoch seconds (all digits, as
// aws:EpochTime compares) or one of dateLayouts.
func parseDate(s string) (time.Time, bool) {
	if s != "" && strings.Trim(s, "0123456789") == "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.Unix(n, 0), true
	}
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// parsePrefix reads an IpAddress policy value: a CIDR block, or an address
// that stands for /32 (IPv4) or /128 (IPv6).
func parsePrefix(s string) (netip.Prefix, bool) {
	if strings.IndexByte(s, '/') >= 0 {
		p, err := netip.ParsePrefix(s)
		if err != nil {
			return netip.Prefix{}, false
		}
		if p.Addr().Is4In6() {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), p.IsValid()
	}
	a, err := netip.ParseAddr(s)
	if err != nil {
		return netip.Prefix{}, false
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), true
}
