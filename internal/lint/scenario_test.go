package lint_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/txtardir"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

var shared = sync.OnceValues(func() (*rego.Engine, error) { return rego.Load(context.Background()) })

func engine(t testing.TB) (*rego.Engine, *rules.Catalog) {
	t.Helper()
	eng, err := shared()
	if err != nil {
		t.Fatal(err)
	}
	cat, err := rules.NewCatalog(eng.Metas(), rules.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	return eng, cat
}

// runArchive extracts a txtar archive (all files but "want") into a temporary
// directory, lints it and returns the findings with archive-relative paths.
func runArchive(t *testing.T, ar *txtar.Archive) []rules.Finding {
	t.Helper()
	dir := t.TempDir()
	for _, f := range ar.Files {
		if f.Name != "want" {
			txtardir.Write(t, dir, f)
		}
	}
	eng, cat := engine(t)
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatalf("load: %v", err)
	}
	fs, err := lint.Run(context.Background(), eng, cat, m)
	if err != nil {
		t.Fatalf("lint: %v", err)
	}
	prefix := filepath.ToSlash(dir) + "/"
	for i := range fs {
		fs[i].Loc.File = strings.TrimPrefix(fs[i].Loc.File, prefix)
		for j := range fs[i].Related {
			fs[i].Related[j].Loc.File = strings.TrimPrefix(fs[i].Related[j].Loc.File, prefix)
		}
	}
	return fs
}

// TestScenarios runs every per-rule scenario under fixtures/<series>/<slug>/:
// the findings of the folder's rule must be exactly the want section.
func TestScenarios(t *testing.T) {
	_, cat := engine(t)
	root := filepath.Join("..", "..", "fixtures")
	files, err := filepath.Glob(filepath.Join(root, "*", "*", "*.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) == 0 {
		t.Fatal("no scenarios found")
	}
	for _, file := range files {
		rel, _ := filepath.Rel(root, file)
		parts := strings.Split(filepath.ToSlash(rel), "/")
		series, slug := parts[0], parts[1]
		if series == "audit" {
			// Two versions and a command line (diff, audit):
			// internal/cli's TestAuditScenarios runs them.
			continue
		}
		t.Run(filepath.ToSlash(rel), func(t *testing.T) {
			t.Parallel()
			meta, ok := cat.Lookup(slug)
			if !ok || meta.Category != series {
				t.Fatalf("scenario folder %s/%s names no rule of the catalog", series, slug)
			}
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var want []string
			found := false
			for _, f := range ar.Files {
				if f.Name == "want" {
					found = true
					for _, l := range strings.Split(string(f.Data), "\n") {
						if l = strings.TrimSpace(l); l != "" {
							want = append(want, l)
						}
					}
				}
			}
			if !found {
				t.Fatal("scenario has no want section")
			}
			if strings.HasPrefix(parts[2], "good-") && len(want) > 0 {
				t.Fatal("a good- scenario must have an empty want section")
			}
			if strings.HasPrefix(parts[2], "bad-") && len(want) == 0 {
				t.Fatal("a bad- scenario must want at least one finding")
			}
			// want lines may name the severity too ("ML204 trust.json:12:34
			// medium"), all of a scenario's lines or none.
			withSev := len(want) > 0 && len(strings.Fields(want[0])) == 3
			for _, w := range want {
				if (len(strings.Fields(w)) == 3) != withSev {
					t.Fatalf("want line %q: give the severity on every line or on none", w)
				}
			}
			var got, all []string
			for _, f := range runArchive(t, ar) {
				line := fmt.Sprintf("%s %s:%d:%d", f.RuleID, f.Loc.File, f.Loc.Line, f.Loc.Col)
				all = append(all, line+" "+string(f.Severity)+" "+f.Msg)
				if withSev {
					line += " " + string(f.Severity)
				}
				if f.RuleID == meta.ID {
					got = append(got, line)
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("findings of %s (-want +got):\n%s\nall findings:\n  %s", meta.ID, diff, strings.Join(all, "\n  "))
			}
		})
	}
}

// TestCatalogCoverage checks every catalog rule has at least one firing and
// one clean scenario.
func TestCatalogCoverage(t *testing.T) {
	_, cat := engine(t)
	for _, m := range cat.Rules() {
		dir := filepath.Join("..", "..", "fixtures", m.Category, m.Slug)
		bad, _ := filepath.Glob(filepath.Join(dir, "bad-*.txtar"))
		good, _ := filepath.Glob(filepath.Join(dir, "good-*.txtar"))
		if len(bad) == 0 || len(good) == 0 {
			t.Errorf("%s %s: want at least one bad-*.txtar and one good-*.txtar in %s (have %d bad, %d good)", m.ID, m.Slug, dir, len(bad), len(good))
		}
	}
}
