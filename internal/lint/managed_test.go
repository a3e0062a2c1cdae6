package lint_test

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"

	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
)

// TestManagedPolicies lints every AWS managed policy as a file of its own: a
// folder of real-world identity policies that IAM accepted must give no
// parse, grammar or malformed-ARN findings (ML001, ML002, ML012). Other
// findings are logged as a false-positive watch for the policy-language
// rules.
func TestManagedPolicies(t *testing.T) {
	f, err := os.Open(filepath.Join("..", "load", "testdata", "aws-managed-policies.json.gz"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var docs map[string]json.RawMessage
	if err := json.NewDecoder(zr).Decode(&docs); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for name, doc := range docs {
		if err := os.WriteFile(filepath.Join(dir, name+".json"), doc, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	eng, cat := engine(t)
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Policies) != len(docs) {
		t.Fatalf("loaded %d policies of %d", len(m.Policies), len(docs))
	}
	fs, err := lint.Run(context.Background(), eng, cat, m)
	if err != nil {
		t.Fatal(err)
	}
	mustBeClean := map[string]bool{"ML001": true, "ML002": true, "ML012": true}
	counts := map[string]int{}
	for _, f := range fs {
		counts[f.RuleID]++
		if mustBeClean[f.RuleID] {
			t.Errorf("%s: %s %s", f.Loc, f.RuleID, f.Msg)
		}
	}
	ids := make([]string, 0, len(counts))
	for id := range counts {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		t.Logf("%s: %d findings over %d managed policies", id, counts[id], len(docs))
	}
}
