// Package gen writes memlint's generated rule documentation (go generate
// ./internal/docs runs it through generate.go).
package gen

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/memlint/memlint/internal/docs"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

// Main writes the pages and the README table, and exits on failure.
func Main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run() error {
	root := filepath.Join("..", "..") // go generate runs in internal/docs
	eng, err := rego.Load(context.Background())
	if err != nil {
		return err
	}
	cat, err := rules.NewCatalog(eng.Metas(), rules.Builtin)
	if err != nil {
		return err
	}
	for _, m := range cat.Rules() {
		p := filepath.Join(root, filepath.FromSlash(docs.PagePath(m)))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		page, err := docs.RulePage(m, os.DirFS(filepath.Join(root, "fixtures")))
		if err != nil {
			return err
		}
		if err := os.WriteFile(p, page, 0o644); err != nil {
			return err
		}
	}
	readme := filepath.Join(root, "README.md")
	b, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	out, err := docs.SpliceTable(b, docs.Table(cat))
	if err != nil {
		return err
	}
	return os.WriteFile(readme, out, 0o644)
}
