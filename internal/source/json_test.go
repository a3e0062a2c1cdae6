package source

import (
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/memlint/memlint/rules"
)

const prettyPolicy = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["s3:GetObject", "s3:PutObject"],
      "Resource": "*",
      "Condition": {"NumericLessThan": {"s3:max-keys": 10}, "Bool": {"aws:SecureTransport": true}},
      "NotPrincipal": null
    }
  ]
}
`

func TestParseJSONPositions(t *testing.T) {
	minified := strings.Join(strings.Fields(prettyPolicy), "")
	crlf := strings.ReplaceAll(prettyPolicy, "\n", "\r\n")
	tests := []struct {
		name string
		data string
		path []any
		want string // span of the value, or of the key when key is set
		key  bool
		text string // the source text the span covers
	}{
		{"pretty root", prettyPolicy, nil, "1:1-12:2", false, ""},
		{"pretty key", prettyPolicy, []any{"Version"}, "2:3-2:12", true, `"Version"`},
		{"pretty string", prettyPolicy, []any{"Version"}, "2:14-2:26", false, `"2012-10-17"`},
		{"pretty array", prettyPolicy, []any{"Statement"}, "3:16-11:4", false, ""},
		{"pretty array value 0", prettyPolicy, []any{"Statement", 0, "Action", 0}, "6:18-6:32", false, `"s3:GetObject"`},
		{"pretty array value 1", prettyPolicy, []any{"Statement", 0, "Action", 1}, "6:34-6:48", false, `"s3:PutObject"`},
		{"pretty number", prettyPolicy, []any{"Statement", 0, "Condition", "NumericLessThan", "s3:max-keys"}, "8:56-8:58", false, "10"},
		{"pretty bool", prettyPolicy, []any{"Statement", 0, "Condition", "Bool", "aws:SecureTransport"}, "8:93-8:97", false, "true"},
		{"pretty null", prettyPolicy, []any{"Statement", 0, "NotPrincipal"}, "9:23-9:27", false, "null"},
		{"pretty nested key", prettyPolicy, []any{"Statement", 0, "Condition", "Bool"}, "8:61-8:67", true, `"Bool"`},
		{"minified key", minified, []any{"Statement"}, "1:25-1:36", true, `"Statement"`},
		{"minified array value", minified, []any{"Statement", 0, "Action", 1}, "1:81-1:95", false, `"s3:PutObject"`},
		{"minified object", minified, []any{"Statement", 0}, "1:38-1:219", false, ""},
		{"crlf key", crlf, []any{"Statement", 0, "Effect"}, "5:7-5:15", true, `"Effect"`},
		{"crlf value", crlf, []any{"Statement", 0, "Effect"}, "5:17-5:24", false, `"Allow"`},
		{"crlf multi-line span", crlf, []any{"Statement", 0}, "4:5-10:6", false, ""},
		{"crlf root", crlf, nil, "1:1-12:2", false, ""},
		// é is one UTF-16 unit, 😀 two; 𝄞 (U+1D11E) two.
		{"non-ASCII key", `{"é":"😀","k":"v"}`, []any{"é"}, "1:2-1:5", true, `"é"`},
		{"astral value", `{"é":"😀","k":"v"}`, []any{"é"}, "1:6-1:10", false, `"😀"`},
		{"after astral", `{"é":"😀","k":"v"}`, []any{"k"}, "1:11-1:14", true, `"k"`},
		{"escaped astral", `{"a":"\ud834\udd1e𝄞","b":1}`, []any{"b"}, "1:27-1:28", false, "1"},
		{"non-ASCII second line", "{\n\"ü𝄞\": [\"x\"]}", []any{"ü𝄞", 0}, "2:9-2:12", false, `"x"`},
		{"number text", `[-1.5e+10]`, []any{0}, "1:2-1:10", false, "-1.5e+10"},
		{"empty containers", `{"a":[],"b":{}}`, []any{"b"}, "1:13-1:15", false, "{}"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root, err := ParseJSON("p.json", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			n := at(t, root, tt.path...)
			loc := n.Loc
			if tt.key {
				parent := at(t, root, tt.path[:len(tt.path)-1]...)
				for _, f := range parent.Fields {
					if f.Key == tt.path[len(tt.path)-1] {
						loc = f.KeyLoc
						break
					}
				}
			}
			if loc.File != "p.json" {
				t.Errorf("File = %q, want p.json", loc.File)
			}
			if got := span(loc); got != tt.want {
				t.Errorf("span = %s, want %s", got, tt.want)
			}
			if tt.text != "" {
				if got := textAt(t, tt.data, loc); got != tt.text {
					t.Errorf("text = %q, want %q", got, tt.text)
				}
			}
		})
	}
}

func TestParseJSONValues(t *testing.T) {
	root, err := ParseJSON("v.json", []byte(`{"s":"a\/b\u00e9\ud83d\ude00\n\"","n":-0.5E3,"t":true,"f":false,"z":null,"a":[1,"x"],"o":{"k":"v"},"s":1}`))
	if err == nil {
		t.Fatal("duplicate name accepted")
	}
	root, err = ParseJSON("v.json", []byte(`{"s":"a\/b\u00e9\ud83d\ude00\n\"","n":-0.5E3,"t":true,"f":false,"z":null,"a":[1,"x"],"o":{"k":"v"}}`))
	if err != nil {
		t.Fatal(err)
	}
	type kv struct {
		Kind  string
		Value string
	}
	var got []kv
	walk(root, func(n *Node, f *Field) {
		if n != nil {
			got = append(got, kv{n.Kind.String(), n.Value})
		} else {
			got = append(got, kv{"key", f.Key})
		}
	})
	want := []kv{
		{"object", ""},
		{"key", "s"}, {"string", "a/bé😀\n\""},
		{"key", "n"}, {"number", "-0.5E3"},
		{"key", "t"}, {"boolean", "true"},
		{"key", "f"}, {"boolean", "false"},
		{"key", "z"}, {"null", "null"},
		{"key", "a"}, {"array", ""}, {"number", "1"}, {"string", "x"},
		{"key", "o"}, {"object", ""}, {"key", "k"}, {"string", "v"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("tree (-want +got):\n%s", diff)
	}
	if root.Get("missing") != nil || root.Get("a").Get("x") != nil || (*Node)(nil).Get("a") != nil {
		t.Error("Get found a field that is not there")
	}
}

func TestKindString(t *testing.T) {
	var got []string
	for k := Null; k <= Object+1; k++ {
		got = append(got, k.String())
	}
	want := []string{"null", "boolean", "number", "string", "array", "object", "invalid"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Kind.String (-want +got):\n%s", diff)
	}
}

func TestParseJSONErrors(t *testing.T) {
	tests := []struct {
		name, data string
		want       string // "line:col-endLine:endCol: message"
	}{
		{"empty", ``, "1:1-1:1: unexpected end of input"},
		{"only space", "  \n ", "2:2-2:2: unexpected end of input"},
		{"unterminated object", `{"a":1`, "1:7-1:7: unexpected end of input"},
		{"unterminated string", `["abc`, "1:6-1:6: unexpected end of input"},
		{"trailing comma object", `{"a":1,}`, "1:7-1:8: invalid trailing comma before '}'"},
		{"trailing comma array", `[1,2,]`, "1:5-1:6: invalid trailing comma before ']'"},
		{"trailing comma pretty", "{\n  \"a\": 1,\n}", "2:9-2:10: invalid trailing comma before '}'"},
		{"trailing comma crlf", "{\r\n  \"a\": [1,\r\n  ]\r\n}", "2:10-2:11: invalid trailing comma before ']'"},
		{"trailing comma after é", `{"é": 1,}`, "1:8-1:9: invalid trailing comma before '}'"},
		{"leading comma object", `{,"a":1}`, "1:2-1:3: invalid character ',' before object name"},
		{"leading comma array", `[,1]`, "1:2-1:3: invalid character ',' at start of value"},
		{"double comma", `{"a":1,,"b":2}`, "1:8-1:9: invalid character ',' before object name"},
		{"name not string", `{1:2}`, "1:2-1:3: invalid character '1' (object names must be strings)"},
		{"close bracket for name", `{]`, "1:2-1:3: invalid character ']' (expecting object name)"},
		{"missing colon", `{"a" 1}`, "1:6-1:7: invalid character '1' after object name (expecting ':')"},
		{"missing comma object", `{"a":1 "b":2}`, `1:8-1:9: invalid character '"' after object value (expecting ',' or '}')`},
		{"missing comma array", `[1 2]`, "1:4-1:5: invalid character '2' after array element (expecting ',' or ']')"},
		{"missing value", `{"a":}`, "1:6-1:7: missing value after object name"},
		{"mismatched close", `[}`, "1:2-1:3: invalid character '}' at start of value"},
		{"garbage after value", `{"a":1}x`, "1:8-1:9: invalid character 'x' after top-level value"},
		{"second value", "{\"a\":1}\n{}", "2:1-2:2: invalid character '{' after top-level value"},
		{"second number", `1 2`, "1:3-1:4: invalid character '2' after top-level value"},
		{"misspelt literal", `[tru]`, "1:5-1:6: invalid character ']' in literal true (expecting 'e')"},
		{"duplicate name", `{"a":1,"a":2}`, `1:8-1:11: duplicate object name "a"`},
		{"duplicate name nested", "{\"s\":[{\"Effect\":\"Allow\",\n \"Effect\":\"Deny\"}]}", `2:2-2:10: duplicate object name "Effect"`},
		{"duplicate escaped name", `{"a":1,"\u0061":2}`, `1:8-1:16: duplicate object name "a"`},
		{"invalid UTF-8", "[\"ab\xffc\"]", "1:5-1:6: invalid UTF-8 in string (byte 0xff)"},
		{"invalid UTF-8 outside string", "[\xff]", `1:2-1:3: invalid character '\xff' at start of value`},
		{"BOM", "\ufeff{}", "1:1-1:1: byte order mark (U+FEFF) is not allowed at the start of JSON text"},
		{"line comment", "{} // x", "1:4-1:5: comments are not allowed in JSON"},
		{"block comment", "{\n/* x */ \"a\": 1}", "2:1-2:2: comments are not allowed in JSON"},
		{"invalid escape", `["\x"]`, "1:3-1:4: invalid escape sequence `\\x` in string"},
		{"lone surrogate", `["\ud800"]`, "1:3-1:9: unpaired UTF-16 surrogate `\\ud800` in string"},
		{"control character", "[\"a\tb\"]", `1:4-1:5: invalid character '\t' in string (expecting non-control character)`},
		{"newline in string", "[\"a\nb\"]", `1:4-2:1: invalid character '\n' in string (expecting non-control character)`},
		{"single quotes", `{'a':1}`, "1:2-1:3: invalid character '\\'' (expecting object name)"},
		{"leading zero", `[01]`, "1:3-1:4: invalid character '1' after array element (expecting ',' or ']')"},
		{"bare word", `allow`, "1:1-1:2: invalid character 'a' at start of value"},
		{"too deep", strings.Repeat("[", MaxDepth+1), "1:1001-1:1002: exceeded maximum nesting depth of 1000"},
		{"too deep object", strings.Repeat(`{"a":`, MaxDepth+1), "1:5001-1:5002: exceeded maximum nesting depth of 1000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, err := ParseJSON("e.json", []byte(tt.data))
			if err == nil {
				t.Fatalf("no error, got %s", n.Kind)
			}
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %T %v is not an *Error", err, err)
			}
			if got := span(e.Loc) + ": " + e.Msg; got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if e.Loc.File != "e.json" {
				t.Errorf("File = %q", e.Loc.File)
			}
			if !strings.HasPrefix(err.Error(), e.Loc.String()+": ") {
				t.Errorf("Error() = %q, want file:line:col: prefix", err.Error())
			}
		})
	}
}

func TestParseJSONDepthLimit(t *testing.T) {
	deep := strings.Repeat("[", MaxDepth) + strings.Repeat("]", MaxDepth)
	n, err := ParseJSON("d.json", []byte(deep))
	if err != nil {
		t.Fatalf("nesting %d deep: %v", MaxDepth, err)
	}
	depth := 0
	for ; n.Kind == Array && len(n.Items) > 0; n = n.Items[0] {
		depth++
	}
	if depth != MaxDepth-1 {
		t.Errorf("depth = %d", depth)
	}
}

func TestErrorString(t *testing.T) {
	e := &Error{Loc: rules.Location{File: "a.json", Line: 3, Col: 7, EndLine: 3, EndCol: 8}, Msg: "bad"}
	if got, want := e.Error(), "a.json:3:7: bad"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}
