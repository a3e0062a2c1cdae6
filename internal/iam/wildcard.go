package iam

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MatchWildcard reports whether value matches pattern with IAM wildcard
// semantics: * matches any run of characters including none (it crosses '/'
// and ':'), ? matches exactly one character (one rune), everything else
// matches itself, case-sensitively (IAM User Guide,
// reference_policies_elements_resource.html and the StringLike row of
// reference_policies_elements_condition_operators.html). There is no escape
// character: policy variables such as ${*} must be substituted by the caller.
//
// It runs the greedy two-pointer algorithm, which never backtracks further
// than the last *: O(len(pattern)+len(value)) on typical input,
// O(len(pattern)·len(value)) at worst, never exponential. A byte that is not
// valid UTF-8 counts as one character.
func MatchWildcard(pattern, value string) bool {
	return match(pattern, value, false)
}

// MatchWildcardFold is MatchWildcard ignoring case: letters match under
// Unicode simple case folding, as strings.EqualFold compares them.
func MatchWildcardFold(pattern, value string) bool {
	return match(pattern, value, true)
}

// MatchAction reports whether the action pattern of an Action or NotAction
// element matches action (service:Action). "The prefix and the action name
// are case insensitive" and may hold wildcards (IAM User Guide,
// reference_policies_elements_action.html), so this is MatchWildcardFold over
// the whole string: "*" matches every action, "s3:Get*" matches
// "S3:getobject".
func MatchAction(pattern, action string) bool {
	return match(pattern, action, true)
}

// MatchARN reports whether arn matches pattern with ArnLike semantics: both
// are split into the six colon-delimited components and each component is
// matched separately with case-sensitive MatchWildcard; the sixth
// (resource) component keeps its remaining colons. A wildcard therefore
// never crosses the colon between two components ("arn:aws:sns:*:111122223333:t"
// does not match an ARN whose region field is "us-east-1:999999999999"). A
// pattern or an ARN with fewer than six components matches nothing, except
// that the pattern "*" alone matches everything (IAM User Guide,
// reference_policies_elements_condition_operators.html, "Amazon Resource
// Name (ARN) condition operators": "Each of the six colon-delimited
// components of the ARN is checked separately").
//
// ArnEquals and ArnLike behave identically, so both use MatchARN.
func MatchARN(pattern, arn string) bool {
	if pattern == "*" {
		return true
	}
	if !hasWildcard(pattern) {
		// Equal strings split into equal components.
		return pattern == arn && strings.Count(arn, ":") >= 5
	}
	for range 5 {
		pf, prest, ok := strings.Cut(pattern, ":")
		if !ok {
			return false
		}
		vf, vrest, ok := strings.Cut(arn, ":")
		if !ok || !match(pf, vf, false) {
			return false
		}
		pattern, arn = prest, vrest
	}
	return match(pattern, arn, false)
}

// MatchResource reports whether an entry of a Resource or NotResource
// element matches the resource ARN: "*" matches every resource, any other
// entry is matched component by component like MatchARN (IAM User Guide,
// reference_policies_elements_resource.html). An entry with fewer than six
// components whose last one ends with * matches as if that * stood for the
// missing ones ("arn:aws:codepipeline:*" as "arn:aws:codepipeline:*:*:*"):
// the page says a * that ends a segment "can expand to match beyond the
// colon boundaries". A * that ends a middle component is still kept to its
// component here; the page does not say how far it reaches when more
// components follow it, and no ARN memlint evaluates depends on it.
func MatchResource(pattern, arn string) bool {
	return MatchARN(padResource(pattern), arn)
}

// Covers reports whether the wildcard pattern a matches every string that
// the wildcard pattern b matches (case-insensitively when fold is set, as
// for actions), e.g. "s3:Get*" covers "s3:GetObject" and "s3:GetObject*",
// and "arn:aws:s3:::b/*" covers "arn:aws:s3:::b/x/*".
//
// The answer is sound but not complete: true is always right, false may be
// wrong for exotic pairs. When b has no wildcards it is exactly
// MatchWildcard(a, b). When it has, b's wildcards are treated as characters
// that only a's * can absorb (a's ? may also stand for a ? of b), which proves
// coverage of every string b matches. Pairs that need reasoning about what
// b's * expands to are missed: "?*" does cover "*?" (both mean "at least one
// character") but Covers says false. Invalid UTF-8 in either pattern makes
// Covers fall back to a == b or a made of * only.
//
// Covers compares whole strings, as Action elements and String conditions
// do; compare Resource entries with CoversResource, which respects ARN
// components.
func Covers(a, b string, fold bool) bool {
	if a == b || strings.Trim(a, "*") == "" && a != "" {
		return true
	}
	if !utf8.ValidString(a) || !utf8.ValidString(b) {
		return false
	}
	if !hasWildcard(b) {
		return match(a, b, fold)
	}
	return coversTokens(a, b, fold)
}

// CoversResource reports whether the Resource entry a matches every ARN the
// Resource entry b matches under MatchResource. It applies Covers to each of
// the six components, which is sound because MatchResource matches the
// components independently. "*" covers everything; "*" is covered only by
// "*"; an entry with fewer than six components covers nothing unless it ends
// with * (MatchResource completes it).
func CoversResource(a, b string) bool {
	if a == "*" {
		return true
	}
	if b == "*" {
		return false
	}
	a, b = padResource(a), padResource(b)
	for range 5 {
		af, arest, ok := strings.Cut(a, ":")
		if !ok {
			return false
		}
		bf, brest, ok := strings.Cut(b, ":")
		if !ok || !Covers(af, bf, false) {
			return false
		}
		a, b = arest, brest
	}
	return Covers(a, b, false)
}

// hasWildcard reports whether s holds * or ?.
func hasWildcard(s string) bool {
	return strings.ContainsAny(s, "*?")
}

// match is the greedy two-pointer wildcard matcher behind MatchWildcard and
// MatchWildcardFold. p and v advance together; at a * it records where it
// was and lets the * absorb nothing; at a mismatch it returns to the last *
// and lets it absorb one more rune of v. Only the last * is ever revisited,
// which is what keeps it polynomial.
//
// Case-sensitive matching compares runs of literal bytes at once and, after
// a *, skips straight to the next occurrence of the literal that follows it:
// literal bytes compare equal exactly when the runes they encode do, since
// UTF-8 is self-synchronising and both indexes sit on rune boundaries.
func match(p, v string, fold bool) bool {
	if !fold && strings.IndexByte(p, '*') < 0 && strings.IndexByte(p, '?') < 0 {
		return p == v
	}
	pi, vi := 0, 0
	starP, starV := -1, 0
	for vi < len(v) {
		if pi < len(p) {
			switch c := p[pi]; {
			case c == '*':
				for pi+1 < len(p) && p[pi+1] == '*' {
					pi++
				}
				if pi+1 == len(p) {
					return true // a trailing * absorbs the rest
				}
				starP, starV = pi, vi
				pi++
				continue
			case c == '?':
				pi++
				vi += runeLen(v, vi)
				continue
			case !fold:
				n := 1 // the literal run up to the next wildcard
				for pi+n < len(p) && p[pi+n] != '*' && p[pi+n] != '?' {
					n++
				}
				if n <= len(v)-vi && p[pi:pi+n] == v[vi:vi+n] {
					pi += n
					vi += n
					continue
				}
			case c < utf8.RuneSelf && v[vi] < utf8.RuneSelf:
				if c == v[vi] || lower(c) == lower(v[vi]) {
					pi++
					vi++
					continue
				}
			default:
				pr, pw := utf8.DecodeRuneInString(p[pi:])
				vr, vw := utf8.DecodeRuneInString(v[vi:])
				eq := foldEq(pr, vr)
				if pr == utf8.RuneError && pw == 1 || vr == utf8.RuneError && vw == 1 {
					// A byte that is not UTF-8 matches only itself.
					eq = pw == vw && p[pi:pi+pw] == v[vi:vi+vw]
				}
				if eq {
					pi += pw
					vi += vw
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		starV += runeLen(v, starV)
		if c := p[starP+1]; !fold && c != '?' && utf8.RuneStart(c) {
			// The * must absorb up to an occurrence of c, the byte after
			// it; a byte that starts a rune occurs in v only where a rune
			// starts.
			k := strings.IndexByte(v[starV:], c)
			if k < 0 {
				return false
			}
			starV += k
		}
		pi, vi = starP+1, starV
	}
	for pi < len(p) && p[pi] == '*' {
		pi++
	}
	return pi == len(p)
}

// runeLen returns the byte length of the rune at s[i:] (1 for a byte that is
// not valid UTF-8).
func runeLen(s string, i int) int {
	if s[i] < utf8.RuneSelf {
		return 1
	}
	_, w := utf8.DecodeRuneInString(s[i:])
	return w
}

// lower maps an ASCII upper-case letter to lower case.
func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// foldEq reports whether r and s are equal under Unicode simple case
// folding (the orbit walk of strings.EqualFold).
func foldEq(r, s rune) bool {
	if r == s {
		return true
	}
	if s < r {
		r, s = s, r
	}
	t := unicode.SimpleFold(r)
	for t != r && t < s {
		t = unicode.SimpleFold(t)
	}
	return t == s
}

// token is one character of a pattern: a literal rune, or a wildcard (star
// or question mark) when wild is set.
type token struct {
	r    rune
	wild bool
}

// coversTokens matches the pattern a against the pattern b read as a string
// of tokens: a's * absorbs any run of tokens (wildcards included), a's ?
// one token other than a *, a literal one equal literal token. Every pattern
// element but * consumes exactly one token, so the greedy algorithm of
// match is exact for this token language.
func coversTokens(a, b string, fold bool) bool {
	var tb []token
	for _, r := range b {
		tb = append(tb, token{r, r == '*' || r == '?'})
	}
	ai, bi := 0, 0
	starA, starB := -1, 0
	for bi < len(tb) {
		if ai < len(a) {
			r, w := utf8.DecodeRuneInString(a[ai:])
			t := tb[bi]
			switch {
			case r == '*':
				starA, starB = ai, bi
				ai++
				continue
			case r == '?':
				if !t.wild || t.r == '?' {
					ai++
					bi++
					continue
				}
			case !t.wild && (r == t.r || fold && foldEq(r, t.r)):
				ai += w
				bi++
				continue
			}
		}
		if starA < 0 {
			return false
		}
		starB++
		ai, bi = starA+1, starB
	}
	for ai < len(a) && a[ai] == '*' {
		ai++
	}
	return ai == len(a)
}
