package lint_test

import (
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/rules"
)

// checkDir loads and lints one directory of fixtures/examples.
func checkDir(t *testing.T, dir string) []rules.Finding {
	t.Helper()
	eng, cat := engine(t)
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatalf("load %s: %v", dir, err)
	}
	fs, err := lint.Run(context.Background(), eng, cat, m)
	if err != nil {
		t.Fatalf("lint %s: %v", dir, err)
	}
	return fs
}

// keys is the sorted multiset of (rule ID, anchor) of findings.
func keys(fs []rules.Finding) []string {
	out := make([]string, 0, len(fs))
	for _, f := range fs {
		out = append(out, f.RuleID+" "+f.Anchor)
	}
	slices.Sort(out)
	return out
}

// TestFormatsMatchLooseJSON checks that the seed guide's scenario written as
// a CloudFormation template, a Terraform plan and the guide's own shell
// commands gives the findings of its loose-JSON version, each at a position
// in the format's own files.
func TestFormatsMatchLooseJSON(t *testing.T) {
	root := filepath.Join("..", "..", "fixtures", "examples")
	want := keys(checkDir(t, filepath.Join(root, "guide")))
	if len(want) == 0 {
		t.Fatal("the loose-JSON guide gives no findings")
	}
	tests := []struct {
		dir   string
		files []string // the format's own files: every finding is in one
	}{
		{"guide-cfn", []string{"account-a.yaml", "account-b.yaml"}},
		{"guide-tfplan", []string{"plan.json"}},
		{"guide-shell", []string{"setup-account-a.sh", "setup-account-b.sh"}},
	}
	for _, tt := range tests {
		t.Run(tt.dir, func(t *testing.T) {
			dir := filepath.Join(root, tt.dir)
			fs := checkDir(t, dir)
			if diff := cmp.Diff(want, keys(fs)); diff != "" {
				t.Errorf("(rule, anchor) of %s differ from the loose-JSON guide (-want +got):\n%s", tt.dir, diff)
			}
			for _, f := range fs {
				rel := strings.TrimPrefix(f.Loc.File, filepath.ToSlash(dir)+"/")
				if !slices.Contains(tt.files, rel) || f.Loc.Line < 1 || f.Loc.Col < 1 {
					t.Errorf("%s %s at %s: not at a position in the format's own files %v", f.RuleID, f.Anchor, fmt.Sprint(f.Loc), tt.files)
				}
			}
		})
	}
}
