package lint_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/rules"
)

// largePolicy writes an identity policy of n statements; sid(i) is the Sid
// of statement i.
func largePolicy(t testing.TB, n int, sid func(int) string) string {
	return writePolicy(t, n, func(i int) string {
		return fmt.Sprintf(`{"Sid": %q, "Effect": "Allow", "Action": "bedrock-agentcore:GetMemory", "Resource": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m%d"}`, sid(i), i)
	})
}

// conditionPolicy writes an identity policy of n statements that each
// grant two S3 actions on one bucket's objects under a condition.
func conditionPolicy(t testing.TB, n int) string {
	return writePolicy(t, n, func(i int) string {
		return fmt.Sprintf(`{"Sid": "S%d", "Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": ["arn:aws:s3:::b%d/*"], "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}`, i, i)
	})
}

// writePolicy writes an identity policy of the n statements stmt gives.
func writePolicy(t testing.TB, n int, stmt func(int) string) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"Version": "2012-10-17", "Statement": [`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString(stmt(i))
	}
	b.WriteString("]}\n")
	file := filepath.Join(t.TempDir(), "policy.json")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}

func lintFile(t testing.TB, file string) []rules.Finding {
	t.Helper()
	eng, cat := engine(t)
	m, err := load.Load([]string{file}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := lint.Run(context.Background(), eng, cat, m)
	if err != nil {
		t.Fatal(err)
	}
	return fs
}

// TestDuplicateSidsLinear checks that ML004 over thousands of statements
// with one Sid reports every later one against the first. Its time is
// measured by BenchmarkLargePolicy, not asserted here (the pairwise version
// took 33.6 s for 3,000 such statements, the sorted one 0.86 s).
func TestDuplicateSidsLinear(t *testing.T) {
	const n = 2000
	file := largePolicy(t, n, func(int) string { return "Same" })
	fs := lintFile(t, file)
	dups := 0
	for _, f := range fs {
		if f.RuleID == "ML004" {
			dups++
			if len(f.Related) != 1 || f.Related[0].Loc.Line != 1 {
				t.Errorf("ML004 at %v related to %+v, want the first statement", f.Loc, f.Related)
			}
		}
	}
	if dups != n-1 {
		t.Errorf("%d ML004 findings, want %d", dups, n-1)
	}
}

// BenchmarkLargePolicy lints one identity policy of 10,000 statements:
// distinct Sids, one Sid for the first 5,000 (ML004 was quadratic), and
// statements that each have an Action list and a Condition (every condition
// and list rule used to run on each: the hostile 50 MB policy of that shape
// took 28 s).
func BenchmarkLargePolicy(b *testing.B) {
	cases := []struct {
		name string
		file func(testing.TB) string
	}{
		{"distinct", func(t testing.TB) string {
			return largePolicy(t, 10000, func(i int) string { return fmt.Sprintf("S%d", i) })
		}},
		{"same5000", func(t testing.TB) string {
			return largePolicy(t, 10000, func(i int) string {
				if i < 5000 {
					return "Same"
				}
				return fmt.Sprintf("S%d", i)
			})
		}},
		{"lists-conditions", func(t testing.TB) string { return conditionPolicy(t, 10000) }},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			file := c.file(b)
			engine(b)
			for b.Loop() {
				lintFile(b, file)
			}
		})
	}
}
