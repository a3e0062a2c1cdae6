// Package govet runs memlint's Go analyzer (analysis/memlint) on Go
// packages named by go list patterns, loaded with go/packages: the
// in-process driver behind memlint vet, which reports through memlint's
// own output formats.
package govet

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"

	"golang.org/x/tools/go/packages"

	"github.com/memlint/memlint/analysis/memlint"
	"github.com/memlint/memlint/internal/cli"
	"github.com/memlint/memlint/rules"
)

// Run loads the packages patterns name, from dir, with their tests when
// tests is set, and runs the analyzer on each.
func Run(ctx context.Context, dir string, patterns []string, tests bool) (*cli.VetReport, error) {
	cfg := &packages.Config{
		Context: ctx,
		Dir:     dir,
		Tests:   tests,
		Mode: packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles | packages.NeedImports |
			packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax | packages.NeedTypesSizes,
	}
	if len(patterns) == 0 {
		patterns = []string{"."}
	}
	pkgs, err := packages.Load(cfg, patterns...)
	if err != nil {
		return nil, &cli.VetLoadError{Msg: fmt.Sprintf("memlint vet: %v", err)}
	}
	var errs []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, e := range p.Errors {
			errs = append(errs, e.Error())
		}
	})
	if len(errs) > 0 {
		slices.Sort(errs)
		return nil, &cli.VetLoadError{Msg: strings.Join(slices.Compact(errs), "\n")}
	}
	rep := &cli.VetReport{}
	files := map[string]bool{}
	for _, p := range pkgs {
		if p.Types == nil || p.TypesInfo == nil {
			continue
		}
		rep.Packages++
		res, cat, err := memlint.Check(ctx, p.Fset, p.TypesInfo, p.Syntax, os.ReadFile)
		if err != nil {
			return nil, err
		}
		if cat != nil {
			rep.Catalog = cat
		}
		rep.Findings = append(rep.Findings, res.Findings...)
		rep.Notes = append(rep.Notes, res.Notes...)
		for _, f := range res.Files {
			files[f] = true
		}
	}
	if rep.Catalog == nil {
		cat, err := memlint.Catalog(ctx)
		if err != nil {
			return nil, err
		}
		rep.Catalog = cat
	}
	// A package and its test variant share files: each finding once.
	rep.Findings = rules.Sort(rep.Findings)
	slices.Sort(rep.Notes)
	rep.Notes = slices.Compact(rep.Notes)
	for f := range files {
		rep.Files = append(rep.Files, f)
	}
	slices.Sort(rep.Files)
	return rep, nil
}
