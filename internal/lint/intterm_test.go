package lint

import (
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestIntTerm checks the shared index terms against OPA's number terms,
// across the table's growth and its end, and that a term is shared.
func TestIntTerm(t *testing.T) {
	for _, n := range []int{0, 1, 511, 512, 1023, 1024, 5000, 70000, intTermsMax - 1, intTermsMax, intTermsMax + 1, -1} {
		if got, want := intTerm(n), ast.IntNumberTerm(n); !got.Equal(want) {
			t.Errorf("intTerm(%d) = %v", n, got)
		}
	}
	if intTerm(3000) != intTerm(3000) {
		t.Error("intTerm(3000) is made again")
	}
}
