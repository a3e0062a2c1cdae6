package output_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/rules"
)

// TestSuppressed checks how each format shows a suppressed finding: text
// hides it and counts it (or lists it with --show-suppressed), JSON marks it
// and counts it apart.
func TestSuppressed(t *testing.T) {
	t.Parallel()
	r := testReport(t)
	r.Findings[1].Suppression = &rules.Suppression{Kind: rules.SuppressExternal, Justification: "Accepted (TICKET-42).", Source: ".memlint.yaml:3"}

	text := string(print(t, "text", false, r))
	if strings.Contains(text, "'222233334444'") {
		t.Errorf("text shows the suppressed finding:\n%s", text)
	}
	if !strings.Contains(text, "(1 suppressed, shown with --show-suppressed)") {
		t.Errorf("text summary does not count the suppressed finding:\n%s", text)
	}

	r.ShowSuppressed = true
	text = string(print(t, "text", false, r))
	for _, want := range []string{"'222233334444'", "    suppressed: Accepted (TICKET-42). (.memlint.yaml:3)", "(1 suppressed)"} {
		if !strings.Contains(text, want) {
			t.Errorf("--show-suppressed text lacks %q:\n%s", want, text)
		}
	}

	var rep struct {
		Findings []struct {
			Message     string             `json:"message"`
			Suppression *rules.Suppression `json:"suppression"`
		} `json:"findings"`
		Summary struct {
			Total      int `json:"total"`
			Suppressed int `json:"suppressed"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(print(t, "json", false, r), &rep); err != nil {
		t.Fatal(err)
	}
	var marked []rules.Suppression
	for _, f := range rep.Findings {
		if f.Suppression != nil {
			marked = append(marked, *f.Suppression)
		}
	}
	if diff := cmp.Diff([]rules.Suppression{*r.Findings[1].Suppression}, marked); diff != "" {
		t.Errorf("JSON suppressions (-want +got):\n%s", diff)
	}
	if rep.Summary.Total != len(r.Findings)-1 || rep.Summary.Suppressed != 1 {
		t.Errorf("JSON summary total %d suppressed %d, want %d and 1", rep.Summary.Total, rep.Summary.Suppressed, len(r.Findings)-1)
	}
}
