package fetch

import (
	"encoding/json"
	"strings"
	"testing"
)

// FuzzDocuments feeds what a service may return to the functions that read
// it: the principal roles of a memory policy, the indenting of a document
// and IAM's URL decoding. None may panic; an indented document is the same
// JSON; every role found is an IAM role ARN.
func FuzzDocuments(f *testing.F) {
	f.Add(`{"Statement":[{"Principal":{"AWS":["arn:aws:iam::444455556666:role/R","arn:aws:iam::444455556666:root"]}}]}`)
	f.Add(`{"Statement":{"Principal":{"AWS":"arn:aws:iam::444455556666:role/path/R"}}}`)
	f.Add(`%7B%22Version%22%3A%222012-10-17%22%7D`)
	f.Add(`{"Statement":[{"Principal":"*"}]}`)
	f.Add(`not json`)
	f.Fuzz(func(t *testing.T, s string) {
		for _, r := range principalRoles(s) {
			if !strings.HasPrefix(r[strings.Index(r, ":iam:")+1:], "iam:") || !strings.Contains(r, ":role/") {
				t.Errorf("principalRoles gave %q", r)
			}
		}
		out := pretty([]byte(s))
		if json.Valid([]byte(s)) {
			var a, b any
			if json.Unmarshal([]byte(s), &a) == nil && json.Unmarshal(out, &b) == nil {
				ja, _ := json.Marshal(a)
				jb, _ := json.Marshal(b)
				if string(ja) != string(jb) {
					t.Errorf("indenting changed the document: %s", out)
				}
			}
		} else if string(out) != s {
			t.Errorf("a document that is not JSON was changed")
		}
		urlDecoded(s)
	})
}
