package cli_test

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/memlint/memlint/internal/cli"
	"github.com/memlint/memlint/internal/txtardir"
	"github.com/memlint/memlint/rules"
)

// TestAuditScenarios runs the per-rule scenarios of the audit rules
// (fixtures/audit/<slug>/*.txtar): the "cmd" section is the memlint command
// line (diff or audit), run with --format json in a directory holding the
// archive's files; the findings of the folder's rule must be exactly the
// want section ("ID file:line:col", sorted).
func TestAuditScenarios(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "audit", "*", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no audit scenarios")
	}
	cat, err := rules.NewCatalog(nil, rules.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		slug := filepath.Base(filepath.Dir(file))
		t.Run(slug+"/"+filepath.Base(file), func(t *testing.T) {
			meta, ok := cat.Lookup(slug)
			if !ok || meta.Category != "audit" {
				t.Fatalf("scenario folder audit/%s names no audit rule", slug)
			}
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			var cmd string
			var want []string
			hasWant := false
			for _, f := range ar.Files {
				switch f.Name {
				case "cmd":
					cmd = strings.TrimSpace(string(f.Data))
				case "want":
					hasWant = true
					for _, l := range strings.Split(string(f.Data), "\n") {
						if l = strings.TrimSpace(l); l != "" {
							want = append(want, l)
						}
					}
				default:
					txtardir.Write(t, dir, f)
				}
			}
			if cmd == "" || !hasWant {
				t.Fatal("an audit scenario needs a cmd and a want section")
			}
			if bad := strings.HasPrefix(filepath.Base(file), "bad-"); bad == (len(want) == 0) {
				t.Fatalf("a bad- scenario wants findings, a good- one none (want %q)", want)
			}
			t.Chdir(dir)
			stdout, stderr, code := run(t, append(strings.Fields(cmd), "--format", "json")...)
			if code == cli.ExitUsage {
				t.Fatalf("exit %d\nstderr:\n%s", code, stderr)
			}
			var rep struct {
				Findings []rules.Finding `json:"findings"`
			}
			if err := json.Unmarshal([]byte(stdout), &rep); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, stdout)
			}
			var got, all []string
			for _, f := range rep.Findings {
				line := fmt.Sprintf("%s %s:%d:%d", f.RuleID, filepath.ToSlash(f.Loc.File), f.Loc.Line, f.Loc.Col)
				all = append(all, line+" "+f.Msg)
				if f.RuleID == meta.ID {
					got = append(got, line)
				}
			}
			slices.Sort(want)
			slices.Sort(got)
			if !slices.Equal(want, got) {
				t.Errorf("findings of %s: got %q, want %q\nall findings:\n  %s", meta.ID, got, want, strings.Join(all, "\n  "))
			}
		})
	}
}
