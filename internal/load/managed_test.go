package load

import (
	"compress/gzip"
	"io"
	"os"
	"testing"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// ManagedPolicies returns the AWS managed policies of testdata as positioned
// documents inside the one JSON file that holds them.
func managedPolicies(t testing.TB) []*source.Field {
	f, err := os.Open("testdata/aws-managed-policies.json.gz")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	root, err := source.ParseJSON("aws-managed-policies.json", data)
	if err != nil {
		t.Fatal(err)
	}
	return root.Fields
}

// TestManagedPolicies decodes every AWS managed policy as a managed identity
// policy: real-world documents must give no grammar or parse problems.
func TestManagedPolicies(t *testing.T) {
	fields := managedPolicies(t)
	if len(fields) < 1000 {
		t.Fatalf("only %d managed policies", len(fields))
	}
	for _, f := range fields {
		p := decodePolicy("aws-managed-policies.json", f.Value, "", model.KindIdentity)
		for _, pr := range p.Problems {
			t.Errorf("%s: %s: %s %s", f.Key, pr.Loc, pr.Rule, pr.Msg)
		}
		if len(p.Statements) == 0 {
			t.Errorf("%s: no statements decoded", f.Key)
		}
	}
}

func BenchmarkDecodeManagedPolicies(b *testing.B) {
	fields := managedPolicies(b)
	for b.Loop() {
		for _, f := range fields {
			decodePolicy("aws-managed-policies.json", f.Value, "", model.KindIdentity)
		}
	}
}
