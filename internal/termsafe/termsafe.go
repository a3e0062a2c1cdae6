// Package termsafe makes text taken from input files safe to print on a
// terminal, in messages that are not findings (the text report escapes
// findings itself): usage errors, manifest errors, --verbose lines.
package termsafe

import (
	"fmt"
	"strings"
	"unicode"
)

// Line escapes control characters (ESC, BEL, CR, line feeds, tabs…) as \xNN
// and bidirectional formatting characters as \uNNNN, so a file name or value
// quoted from an input can neither move the cursor, change colours, start a
// line that looks like another message nor reorder what is shown.
func Line(s string) string {
	if !needs(s) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch {
		case unicode.IsControl(r):
			fmt.Fprintf(&b, "\\x%02x", r)
		case unicode.Is(unicode.Bidi_Control, r):
			fmt.Fprintf(&b, "\\u%04x", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func needs(s string) bool {
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
			return true
		}
	}
	return false
}
