package source

import (
	"encoding/json"
	"errors"
	"strings"
	"sync"
	"testing"
)

// cliInput is an AWS CLI input file for put-resource-policy, the policy a
// JSON string inside it.
const cliInput = `{"resourceArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]}"}`

func TestEmbeddedCLIInput(t *testing.T) {
	outer, err := ParseJSON("put-resource-policy.json", []byte(cliInput))
	if err != nil {
		t.Fatal(err)
	}
	policy, err := at(t, outer, "policy").Embedded()
	if err != nil {
		t.Fatal(err)
	}
	action := at(t, policy, "Statement", 0, "Action")
	if action.Kind != String || action.Value != "s3:GetObject" {
		t.Fatalf("Action = %s %q", action.Kind, action.Value)
	}
	lit := `\"s3:GetObject\"`
	i := strings.Index(cliInput, lit)
	want := "1:" + itoa(i+1) + "-1:" + itoa(i+len(lit)+1)
	if got := span(action.Loc); got != want {
		t.Errorf("Action span = %s, want %s (the escaped literal)", got, want)
	}
	if action.Loc.File != "put-resource-policy.json" {
		t.Errorf("File = %q", action.Loc.File)
	}
	// Every key and value covers exactly its escaped spelling.
	for _, tt := range []struct {
		path []any
		text string
	}{
		{nil, `{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]}`},
		{[]any{"Version"}, `\"2012-10-17\"`},
		{[]any{"Statement"}, `[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\"}]`},
		{[]any{"Statement", 0, "Effect"}, `\"Allow\"`},
	} {
		if got := textAt(t, cliInput, at(t, policy, tt.path...).Loc); got != tt.text {
			t.Errorf("%v: text %s, want %s", tt.path, got, tt.text)
		}
	}
	if got := textAt(t, cliInput, policy.Fields[1].KeyLoc); got != `\"Statement\"` {
		t.Errorf("key text %s", got)
	}
}

func itoa(i int) string { b, _ := json.Marshal(i); return string(b) }

func TestEmbeddedMultiLine(t *testing.T) {
	// The policy was pretty-printed, then stored as a string: its lines are
	// \n escapes on the one line of the outer file.
	data := `{
  "RoleName": "r",
  "PolicyDocument": "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Deny\", \"Resource\": \"*\"}\n  ]\n}"
}`
	outer, err := ParseJSON("put-role-policy.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := at(t, outer, "PolicyDocument").Embedded()
	if err != nil {
		t.Fatal(err)
	}
	line3 := strings.Split(data, "\n")[2]
	for _, tt := range []struct {
		path []any
		lit  string
	}{
		{[]any{"Version"}, `\"2012-10-17\"`},          // inner line 2
		{[]any{"Statement", 0, "Effect"}, `\"Deny\"`}, // inner line 4
		{[]any{"Statement", 0, "Resource"}, `\"*\"`},  // inner line 4
	} {
		n := at(t, doc, tt.path...)
		i := strings.Index(line3, tt.lit)
		want := "3:" + itoa(i+1) + "-3:" + itoa(i+len(tt.lit)+1)
		if got := span(n.Loc); got != want {
			t.Errorf("%v: span %s, want %s", tt.path, got, want)
		}
	}
	// The inner "Statement" key is on inner line 3.
	i := strings.Index(line3, `\"Statement\"`)
	if got, want := span(doc.Fields[1].KeyLoc), "3:"+itoa(i+1)+"-3:"+itoa(i+14); got != want {
		t.Errorf("Statement key span %s, want %s", got, want)
	}
}

func TestEmbeddedEscapes(t *testing.T) {
	tests := []struct {
		name, data string
		path       []any
		value      string
		text       string // the outer text the inner value spans
	}{
		{"unicode escape", `{"p": "{\"a\":\"\u00e9t\u00e9\"}"}`, []any{"a"}, "été", `\"\u00e9t\u00e9\"`},
		{"surrogate pair", `{"p": "{\"a\":\"x\ud83d\ude00\",\"b\":1}"}`, []any{"a"}, "x😀", `\"x\ud83d\ude00\"`},
		{"after surrogate pair", `{"p": "{\"a\":\"x\ud83d\ude00\",\"b\":1}"}`, []any{"b"}, "1", `1`},
		{"escaped brace", `{"p": "\u007b\"a\":2}"}`, nil, "", `\u007b\"a\":2}`},
		{"escaped backslash", `{"p": "[\"a\\\\b\", \"\\/\"]"}`, []any{0}, `a\b`, `\"a\\\\b\"`},
		{"escaped slash", `{"p": "[\"a\\\\b\", \"\\/\"]"}`, []any{1}, `/`, `\"\\/\"`},
		{"raw non-ASCII outer", `{"é😀": "{\"a\":[1,\"é😀\"]}"}`, []any{"a", 1}, "é😀", `\"é😀\"`},
		{"tab escapes as whitespace", `{"p": "{\t\"a\":\r\n1}"}`, []any{"a"}, "1", "1"},
		{"number", `{"p": "[12.5e3]"}`, []any{0}, "12.5e3", "12.5e3"},
		{"string top level", `{"p": "\"x\""}`, nil, "x", `\"x\"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outer, err := ParseJSON("o.json", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			var s *Node
			for _, f := range outer.Fields {
				s = f.Value
			}
			doc, err := s.Embedded()
			if err != nil {
				t.Fatal(err)
			}
			n := at(t, doc, tt.path...)
			if n.Kind != Object && n.Kind != Array && n.Value != tt.value {
				t.Errorf("value %q, want %q", n.Value, tt.value)
			}
			if got := textAt(t, tt.data, n.Loc); got != tt.text {
				t.Errorf("text %s, want %s", got, tt.text)
			}
		})
	}
}

func TestEmbeddedNested(t *testing.T) {
	// A JSON document in a string in a string in a file.
	inner := `{"Effect": "Allow", "Action": ["s3:Get*"]}`
	mid, _ := json.Marshal(inner)
	outerStr, _ := json.Marshal(string(mid))
	data := `{"wrapped": ` + string(outerStr) + `}`
	outer, err := ParseJSON("n.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	str, err := at(t, outer, "wrapped").Embedded()
	if err != nil {
		t.Fatal(err)
	}
	if str.Kind != String || str.Value != inner {
		t.Fatalf("middle = %s %q", str.Kind, str.Value)
	}
	if got, want := textAt(t, data, str.Loc), string(outerStr[1:len(outerStr)-1]); got != want {
		t.Errorf("middle text %s, want %s", got, want)
	}
	doc, err := str.Embedded()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		path []any
		text string
	}{
		{[]any{"Effect"}, `\\\"Allow\\\"`},
		{[]any{"Action"}, `[\\\"s3:Get*\\\"]`},
		{[]any{"Action", 0}, `\\\"s3:Get*\\\"`},
	} {
		if got := textAt(t, data, at(t, doc, tt.path...).Loc); got != tt.text {
			t.Errorf("%v: text %s, want %s", tt.path, got, tt.text)
		}
	}
	if got := textAt(t, data, doc.Fields[0].KeyLoc); got != `\\\"Effect\\\"` {
		t.Errorf("key text %s", got)
	}
	// An error two levels down points at the outer file too.
	bad, _ := json.Marshal(`{"a": 1,}`)
	badOuter, _ := json.Marshal(string(bad))
	data = `{"w": ` + string(badOuter) + `}`
	outer, err = ParseJSON("n.json", []byte(data))
	if err != nil {
		t.Fatal(err)
	}
	str, err = outer.Get("w").Embedded()
	if err != nil {
		t.Fatal(err)
	}
	_, err = str.Embedded()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v", err)
	}
	if got := textAt(t, data, e.Loc); got != "," || e.Msg != "invalid trailing comma before '}'" {
		t.Errorf("error at %q: %s", got, e.Msg)
	}
}

func TestEmbeddedErrors(t *testing.T) {
	tests := []struct {
		name, data string
		text, msg  string // the outer text the error spans and its message
	}{
		{"trailing comma", `{"p": "{\"a\":1,}"}`, ",", "invalid trailing comma before '}'"},
		{"escaped bad char", `{"p": "{\"a\":\u0027x\u0027}"}`, `\u0027`, `invalid character '\'' at start of value`},
		{"duplicate", `{"p": "{\"a\":1,\"a\":2}"}`, `\"a\"`, `duplicate object name "a"`},
		{"end of input", `{"p": "{\"a\":1"}`, "", "unexpected end of input"},
		{"empty", `{"p": ""}`, "", "unexpected end of input"},
		{"BOM", `{"p": "\ufeff{}"}`, `\ufeff`, "byte order mark (U+FEFF) is not allowed at the start of JSON text"},
		{"newline", `{"p": "{\n\"a\" 1}"}`, "1", "invalid character '1' after object name (expecting ':')"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			outer, err := ParseJSON("o.json", []byte(tt.data))
			if err != nil {
				t.Fatal(err)
			}
			_, err = outer.Get("p").Embedded()
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("error %v", err)
			}
			if e.Msg != tt.msg {
				t.Errorf("message %q, want %q", e.Msg, tt.msg)
			}
			if got := textAt(t, tt.data, e.Loc); got != tt.text {
				t.Errorf("error spans %q, want %q", got, tt.text)
			}
			if e.Loc.File != "o.json" {
				t.Errorf("File = %q", e.Loc.File)
			}
		})
	}
	// The end of input is just before the closing quote.
	data := `{"p": "{\"a\":1"}`
	outer, _ := ParseJSON("o.json", []byte(data))
	_, err := outer.Get("p").Embedded()
	if got, want := span(err.(*Error).Loc), "1:16-1:16"; got != want {
		t.Errorf("end of input at %s, want %s", got, want)
	}
}

func TestEmbeddedNotString(t *testing.T) {
	outer, err := ParseJSON("o.json", []byte(`{"p": {"a": 1}}`))
	if err != nil {
		t.Fatal(err)
	}
	_, err = outer.Get("p").Embedded()
	var e *Error
	if !errors.As(err, &e) || e.Msg != "embedded document: expected a string, found object" || span(e.Loc) != "1:7-1:15" {
		t.Errorf("error %v", err)
	}
	if _, err := (&Node{Kind: String, Value: "{}"}).Embedded(); err == nil {
		t.Error("Embedded of a constructed node: no error")
	}
	if _, err := (*Node)(nil).Embedded(); err == nil {
		t.Error("Embedded of nil: no error")
	}
}

func TestEmbeddedConcurrent(t *testing.T) {
	outer, err := ParseJSON("c.json", []byte("[\n"+strings.Repeat(`"{\"é\": [1, \"😀\"]}",`+"\n", 50)+`"{}"]`))
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for _, s := range outer.Items {
		wg.Go(func() {
			if _, err := s.Embedded(); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
}
