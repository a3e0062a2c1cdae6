package lint

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

// TestKeepDropsOnlyUnkeptFindings checks Options.Keep on every setup in
// fixtures/: for each file of a setup, the findings a run narrowed to that
// file keeps are exactly those of the full run located (or with a related
// location) in it. Keep skips whole units, so a unit wrongly judged to have
// nothing in the file would lose findings here.
func TestKeepDropsOnlyUnkeptFindings(t *testing.T) {
	ctx := context.Background()
	eng, cat := loadedEngine(t)
	in := func(file string) func(rules.Finding) bool {
		return func(f rules.Finding) bool {
			if f.Loc.File == file || f.Loc.File == "" {
				return true
			}
			for _, r := range f.Related {
				if r.Loc.File == file || r.Loc.File == "" {
					return true
				}
			}
			return false
		}
	}
	compared, skipped := 0, 0
	forEachFixture(t, func(path string, m *model.Model) {
		if len(m.Files) < 2 {
			return
		}
		all, err := Run(ctx, eng, cat, m)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		for _, file := range m.Files {
			keep := func(f string) bool { return f == file || f == "" }
			got, err := RunWith(ctx, eng, cat, m, Options{Keep: keep})
			if err != nil {
				t.Fatalf("%s: %v", path, err)
			}
			want := filter(all, in(file))
			if len(got) < len(all) {
				skipped++
			}
			if diff := cmp.Diff(want, filter(got, in(file))); diff != "" {
				t.Errorf("%s, findings kept for %s (-full run +narrowed run):\n%s", path, file, diff)
			}
			compared++
		}
	})
	if compared < 100 || skipped == 0 {
		t.Errorf("compared %d narrowed runs, %d of them skipped units: the fixtures no longer exercise Keep", compared, skipped)
	}
}

func filter(fs []rules.Finding, keep func(rules.Finding) bool) []rules.Finding {
	var out []rules.Finding
	for _, f := range fs {
		if keep(f) {
			out = append(out, f)
		}
	}
	return out
}

// loadedEngine is the shipped rules' engine and catalog.
func loadedEngine(t testing.TB) (*rego.Engine, *rules.Catalog) {
	t.Helper()
	eng, err := rego.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := rules.NewCatalog(eng.Metas(), rules.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	return eng, cat
}
