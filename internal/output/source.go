package output

import (
	"bytes"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/memlint/memlint/internal/termsafe"
)

// excerptWidth is how many characters of a source line the text format shows
// around the column: a minified policy is one line of many kilobytes.
const excerptWidth = 120

// sources reads and caches the lines of the files findings point into.
type sources struct {
	read  func(string) ([]byte, error)
	files map[string][][]byte // nil entry: unreadable or not UTF-8 text
}

func newSources(read func(string) ([]byte, error)) *sources {
	if read == nil {
		read = os.ReadFile
	}
	return &sources{read: read, files: map[string][][]byte{}}
}

// line returns line n (1-based) of file without its line ending, and false
// when the file cannot be read, is not UTF-8 text (a UTF-16 file memlint
// decoded: its positions are not byte positions of the file), or is shorter.
func (s *sources) line(file string, n int) (string, bool) {
	lines, ok := s.files[file]
	if !ok {
		data, err := s.read(file)
		if err == nil {
			data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
			if utf8.Valid(data) {
				lines = bytes.Split(data, []byte("\n"))
			}
		}
		s.files[file] = lines
	}
	if n < 1 || n > len(lines) {
		return "", false
	}
	return strings.TrimSuffix(string(lines[n-1]), "\r"), true
}

// excerpt renders a source line and the caret line under it: the caret sits
// under col (1-based, in UTF-16 code units as memlint's columns are) and
// tildes continue it to endCol (exclusive; 0 or before col: the caret alone).
// Tabs become single spaces and control characters are escaped as the rest
// of the report escapes them, with the caret placed after the escaping; a
// long line is cut to a window around the column, marked with "…".
func excerpt(line string, col, endCol int) (src, marks string) {
	type cell struct {
		text  string // what is shown for one character
		units int    // its UTF-16 code units in the file
	}
	var cells []cell
	for _, r := range line {
		t := string(r)
		if r == '\t' {
			t = " "
		} else {
			t = termsafe.Line(t)
		}
		cells = append(cells, cell{text: t, units: utf16Len(r)})
	}
	// Which cells the columns fall in.
	start, end := len(cells), len(cells)
	unit := 1
	for i, c := range cells {
		if unit <= col && col < unit+c.units && start == len(cells) {
			start = i
		}
		if endCol > col && unit < endCol {
			end = i + 1
		}
		unit += c.units
	}
	if endCol <= col || end <= start {
		end = start + 1
	}
	lo := 0
	if start > excerptWidth/2 {
		lo = start - excerptWidth/2
	}
	hi := min(len(cells), lo+excerptWidth)
	var sb, mb strings.Builder
	if lo > 0 {
		sb.WriteString("…")
		mb.WriteString(" ")
	}
	for i := lo; i < hi; i++ {
		sb.WriteString(cells[i].text)
		w := textWidth(cells[i].text)
		switch {
		case i < start:
			mb.WriteString(strings.Repeat(" ", w))
		case i == start:
			mb.WriteString("^" + strings.Repeat("~", max(w, 1)-1))
		case i < end:
			mb.WriteString(strings.Repeat("~", w))
		}
	}
	if start >= hi { // the column is past the end of the line (a newline)
		mb.WriteString("^")
	}
	if hi < len(cells) {
		sb.WriteString("…")
	}
	return sb.String(), mb.String()
}

// textWidth is how many terminal columns s takes: two for a wide or
// fullwidth East Asian character (most CJK characters and emoji), none for
// a combining mark, one for anything else, so that the caret line lines up
// under what a terminal shows.
func textWidth(s string) int {
	n := 0
	for _, r := range s {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me):
		case r >= 0x1100 && isWide(r):
			n += 2
		default:
			n++
		}
	}
	return n
}

func isWide(r rune) bool {
	switch width.LookupRune(r).Kind() {
	case width.EastAsianWide, width.EastAsianFullwidth:
		return true
	}
	return false
}

func utf16Len(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
