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
// and the rule's documentation as URL, and the other side of a two-sided
// finding as related information. The package lookalike declares a
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
			for _, rel := range d.Related {
				p, e := r.Pass.Fset.Position(rel.Pos), r.Pass.Fset.Position(rel.End)
				got = append(got, fmt.Sprintf("%s related %s:%d:%d %s: %s", d.Category, filepath.Base(p.Filename), p.Line, p.Column, src[p.Offset:e.Offset], rel.Message))
			}
			if want := rules.RepoURL + "/blob/main/rules/"; !strings.HasPrefix(d.URL, want) || !strings.Contains(d.Message, d.Category) {
				t.Errorf("%s: URL %q, message %q: want the rule's page and its ID", d.Category, d.URL, d.Message)
			}
		}
	}
	slices.Sort(got)
	want := []string{
		`ML001 a.go:103:70 }`,
		`ML101 a.go:110:55 "arn:aws:iam::444455556666:root"`,
		`ML101 a.go:20:144 \"arn:aws:iam::444455556666:root\"`,
		`ML101 a.go:26:122 "arn:aws:iam::444455556666:root"`,
		`ML101 a.go:56:40 "arn:aws:iam::444455556666:root"`,
		`ML102 b.go:5:111 "*"`,
		`ML201 a.go:89:125 "ec2.amazonaws.com"`,
		`ML402 c.go:39:112 "arn:aws:iam::111122223333:role/OtherRole"`,
		`ML402 related c.go:19:38 "arn:aws:iam::111122223333:role/NotifyRole": The memory names its execution role here.`,
		`ML602 a.go:81:63 os.Getenv("MEMORY_NAME")`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("diagnostics:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
