package docs_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/docs"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

// TestGenerated fails when the rule pages or the README table are stale.
func TestGenerated(t *testing.T) {
	eng, err := rego.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := rules.NewCatalog(eng.Metas(), rules.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Join("..", "..")
	for _, m := range cat.Rules() {
		p := filepath.Join(root, filepath.FromSlash(docs.PagePath(m)))
		got, err := os.ReadFile(p)
		if err != nil {
			t.Errorf("%s: %v (run go generate ./internal/docs)", p, err)
			continue
		}
		page, err := docs.RulePage(m, os.DirFS(filepath.Join(root, "fixtures")))
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(string(page), string(got)); diff != "" {
			t.Errorf("%s is stale (-generated +on disk); run go generate ./internal/docs:\n%s", p, diff)
		}
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := docs.SpliceTable(readme, docs.Table(cat))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(readme)); diff != "" {
		t.Errorf("README.md rules table is stale (-generated +on disk); run go generate ./internal/docs:\n%s", diff)
	}
}
