package sarif_test

import (
	"bytes"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	gosarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/memlint/memlint/internal/goldfile"
	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/rules"
	"github.com/memlint/memlint/sarif"
)

// testCatalog is a small hand-made catalog: one Go-side rule, rules of four
// series, and one rule (ML602) that never fires but must still be listed.
func testCatalog(t *testing.T) *rules.Catalog {
	t.Helper()
	cat, err := rules.NewCatalog([]*rules.Meta{
		{
			ID: "ML101", Slug: "root-principal-grant", Category: "rbp", Severity: rules.Medium,
			Title:       "Memory resource policy grants an account root",
			Description: "Naming arn:aws:iam::<account>:root or a bare account ID hands the decision to\nevery identity the other account's administrators choose.",
			Remediation: "Name the role ARN that calls the data plane instead of the account.",
			Inputs:      []string{"memory"},
			Tags:        []string{"cross-account"},
		},
		{
			ID: "ML202", Slug: "trust-missing-source-condition", Category: "trust", Severity: rules.High,
			Title:       "Execution role trust policy has no source condition",
			Description: "Without aws:SourceArn or aws:SourceAccount any memory in any account can make the service assume the role (confused deputy).",
			Remediation: "Add an aws:SourceAccount condition naming the memory's account, or aws:SourceArn naming the memory.",
			Inputs:      []string{"role"},
		},
		{
			ID: "ML602", Slug: "no-customer-managed-key", Category: "definition", Severity: rules.Info,
			Title:       "Memory is encrypted with an AWS owned key",
			Description: "The memory definition has no encryptionKeyArn, so its records are encrypted with a key the account cannot audit or revoke.",
			Remediation: "Set encryptionKeyArn to a customer managed KMS key.",
			Inputs:      []string{"memory"},
		},
		{
			ID: "ML401", Slug: "destination-missing-grant", Category: "destination", Severity: rules.High,
			Title:       "Destination policy does not allow the execution role",
			Description: "A destination in another account must allow the memory's execution role to deliver, or every delivery fails with AccessDenied.",
			Remediation: "Add a statement to the destination policy that allows the execution role the delivery actions.",
			Inputs:      []string{"memory", "role", "destination"},
		},
	}, []*rules.Meta{
		{
			ID: "ML001", Slug: "invalid-document", Category: "policy", Severity: rules.High, Go: true,
			Title:       "Document does not parse",
			Description: "The file is not valid JSON or YAML, or a policy's top level is not an object; nothing in it was checked.",
			Remediation: "Fix the syntax error at the reported position.",
		},
	})
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

const base = "testdata/project"

// testFindings covers: a related location in another file, a non-ASCII
// message, a finding at line 1 column 1, two findings in one file, a finding
// whose severity is lower than its rule's, a region spanning lines, a path
// that needs percent-encoding, and two findings that hash alike.
func testFindings() []rules.Finding {
	p := func(s string) string { return filepath.FromSlash(base + "/" + s) }
	return []rules.Finding{
		{
			RuleID: "ML101", Severity: rules.Medium,
			Msg:      "The statement grants the root of account '222233334444'.",
			Loc:      rules.Location{File: p("memory/policy.json"), Line: 9, Col: 21, EndLine: 9, EndCol: 55},
			Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support-abc123",
			Anchor:   "ConsumerRead",
			Related: []rules.Related{{
				Loc: rules.Location{File: p("consumer/identity.json"), Line: 12, Col: 7, EndLine: 12, EndCol: 48},
				Msg: "The consumer's identity policy allows the call here.",
			}},
		},
		{
			RuleID: "ML101", Severity: rules.Low,
			Msg:      "The statement grants the root of account '555566667777'; a condition on 'aws:PrincipalTag/Équipe' may restrict it — memlint cannot tell.",
			Loc:      rules.Location{File: p("memory/policy.json"), Line: 21, Col: 21, EndLine: 21, EndCol: 55},
			Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support-abc123",
			Anchor:   "#2",
		},
		{
			RuleID: "ML001", Severity: rules.High,
			Msg:      "The document is not valid JSON: invalid character '}' looking for beginning of value.",
			Loc:      rules.Location{File: p("trust/broken.json"), Line: 1, Col: 1, EndLine: 1, EndCol: 2},
			Resource: p("trust/broken.json"),
		},
		{
			RuleID: "ML202", Severity: rules.High,
			Msg:      "The statement lets 'bedrock-agentcore.amazonaws.com' assume the role with no aws:SourceArn or aws:SourceAccount condition.",
			Loc:      rules.Location{File: p("cfn templates/stack.yaml"), Line: 30, Col: 11, EndLine: 36, EndCol: 12},
			Resource: "MemoryExecutionRole",
			Anchor:   "#0",
		},
		// The same finding reported twice for one statement (two principals of
		// one account): the second fingerprint gets a ":2" suffix.
		{
			RuleID: "ML401", Severity: rules.High,
			Msg:      "The bucket policy of 'memory-exports' does not allow 'arn:aws:iam::111122223333:role/MemoryExec' to call 's3:PutObject'.",
			Loc:      rules.Location{File: p("destination/bucket-policy.json"), Line: 4, Col: 5},
			Resource: "arn:aws:s3:::memory-exports",
			Anchor:   "Deliver",
		},
		{
			RuleID: "ML401", Severity: rules.High,
			Msg:      "The bucket policy of 'memory-exports' does not allow 'arn:aws:iam::111122223333:role/MemoryExec' to call 's3:PutObject'.",
			Loc:      rules.Location{File: p("destination/bucket-policy.json"), Line: 17, Col: 5},
			Resource: "arn:aws:s3:::memory-exports",
			Anchor:   "Deliver",
		},
	}
}

var testOptions = sarif.Options{ToolVersion: "v0.3.0", BaseDir: base, AutomationID: "memlint/", FilesChecked: 3}

func write(t *testing.T, findings []rules.Finding) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := sarif.Write(&buf, testCatalog(t), findings, testOptions); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestWriteGolden(t *testing.T) {
	t.Parallel()
	for name, fs := range map[string][]rules.Finding{
		"basic": testFindings(),
		"empty": nil, // every rule listed, "results": []
	} {
		t.Run(name, func(t *testing.T) {
			got := write(t, fs)
			golden := filepath.Join("testdata", name+".sarif")
			goldfile.Check(t, golden, got, "./sarif")
		})
	}
}

// TestWriteDeterministic checks that input order does not leak into the output.
func TestWriteDeterministic(t *testing.T) {
	t.Parallel()
	fs := testFindings()
	want := write(t, fs)
	slices.Reverse(fs)
	if got := write(t, fs); !bytes.Equal(got, want) {
		t.Errorf("output depends on finding order:\n%s", cmp.Diff(string(want), string(got)))
	}
	if bytes.Contains(want, []byte("\\u003c")) || !bytes.HasSuffix(want, []byte("}\n")) {
		t.Errorf("output is HTML-escaped or lacks the final newline")
	}
}

// TestWriteSchema validates the output against the SARIF 2.1.0 JSON schema that
// go-sarif embeds.
func TestWriteSchema(t *testing.T) {
	t.Parallel()
	for name, fs := range map[string][]rules.Finding{"findings": testFindings(), "empty": nil} {
		t.Run(name, func(t *testing.T) {
			out := write(t, fs)
			report, err := gosarif.FromBytes(out)
			if err != nil {
				t.Fatal(err)
			}
			// FromBytes fills members Write leaves out with Go zero values;
			// two of them are not valid SARIF, so restore their defaults.
			for _, run := range report.Runs {
				run.Language, run.Tool.Driver.Language = "en-US", "en-US"
				run.NewlineSequences = []string{"\r\n", "\n"}
			}
			if err := report.Validate(); err != nil {
				t.Fatal(err)
			}
			if name == "empty" && !bytes.Contains(out, []byte(`"results": []`)) {
				t.Errorf(`a run without findings must say "results": []`)
			}
		})
	}
}

func TestWriteErrors(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]rules.Finding{
		"unknown rule": {RuleID: "ML999", Msg: "x.", Loc: rules.Location{File: "a.json", Line: 1}},
		"slug as id":   {RuleID: "root-principal-grant", Msg: "x.", Loc: rules.Location{File: "a.json", Line: 1}},
		"no file":      {RuleID: "ML101", Msg: "x."},
	} {
		t.Run(name, func(t *testing.T) {
			err := sarif.Write(&bytes.Buffer{}, testCatalog(t), []rules.Finding{f}, sarif.Options{})
			if err == nil {
				t.Fatal("Write succeeded")
			}
		})
	}
}

func TestEntriesNumberCollisions(t *testing.T) {
	t.Parallel()
	es := identity.Entries(testFindings(), base)
	var got []string
	for _, e := range es {
		if i := strings.IndexByte(e.Fingerprint, ':'); i >= 0 {
			got = append(got, e.Path+e.Fingerprint[i:])
		}
	}
	if diff := cmp.Diff([]string{"destination/bucket-policy.json:2"}, got); diff != "" {
		t.Errorf("collision suffixes (-want +got):\n%s", diff)
	}
}
