package iam_test

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/memlint/memlint/internal/iam"
)

// refMatch is the reference wildcard matcher for differential fuzzing: the
// pattern translated to an anchored regular expression, * to .*, ? to ., and
// everything else quoted. (?s) lets . match a newline, (?i) folds case the
// way MatchWildcardFold does.
func refMatch(t *testing.T, pattern, value string, fold bool) bool {
	return refRegexp(t, pattern, fold).MatchString(value)
}

// refRegexp compiles the reference regular expression for pattern.
func refRegexp(t *testing.T, pattern string, fold bool) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?s")
	if fold {
		b.WriteString("i")
	}
	b.WriteString(")^")
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(".*")
		case '?':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	re, err := regexp.Compile(b.String())
	if err != nil {
		t.Fatalf("reference regexp for %q: %v", pattern, err)
	}
	return re
}

func FuzzMatchWildcard(f *testing.F) {
	for _, s := range [][2]string{
		{"*", ""}, {"a*b?c", "aXXbYc"}, {"s3:Get*", "S3:getObject"}, {"?", "é"},
		{"*a*a*", "aaaa"}, {"K", "\u212a"}, {"arn:aws:s3:::b/*", "arn:aws:s3:::b/x/y"},
		{"a\nb*", "a\nbc"}, {"??", "日本"}, {"*?*?", "x"},
	} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, pattern, value string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(value) {
			// regexp reads invalid bytes as U+FFFD; MatchWildcard matches
			// them only to themselves. Still, it must not panic.
			iam.MatchWildcard(pattern, value)
			iam.MatchWildcardFold(pattern, value)
			return
		}
		if len(pattern) > 200 || len(value) > 400 {
			return // keep the regexp reference quick
		}
		if got, want := iam.MatchWildcard(pattern, value), refMatch(t, pattern, value, false); got != want {
			t.Errorf("MatchWildcard(%q, %q) = %v, reference %v", pattern, value, got, want)
		}
		if got, want := iam.MatchWildcardFold(pattern, value), refMatch(t, pattern, value, true); got != want {
			t.Errorf("MatchWildcardFold(%q, %q) = %v, reference %v", pattern, value, got, want)
		}
	})
}

func FuzzParseARN(f *testing.F) {
	for _, s := range []string{
		"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-AbCdEf1234",
		"arn:aws:s3:::b/k:x", "arn:aws:iam::${aws:PrincipalAccount}:root", "arn:aws:iam::${x",
		"arn:", "arn:::::", "", "arn:aws:s3::b", "arn:aws:iam::111122223333:role/a/b",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := iam.ParseARN(s)
		ps := iam.ValidateARN(s, iam.ARNValue)
		for _, use := range []iam.ARNUse{iam.ARNResource, iam.ARNCondition, iam.ARNPrincipal} {
			iam.ValidateARN(s, use)
		}
		if err != nil {
			if len(ps) != 1 || ps[0].Code != iam.ProblemSyntax {
				t.Errorf("ParseARN(%q) failed but ValidateARN = %v", s, ps)
			}
			return
		}
		if got := a.String(); got != s {
			t.Errorf("ParseARN(%q).String() = %q", s, got)
		}
		a.ResourceType()
		a.ResourceID()
		for _, p := range ps {
			if p.Code == iam.ProblemSyntax {
				t.Errorf("ParseARN(%q) succeeded but ValidateARN reports %v", s, p)
			}
		}
		// Without variables, the fields hold no colon except the resource.
		if !strings.Contains(s, "${") {
			for _, f := range []string{a.Partition, a.Service, a.Region, a.Account} {
				if strings.Contains(f, ":") {
					t.Errorf("ParseARN(%q) field %q holds a colon", s, f)
				}
			}
		}
	})
}

// FuzzCovers checks that Covers never claims coverage falsely: when
// Covers(a, b) holds, a must match strings that b matches, built by
// replacing each * of b with fill (or nothing) and each ? with one rune.
func FuzzCovers(f *testing.F) {
	for _, s := range [][3]string{
		{"s3:Get*", "s3:GetObject*", "x"}, {"arn:aws:s3:::b/*", "arn:aws:s3:::b/x/*", "y/z"},
		{"a*", "a?*", "q"}, {"*x*", "*x*x*", ""}, {"?*", "*?", "k"},
	} {
		f.Add(s[0], s[1], s[2])
	}
	f.Fuzz(func(t *testing.T, a, b, fill string) {
		if len(a) > 100 || len(b) > 100 || len(fill) > 20 {
			return
		}
		for _, fold := range []bool{false, true} {
			if !iam.Covers(a, b, fold) {
				continue
			}
			matches := iam.MatchWildcard
			if fold {
				matches = iam.MatchWildcardFold
			}
			q := "k"
			if r, _ := utf8.DecodeRuneInString(fill); fill != "" && r != utf8.RuneError {
				q = string(r)
			}
			for _, star := range []string{"", fill, fill + fill} {
				w := strings.NewReplacer("*", star, "?", q).Replace(b)
				if matches(b, w) && !matches(a, w) {
					t.Errorf("Covers(%q, %q, %v) but %q matches b and not a", a, b, fold, w)
				}
			}
		}
		if iam.CoversResource(a, b) {
			for _, star := range []string{"", fill} {
				w := strings.NewReplacer("*", star, "?", "k").Replace(b)
				if iam.MatchResource(b, w) && !iam.MatchResource(a, w) {
					t.Errorf("CoversResource(%q, %q) but %q matches b and not a", a, b, w)
				}
			}
		}
	})
}

// FuzzMatchARN compares MatchARN with a reference that splits both strings
// with strings.SplitN and matches each component with the regexp reference.
func FuzzMatchARN(f *testing.F) {
	f.Add("arn:aws:someservice:*:111122223333:finance/*", "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt")
	f.Add("arn:aws:s3:::b/*", "arn:aws:s3:::b/x:y")
	f.Add("*", "x")
	f.Fuzz(func(t *testing.T, pattern, arn string) {
		if !utf8.ValidString(pattern) || !utf8.ValidString(arn) || len(pattern) > 200 || len(arn) > 200 {
			return
		}
		want := pattern == "*"
		if !want {
			ps, as := strings.SplitN(pattern, ":", 6), strings.SplitN(arn, ":", 6)
			want = len(ps) == 6 && len(as) == 6
			for i := 0; want && i < 6; i++ {
				want = refMatch(t, ps[i], as[i], false)
			}
		}
		if got := iam.MatchARN(pattern, arn); got != want {
			t.Errorf("MatchARN(%q, %q) = %v, reference %v", pattern, arn, got, want)
		}
	})
}

// TestMatchWildcardExhaustive compares MatchWildcard and MatchWildcardFold
// with the regexp reference on every pattern of up to four characters over
// {a, A, é, *, ?} and every value of up to five characters over {a, A, é}.
func TestMatchWildcardExhaustive(t *testing.T) {
	t.Parallel()
	all := func(alphabet []string, n int) []string {
		out, level := []string{""}, []string{""}
		for range n {
			var next []string
			for _, s := range level {
				for _, c := range alphabet {
					next = append(next, s+c)
				}
			}
			out, level = append(out, next...), next
		}
		return out
	}
	values := all([]string{"a", "A", "é"}, 5)
	for _, p := range all([]string{"a", "A", "é", "*", "?"}, 4) {
		for _, fold := range []bool{false, true} {
			var b strings.Builder
			re := refRegexp(t, p, fold)
			for _, v := range values {
				got := iam.MatchWildcard(p, v)
				if fold {
					got = iam.MatchWildcardFold(p, v)
				}
				if want := re.MatchString(v); got != want {
					fmt.Fprintf(&b, " %q:%v", v, got)
				}
			}
			if b.Len() > 0 {
				t.Errorf("pattern %q fold=%v disagrees with the reference on%s", p, fold, b.String())
			}
		}
	}
}

// TestCoversExhaustive checks that Covers is sound on every pair of
// patterns of up to four characters over {a, b, *, ?}: whenever it claims
// that a covers b, every value of up to six characters over {a, b} that b
// matches is matched by a.
func TestCoversExhaustive(t *testing.T) {
	t.Parallel()
	all := func(alphabet string, n int) []string {
		out, level := []string{""}, []string{""}
		for range n {
			var next []string
			for _, s := range level {
				for _, c := range alphabet {
					next = append(next, s+string(c))
				}
			}
			out, level = append(out, next...), next
		}
		return out
	}
	patterns, values := all("ab*?", 4), all("ab", 6)
	claimed := 0
	for _, a := range patterns {
		for _, b := range patterns {
			if !iam.Covers(a, b, false) {
				continue
			}
			claimed++
			for _, v := range values {
				if iam.MatchWildcard(b, v) && !iam.MatchWildcard(a, v) {
					t.Errorf("Covers(%q, %q) but %q matches only b", a, b, v)
					break
				}
			}
		}
	}
	if claimed < len(patterns) {
		t.Errorf("Covers claimed only %d pairs; every pattern covers itself", claimed)
	}
}
