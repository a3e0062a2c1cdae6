// Package suggest finds the word a user probably meant: the "did you mean"
// of unknown commands, flags, rule IDs and slugs, and configuration keys.
package suggest

import (
	"strings"

	"github.com/agnivade/levenshtein"
)

// Closest returns the candidate nearest to word by edit distance, compared
// without case, or "" when none is near enough to be a likely typo: at most
// one edit (insertion, deletion or substitution) in three characters of the
// longer word and fewer edits than word has characters, or word a prefix of
// exactly one candidate. Ties go to the first candidate given.
func Closest(word string, candidates []string) string {
	w := strings.ToLower(word)
	if w == "" {
		return ""
	}
	best, bestDist := "", -1
	for _, c := range candidates {
		lc := strings.ToLower(c)
		if lc == w {
			return c
		}
		d := levenshtein.ComputeDistance(w, lc)
		if d <= max(1, (max(len(w), len(lc))+1)/3) && d < len(w) && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	if best != "" {
		return best
	}
	var prefixed []string
	for _, c := range candidates {
		if len(w) >= 2 && strings.HasPrefix(strings.ToLower(c), w) {
			prefixed = append(prefixed, c)
		}
	}
	if len(prefixed) == 1 {
		return prefixed[0]
	}
	return ""
}

// DidYouMean is " (did you mean X?)" for the closest candidate, or "".
func DidYouMean(word string, candidates []string) string {
	if c := Closest(word, candidates); c != "" {
		return " (did you mean " + c + "?)"
	}
	return ""
}
