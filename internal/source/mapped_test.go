package source

import (
	"errors"
	"strings"
	"testing"
)

// TestSourceString positions a policy spelled by a Go constant: an
// interpreted string concatenated with a raw string declared after it.
func TestSourceString(t *testing.T) {
	src := "package p\n\nconst policy = \"{\\\"Version\\\": \\\"2012-10-17\\\", \" + tail\n\nconst tail = `\"Statement\": [{\"Effect\": \"Allow\"}]}`\n"
	f := NewSourceFile("p.go", []byte(src))
	i1 := strings.Index(src, `"{\"`)
	e1 := strings.Index(src, `, " +`) + 3
	i2 := strings.Index(src, "`") + 1
	e2 := strings.LastIndex(src, "`")
	var pieces []Piece
	// The interpreted literal, one escape at a time.
	lit := src[i1+1 : e1-1]
	for k := 0; k < len(lit); {
		if lit[k] == '\\' {
			pieces = append(pieces, Piece{Value: lit[k+1 : k+2], Start: i1 + 1 + k, End: i1 + 3 + k})
			k += 2
			continue
		}
		pieces = append(pieces, Piece{Value: lit[k : k+1], Start: i1 + 1 + k, End: i1 + 2 + k, Verbatim: true})
		k++
	}
	pieces = append(pieces, Piece{Value: src[i2:e2], Start: i2, End: e2, Verbatim: true})
	n := f.String(i1, e1+len(" + tail")-1, pieces)
	if want := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}`; n.Value != want {
		t.Fatalf("value %q, want %q", n.Value, want)
	}
	if got := textAt(t, src, n.Loc); got != `"{\"Version\": \"2012-10-17\", " + tai` {
		t.Errorf("string spans %q", got)
	}
	doc, err := n.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path []any
		want string
	}{
		{[]any{"Version"}, `\"2012-10-17\"`},
		{[]any{"Statement", 0, "Effect"}, `"Allow"`},
		{[]any{"Statement"}, `[{"Effect": "Allow"}]`},
	} {
		if got := textAt(t, src, at(t, doc, tt.path...).Loc); got != tt.want {
			t.Errorf("%v spans %q, want %q", tt.path, got, tt.want)
		}
	}
	if got := textAt(t, src, doc.Fields[1].KeyLoc); got != `"Statement"` {
		t.Errorf("key Statement spans %q", got)
	}
}

// TestSourceStringError positions a syntax error inside the literal, and a
// truncated document at its end.
func TestSourceStringError(t *testing.T) {
	src := "x := `{\"a\": tru}`\ny := `{\"a\": `\n"
	f := NewSourceFile("e.go", []byte(src))
	lit := func(line string) (int, int) {
		s := strings.Index(src, line)
		i := s + strings.Index(src[s:], "`") + 1
		return i, i + strings.Index(src[i:], "`")
	}
	s, e := lit("x := ")
	_, err := f.String(s-1, e+1, []Piece{{Value: src[s:e], Start: s, End: e, Verbatim: true}}).Embedded()
	var se *Error
	if !errors.As(err, &se) || se.Loc.File != "e.go" || se.Loc.Line != 1 || se.Loc.Col != 16 {
		t.Errorf("error %v, want one at e.go:1:16, the brace after tru", err)
	}
	s, e = lit("y := ")
	_, err = f.String(s-1, e+1, []Piece{{Value: src[s:e], Start: s, End: e, Verbatim: true}}).Embedded()
	if !errors.As(err, &se) || se.Loc.Line != 2 || se.Loc.Col != 13 {
		t.Errorf("error %v, want one at e.go:2:13, the end of the literal", err)
	}
}

// TestSourceStringVerbatimMismatch maps a piece said to be verbatim that is
// not the file's bytes as a whole, never byte by byte.
func TestSourceStringVerbatimMismatch(t *testing.T) {
	src := `p("{\"a\": 1}")`
	f := NewSourceFile("m.go", []byte(src))
	n := f.String(2, len(src)-1, []Piece{{Value: `{"a": 1}`, Start: 3, End: len(src) - 2, Verbatim: true}})
	doc, err := n.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if got := textAt(t, src, doc.Get("a").Loc); got != `{\"a\": 1}` {
		t.Errorf("a spans %q, want the whole piece", got)
	}
	if l := f.Loc(3, 5); l.Line != 1 || l.Col != 4 || l.EndCol != 6 {
		t.Errorf("Loc(3, 5) = %s", span(l))
	}
}

// FuzzSourceString splits a JSON text into pieces, some copied verbatim
// into a file and some spelled differently there, and checks that
// Embedded parses what the pieces spell, as ParseJSON does, with every
// position inside the file and every verbatim string value at its own
// bytes.
func FuzzSourceString(f *testing.F) {
	for _, s := range jsonSeeds() {
		f.Add([]byte(s), []byte{3, 0, 7, 1})
	}
	f.Fuzz(func(t *testing.T, b []byte, cuts []byte) {
		if len(b) > 1<<12 {
			return
		}
		var file strings.Builder
		var pieces []Piece
		file.WriteString("package p\nvar x = ")
		start := file.Len()
		for i, k := 0, 0; i < len(b); k++ {
			n := 1
			verbatim := true
			if k < len(cuts) {
				n = int(cuts[k]%8) + 1
				verbatim = cuts[k]&0x80 == 0
			}
			n = min(n, len(b)-i)
			v := string(b[i : i+n])
			s := file.Len()
			if verbatim {
				file.WriteString(v)
			} else {
				file.WriteString("<" + strings.Repeat("~", n) + ">")
			}
			pieces = append(pieces, Piece{Value: v, Start: s, End: file.Len(), Verbatim: verbatim})
			file.WriteString("\n")
			i += n
		}
		end := file.Len()
		data := file.String()
		sf := NewSourceFile("f.go", []byte(data))
		n := sf.String(start, end, pieces)
		if n.Value != string(b) {
			t.Fatalf("value %q, want %q", n.Value, b)
		}
		doc, err := n.Embedded()
		direct, derr := ParseJSON("d.json", b)
		if (err == nil) != (derr == nil) {
			t.Fatalf("embedded error %v, direct %v", err, derr)
		}
		if err != nil {
			var e *Error
			if !errors.As(err, &e) || e.Loc.File != "f.go" || e.Loc.Line == 0 {
				t.Fatalf("error %v without a position in the file", err)
			}
			checkLoc(t, data, e.Loc, "error")
			return
		}
		var got, want []string
		walk(doc, func(n *Node, fl *Field) {
			if n != nil {
				checkLoc(t, data, n.Loc, "value")
				got = append(got, n.Kind.String()+" "+n.Value)
			} else {
				checkLoc(t, data, fl.KeyLoc, "key")
			}
		})
		walk(direct, func(n *Node, _ *Field) {
			if n != nil {
				want = append(want, n.Kind.String()+" "+n.Value)
			}
		})
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("embedded parse %q, direct %q", got, want)
		}
	})
}
