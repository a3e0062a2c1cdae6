package source

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/memlint/memlint/rules"
)

// span prints a location as "line:col-endLine:endCol".
func span(l rules.Location) string {
	return fmt.Sprintf("%d:%d-%d:%d", l.Line, l.Col, l.EndLine, l.EndCol)
}

// byteOffset converts a 1-based line and UTF-16 column of data to a byte
// offset, independently of the package's line table: lines are split at
// '\n' and the line's runes are counted in UTF-16 units. It reports false
// if the position is not in data.
func byteOffset(data string, line, col int) (int, bool) {
	off := 0
	for l := 1; l < line; l++ {
		i := strings.IndexByte(data[off:], '\n')
		if i < 0 {
			return 0, false
		}
		off += i + 1
	}
	if line == 1 && strings.HasPrefix(data, "\ufeff") {
		off += 3
	}
	for c := 1; c < col; {
		if off >= len(data) || data[off] == '\n' {
			return 0, false
		}
		r, n := utf8.DecodeRuneInString(data[off:])
		off += n
		if r >= 0x10000 {
			c += 2
		} else {
			c++
		}
	}
	return off, true
}

// textAt returns the text of data that l spans.
func textAt(t testing.TB, data string, l rules.Location) string {
	t.Helper()
	s, ok1 := byteOffset(data, int(l.Line), int(l.Col))
	e, ok2 := byteOffset(data, int(l.EndLine), int(l.EndCol))
	if !ok1 || !ok2 || e < s {
		t.Fatalf("location %s is not a span of the input", span(l))
	}
	return data[s:e]
}

// at follows a path of object keys and array indexes ("Statement", 0,
// "Action") from n.
func at(t testing.TB, n *Node, path ...any) *Node {
	t.Helper()
	for _, p := range path {
		switch p := p.(type) {
		case string:
			c := n.Get(p)
			if c == nil {
				t.Fatalf("no field %q in %s at %s", p, n.Kind, span(n.Loc))
			}
			n = c
		case int:
			if n.Kind != Array || p >= len(n.Items) {
				t.Fatalf("no item %d in %s at %s", p, n.Kind, span(n.Loc))
			}
			n = n.Items[p]
		}
	}
	return n
}

// walk calls fn for every node under n, and for every field.
func walk(n *Node, fn func(n *Node, f *Field)) {
	fn(n, nil)
	for _, it := range n.Items {
		walk(it, fn)
	}
	for _, f := range n.Fields {
		fn(nil, f)
		walk(f.Value, fn)
	}
}
