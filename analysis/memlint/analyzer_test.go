package memlint_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/memlint/memlint/analysis/memlint"
	"github.com/memlint/memlint/rules"
)

// TestAnalyzer runs the analyzer on the testdata module, which imports the
// real SDK packages: every diagnostic is one a // want comment expects,
// at the exact characters of the literal, with the rule ID as Category
// and the rule's documentation as URL. The package lookalike declares a
// type named as the SDK's in another package, and gets nothing.
func TestAnalyzer(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	results := analysistest.Run(t, dir, memlint.Analyzer, "./...")
	var got []string
	for _, r := range results {
		for _, d := range r.Diagnostics {
			p, e := r.Pass.Fset.Position(d.Pos), r.Pass.Fset.Position(d.End)
			src, err := os.ReadFile(p.Filename)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("%s %s:%d:%d %s", d.Category, filepath.Base(p.Filename), p.Line, p.Column, src[p.Offset:e.Offset]))
			if want := rules.RepoURL + "/blob/main/rules/"; !strings.HasPrefix(d.URL, want) || !strings.Contains(d.Message, d.Category) {
				t.Errorf("%s: URL %q, message %q: want the rule's page and its ID", d.Category, d.URL, d.Message)
			}
		}
	}
	slices.Sort(got)
	want := []string{
		`ML001 a.go:103:70 }`,
		`ML101 a.go:20:144 \"arn:aws:iam::444455556666:root\"`,
		`ML101 a.go:26:122 "arn:aws:iam::444455556666:root"`,
		`ML101 a.go:56:40 "arn:aws:iam::444455556666:root"`,
		`ML102 b.go:5:111 "*"`,
		`ML201 a.go:89:125 "ec2.amazonaws.com"`,
		`ML602 a.go:81:63 os.Getenv("MEMORY_NAME")`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
