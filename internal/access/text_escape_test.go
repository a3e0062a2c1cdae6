package access

import (
	"bytes"
	"strings"
	"testing"
)

// TestWriteTextEscapes checks that the table does not pass control
// characters from the input (a memory name, a principal, a note) to the
// terminal: they are escaped, and a line feed in a value starts no line.
func TestWriteTextEscapes(t *testing.T) {
	v := &View{Memories: []*Memory{{
		ARN:              "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m",
		Name:             "m\x1b]0;title\a",
		ResourcePolicies: []string{"p\r.json"},
		Notes:            []string{"note\nmemlint: all clear"},
		Grants: []*Grant{{
			Principal:      "arn:aws:iam::444455556666:role/r\x1b[2J",
			ResourcePolicy: "p\r.json",
			Reason:         "why\x07",
		}},
	}}}
	var b bytes.Buffer
	if err := WriteText(&b, v); err != nil {
		t.Fatal(err)
	}
	out := b.String()
	if strings.ContainsAny(out, "\x1b\a\r") {
		t.Errorf("control characters in:\n%q", out)
	}
	if strings.Contains(out, "\nmemlint: all clear") || !strings.Contains(out, `m\x1b]0;title\x07`) {
		t.Errorf("values not escaped in:\n%s", out)
	}
}
