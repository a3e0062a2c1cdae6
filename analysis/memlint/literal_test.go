package memlint

import (
	"encoding/json"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"strconv"
	"strings"
	"testing"
)

// checkPieces checks that the pieces of lit (at offset off of src) spell
// want, that a verbatim piece is its own bytes of src and that every piece
// lies inside the literal.
func checkPieces(t *testing.T, src string, off int, lit string, ps []piece, want string) {
	t.Helper()
	if got := joined(ps); got != want {
		t.Fatalf("pieces of %s spell %q, want %q", lit, got, want)
	}
	for _, p := range ps {
		if p.start < off+1 || p.end > off+len(lit)-1 || p.start >= p.end {
			t.Fatalf("piece %q at [%d, %d) outside the literal %s at %d", p.value, p.start, p.end, lit, off)
		}
		if p.verbatim && src[p.start:p.end] != p.value {
			t.Fatalf("verbatim piece %q is %q in the source", p.value, src[p.start:p.end])
		}
		if !p.verbatim {
			if v, err := strconv.Unquote(`"` + src[p.start:p.end] + `"`); err != nil || v != p.value {
				t.Fatalf("escape %q stands for %q, not %q", src[p.start:p.end], v, p.value)
			}
		}
	}
}

func TestLiteralPieces(t *testing.T) {
	for _, tt := range []struct{ lit, want string }{
		{`"plain"`, "plain"},
		{`"a\"b\\c\n\t\u00e9\U0001F600\x41\101"`, "a\"b\\c\n\té😀AA"},
		{`"\xff\xfe"`, "\xff\xfe"},
		{"`raw \\n \"x\"`", `raw \n "x"`},
		{"`a\r\nb`", "a\nb"},
		{`""`, ""},
	} {
		src := "x := " + tt.lit
		ps, ok := literalPieces("f.go", 5, tt.lit)
		if !ok {
			t.Fatalf("%s: not decoded", tt.lit)
		}
		if strings.HasPrefix(tt.lit, "`") {
			// Raw strings: every piece verbatim; a carriage return is dropped.
			for _, p := range ps {
				if !p.verbatim || src[p.start:p.end] != p.value {
					t.Errorf("%s: piece %q not verbatim", tt.lit, p.value)
				}
			}
			if joined(ps) != tt.want {
				t.Errorf("%s spells %q, want %q", tt.lit, joined(ps), tt.want)
			}
			continue
		}
		checkPieces(t, src, 5, tt.lit, ps, tt.want)
	}
	for _, bad := range []string{`"unterminated`, `'c'`, "x", `"\q"`} {
		if _, ok := literalPieces("f.go", 0, bad); ok {
			t.Errorf("%s decoded", bad)
		}
	}
}

// FuzzLiteralPieces decodes Go string literals: the quoted form of any
// string, and any text at all, which must never panic and, when it is a
// literal, spell what strconv.Unquote makes of it.
func FuzzLiteralPieces(f *testing.F) {
	f.Add("{\"Version\": \"2012-10-17\"}", `"\u00e9\x00"`)
	f.Add("tab\there\r\n\xff", "`a\rb`")
	f.Fuzz(func(t *testing.T, s, text string) {
		for _, lit := range []string{strconv.Quote(s), strconv.QuoteToASCII(s), "`" + s + "`"} {
			if lit[0] == '`' && !strconv.CanBackquote(strings.ReplaceAll(s, "\r", "")) {
				continue
			}
			src := "x := " + lit
			ps, ok := literalPieces("f.go", 5, lit)
			want, err := strconv.Unquote(lit)
			if !ok || err != nil {
				t.Fatalf("%s: not decoded (%v)", lit, err)
			}
			if lit[0] == '"' {
				checkPieces(t, src, 5, lit, ps, want)
			} else if joined(ps) != want {
				t.Fatalf("%s spells %q, want %q", lit, joined(ps), want)
			}
		}
		ps, ok := literalPieces("f.go", 0, text)
		want, err := strconv.Unquote(text)
		if ok && (err != nil || joined(ps) != want) {
			t.Fatalf("%q decoded to %q; strconv.Unquote: %q, %v", text, joined(ps), want, err)
		}
	})
}

// render type-checks src (a file declaring v) and renders v's value as
// the analyzer renders a json.Marshal argument.
func render(t *testing.T, src string) (string, bool) {
	t.Helper()
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Skip(err) // the fuzzer made text Go cannot parse
	}
	info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
	if _, err := (&types.Config{}).Check("p", fset, []*ast.File{f}, info); err != nil {
		t.Fatalf("type check: %v\n%s", err, src)
	}
	r := newReader(fset, info, []*ast.File{f}, func(string) ([]byte, error) { return []byte(src), nil })
	var v ast.Expr
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.VAR {
			v = g.Specs[0].(*ast.ValueSpec).Values[0]
		}
	}
	j := &jsonWriter{r: r}
	if !j.value(v, info.TypeOf(v), 0) {
		return "", false
	}
	return joined(j.out), true
}

// TestMarshal renders struct, map and slice literals as encoding/json does.
func TestMarshal(t *testing.T) {
	type stmt struct {
		Sid       string `json:",omitempty"`
		Effect    string
		Principal any `json:"Principal,omitempty"`
		Action    []string
		NotAction []string `json:",omitempty"`
		Condition map[string]map[string]string
		Skipped   string `json:"-"`
		Count     int
		Flag      bool
		hidden    string
	}
	const decl = `type stmt struct {
	Sid       string ` + "`json:\",omitempty\"`" + `
	Effect    string
	Principal any ` + "`json:\"Principal,omitempty\"`" + `
	Action    []string
	NotAction []string ` + "`json:\",omitempty\"`" + `
	Condition map[string]map[string]string
	Skipped   string ` + "`json:\"-\"`" + `
	Count     int
	Flag      bool
	hidden    string
}
`
	const effect = "Al" + "low"
	for _, tt := range []struct {
		lit  string
		want any
	}{
		{`stmt{Effect: effect, Principal: map[string]string{"AWS": "<&>"}, Action: []string{"a:B", "c:D"}, Count: 3, Flag: true, hidden: "x"}`,
			stmt{Effect: effect, Principal: map[string]string{"AWS": "<&>"}, Action: []string{"a:B", "c:D"}, Count: 3, Flag: true, hidden: "x"}},
		{`[]stmt{{Sid: "S", Skipped: "no", NotAction: []string{}}, {}}`, []stmt{{Sid: "S", Skipped: "no", NotAction: []string{}}, {}}},
		{`map[string]any{"z": 1, "a": []any{"é\u2028", nil, false}, "m": map[string]string{}}`, map[string]any{"z": 1, "a": []any{"é\u2028", nil, false}, "m": map[string]string{}}},
		{`[]*stmt{{Effect: "Deny"}, nil}`, []*stmt{{Effect: "Deny"}, nil}},
		{`&stmt{Condition: map[string]map[string]string{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}`, &stmt{Condition: map[string]map[string]string{"StringEquals": {"aws:PrincipalOrgID": "o-1"}}}},
	} {
		src := "package p\n\nconst effect = \"Al\" + \"low\"\n\n" + decl + "\nvar v = " + tt.lit + "\n"
		got, ok := render(t, src)
		want, err := json.Marshal(tt.want)
		if err != nil {
			t.Fatal(err)
		}
		if !ok || got != string(want) {
			t.Errorf("%s renders %q (%v), encoding/json %q", tt.lit, got, ok, want)
		}
	}
	for _, lit := range []string{`map[int]string{1: "a"}`, `[]byte("x")`, `map[string]float64{"a": 1.5}`} {
		if got, ok := render(t, "package p\n\nvar v = "+lit+"\n"); ok {
			t.Errorf("%s rendered %q: encoding/json's text for it is not reproduced", lit, got)
		}
	}
}

// FuzzMarshalString renders a map of any string as encoding/json does,
// escapes included.
func FuzzMarshalString(f *testing.F) {
	f.Add("arn:aws:iam::444455556666:root")
	f.Add("<script>&\u2028\x00\xff\"\\")
	f.Fuzz(func(t *testing.T, s string) {
		src := "package p\n\nvar v = map[string]any{" + strconv.Quote(s) + ": []string{" + strconv.Quote(s) + "}}\n"
		got, ok := render(t, src)
		want, _ := json.Marshal(map[string]any{s: []string{s}})
		if !ok || got != string(want) {
			t.Fatalf("%q renders %q (%v), encoding/json %q", s, got, ok, want)
		}
	})
}
