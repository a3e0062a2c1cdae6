package iam_test

import (
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/iam"
)

func TestMatchWildcard(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, value string
		want, fold     bool // fold: the MatchWildcardFold result
	}{
		{"", "", true, true},
		{"", "a", false, false},
		{"*", "", true, true},
		{"*", "anything/at:all", true, true},
		{"**", "", true, true},
		{"?", "", false, false},
		{"?", "a", true, true},
		{"?", "ab", false, false},
		{"?", "é", true, true},    // one rune, two bytes
		{"??", "é", false, false}, // not two characters
		{"?", "日", true, true},
		{"a?c", "abc", true, true},
		{"a?c", "ac", false, false},
		{"abc", "abc", true, true},
		{"abc", "ABC", false, true},
		{"a*", "a", true, true},
		{"a*", "ab/cd", true, true},
		{"*b", "aab", true, true},
		{"*b", "aba", false, false},
		{"a*b*c", "aXbYc", true, true},
		{"a*b*c", "abcabc", true, true},
		{"a*b*c", "acb", false, false},
		{"*a*a*a*", "aaa", true, true},
		{"*a*a*a*", "aa", false, false},
		{"*?", "", false, false},
		{"*?", "x", true, true},
		{"?*?", "xy", true, true},
		{"?*?", "x", false, false},
		{"home/*/docs", "home/a/b/docs", true, true}, // * crosses '/'
		{"s3:Get*", "s3:GetObject", true, true},
		{"s3:Get*", "S3:getobject", false, true},
		{"*", "\xff", true, true},
		{"?", "\xff", true, true},
		{"\xff", "\xff", true, true},
		{"\xff", "\xfe", false, false},
		{"\ufffd", "\xff", false, false}, // U+FFFD is not an invalid byte
		{"K", "\u212a", false, true},     // KELVIN SIGN folds to K
		{"straße", "STRASSE", false, false},
		{"ǅ", "ǆ", false, true},
		// Policy variables are not substituted here.
		{"${aws:username}", "alice", false, false},
		{"a*a*a*a*a*a*a*a*a*a*b", strings.Repeat("a", 200), false, false},
	}
	for _, tt := range tests {
		if got := iam.MatchWildcard(tt.pattern, tt.value); got != tt.want {
			t.Errorf("MatchWildcard(%q, %q) = %v, want %v", tt.pattern, tt.value, got, tt.want)
		}
		if got := iam.MatchWildcardFold(tt.pattern, tt.value); got != tt.fold {
			t.Errorf("MatchWildcardFold(%q, %q) = %v, want %v", tt.pattern, tt.value, got, tt.fold)
		}
	}
}

// TestMatchWildcardLinear guards against exponential backtracking: a pattern
// of many stars against a long non-matching value must still be quick.
func TestMatchWildcardLinear(t *testing.T) {
	t.Parallel()
	p := strings.Repeat("a*", 500) + "b"
	v := strings.Repeat("a", 5000)
	if iam.MatchWildcard(p, v) {
		t.Fatal("matched")
	}
}

func TestMatchAction(t *testing.T) {
	t.Parallel()
	tests := []struct {
		pattern, action string
		want            bool
	}{
		{"*", "bedrock-agentcore:CreateEvent", true},
		{"bedrock-agentcore:*", "bedrock-agentcore:CreateEvent", true},
		{"bedrock-agentcore:*", "bedrock:InvokeModel", false},
		{"bedrock-agentcore:*Memory*", "bedrock-agentcore:GetMemoryRecord", true},
		{"bedrock-agentcore:Get*", "BEDROCK-AGENTCORE:getevent", true}, // IAM: iam:ListAccessKeys = IAM:listaccesskeys
		{"bedrock-agentcore:Get*", "bedrock-agentcore:ListEvents", false},
		{"s3:?etObject", "s3:GetObject", true},
		{"s3:GetObject", "s3:GetObjectAcl", false},
	}
	for _, tt := range tests {
		if got := iam.MatchAction(tt.pattern, tt.action); got != tt.want {
			t.Errorf("MatchAction(%q, %q) = %v, want %v", tt.pattern, tt.action, got, tt.want)
		}
	}
}

func TestMatchARN(t *testing.T) {
	t.Parallel()
	const mem = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem_a-AbCdEf1234"
	tests := []struct {
		pattern, arn string
		want         bool
	}{
		{"*", mem, true},
		{"*", "not an arn", true},
		{mem, mem, true},
		{"arn:aws:bedrock-agentcore:*:*:memory/*", mem, true},
		{"arn:aws:bedrock-agentcore:us-east-1:111122223333:*", mem, true},
		{"arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/*", mem, false},
		{"arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*", mem, false},
		{"arn:aws:bedrock-agentcore:us-east-?:111122223333:memory/*", mem, true},
		{"arn:aws:bedrock-agentcore:us-east-1:111122223333:MEMORY/*", mem, false}, // case-sensitive
		{"arn:aws:*", mem, false},    // fewer than six components
		{"arn:*:*:*:*", mem, false},  // five components
		{"arn:*:*:*:x", mem, false},  // five, the last not a trailing *
		{"arn:*:*:*:*:*", mem, true}, // six
		{"arn:*:*:*:*:*", "arn:aws:s3", false},
		{"arn:aws:s3:::bucket/*", "arn:aws:s3:::bucket/a/b:c", true}, // resource keeps its colons
		{"arn:aws:logs:us-east-1:111122223333:log-group:*", "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s", true},
		// The IAM User Guide example: StringLike matches, ArnLike does not,
		// because the * may not span the region and account components.
		{"arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt", false},
	}
	for _, tt := range tests {
		if got := iam.MatchARN(tt.pattern, tt.arn); got != tt.want {
			t.Errorf("MatchARN(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, tt.want)
		}
		want := tt.want
		if short := strings.Count(tt.pattern, ":") < 5 && strings.HasSuffix(tt.pattern, "*") && tt.pattern != "*"; short {
			// In a Resource, a trailing * stands for the missing components.
			want = true
		}
		if got := iam.MatchResource(tt.pattern, tt.arn); got != want {
			t.Errorf("MatchResource(%q, %q) = %v, want %v", tt.pattern, tt.arn, got, want)
		}
	}
	// And the StringLike half of the same example.
	if !iam.MatchWildcard("arn:aws:someservice:*:111122223333:finance/*",
		"arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt") {
		t.Error("StringLike half of the IAM User Guide example does not match")
	}
}

func TestCovers(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		fold bool
		want bool
	}{
		{"s3:Get*", "s3:GetObject", true, true},
		{"s3:Get*", "S3:GETOBJECT", true, true},
		{"s3:Get*", "S3:GETOBJECT", false, false},
		{"s3:Get*", "s3:GetObject*", true, true},
		{"s3:Get*", "s3:Get*", true, true},
		{"s3:Get*", "s3:*", true, false},
		{"s3:*", "s3:Get*", true, true},
		{"*", "anything*?", false, true},
		{"**", "*", false, true},
		{"", "", false, true},
		{"", "*", false, false},
		{"a", "*", false, false},
		{"a?", "a?", false, true},
		{"a?", "a*", false, false}, // a* also matches "a"
		{"a*", "a?", false, true},
		{"a*", "a?*", false, true},
		{"?*", "*?", false, false}, // true coverage the approximation misses
		{"*x*", "*x*x*", false, true},
		{"*x*x*", "*x*", false, false},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/x/*", false, true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b", false, false},
		{"arn:aws:s3:::b/x/*", "arn:aws:s3:::b/*", false, false},
		{"arn:aws:s3:::b*", "arn:aws:s3:::b/x/*", false, true},
		{"\xff", "\xfe", false, false},
		{"\xff*", "\xfe*", false, false},
	}
	for _, tt := range tests {
		if got := iam.Covers(tt.a, tt.b, tt.fold); got != tt.want {
			t.Errorf("Covers(%q, %q, %v) = %v, want %v", tt.a, tt.b, tt.fold, got, tt.want)
		}
	}
}

func TestCoversResource(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"*", "arn:aws:s3:::b", true},
		{"*", "*", true},
		{"arn:*:*:*:*:*", "*", false}, // "*" also matches non-ARN resources
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/x/*", true},
		{"arn:aws:s3:::b/*", "arn:aws:s3:::b/x", true},
		{"arn:aws:s3:::*", "arn:aws:s3:::b/x:y", true},
		{"arn:aws:bedrock-agentcore:*:111122223333:memory/*", "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-1", true},
		{"arn:aws:bedrock-agentcore:*:111122223333:memory/*", "arn:aws:bedrock-agentcore:*:*:memory/*", false},
		// As strings "arn:aws:*:b" covers the ARN, but as a Resource it has
		// four components and matches nothing.
		{"arn:aws:*:b", "arn:aws:s3:::b", false},
		{"arn:aws:s3:::b", "arn:aws:s3:::b", true},
		// A * in a's region may not absorb b's colon-separated fields.
		{"arn:aws:sns:*:111122223333:t", "arn:aws:sns:us-east-1:111122223333:t", true},
		// A Resource with fewer components ending in * stands for the rest.
		{"arn:aws:codepipeline:*", "arn:aws:codepipeline:us-east-1:111122223333:p", true},
		{"arn:aws:codepipeline:*", "arn:aws:codepipeline:*:*:*", true},
		{"arn:aws:codepipeline:*:*:*", "arn:aws:codepipeline:*", true},
		{"arn:aws:codepipeline:us-east-1:*:*", "arn:aws:codepipeline:*", false},
		{"arn:aws:iam::*", "arn:aws:iam::*:role/*", true},
		{"arn:aws:codepipeline:*", "arn:aws:codebuild:us-east-1:111122223333:p", false},
	}
	for _, tt := range tests {
		if got := iam.CoversResource(tt.a, tt.b); got != tt.want {
			t.Errorf("CoversResource(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if !iam.Covers("arn:aws:*:b", "arn:aws:s3:::b", false) {
		t.Error("string-level Covers should hold for the four-component pattern")
	}
}
