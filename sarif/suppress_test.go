package sarif_test

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/rules"
	"github.com/memlint/memlint/sarif"
)

// TestWriteSuppressions checks that suppressed findings stay results, with a
// SARIF suppression carrying the kind and the reason, and that suppressing
// leaves the fingerprint alone (a suppression must not reopen an alert).
func TestWriteSuppressions(t *testing.T) {
	t.Parallel()
	plain := testFindings()
	suppressed := testFindings()
	suppressed[0].Suppression = &rules.Suppression{Kind: rules.SuppressExternal, Justification: "Accepted (TICKET-42).", Source: ".memlint.yaml:3"}
	suppressed[3].Suppression = &rules.Suppression{Kind: rules.SuppressInSource, Justification: "Known.", Source: "cfn templates/stack.yaml:29"}

	type result struct {
		RuleID              string            `json:"ruleId"`
		PartialFingerprints map[string]string `json:"partialFingerprints"`
		Suppressions        []map[string]any  `json:"suppressions"`
	}
	decode := func(b []byte) []result {
		var log struct {
			Runs []struct {
				Results []result `json:"results"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(b, &log); err != nil {
			t.Fatal(err)
		}
		return log.Runs[0].Results
	}
	before, after := decode(write(t, plain)), decode(write(t, suppressed))
	if len(before) != len(after) {
		t.Fatalf("%d results with suppressions, %d without", len(after), len(before))
	}
	var got []any
	for i := range after {
		if diff := cmp.Diff(before[i].PartialFingerprints, after[i].PartialFingerprints); diff != "" {
			t.Errorf("result %d: suppression changed the fingerprint (-without +with):\n%s", i, diff)
		}
		if after[i].Suppressions != nil {
			got = append(got, after[i].Suppressions)
		}
	}
	want := []any{
		[]map[string]any{{"kind": "inSource", "justification": "Known."}}, // cfn templates/… sorts first
		[]map[string]any{{"kind": "external", "justification": "Accepted (TICKET-42)."}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("suppressions (-want +got):\n%s", diff)
	}
}

// TestWriteNotes checks that notes become the invocation's
// toolExecutionNotifications, and that a run without notes has no invocation.
func TestWriteNotes(t *testing.T) {
	t.Parallel()
	decode := func(opts sarif.Options) []map[string]any {
		var buf bytes.Buffer
		if err := sarif.Write(&buf, testCatalog(t), nil, opts); err != nil {
			t.Fatal(err)
		}
		var log struct {
			Runs []struct {
				Invocations []map[string]any `json:"invocations"`
			} `json:"runs"`
		}
		if err := json.Unmarshal(buf.Bytes(), &log); err != nil {
			t.Fatal(err)
		}
		return log.Runs[0].Invocations
	}
	if got := decode(testOptions); got != nil {
		t.Errorf("invocations without notes: %v", got)
	}
	opts := testOptions
	opts.Notes = []string{".memlint.yaml:3: the ignore entry expired on 2026-12-31 and no longer suppresses; 1 finding is reported again."}
	want := []map[string]any{{
		"executionSuccessful": true,
		"toolExecutionNotifications": []any{map[string]any{
			"level":   "note",
			"message": map[string]any{"text": opts.Notes[0]},
		}},
	}}
	if diff := cmp.Diff(want, decode(opts)); diff != "" {
		t.Errorf("invocations (-want +got):\n%s", diff)
	}
}
