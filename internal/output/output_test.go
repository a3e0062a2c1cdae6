package output_test

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/goldfile"
	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/internal/output"
	"github.com/memlint/memlint/rules"
	"github.com/memlint/memlint/sarif"
)

func testCatalog(t *testing.T) *rules.Catalog {
	t.Helper()
	cat, err := rules.NewCatalog([]*rules.Meta{
		{
			ID: "ML101", Slug: "root-principal-grant", Category: "rbp", Severity: rules.Medium,
			Title:       "Memory resource policy grants an account root",
			Description: "Naming an account root hands the decision to the other account's administrators.",
			Remediation: "Name the role ARN instead of the account.",
		},
		{
			ID: "ML202", Slug: "trust-missing-source-condition", Category: "trust", Severity: rules.High,
			Title:       "Execution role trust policy has no source condition",
			Description: "Without aws:SourceArn or aws:SourceAccount any memory can make the service assume the role.",
			Remediation: "Add an aws:SourceAccount condition.",
		},
		{
			ID: "ML102", Slug: "public-principal", Category: "rbp", Severity: rules.Critical,
			Title:       "Memory resource policy grants everyone",
			Description: "An Allow for \"*\" without a restricting condition lets any AWS principal call the memory.",
			Remediation: "Name the principals, or add an aws:PrincipalOrgID condition.",
		},
	}, []*rules.Meta{{
		ID: "ML001", Slug: "invalid-document", Category: "policy", Severity: rules.High, Go: true,
		Title:       "Document does not parse",
		Description: "The file is not valid JSON or YAML.",
		Remediation: "Fix the syntax error.",
	}})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

const base = "testdata/project"

func testReport(t *testing.T) output.Report {
	p := func(s string) string { return filepath.FromSlash(base + "/" + s) }
	return output.Report{
		Catalog:      testCatalog(t),
		BaseDir:      base,
		FilesChecked: 4,
		Findings: []rules.Finding{
			{
				RuleID: "ML202", Severity: rules.High,
				Msg:      "The statement lets 'bedrock-agentcore.amazonaws.com' assume the role with no source condition.",
				Loc:      rules.Location{File: p("trust/role.json"), Line: 6, Col: 7, EndLine: 14, EndCol: 8},
				Resource: "arn:aws:iam::111122223333:role/MemoryExec", Anchor: "#0",
			},
			{
				RuleID: "ML101", Severity: rules.Medium,
				Msg:      "The statement grants the root of account '222233334444'.",
				Loc:      rules.Location{File: p("memory/policy.json"), Line: 9, Col: 21, EndLine: 9, EndCol: 55},
				Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support-abc123", Anchor: "ConsumerRead",
				Related: []rules.Related{{
					Loc: rules.Location{File: p("consumer/identity.json"), Line: 12, Col: 7, EndLine: 12, EndCol: 48},
					Msg: "The consumer's identity policy allows the call here.",
				}},
			},
			{
				// Lowered to low: a condition memlint cannot evaluate. Non-ASCII text
				// and a control character smuggled in from the input file.
				RuleID: "ML101", Severity: rules.Low,
				Msg:      "The statement grants the root of account '555566667777' unless 'aws:PrincipalTag/Équipe' \x1b[2J restricts it — memlint cannot tell.",
				Loc:      rules.Location{File: p("memory/policy.json"), Line: 21, Col: 21, EndLine: 21, EndCol: 55},
				Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support-abc123", Anchor: "#2",
			},
			{
				RuleID: "ML001", Severity: rules.High,
				Msg: "The document is not valid JSON: invalid character '}' looking for beginning of value.",
				Loc: rules.Location{File: p("broken.json"), Line: 1, Col: 1, EndLine: 1, EndCol: 2},
			},
			{
				RuleID: "ML102", // no severity: the rule's applies
				Msg:    "The statement allows '*' with no condition.",
				Loc:    rules.Location{File: p("memory/policy.json"), Line: 30},
				Anchor: "Public",
			},
		},
		Notes: []string{
			"roles/exec.json: no permission policies given; ML301 was not checked.",
			"destination arn:aws:s3:::memory-exports: policy not given; ML401 was not checked.",
		},
		ToolVersion: "v0.3.0",
	}
}

func print(t *testing.T, format string, color bool, r output.Report) []byte {
	t.Helper()
	p, err := output.New(format, color)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := p.Print(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestGolden(t *testing.T) {
	t.Parallel()
	empty := output.Report{Catalog: testCatalog(t), BaseDir: base, ToolVersion: "v0.3.0"}
	for _, tc := range []struct {
		golden string
		format string
		color  bool
		report output.Report
	}{
		{"report.txt", output.Text, false, testReport(t)},
		{"report-color.txt", output.Text, true, testReport(t)},
		{"report.json", output.JSON, false, testReport(t)},
		{"empty.txt", output.Text, false, empty},
		{"empty.json", output.JSON, false, empty},
		{"report.github", output.GitHub, false, testReport(t)},
		{"report.junit.xml", output.JUnit, false, testReport(t)},
		{"empty.junit.xml", output.JUnit, false, empty},
		{"report.checkstyle.xml", output.Checkstyle, false, testReport(t)},
		{"empty.checkstyle.xml", output.Checkstyle, false, empty},
		{"report.md", output.Markdown, false, testReport(t)},
		{"empty.md", output.Markdown, false, empty},
		{"report-source.txt", output.Text, false, withSource(testReport(t))},
		{"report-source-color.txt", output.Text, true, withSource(testReport(t))},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			got := print(t, tc.format, tc.color, tc.report)
			golden := filepath.Join("testdata", tc.golden)
			goldfile.Check(t, golden, got, "./internal/output")
		})
	}
}

// TestDeterministic checks that finding order does not leak into any format.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, format := range output.Formats {
		r := testReport(t)
		want := print(t, format, true, r)
		slices.Reverse(r.Findings)
		if got := print(t, format, true, r); !bytes.Equal(got, want) {
			t.Errorf("%s output depends on finding order:\n%s", format, cmp.Diff(string(want), string(got)))
		}
	}
}

// TestSARIF checks that the sarif format is package sarif's output and that
// JSON and SARIF agree on order and fingerprints.
func TestSARIF(t *testing.T) {
	t.Parallel()
	r := testReport(t)
	got := print(t, output.SARIF, true, r)
	var want bytes.Buffer
	if err := sarif.Write(&want, r.Catalog, r.Findings, sarif.Options{ToolVersion: r.ToolVersion, BaseDir: r.BaseDir, Notes: r.Notes, FilesChecked: r.FilesChecked}); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want.Bytes()) {
		t.Errorf("sarif printer differs from sarif.Write:\n%s", cmp.Diff(want.String(), string(got)))
	}

	var log struct {
		Runs []struct {
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	if err := json.Unmarshal(got, &log); err != nil {
		t.Fatal(err)
	}
	var fromSARIF []string
	for _, res := range log.Runs[0].Results {
		fromSARIF = append(fromSARIF, res.PartialFingerprints[identity.FingerprintKey])
	}
	var rep struct {
		Findings []struct {
			Fingerprint string `json:"fingerprint"`
		} `json:"findings"`
	}
	if err := json.Unmarshal(print(t, output.JSON, false, r), &rep); err != nil {
		t.Fatal(err)
	}
	var fromJSON []string
	for _, f := range rep.Findings {
		fromJSON = append(fromJSON, f.Fingerprint)
	}
	if diff := cmp.Diff(fromSARIF, fromJSON); diff != "" {
		t.Errorf("fingerprints differ between SARIF and JSON (-sarif +json):\n%s", diff)
	}
}

func TestNewUnknownFormat(t *testing.T) {
	t.Parallel()
	if _, err := output.New("xml", false); err == nil {
		t.Error("New(xml) succeeded")
	}
}

func TestUnknownRule(t *testing.T) {
	t.Parallel()
	r := testReport(t)
	r.Findings = append(r.Findings, rules.Finding{RuleID: "ML999", Msg: "x.", Loc: rules.Location{File: "a.json", Line: 1}})
	for _, format := range output.Formats {
		p, _ := output.New(format, false)
		if err := p.Print(&bytes.Buffer{}, r); err == nil {
			t.Errorf("%s: Print succeeded with a finding of an unknown rule", format)
		}
	}
}
