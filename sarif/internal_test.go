package sarif

import (
	"testing"

	"github.com/memlint/memlint/rules"
)

// TestBuildValidates checks the go-sarif report before compaction against the
// schema go-sarif embeds; sarif_test.go checks the bytes Write produces.
func TestBuildValidates(t *testing.T) {
	t.Parallel()
	cat, err := rules.NewCatalog([]*rules.Meta{{
		ID: "ML101", Slug: "root-principal-grant", Category: "rbp", Severity: rules.Medium,
		Title: "t", Description: "d.", Remediation: "r.",
	}})
	if err != nil {
		t.Fatal(err)
	}
	report, err := build(cat, []rules.Finding{{
		RuleID: "ML101", Msg: "m.", Loc: rules.Location{File: "a.json", Line: 2, Col: 3, EndLine: 2, EndCol: 9},
		Related: []rules.Related{{Loc: rules.Location{File: "b.json", Line: 1}, Msg: "r."}, {Msg: "nowhere."}},
	}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := report.Validate(); err != nil {
		t.Fatal(err)
	}
}

func TestToolVersion(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"":              "0.0.0-devel",
		"(devel)":       "0.0.0-devel",
		"v1.2.3":        "1.2.3",
		"1.2.3-rc.1":    "1.2.3-rc.1",
		"v0.3.0+dirty":  "0.3.0+dirty",
		"abc1234":       "0.0.0-abc1234",
		"vast":          "0.0.0-vast",
		"2025.10.1-dev": "2025.10.1-dev",
	} {
		if got := toolVersion(in); got != want {
			t.Errorf("toolVersion(%q) = %q, want %q", in, got, want)
		}
	}
	for v, ok := range map[string]bool{"1.2.3": true, "0.0.0-devel": true, "1.2.3+x.y": true, "01.2.3": false, "1.2": false, "0.0.0-ab_c": false} {
		if semver.MatchString(v) != ok {
			t.Errorf("semver.MatchString(%q) = %v", v, !ok)
		}
	}
}

func TestRegion(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		loc  rules.Location
		want [4]int // startLine, startColumn, endLine, endColumn; 0 = absent
	}{
		{rules.Location{Line: 1, Col: 1, EndLine: 1, EndCol: 2}, [4]int{1, 1, 1, 2}},
		{rules.Location{Line: 0}, [4]int{1, 0, 0, 0}},
		{rules.Location{Line: 4, Col: 5}, [4]int{4, 5, 0, 0}},
		{rules.Location{Line: 4, Col: 5, EndLine: 6}, [4]int{4, 5, 6, 0}},
		{rules.Location{Line: 4, Col: 5, EndLine: 3, EndCol: 1}, [4]int{4, 5, 0, 0}},
		{rules.Location{Line: 4, Col: 5, EndLine: 4, EndCol: 2}, [4]int{4, 5, 0, 0}},
		{rules.Location{Line: 4, Col: 5, EndLine: 4, EndCol: 5}, [4]int{4, 5, 4, 5}},
	} {
		r := region(tc.loc)
		v := func(p *int) int {
			if p == nil {
				return 0
			}
			return *p
		}
		if got := [4]int{v(r.StartLine), v(r.StartColumn), v(r.EndLine), v(r.EndColumn)}; got != tc.want {
			t.Errorf("region(%+v) = %v, want %v", tc.loc, got, tc.want)
		}
	}
}

func TestCompact(t *testing.T) {
	t.Parallel()
	in := `{"b":[],"a":{"index":-1,"rank":-1,"kind":"fail","level":"warning","results":[],"x":{"y":[]}},"s":"<a&b>","n":1.50,"z":[{},[]]}`
	want := "{\n  \"a\": {\n    \"level\": \"warning\",\n    \"results\": []\n  },\n  \"s\": \"<a&b>\",\n  \"n\": 1.50,\n  \"z\": [\n    {},\n    []\n  ]\n}\n"
	got, err := compact([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("compact =\n%s\nwant\n%s", got, want)
	}
}

func TestMarkdown(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"arn:aws:iam::<account>:root":      `arn:aws:iam::\<account\>:root`,
		`"Principal": "*" and key_name`:    `"Principal": "\*" and key\_name`,
		"see [docs] and `code` \\ done.":   "see \\[docs\\] and \\`code\\` \\\\ done.",
		"first line\n- not a list\n  # no": "first line\n\\- not a list\n  \\# no",
		"plain text, unchanged.":           "plain text, unchanged.",
	} {
		if got := markdown(in); got != want {
			t.Errorf("markdown(%q) = %q, want %q", in, got, want)
		}
	}
}
