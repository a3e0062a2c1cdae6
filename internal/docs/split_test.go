package docs

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestSplitDescription(t *testing.T) {
	tests := []struct{ in, what, why string }{
		{"One sentence.", "One sentence.", ""},
		{"It checks X.\nThat matters.", "It checks X.", "That matters."},
		{"It names e.g. Foo and the like. Why.", "It names e.g. Foo and the like.", "Why."},
		{`It checks "x". "Quoted" why.`, `It checks "x".`, `"Quoted" why.`},
		{"Version 1.2 is old. Why.", "Version 1.2 is old.", "Why."},
		{"Ends with a.lower case. no split", "Ends with a.lower case. no split", ""},
	}
	for _, tt := range tests {
		what, why := splitDescription(tt.in)
		if diff := cmp.Diff([2]string{tt.what, tt.why}, [2]string{what, why}); diff != "" {
			t.Errorf("splitDescription(%q) (-want +got):\n%s", tt.in, diff)
		}
	}
}
