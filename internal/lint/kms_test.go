package lint_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/access"
	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/txtardir"
)

// TestKeyFindingsAgreeWithAccess checks that the linter and memlint access
// read encrypted destinations alike: on every scenario of ML409 and ML410,
// a high finding of either rule comes with a delivery whose key step
// memlint access denies, and a denied key step with a high finding.
func TestKeyFindingsAgreeWithAccess(t *testing.T) {
	eng, cat := engine(t)
	var files []string
	for _, slug := range []string{"destination-kms-denied", "destination-aws-managed-key"} {
		fs, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "destination", slug, "*.txtar"))
		files = append(files, fs...)
	}
	if len(files) == 0 {
		t.Fatal("no scenarios")
	}
	for _, file := range files {
		t.Run(filepath.Base(filepath.Dir(file))+"/"+filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			dir, _ := txtardir.Extract(t, file)
			m, err := load.Load([]string{dir}, load.Options{})
			if err != nil {
				t.Fatal(err)
			}
			fs, err := lint.Run(context.Background(), eng, cat, m)
			if err != nil {
				t.Fatal(err)
			}
			high := false
			for _, f := range fs {
				if (f.RuleID == "ML409" || f.RuleID == "ML410") && f.Severity == "high" {
					high = true
				}
			}
			denied := false
			for _, mem := range access.Build(m).Memories {
				for _, d := range mem.Deliveries {
					for _, s := range d.Steps {
						if s.Step == "key" && (s.Decision == access.Denied || s.Decision == access.ExplicitDeny) {
							denied = true
						}
					}
				}
			}
			if high != denied {
				t.Errorf("high ML409/ML410 finding: %v; memlint access denies a key step: %v", high, denied)
			}
		})
	}
}
