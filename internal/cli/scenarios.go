package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

// scenario is a bad-*/good-* txtar archive beside a custom rule, in the
// shipped rules' format: the input files and a "want" section of sorted
// "ID file:line:col" lines for the rule's findings (empty for good-*).
type scenario struct {
	file string
	rule *rules.Meta
}

// customScenarios finds the scenarios beside the custom rules under dir.
func customScenarios(ctx context.Context, dir string) (*rego.Engine, *rules.Catalog, []scenario, error) {
	if _, err := os.Stat(dir); err != nil {
		return nil, nil, nil, fmt.Errorf("test custom rules: %w", err)
	}
	mods, err := readModules(dir, false)
	if err != nil || len(mods) == 0 {
		return nil, nil, nil, err // no rules: only _test.rego files to run
	}
	eng, cat, files, err := loadCustom(ctx, dir)
	if err != nil {
		return nil, nil, nil, err
	}
	var out []scenario
	for _, m := range cat.Rules() {
		file, ok := files[m.ID]
		if !ok {
			continue
		}
		for _, prefix := range []string{"bad-", "good-"} {
			found, _ := filepath.Glob(filepath.Join(filepath.Dir(filepath.FromSlash(file)), prefix+"*.txtar"))
			slices.Sort(found)
			for _, f := range found {
				out = append(out, scenario{file: f, rule: m})
			}
		}
	}
	return eng, cat, out, nil
}

// run lints the scenario's files in a temporary directory and returns the
// differences from its want section, empty when it passes.
func (s scenario) run(ctx context.Context, eng *rego.Engine, cat *rules.Catalog) ([]string, error) {
	ar, err := txtar.ParseFile(s.file)
	if err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp("", "memlint-scenario-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	var want []string
	hasWant := false
	for _, f := range ar.Files {
		if f.Name == "want" {
			hasWant = true
			for _, l := range strings.Split(string(f.Data), "\n") {
				if l = strings.TrimSpace(l); l != "" {
					want = append(want, l)
				}
			}
			continue
		}
		p := filepath.Join(tmp, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			return nil, err
		}
	}
	if !hasWant {
		return []string{"no want section"}, nil
	}
	m, err := load.Load([]string{tmp}, load.Options{})
	if err != nil {
		return nil, err
	}
	findings, err := lint.Run(ctx, eng, cat, m)
	if err != nil {
		return nil, err
	}
	var got []string
	for _, f := range findings {
		if f.RuleID == s.rule.ID {
			rel, _ := filepath.Rel(tmp, f.Loc.File)
			got = append(got, fmt.Sprintf("%s %s:%d:%d", f.RuleID, filepath.ToSlash(rel), f.Loc.Line, f.Loc.Col))
		}
	}
	slices.Sort(want)
	slices.Sort(got)
	var diff []string
	for _, w := range want {
		if !slices.Contains(got, w) {
			diff = append(diff, "missing: "+w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			diff = append(diff, "unexpected: "+g)
		}
	}
	return diff, nil
}

// runScenarios runs the scenarios beside the custom rules under dir,
// printing one line each; it returns the number that passed and failed.
func runScenarios(ctx context.Context, dir string, stdout io.Writer) (pass, fail int, err error) {
	eng, cat, scenarios, err := customScenarios(ctx, dir)
	if err != nil {
		return 0, 0, err
	}
	for _, s := range scenarios {
		diff, err := s.run(ctx, eng, cat)
		if err != nil {
			return pass, fail, fmt.Errorf("scenario %s: %w", filepath.ToSlash(s.file), err)
		}
		status := "PASS"
		if len(diff) > 0 {
			status = "FAIL"
			fail++
		} else {
			pass++
		}
		fmt.Fprintf(stdout, "%-5s %s scenario %s\n", status, s.rule.ID, filepath.ToSlash(s.file))
		for _, d := range diff {
			fmt.Fprintf(stdout, "      %s\n", d)
		}
	}
	return pass, fail, nil
}
