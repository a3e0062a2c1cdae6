package load

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// TestStatementsParallel decodes a policy large enough to be decoded on
// every core, with grammar problems spread over it (a statement that is not
// an object, a bad Effect, an unknown element, both Action and NotAction,
// a principal), and compares the policy with the serial decoder's: the same
// statements and problems, in the same order. The tree is dropped as it is
// decoded in both.
func TestStatementsParallel(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(3))
	n := parallelStatements + 1234
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	for i := range n {
		if i > 0 {
			b.WriteString(",\n")
		}
		switch {
		case i%1511 == 7:
			b.WriteString(`"not a statement"`)
		case i%997 == 3:
			fmt.Fprintf(&b, `{"Sid": "S%d", "Effect": "allow", "Action": "s3:GetObject", "NotAction": "s3:PutObject", "Resource": "*"}`, i)
		case i%701 == 5:
			fmt.Fprintf(&b, `{"Sid": "S%d", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/R%d"}, "Action": "s3:GetObject", "Resource": "*", "Resourse": "x"}`, i, i)
		default:
			fmt.Fprintf(&b, `{"Sid": "S%d", "Effect": "Allow", "Action": "bedrock-agentcore:GetMemory", "Resource": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m%d"}`, i, i)
		}
	}
	b.WriteString("]}\n")
	text := b.String()
	decode := func() *source.Node {
		root, err := source.ParseJSON("policy.json", []byte(text))
		if err != nil {
			t.Fatal(err)
		}
		return root
	}
	parallel := decodeOwnedPolicy("policy.json", decode(), text, model.KindUnknown)
	root := decode()
	serial := &policyDecoder{p: &model.Policy{}, drop: true}
	serial.items(root.Get("Statement"), 0, len(root.Get("Statement").Items))
	if len(parallel.Statements) != n-countNotObjects(n) {
		t.Fatalf("%d statements, want %d", len(parallel.Statements), n-countNotObjects(n))
	}
	if diff := cmp.Diff(serial.p.Statements, parallel.Statements); diff != "" {
		t.Errorf("statements differ (-serial +parallel):\n%s", diff)
	}
	if diff := cmp.Diff(serial.p.Problems, parallel.Problems); diff != "" {
		t.Errorf("problems differ (-serial +parallel):\n%s", diff)
	}
	if len(parallel.Problems) < 20 {
		t.Errorf("%d problems: the test input should have more", len(parallel.Problems))
	}
	for i, it := range root.Get("Statement").Items {
		if it != nil && it.Kind == source.Object {
			t.Fatalf("statement %d kept in the tree", i)
		}
	}
}

func countNotObjects(n int) int {
	c := 0
	for i := range n {
		if i%1511 == 7 {
			c++
		}
	}
	return c
}
