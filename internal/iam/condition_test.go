package iam_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/iam"
)

// allOperators is the operator list of the IAM User Guide, written out
// independently of the package's table.
var allOperators = []string{
	"StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
	"StringLike", "StringNotLike",
	"NumericEquals", "NumericNotEquals", "NumericLessThan", "NumericLessThanEquals",
	"NumericGreaterThan", "NumericGreaterThanEquals",
	"DateEquals", "DateNotEquals", "DateLessThan", "DateLessThanEquals",
	"DateGreaterThan", "DateGreaterThanEquals",
	"Bool", "BinaryEquals", "IpAddress", "NotIpAddress",
	"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike", "Null",
}

func TestOperatorNames(t *testing.T) {
	t.Parallel()
	got := iam.OperatorNames()
	want := append([]string(nil), allOperators...)
	if diff := cmp.Diff(want, got, cmp.Transformer("sort", func(s []string) map[string]bool {
		m := map[string]bool{}
		for _, x := range s {
			m[x] = true
		}
		return m
	})); diff != "" || len(got) != len(want) {
		t.Errorf("OperatorNames (-want +got):\n%s", diff)
	}
}

func TestParseOperatorEveryForm(t *testing.T) {
	t.Parallel()
	for _, base := range allOperators {
		for _, q := range []string{"", "ForAllValues", "ForAnyValue"} {
			for _, ifExists := range []bool{false, true} {
				raw := base
				if q != "" {
					raw = q + ":" + raw
				}
				if ifExists {
					raw += "IfExists"
				}
				op, err := iam.ParseOperator(raw)
				if base == "Null" && ifExists {
					if !errors.Is(err, iam.ErrNullIfExists) {
						t.Errorf("ParseOperator(%q) error = %v, want ErrNullIfExists", raw, err)
					}
					continue
				}
				if err != nil {
					t.Errorf("ParseOperator(%q): %v", raw, err)
					continue
				}
				if op.Raw != raw || op.Base != base || op.Qualifier != q || op.IfExists != ifExists {
					t.Errorf("ParseOperator(%q) = %+v", raw, op)
				}
			}
		}
	}
}

func TestParseOperator(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want iam.Operator
	}{
		{"StringEquals", iam.Operator{Raw: "StringEquals", Base: "StringEquals", Family: "string"}},
		{"StringNotEqualsIgnoreCase", iam.Operator{Raw: "StringNotEqualsIgnoreCase", Base: "StringNotEqualsIgnoreCase", Family: "string", Negated: true, IgnoreCase: true}},
		{"ForAnyValue:StringLikeIfExists", iam.Operator{Raw: "ForAnyValue:StringLikeIfExists", Base: "StringLike", Qualifier: "ForAnyValue", IfExists: true, Family: "string", Wildcards: true}},
		{"ForAllValues:StringNotLike", iam.Operator{Raw: "ForAllValues:StringNotLike", Base: "StringNotLike", Qualifier: "ForAllValues", Family: "string", Wildcards: true, Negated: true}},
		{"ArnEquals", iam.Operator{Raw: "ArnEquals", Base: "ArnEquals", Family: "arn", Wildcards: true}},
		{"ArnNotLikeIfExists", iam.Operator{Raw: "ArnNotLikeIfExists", Base: "ArnNotLike", IfExists: true, Family: "arn", Wildcards: true, Negated: true}},
		{"NumericLessThanEquals", iam.Operator{Raw: "NumericLessThanEquals", Base: "NumericLessThanEquals", Family: "numeric"}},
		{"DateGreaterThan", iam.Operator{Raw: "DateGreaterThan", Base: "DateGreaterThan", Family: "date"}},
		{"BoolIfExists", iam.Operator{Raw: "BoolIfExists", Base: "Bool", IfExists: true, Family: "bool"}},
		{"BinaryEquals", iam.Operator{Raw: "BinaryEquals", Base: "BinaryEquals", Family: "binary"}},
		{"NotIpAddress", iam.Operator{Raw: "NotIpAddress", Base: "NotIpAddress", Family: "ip", Negated: true}},
		{"Null", iam.Operator{Raw: "Null", Base: "Null", Family: "null"}},
		{"ForAnyValue:Null", iam.Operator{Raw: "ForAnyValue:Null", Base: "Null", Qualifier: "ForAnyValue", Family: "null"}},
	}
	for _, tt := range tests {
		got, err := iam.ParseOperator(tt.in)
		if err != nil {
			t.Errorf("ParseOperator(%q): %v", tt.in, err)
			continue
		}
		if diff := cmp.Diff(tt.want, got); diff != "" {
			t.Errorf("ParseOperator(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}

func TestParseOperatorErrors(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		is   error
		want string // the whole error text
	}{
		{"NullIfExists", iam.ErrNullIfExists, `parse condition operator "NullIfExists": null with if exists (IfExists cannot be added to Null)`},
		{"ForAnyValue:NullIfExists", iam.ErrNullIfExists, `parse condition operator "ForAnyValue:NullIfExists": null with if exists (IfExists cannot be added to Null)`},
		{"stringEquals", iam.ErrUnknownOperator, `parse condition operator "stringEquals": unknown condition operator (names are case-sensitive: did you mean "StringEquals"?)`},
		{"forallvalues:stringlikeifexists", iam.ErrUnknownOperator, `parse condition operator "forallvalues:stringlikeifexists": unknown condition operator (names are case-sensitive: did you mean "ForAllValues:StringLikeIfExists"?)`},
		{"StringEqualsIfexists", iam.ErrUnknownOperator, `parse condition operator "StringEqualsIfexists": unknown condition operator (names are case-sensitive: did you mean "StringEqualsIfExists"?)`},
		{"StringMatches", iam.ErrUnknownOperator, `parse condition operator "StringMatches": unknown condition operator`},
		{"ForAllValue:StringEquals", iam.ErrUnknownOperator, `parse condition operator "ForAllValue:StringEquals": unknown condition operator`},
		{"ForAllValues:ForAnyValue:StringEquals", iam.ErrUnknownOperator, `parse condition operator "ForAllValues:ForAnyValue:StringEquals": unknown condition operator`},
		{"StringEqualsIfExistsIfExists", iam.ErrUnknownOperator, `parse condition operator "StringEqualsIfExistsIfExists": unknown condition operator`},
		{"IfExists", iam.ErrUnknownOperator, `parse condition operator "IfExists": unknown condition operator`},
		{"", iam.ErrUnknownOperator, `parse condition operator "": unknown condition operator`},
	}
	for _, tt := range tests {
		op, err := iam.ParseOperator(tt.in)
		if !errors.Is(err, tt.is) {
			t.Errorf("ParseOperator(%q) error = %v, want %v", tt.in, err, tt.is)
			continue
		}
		if err.Error() != tt.want {
			t.Errorf("ParseOperator(%q) error\n got %s\nwant %s", tt.in, err, tt.want)
		}
		if op != (iam.Operator{}) {
			t.Errorf("ParseOperator(%q) returned %+v with an error", tt.in, op)
		}
	}
}

func TestMatchValue(t *testing.T) {
	t.Parallel()
	tests := []struct {
		op, policy, request string
		want                bool
	}{
		{"StringEquals", "abc", "abc", true},
		{"StringEquals", "abc", "ABC", false},
		{"StringEquals", "a*", "abc", false}, // wildcards are literal
		{"StringEquals", "a*", "a*", true},
		{"StringNotEquals", "abc", "abc", false},
		{"StringNotEquals", "abc", "abd", true},
		{"StringEqualsIgnoreCase", "johndoe", "JohnDoe", true},
		{"StringNotEqualsIgnoreCase", "johndoe", "JohnDoe", false},
		{"StringLike", "home/${aws:username}/*", "home/alice/x", false}, // variables are the caller's
		{"StringLike", "home/*", "home/alice/x", true},
		{"StringLike", "t?.*", "t2.micro", true},
		{"StringLike", "t?.*", "T2.micro", false},
		{"StringNotLike", "t?.*", "m5.large", true},
		{"StringNotLike", "t?.*", "t2.micro", false},
		{"ForAnyValue:StringLikeIfExists", "a*", "ab", true}, // qualifiers don't change one pair

		{"ArnLike", "arn:aws:bedrock-agentcore:*:111122223333:memory/*", "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m", true},
		{"ArnEquals", "arn:aws:bedrock-agentcore:*:111122223333:memory/*", "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m", true},
		{"ArnLike", "arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", false},
		{"ArnNotLike", "arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", true},
		{"ArnNotEquals", "arn:aws:sns:us-east-1:111122223333:t", "arn:aws:sns:us-east-1:111122223333:t", false},
		{"ArnLike", "arn:aws:sns:*:*:t", "not-an-arn", false},
		{"ArnNotLike", "arn:aws:sns:*:*:t", "not-an-arn", true},

		{"NumericEquals", "10", "10", true},
		{"NumericEquals", "10", "10.0", true},
		{"NumericEquals", "0.1", ".1", true},
		{"NumericNotEquals", "10", "11", true},
		{"NumericLessThan", "10", "9", true},
		{"NumericLessThan", "10", "10", false},
		{"NumericLessThanEquals", "10", "10", true},
		{"NumericGreaterThan", "10", "10.5", true},
		{"NumericGreaterThanEquals", "-1", "-1", true},
		{"NumericLessThan", "99999999999999999999", "99999999999999999998", true}, // beyond int64
		{"NumericEquals", "0.30000000000000001", "0.3", false},                    // exact, not float64
		{"NumericEquals", "ten", "10", false},
		{"NumericNotEquals", "ten", "10", false}, // unreadable: false either way
		{"NumericEquals", "1e1", "10", false},
		{"NumericEquals", "NaN", "NaN", false},

		{"DateGreaterThan", "2020-01-01T00:00:01Z", "2020-06-01T00:00:00Z", true},
		{"DateGreaterThan", "2020-01-01T00:00:01Z", "2019-06-01T00:00:00Z", false},
		{"DateLessThan", "2020-01-01", "2019-12-31T23:59:59Z", true},
		{"DateEquals", "2020-01-01T00:00:00Z", "1577836800", true}, // epoch seconds
		{"DateEquals", "2020-01-01T01:00:00+01:00", "2020-01-01T00:00:00Z", true},
		{"DateEquals", "2020-01-01T00:00:00.5Z", "2020-01-01T00:00:00.5Z", true},
		{"DateNotEquals", "2020-01-01", "2020-01-02", true},
		{"DateLessThanEquals", "2020-01", "2020-01-01", true},
		{"DateGreaterThanEquals", "2020-01-01T00:00", "2020-01-01T00:00:00Z", true},
		{"DateEquals", "yesterday", "yesterday", false},

		{"Bool", "true", "true", true},
		{"Bool", "true", "TRUE", true},
		{"Bool", "false", "true", false},
		{"Bool", "yes", "yes", false},

		{"BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", true},
		{"BinaryEquals", "QmluYXJ5VmFsdWVJbkJhc2U2NA==", "QmluYXJ5VmFsdWVJbkJhc2U2NQ==", false},

		{"IpAddress", "203.0.113.0/24", "203.0.113.7", true},
		{"IpAddress", "203.0.113.0/24", "203.0.114.7", false},
		{"IpAddress", "203.0.113.7", "203.0.113.7", true}, // /32 by default
		{"IpAddress", "203.0.113.7", "203.0.113.8", false},
		{"IpAddress", "2001:DB8:1234:5678::/64", "2001:db8:1234:5678::1", true},
		{"IpAddress", "203.0.113.0/24", "::ffff:203.0.113.7", true},
		{"IpAddress", "203.0.113.5/24", "203.0.113.200", true}, // host bits ignored
		{"NotIpAddress", "203.0.113.0/24", "198.51.100.1", true},
		{"NotIpAddress", "203.0.113.0/24", "203.0.113.1", false},
		{"IpAddress", "not-an-ip", "203.0.113.1", false},
		{"NotIpAddress", "203.0.113.0/24", "not-an-ip", false},

		{"Null", "false", "anything", true}, // the key is present
		{"Null", "true", "anything", false},
	}
	for _, tt := range tests {
		op, err := iam.ParseOperator(tt.op)
		if err != nil {
			t.Fatal(err)
		}
		if got := iam.MatchValue(op, tt.policy, tt.request); got != tt.want {
			t.Errorf("MatchValue(%s, %q, %q) = %v, want %v", tt.op, tt.policy, tt.request, got, tt.want)
		}
	}
	if iam.MatchValue(iam.Operator{Base: "Bogus"}, "x", "x") {
		t.Error("an unknown operator matched")
	}
}

// TestMatchValueNegation checks that every negated operator is the exact
// negation of its positive twin on readable values.
func TestMatchValueNegation(t *testing.T) {
	t.Parallel()
	pairs := map[string]string{
		"StringNotEquals":           "StringEquals",
		"StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
		"StringNotLike":             "StringLike",
		"NumericNotEquals":          "NumericEquals",
		"DateNotEquals":             "DateEquals",
		"NotIpAddress":              "IpAddress",
		"ArnNotEquals":              "ArnEquals",
		"ArnNotLike":                "ArnLike",
	}
	values := map[string][]string{
		"string": {"a", "A", "a*", "ab", ""},
		"num":    {"1", "1.0", "2"},
		"date":   {"2020-01-01", "1577836800", "2021-01-01T00:00:00Z"},
		"ip":     {"10.0.0.0/8", "10.1.2.3", "192.168.0.1"},
		"arn":    {"arn:aws:s3:::b", "arn:aws:s3:::*", "arn:aws:s3:::c"},
	}
	kind := func(op string) string {
		switch {
		case strings.HasPrefix(op, "Numeric"):
			return "num"
		case strings.HasPrefix(op, "Date"):
			return "date"
		case strings.Contains(op, "Ip"):
			return "ip"
		case strings.HasPrefix(op, "Arn"):
			return "arn"
		}
		return "string"
	}
	for neg, pos := range pairs {
		n, _ := iam.ParseOperator(neg)
		p, _ := iam.ParseOperator(pos)
		vs := values[kind(neg)]
		for _, pv := range vs {
			for _, rv := range vs {
				if kind(neg) == "ip" && strings.Contains(rv, "/") {
					continue // a request value is an address
				}
				if iam.MatchValue(n, pv, rv) == iam.MatchValue(p, pv, rv) {
					t.Errorf("%s and %s agree on (%q, %q)", neg, pos, pv, rv)
				}
			}
		}
	}
}

func TestMatchNull(t *testing.T) {
	t.Parallel()
	tests := []struct {
		policy  string
		present bool
		want    bool
	}{
		{"true", false, true},
		{"true", true, false},
		{"false", true, true},
		{"false", false, false},
		{"TRUE", false, true},
		{"maybe", false, false},
		{"maybe", true, false},
	}
	for _, tt := range tests {
		if got := iam.MatchNull(tt.policy, tt.present); got != tt.want {
			t.Errorf("MatchNull(%q, %v) = %v, want %v", tt.policy, tt.present, got, tt.want)
		}
	}
}
