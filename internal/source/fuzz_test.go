package source

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/memlint/memlint/rules"
)

// jsonSeeds are inputs for the JSON fuzz targets: policies, CLI input files
// and the error cases of the tests.
func jsonSeeds() []string {
	seeds := []string{prettyPolicy, cliInput, `{"a":"\ud83d\ude00\u00e9\/\"\\\b\f\n\r\t"}`, "{\r\n\"é😀\": [1, -2.5e3, true, false, null, {}, []]\r\n}",
		`"\u0000"`, `[]`, `0`, "\ufeff{}", `{"a":1,"a":2}`, "[\"\xff\"]", `[1,]`, `{"a" 1}`, `// c`, strings.Repeat("[", 1001)}
	return seeds
}

// checkLoc fails unless l is a span of data.
func checkLoc(t *testing.T, data string, l rules.Location, what string) (start, end int) {
	t.Helper()
	s, ok1 := byteOffset(data, int(l.Line), int(l.Col))
	e, ok2 := byteOffset(data, int(l.EndLine), int(l.EndCol))
	if !ok1 || !ok2 || e < s {
		t.Fatalf("%s: location %s is not a span of the input", what, span(l))
	}
	return s, e
}

// checkJSONTree checks that every node and key of n, parsed from data, is
// located at text that spells it.
func checkJSONTree(t *testing.T, data string, n *Node) {
	t.Helper()
	walk(n, func(n *Node, f *Field) {
		if f != nil {
			s, e := checkLoc(t, data, f.KeyLoc, "key")
			if got, err := jsontext.AppendUnquote(nil, data[s:e]); err != nil || string(got) != f.Key {
				t.Fatalf("key %q located at %q", f.Key, data[s:e])
			}
			return
		}
		s, e := checkLoc(t, data, n.Loc, n.Kind.String())
		text := data[s:e]
		switch n.Kind {
		case String:
			if got, err := jsontext.AppendUnquote(nil, text); err != nil || string(got) != n.Value {
				t.Fatalf("string %q located at %q", n.Value, text)
			}
		case Array, Object:
			open, close := "[", "]"
			if n.Kind == Object {
				open, close = "{", "}"
			}
			if !strings.HasPrefix(text, open) || !strings.HasSuffix(text, close) {
				t.Fatalf("%s located at %q", n.Kind, text)
			}
		default:
			if text != n.Value {
				t.Fatalf("%s %q located at %q", n.Kind, n.Value, text)
			}
		}
	})
}

func FuzzParseJSON(f *testing.F) {
	for _, s := range jsonSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := ParseJSON("f.json", data)
		valid := jsontext.Value(data).IsValid()
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v", err, err)
			}
			checkLoc(t, string(data), e.Loc, "error")
			if valid && !strings.Contains(e.Msg, "nesting depth") {
				t.Fatalf("valid JSON rejected: %v", err)
			}
			return
		}
		if !valid {
			t.Fatalf("invalid JSON accepted: %q", data)
		}
		checkJSONTree(t, string(data), n)
	})
}

// wrapper stores a string inside a document in one of the ways Embedded
// maps: wrap returns the document with the string as the value of key "p"
// (false if the string cannot be stored this way), parse parses it, and
// unwrap turns the source text of a span inside the stored string back into
// the text it stands for.
type wrapper struct {
	name   string
	wrap   func(s string, wide bool) (string, bool)
	parse  func(doc []byte) (*Node, error)
	unwrap func(text string) (string, bool)
}

// jsonWrapper stores a string as a JSON string literal made by quote.
func jsonWrapper(name string, quote func(string) string) wrapper {
	return wrapper{
		name: name,
		wrap: func(s string, wide bool) (string, bool) {
			prefix := `{"p": `
			if wide {
				prefix = "{\"é😀\": [\"\U0001D11E\"],\r\n \"p\":\t"
			}
			return prefix + quote(s) + "}", true
		},
		parse: func(doc []byte) (*Node, error) { return ParseJSON("o.json", doc) },
		unwrap: func(text string) (string, bool) {
			b, err := jsontext.AppendUnquote(nil, `"`+text+`"`)
			return string(b), err == nil
		},
	}
}

// yamlWrapper stores a string in a YAML scalar made by quote.
func yamlWrapper(name string, quote func(string) (string, bool), unwrap func(string) (string, bool)) wrapper {
	return wrapper{
		name: name,
		wrap: func(s string, wide bool) (string, bool) {
			q, ok := quote(s)
			prefix := "p: "
			if wide {
				prefix = "é😀: [\U0001D11E]\r\np:  "
			}
			return prefix + q + "\n", ok
		},
		parse: func(doc []byte) (*Node, error) {
			docs, err := ParseYAML("o.yaml", doc)
			if err != nil || len(docs) != 1 {
				return nil, fmt.Errorf("%d documents: %w", len(docs), err)
			}
			return docs[0], nil
		},
		unwrap: unwrap,
	}
}

var wrappers = []wrapper{
	jsonWrapper("json.Marshal", func(s string) string { b, _ := json.Marshal(s); return string(b) }), // escapes <>& and U+2028 too
	jsonWrapper("jsontext", func(s string) string { b, _ := jsontext.AppendQuote(nil, s); return string(b) }),
	jsonWrapper("all \\u", func(s string) string { // every rune escaped, astral runes as pairs
		var b strings.Builder
		b.WriteByte('"')
		for _, r := range s {
			if r1, r2 := utf16.EncodeRune(r); r1 != utf8.RuneError {
				fmt.Fprintf(&b, `\u%04x\u%04X`, r1, r2)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		}
		b.WriteByte('"')
		return b.String()
	}),
	jsonWrapper("short escapes", func(s string) string {
		b, _ := jsontext.AppendQuote(nil, s)
		return strings.NewReplacer("/", `\/`, " ", `\u0020`, "\t", `\t`).Replace(string(b))
	}),
	yamlWrapper("yaml double-quoted", func(s string) (string, bool) {
		b, _ := jsontext.AppendQuote(nil, s) // JSON escapes are YAML escapes
		return string(b), true
	}, func(text string) (string, bool) {
		b, err := jsontext.AppendUnquote(nil, `"`+text+`"`)
		return string(b), err == nil
	}),
	yamlWrapper("yaml single-quoted", func(s string) (string, bool) {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'", !strings.ContainsAny(s, "\n\r")
	}, func(text string) (string, bool) {
		return strings.ReplaceAll(text, "''", "'"), true
	}),
	yamlWrapper("yaml literal", func(s string) (string, bool) {
		return "|-\n    " + strings.ReplaceAll(s, "\n", "\n    "), !strings.Contains(s, "\r")
	}, func(text string) (string, bool) {
		return strings.ReplaceAll(text, "\n    ", "\n"), true
	}),
}

func FuzzEmbedded(f *testing.F) {
	for i, s := range jsonSeeds() {
		f.Add([]byte(s), uint8(i), i%2 == 0)
	}
	f.Add([]byte(`{"a": "{\"b\": [1, \"é\"]}"}`), uint8(0), true)
	f.Add([]byte("{\n  \"a\": [1,\n\n    \"it's\"]\n}"), uint8(6), true)
	f.Add([]byte(`["it's"]`), uint8(5), false)
	f.Fuzz(func(t *testing.T, b []byte, mode uint8, wide bool) {
		w := wrappers[int(mode)%len(wrappers)]
		outer, ok := w.wrap(string(b), wide)
		if !ok {
			return
		}
		root, err := w.parse([]byte(outer))
		if err != nil {
			if strings.HasPrefix(w.name, "yaml") {
				return // YAML refuses some characters JSON allows
			}
			t.Fatalf("outer document: %v\n%s", err, outer)
		}
		lit := root.Get("p")
		if lit == nil || lit.Kind != String {
			return // YAML can read a scalar as another type
		}
		ls, le := checkLoc(t, outer, lit.Loc, "literal")
		inside := func(l rules.Location, what string) string {
			s, e := checkLoc(t, outer, l, what)
			if s < ls || e > le || w.name[0] == 'j' && (s == ls || e == le) {
				t.Fatalf("%s at %s lies outside the string at %s", what, span(l), span(lit.Loc))
			}
			return outer[s:e]
		}
		inner, err := lit.Embedded()
		// The differential checks hold when the string holds b exactly.
		exact := lit.Value == string(b)
		direct, derr := ParseJSON("d.json", b)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v", err, err)
			}
			if e.Loc.Line == 0 {
				t.Fatalf("error without position: %v", err)
			}
			inside(e.Loc, "error")
			if exact {
				var de *Error
				if !errors.As(derr, &de) || de.Msg != e.Msg {
					t.Fatalf("embedded error %q, direct parse %v", e.Msg, derr)
				}
			}
			return
		}
		walk(inner, func(n *Node, f *Field) {
			if f != nil {
				inside(f.KeyLoc, "key")
			} else {
				inside(n.Loc, n.Kind.String())
			}
		})
		if !exact {
			return
		}
		if derr != nil {
			t.Fatalf("embedded parse succeeded, direct parse: %v", derr)
		}
		// Each inner node spans the encoded spelling of the text that the
		// direct parse locates.
		var compare func(in, d *Node)
		compare = func(in, d *Node) {
			text := inside(in.Loc, in.Kind.String())
			unq, ok := w.unwrap(text)
			if !ok {
				t.Fatalf("%s located at %q, not whole escapes", in.Kind, text)
			}
			ds, de := checkLoc(t, string(b), d.Loc, "direct")
			if unq != string(b[ds:de]) || in.Kind != d.Kind || in.Value != d.Value || len(in.Items) != len(d.Items) || len(in.Fields) != len(d.Fields) {
				t.Fatalf("%s: inner %s %q spells %q, direct %s %q spells %q", w.name, in.Kind, in.Value, unq, d.Kind, d.Value, b[ds:de])
			}
			for i := range in.Items {
				compare(in.Items[i], d.Items[i])
			}
			for i := range in.Fields {
				compare(in.Fields[i].Value, d.Fields[i].Value)
			}
		}
		compare(inner, direct)
		if inner.Kind == String {
			if n2, err := inner.Embedded(); err == nil {
				walk(n2, func(n *Node, f *Field) {
					if f == nil {
						inside(n.Loc, "nested "+n.Kind.String())
					}
				})
			} else {
				inside(err.(*Error).Loc, "nested error")
			}
		}
	})
}

// TestWrappers checks that every way FuzzEmbedded stores a string holds it
// exactly, so that its differential checks run.
func TestWrappers(t *testing.T) {
	b := "{\n  \"Version\": \"2012-10-17\",\n  \"a\": [1, \"é😀 it's\", {\"x\": null}]\n}"
	for _, w := range wrappers {
		for _, wide := range []bool{false, true} {
			outer, ok := w.wrap(b, wide)
			if !ok {
				if w.name != "yaml single-quoted" {
					t.Errorf("%s: cannot wrap", w.name)
				}
				continue
			}
			root, err := w.parse([]byte(outer))
			if err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			lit := root.Get("p")
			if lit.Value != b {
				t.Errorf("%s wide=%v: value %q", w.name, wide, lit.Value)
			}
			inner, err := lit.Embedded()
			if err != nil {
				t.Fatalf("%s: %v", w.name, err)
			}
			n := at(t, inner, "a", 1)
			text := textAt(t, outer, n.Loc)
			got, _ := w.unwrap(text)
			if got != `"é😀 it's"` {
				t.Errorf("%s: %q", w.name, got)
			}
		}
	}
}

// yamlSeeds are inputs for the YAML fuzz target.
func yamlSeeds() []string {
	return []string{template, "a: 1\n---\n- x\n", "base: &b {Effect: Allow}\nuse: *b\n", "a:\r\n  b: 'it''s'\r\n  c: \"\\u00e9\\x41\"\r\n",
		"P: |-\n  {\"a\": [1]}\nQ: >\n  folded\n  text\n", "\ufeffa: é😀\n", "a: !Ref\nb: !GetAtt [x, y]\n", "? [a]\n: 1\n", "a: [1\n",
		"- |2\n   x\n- !!str 12\n", "a: one\n  two\n", "{a: , b: [c, {d: e}]}\n", "a: \"x\ny\"\n"}
}

func FuzzParseYAML(f *testing.F) {
	for _, s := range yamlSeeds() {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		docs, err := ParseYAML("f.yaml", data)
		if err != nil {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v", err, err)
			}
			checkLoc(t, string(data), e.Loc, "error")
			return
		}
		for _, d := range docs {
			walk(d, func(n *Node, f *Field) {
				if f != nil {
					checkLoc(t, string(data), f.KeyLoc, "key")
					return
				}
				s, e := checkLoc(t, string(data), n.Loc, n.Kind.String())
				if n.Kind != String {
					return
				}
				// A one-line plain or single-quoted scalar spans its text.
				if text := string(data[s:e]); !strings.ContainsAny(text, "!&\n\r\u0085\u2028\u2029") {
					switch n.style {
					case styleYAMLPlain:
						if text != n.Value {
							t.Fatalf("plain scalar %q located at %q", n.Value, text)
						}
					case styleYAMLSingle:
						if text != "'"+strings.ReplaceAll(n.Value, "'", "''")+"'" {
							t.Fatalf("single-quoted scalar %q located at %q", n.Value, text)
						}
					}
				}
				inner, err := n.Embedded()
				if err != nil {
					var ee *Error
					if !errors.As(err, &ee) {
						t.Fatalf("error %T %v", err, err)
					}
					if es, eEnd := checkLoc(t, string(data), ee.Loc, "embedded error"); es < s || eEnd > e {
						t.Fatalf("embedded error at %s outside the scalar at %s", span(ee.Loc), span(n.Loc))
					}
					return
				}
				walk(inner, func(m *Node, f *Field) {
					if m == nil {
						return
					}
					if ms, me := checkLoc(t, string(data), m.Loc, "embedded"); ms < s || me > e {
						t.Fatalf("embedded %s at %s outside the scalar at %s", m.Kind, span(m.Loc), span(n.Loc))
					}
				})
			})
		}
	})
}
