package iamdata

import "strings"

// IAM compares service prefixes, action names and condition keys without
// regard to case. Catalog names are ASCII, so ASCII folding is exact and
// costs no allocation.

func lowerByte(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

// asciiLower lower-cases ASCII letters; s is returned as is when it has none.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if 'A' <= s[i] && s[i] <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				b[j] = lowerByte(b[j])
			}
			return string(b)
		}
	}
	return s
}

// equalFold reports whether a and b are equal ignoring ASCII case.
func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		if lowerByte(a[i]) != lowerByte(b[i]) {
			return false
		}
	}
	return true
}

// compareFold compares a and b as if both were ASCII-lower-cased, the order
// the generator sorts names in.
func compareFold(a, b string) int {
	n := min(len(a), len(b))
	for i := range n {
		ca, cb := lowerByte(a[i]), lowerByte(b[i])
		if ca != cb {
			if ca < cb {
				return -1
			}
			return 1
		}
	}
	switch {
	case len(a) < len(b):
		return -1
	case len(a) > len(b):
		return 1
	}
	return 0
}

func hasWildcard(s string) bool { return strings.ContainsAny(s, "*?") }

// glob reports whether s matches pattern, which must be lower-case: '*'
// matches any run of characters, '?' exactly one, anything else itself
// regardless of case. It takes bytes too, so that callers can match
// "service:Action" assembled in a reused buffer. It runs in
// O(len(pattern)·len(s)) time in the worst case and never allocates.
func glob[S string | []byte](pattern string, s S) bool {
	px, sx := 0, 0
	starP, starS := -1, 0
	for sx < len(s) {
		if px < len(pattern) {
			switch c := pattern[px]; c {
			case '*':
				starP, starS = px, sx
				px++
				continue
			case '?':
				px++
				sx++
				continue
			default:
				if lowerByte(s[sx]) == c {
					px++
					sx++
					continue
				}
			}
		}
		if starP < 0 {
			return false
		}
		// Backtrack: let the last '*' swallow one more character.
		starS++
		px, sx = starP+1, starS
	}
	for px < len(pattern) && pattern[px] == '*' {
		px++
	}
	return px == len(pattern)
}

// isTemplate reports whether a catalog condition key has a placeholder:
// ${Name} as in aws:ResourceTag/${TagKey}, or <name> as in
// s3:RequestObjectTag/<key>.
func isTemplate(key string) bool {
	i, _ := nextPlaceholder(key)
	return i >= 0
}

// nextPlaceholder returns the start and end (exclusive) of the first
// placeholder in t, or -1, -1.
func nextPlaceholder(t string) (int, int) {
	i := strings.IndexAny(t, "$<")
	for i >= 0 {
		if t[i] == '<' {
			if j := strings.IndexByte(t[i:], '>'); j > 0 {
				return i, i + j + 1
			}
		} else if strings.HasPrefix(t[i:], "${") {
			if j := strings.IndexByte(t[i:], '}'); j > 0 {
				return i, i + j + 1
			}
		}
		k := strings.IndexAny(t[i+1:], "$<")
		if k < 0 {
			break
		}
		i += 1 + k
	}
	return -1, -1
}

// matchTemplate reports whether key is an instance of the catalog key tmpl,
// ignoring case. Each placeholder stands for one or more characters of any
// kind ('/' included: tag keys may contain it). The literal text tmpl shares
// with key is returned as the match's specificity. A key without
// placeholders matches only itself.
func matchTemplate(tmpl, key string) (ok bool, literal int) {
	// The first literal segment anchors the start, the last the end; each
	// middle segment is placed leftmost after at least one character, which
	// leaves the most room for the rest.
	ps, pe := nextPlaceholder(tmpl)
	if ps < 0 {
		return equalFold(tmpl, key), len(tmpl)
	}
	if len(key) < ps || !equalFold(key[:ps], tmpl[:ps]) {
		return false, 0
	}
	literal = ps
	pos := ps // key[:pos] is matched
	rest := tmpl[pe:]
	for {
		ps, pe = nextPlaceholder(rest)
		if ps < 0 {
			// Last segment: a suffix, after at least one placeholder character.
			if len(key)-len(rest) < pos+1 || !equalFold(key[len(key)-len(rest):], rest) {
				return false, 0
			}
			return true, literal + len(rest)
		}
		seg := rest[:ps]
		i := indexFold(key, seg, pos+1)
		if i < 0 {
			return false, 0
		}
		literal += len(seg)
		pos = i + len(seg)
		rest = rest[pe:]
	}
}

// indexFold returns the first index ≥ from where sub occurs in s ignoring
// ASCII case, or -1.
func indexFold(s, sub string, from int) int {
	for i := from; i+len(sub) <= len(s); i++ {
		if equalFold(s[i:i+len(sub)], sub) {
			return i
		}
	}
	return -1
}

// keyMatches reports whether key is the catalog key ck or an instance of it.
func keyMatches(ck, key string) bool {
	if equalFold(ck, key) {
		return true
	}
	if !isTemplate(ck) {
		return false
	}
	ok, _ := matchTemplate(ck, key)
	return ok
}
