package output

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzExcerpt feeds arbitrary source lines and columns to the caret
// excerpt: no panic, nothing a terminal would act on, one caret, and the
// caret within (or just past) the shown line.
func FuzzExcerpt(f *testing.F) {
	f.Add("\t\"Principal\": {\"AWS\": \"arn:aws:iam::222233334444:root\"},", 17, 20)
	f.Add("  \"😀x\": \x1b[2J\"arn\"", 6, 7)
	f.Add(strings.Repeat("x", 500), 300, 310)
	f.Add("", 1, 0)
	f.Fuzz(func(t *testing.T, line string, col, endCol int) {
		if !utf8.ValidString(line) || col < 1 || col > 1<<20 || endCol > 1<<20 {
			t.Skip()
		}
		src, marks := excerpt(line, col, endCol)
		for _, s := range []string{src, marks} {
			for _, r := range s {
				if unicode.IsControl(r) || unicode.Is(unicode.Bidi_Control, r) {
					t.Fatalf("control character %U in %q", r, s)
				}
			}
		}
		if strings.Count(marks, "^") != 1 {
			t.Fatalf("marks %q: want one caret", marks)
		}
		at := utf8.RuneCountInString(marks[:strings.Index(marks, "^")])
		if at > textWidth(src) {
			t.Fatalf("caret at %d past the line %q", at, src)
		}
		if utf8.RuneCountInString(src) > excerptWidth+2*len("…")+8*excerptWidth {
			t.Fatalf("excerpt of %d characters", utf8.RuneCountInString(src))
		}
	})
}

// FuzzGitHubEscape checks that an escaped property value holds nothing
// that ends it and unescapes to the value.
func FuzzGitHubEscape(f *testing.F) {
	f.Add("a:b,c%d\r\n.json")
	f.Fuzz(func(t *testing.T, s string) {
		p := ghProperty(s)
		if strings.ContainsAny(p, ":,\r\n") {
			t.Fatalf("%q escapes to %q", s, p)
		}
		d := ghData(s)
		if strings.ContainsAny(d, "\r\n") {
			t.Fatalf("%q escapes to %q", s, d)
		}
		unescape := strings.NewReplacer("%0D", "\r", "%0A", "\n", "%3A", ":", "%2C", ",", "%25", "%")
		if got := unescape.Replace(p); got != s {
			t.Fatalf("%q: escaped %q unescapes to %q", s, p, got)
		}
	})
}

// TestExcerptWide checks the caret line counts terminal columns: two for a
// wide character, none for a combining mark.
func TestExcerptWide(t *testing.T) {
	for _, tc := range []struct {
		line        string
		col, endCol int
		marks       string
	}{
		{"中文x", 3, 4, "    ^"},
		{"\"名前\": 1", 2, 4, " ^~~~"},
		{"e\u0301x", 3, 4, " ^"},
		{"😀x", 3, 4, "  ^"},
	} {
		if _, marks := excerpt(tc.line, tc.col, tc.endCol); marks != tc.marks {
			t.Errorf("excerpt(%q, %d, %d): marks %q, want %q", tc.line, tc.col, tc.endCol, marks, tc.marks)
		}
	}
}
