package source

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

const template = `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  ReaderPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: !Sub "${AWS::StackName}-reader"
      Roles: [!Ref ReaderRole, 'literal']
      Arn: !GetAtt [Memory, Arn]
      Count: 3
      Ratio: 1.5
      Enabled: true
      Nothing: ~
      Empty:
      Note: é😀 plain
      PolicyDocument: |
        {
          "Version": "2012-10-17",
          "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]
        }
  Second: {a: 1, b: [x, y]}
`

func TestParseYAMLTree(t *testing.T) {
	docs, err := ParseYAML("t.yaml", []byte(template))
	if err != nil {
		t.Fatal(err)
	}
	if len(docs) != 1 {
		t.Fatalf("%d documents", len(docs))
	}
	props := at(t, docs[0], "Resources", "ReaderPolicy", "Properties")
	type row struct {
		Kind, Value, Tag, Span, Text string
	}
	var got []row
	for _, f := range props.Fields {
		if f.Key == "PolicyDocument" {
			continue
		}
		n := f.Value
		got = append(got, row{n.Kind.String(), n.Value, n.Tag, span(n.Loc), textAt(t, template, n.Loc)})
		for _, it := range n.Items {
			got = append(got, row{it.Kind.String(), it.Value, it.Tag, span(it.Loc), textAt(t, template, it.Loc)})
		}
	}
	want := []row{
		{"string", "${AWS::StackName}-reader", "!Sub", "6:19-6:50", `!Sub "${AWS::StackName}-reader"`},
		{"array", "", "", "7:14-7:42", `[!Ref ReaderRole, 'literal']`},
		{"string", "ReaderRole", "!Ref", "7:15-7:30", `!Ref ReaderRole`},
		{"string", "literal", "", "7:32-7:41", `'literal'`},
		{"array", "", "!GetAtt", "8:12-8:33", `!GetAtt [Memory, Arn]`},
		{"string", "Memory", "", "8:21-8:27", `Memory`},
		{"string", "Arn", "", "8:29-8:32", `Arn`},
		{"number", "3", "", "9:14-9:15", "3"},
		{"number", "1.5", "", "10:14-10:17", "1.5"},
		{"boolean", "true", "", "11:16-11:20", "true"},
		{"null", "~", "", "12:16-12:17", "~"},
		{"null", "", "", "13:13-13:13", ""},
		{"string", "é😀 plain", "", "14:13-14:22", "é😀 plain"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("values (-want +got):\n%s", diff)
	}
	var keys []string
	for _, f := range props.Fields {
		keys = append(keys, span(f.KeyLoc)+" "+textAt(t, template, f.KeyLoc))
	}
	if keys[0] != "6:7-6:17 PolicyName" || keys[len(keys)-1] != "15:7-15:21 PolicyDocument" {
		t.Errorf("keys %q", keys)
	}
	second := at(t, docs[0], "Resources", "Second")
	if got := textAt(t, template, second.Loc); got != "{a: 1, b: [x, y]}" {
		t.Errorf("flow mapping text %q", got)
	}
	if got := textAt(t, template, at(t, second, "b").Loc); got != "[x, y]" {
		t.Errorf("flow sequence text %q", got)
	}
	doc := at(t, props, "PolicyDocument")
	if got, want := span(doc.Loc), "15:23-19:10"; got != want {
		t.Errorf("literal block span %s, want %s", got, want)
	}
	if got, want := span(docs[0].Loc), "1:1-20:28"; got != want {
		t.Errorf("document span %s, want %s", got, want)
	}
}

func TestParseYAMLLiteralEmbedded(t *testing.T) {
	docs, err := ParseYAML("t.yaml", []byte(template))
	if err != nil {
		t.Fatal(err)
	}
	policy, err := at(t, docs[0], "Resources", "ReaderPolicy", "Properties", "PolicyDocument").Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path       []any
		span, text string
	}{
		{nil, "16:9-19:10", "{\n          \"Version\": \"2012-10-17\",\n          \"Statement\": [{\"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n        }"},
		{[]any{"Version"}, "17:22-17:34", `"2012-10-17"`},
		{[]any{"Statement", 0, "Action"}, "18:55-18:69", `"s3:GetObject"`},
		{[]any{"Statement", 0, "Resource"}, "18:83-18:86", `"*"`},
	} {
		n := at(t, policy, tt.path...)
		if got := span(n.Loc); got != tt.span {
			t.Errorf("%v: span %s, want %s", tt.path, got, tt.span)
		}
		if got := textAt(t, template, n.Loc); got != tt.text {
			t.Errorf("%v: text %q, want %q", tt.path, got, tt.text)
		}
	}
}

func TestParseYAMLEmbeddedStyles(t *testing.T) {
	tests := []struct {
		name, data string
		path       []any
		text       string // the text the inner node spans
	}{
		{"plain", "P: !!str 12.5\n", nil, "12.5"},
		{"plain after emoji", "😀: !!str 12.5\n", nil, "12.5"},
		{"double-quoted", `P: "{\"a\": \"b\u00e9\"}"` + "\n", []any{"a"}, `\"b\u00e9\"`},
		{"double-quoted yaml escapes", `P: "[\x31, \"\u00e9\"]"` + "\n", []any{0}, `\x31`},
		{"single-quoted", `P: '{"a": "it''s"}'` + "\n", []any{"a"}, `"it''s"`},
		{"tagged quoted", `P: !Sub '{"a": "${X}"}'` + "\n", []any{"a"}, `"${X}"`},
		{"literal strip", "P: |-\n  [\"a\",\n   \"b\"]\nQ: 1\n", []any{1}, `"b"`},
		{"literal keep", "P: |+\n    [\"a\",\n\n     \"b\"]\n\n", []any{1}, `"b"`},
		{"literal crlf", "P: |\r\n  [\"a\",\r\n   \"b\"]\r\n", []any{1}, `"b"`},
		{"literal in sequence", "- |\n  {\"k\": \"é😀\"}\n", []any{"k"}, `"é😀"`},
		{"literal with comment", "P: | # policy\n  {\"k\": 1}\n", []any{"k"}, `1`},
		{"literal leading blank", "P: |\n\n  {\"k\": 1}\n", []any{"k"}, `1`},
		{"literal tagged", "P: !Sub |\n  {\"k\": \"${A}\"}\n", []any{"k"}, `"${A}"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := ParseYAML("s.yaml", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			var s *Node
			if docs[0].Kind == Array {
				s = docs[0].Items[0]
			} else {
				s = docs[0].Fields[0].Value
			}
			doc, err := s.Embedded()
			if err != nil {
				t.Fatal(err)
			}
			n := at(t, doc, tt.path...)
			if got := textAt(t, tt.data, n.Loc); got != tt.text {
				t.Errorf("text %q, want %q", got, tt.text)
			}
		})
	}
}

func TestParseYAMLEmbeddedApproximate(t *testing.T) {
	// Folded and multi-line flow scalars map every inner node to the whole
	// scalar.
	tests := []struct{ name, data, text string }{
		{"folded", "P: >\n  {\"a\":\n   [1]}\nQ: 2\n", ">\n  {\"a\":\n   [1]}"},
		{"multi-line double-quoted", "P: \"{\\\"a\\\":\n  [1]}\"\n", "\"{\\\"a\\\":\n  [1]}\""},
		{"multi-line plain", "P: {\"a\":1}\nQ: [1,\n  2]\nR: x\n  y\n", "x\n  y"},
		{"indentation indicator", "P: |2\n   {\"a\": [1]}\n", "|2\n   {\"a\": [1]}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := ParseYAML("a.yaml", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			s := docs[0].Fields[len(docs[0].Fields)-1].Value
			if tt.name != "multi-line plain" {
				s = docs[0].Fields[0].Value
			}
			if got := textAt(t, tt.data, s.Loc); got != tt.text {
				t.Fatalf("scalar text %q, want %q", got, tt.text)
			}
			doc, err := s.Embedded()
			if tt.name == "multi-line plain" {
				var e *Error
				if !errors.As(err, &e) || e.Loc != s.Loc {
					t.Errorf("error %v not at the whole scalar %s", err, span(s.Loc))
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			walk(doc, func(n *Node, f *Field) {
				if n != nil && n.Loc != s.Loc {
					t.Errorf("inner %s at %s, want the whole scalar %s", n.Kind, span(n.Loc), span(s.Loc))
				}
			})
		})
	}
}

func TestParseYAMLPositions(t *testing.T) {
	tests := []struct {
		name, data string
		path       []any
		span, text string
	}{
		{"utf16 after emoji", "a: 😀b\n😀: c\n", []any{"😀"}, "2:5-2:6", "c"},
		{"utf16 value", "a: 😀b\n", []any{"a"}, "1:4-1:7", "😀b"},
		{"crlf", "a:\r\n  b: 1\r\n  c: \"x\"\r\n", []any{"a", "c"}, "3:6-3:9", `"x"`},
		{"BOM", "\ufeffa: 1\nb:  2\n", []any{"a"}, "1:4-1:5", "1"},
		{"anchor", "a: &x [1]\nb: 2\n", []any{"a"}, "1:4-1:10", "&x [1]"},
		{"tag on own line", "a: !Sub\n  text\n", []any{"a"}, "1:4-2:7", "!Sub\n  text"},
		{"tag then comment", "a: !Sub # c\n  text\n", []any{"a"}, "1:4-2:7", "!Sub # c\n  text"},
		{"empty tagged", "a: !Ref\nb: 1\n", []any{"a"}, "1:4-1:8", "!Ref"},
		{"escaped double", `a: "x\"y"` + "\n", []any{"a"}, "1:4-1:10", `"x\"y"`},
		{"single with quote", "a: 'it''s'\n", []any{"a"}, "1:4-1:11", "'it''s'"},
		{"block sequence", "a:\n  - 1\n  - x\n", []any{"a"}, "2:3-3:6", "- 1\n  - x"},
		{"nested flow", "a: [[1], {b: [2]}]\n", []any{"a", 1, "b", 0}, "1:15-1:16", "2"},
		{"flow with comment", "a: [1, # one\n  2 # two\n  ]\nb: 1\n", []any{"a"}, "1:4-3:4", "[1, # one\n  2 # two\n  ]"},
		{"folded", "a: >-\n  one\n  two\n\nb: 1\n", []any{"a"}, "1:4-3:6", ">-\n  one\n  two"},
		// Found by FuzzEmbedded: a line of spaces past the indentation is
		// content, and inside the scalar.
		{"literal spaces line", "a: |-\n  x\n   \n\nb: 1\n", []any{"a"}, "1:4-3:4", "|-\n  x\n   "},
		{"multi-line plain", "a: one\n  two\n   three\nb: 1\n", []any{"a"}, "1:4-3:9", "one\n  two\n   three"},
		{"plain with inner spaces", "a: one  two\n", []any{"a"}, "1:4-1:12", "one  two"},
		{"multi-line double", "a: \"one\n  two\"\n", []any{"a"}, "1:4-2:7", "\"one\n  two\""},
		{"empty in flow", "a: {b: , c: 1}\n", []any{"a"}, "1:4-1:15", "{b: , c: 1}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs, err := ParseYAML("p.yaml", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			n := at(t, docs[0], tt.path...)
			if got := span(n.Loc); got != tt.span {
				t.Errorf("span %s, want %s", got, tt.span)
			}
			if got := textAt(t, tt.data, n.Loc); got != tt.text {
				t.Errorf("text %q, want %q", got, tt.text)
			}
		})
	}
}

func TestParseYAMLDocuments(t *testing.T) {
	docs, err := ParseYAML("m.yaml", []byte("a: 1\n---\n- x\n---\n\"s\"\n---\n"))
	if err != nil {
		t.Fatal(err)
	}
	var kinds []string
	for _, d := range docs {
		kinds = append(kinds, d.Kind.String())
	}
	if diff := cmp.Diff([]string{"object", "array", "string", "null"}, kinds); diff != "" {
		t.Errorf("documents (-want +got):\n%s", diff)
	}
	if docs[2].Loc.Line != 5 {
		t.Errorf("third document at %s", span(docs[2].Loc))
	}
	for _, empty := range []string{"", "# only a comment\n", "\n\n"} {
		docs, err := ParseYAML("e.yaml", []byte(empty))
		if err != nil || len(docs) != 0 {
			t.Errorf("%q: %d documents, %v", empty, len(docs), err)
		}
	}
}

func TestParseYAMLAliases(t *testing.T) {
	docs, err := ParseYAML("a.yaml", []byte("base: &b {Effect: Allow}\nuse: *b\nlist: [*b, *b]\nkey: &k name\n*k : v\n"))
	if err != nil {
		t.Fatal(err)
	}
	root := docs[0]
	if root.Get("use") != root.Get("base") || at(t, root, "list", 1) != root.Get("base") {
		t.Error("aliases do not resolve to the anchored node")
	}
	if got := span(root.Get("use").Loc); got != "1:7-1:25" {
		t.Errorf("alias value located at %s, want the anchor's 1:7-1:25", got)
	}
	f := root.Fields[len(root.Fields)-1]
	if f.Key != "name" || span(f.KeyLoc) != "5:1-5:3" {
		t.Errorf("alias key %q at %s", f.Key, span(f.KeyLoc))
	}
	// Billion laughs: nine levels of nine.
	var b strings.Builder
	b.WriteString("l0: &l0 [x, x, x, x, x, x, x, x, x]\n")
	for i := 1; i < 10; i++ {
		b.WriteString("l" + itoa(i) + ": &l" + itoa(i) + " [")
		for j := range 9 {
			if j > 0 {
				b.WriteString(", ")
			}
			b.WriteString("*l" + itoa(i-1))
		}
		b.WriteString("]\n")
	}
	_, err = ParseYAML("bomb.yaml", []byte(b.String()))
	var e *Error
	if !errors.As(err, &e) || !strings.Contains(e.Msg, "aliases expand to more than") {
		t.Errorf("alias bomb: %v", err)
	}
}

func TestParseYAMLErrors(t *testing.T) {
	tests := []struct {
		name, data string
		want       string
	}{
		{"tab indentation", "a: é\nb: \"x\"\n\tc: 1\n", "3:1-3:6: found character that cannot start any token"},
		{"unclosed flow", "a: [1\nb: 2\n", "1:1-1:6: did not find expected ',' or ']'"},
		{"first line", ": :\n", "1:1-1:4: did not find expected key"},
		{"duplicate key", "a: 1\nb: 2\na: 3\n", `3:1-3:2: duplicate mapping key "a"`},
		{"duplicate quoted key", "a: 1\n\"a\": 3\n", `2:1-2:4: duplicate mapping key "a"`},
		{"complex key", "? [a]\n: 1\n", "1:3-1:6: mapping key must be a scalar, found array"},
		{"unknown alias", "a: *x\n", "1:1-1:6: unknown anchor 'x' referenced"},
		{"UTF-16", "\xff\xfea\x00", "1:1-1:2: UTF-16 encoded YAML is not supported: save the file as UTF-8"},
		{"too deep", strings.Repeat("[", MaxDepth+2) + strings.Repeat("]", MaxDepth+2), "1:1002-1:1003: exceeded maximum nesting depth of 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseYAML("e.yaml", []byte(tt.data))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v", err, err)
			}
			if got := span(e.Loc) + ": " + e.Msg; got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if !strings.HasPrefix(err.Error(), "e.yaml:") {
				t.Errorf("Error() = %q", err.Error())
			}
		})
	}
}

// TestYAMLColumnsAreRunes pins what yaml.v3 counts in Node.Column: runes,
// not bytes or UTF-16 units. The conversion to byte offsets relies on it.
func TestYAMLColumnsAreRunes(t *testing.T) {
	docs, err := ParseYAML("c.yaml", []byte("é😀€: v\n"))
	if err != nil {
		t.Fatal(err)
	}
	// Three runes, four UTF-16 units, nine bytes before ": v".
	if got := span(docs[0].Fields[0].Value.Loc); got != "1:7-1:8" {
		t.Errorf("value at %s, want 1:7-1:8", got)
	}
}

func TestParseYAMLBOMBlock(t *testing.T) {
	data := "\ufeffa: |\n  {\"k\": 1}\nb: x\n"
	docs, err := ParseYAML("b.yaml", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	a := docs[0].Get("a")
	if got := textAt(t, data, a.Loc); got != "|\n  {\"k\": 1}" {
		t.Errorf("block text %q", got)
	}
	doc, err := a.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if got := span(doc.Get("k").Loc); got != "2:9-2:10" {
		t.Errorf("inner value at %s", got)
	}
}

func TestParseYAMLDuplicateInLargeMapping(t *testing.T) {
	var b strings.Builder
	for i := range 40 {
		b.WriteString("k" + itoa(i) + ": 1\n")
	}
	b.WriteString("k3: 2\n")
	_, err := ParseYAML("d.yaml", []byte(b.String()))
	var e *Error
	if !errors.As(err, &e) || span(e.Loc) != "41:1-41:3" || e.Msg != `duplicate mapping key "k3"` {
		t.Errorf("error %v", err)
	}
}

func TestParseYAMLSelfAlias(t *testing.T) {
	// yaml.v3 lets an alias refer to the anchored value that contains it.
	_, err := ParseYAML("s.yaml", []byte("a: &x [1, *x]\n"))
	var e *Error
	if !errors.As(err, &e) || span(e.Loc) != "1:11-1:13" || e.Msg != "alias *x refers to a value that contains it" {
		t.Errorf("error %v", err)
	}
}
