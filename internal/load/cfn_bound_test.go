package load

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/memlint/memlint/internal/model"
)

// doublingTemplate has n parameters whose defaults each substitute the next
// one twice; the last is "ab". P0 resolves to 2^n copies of "ab".
func doublingTemplate(n int) string {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  P%d: {Type: String, Default: !Sub \"${P%d}${P%d}\"}\n", i, i+1, i+1)
	}
	fmt.Fprintf(&b, "  P%d: {Type: String, Default: ab}\n", n)
	b.WriteString(policyResource("!Ref P0"))
	return b.String()
}

// policyResource is a template's Resources section: one IAM policy whose
// only statement has the given Resource (YAML).
func policyResource(resource string) string {
	return `Resources:
  Pol:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: p
      PolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: ` + resource + `
`
}

// loadWithin loads files, failing the test when loading takes longer than d.
func loadWithin(t *testing.T, d time.Duration, files map[string]string) *model.Model {
	t.Helper()
	done := make(chan *model.Model, 1)
	go func() {
		m, _ := loadFiles(t, files, Options{})
		done <- m
	}()
	select {
	case m := <-done:
		return m
	case <-time.After(d):
		t.Fatalf("loading did not finish within %v", d)
		return nil
	}
}

// TestCFNParameterChainBounded checks that parameters whose defaults refer
// to each other twice resolve in linear time, and that a value over
// cfnMaxString is unknown, with a note.
func TestCFNParameterChainBounded(t *testing.T) {
	resource := func(m *model.Model) model.Str {
		t.Helper()
		for _, p := range m.Policies {
			if len(p.Statements) == 1 && p.Statements[0].Resource != nil && len(p.Statements[0].Resource.Values) == 1 {
				return p.Statements[0].Resource.Values[0]
			}
		}
		t.Fatal("no policy with one resource")
		return model.Str{}
	}
	t.Run("short chain resolves", func(t *testing.T) {
		m := loadWithin(t, 10*time.Second, map[string]string{"t.yaml": doublingTemplate(10)})
		r := resource(m)
		if r.Unknown || r.Value != strings.Repeat("ab", 1<<10) {
			t.Errorf("resource = %+v (%d characters), want 2^10 copies of ab", r.Unknown, len(r.Value))
		}
		if len(m.Notes) != 0 {
			t.Errorf("notes: %q", m.Notes)
		}
	})
	t.Run("40 levels", func(t *testing.T) {
		start := time.Now()
		m := loadWithin(t, 10*time.Second, map[string]string{"t.yaml": doublingTemplate(40)})
		t.Logf("40 levels loaded in %v", time.Since(start))
		if r := resource(m); !r.Unknown || r.Expr != "!Ref P0" {
			t.Errorf("resource = %q (unknown %v, %d characters), want unknown !Ref P0", r.Expr, r.Unknown, len(r.Value))
		}
		var noted int
		for _, n := range m.Notes {
			if strings.Contains(n, "resolves to more than") {
				noted++
			}
		}
		if noted != 1 {
			t.Errorf("want one over-long note, got %q", m.Notes)
		}
	})
}

// TestCFNReferenceCycle checks that parameters and resources that refer to
// each other in a cycle are unknown and finish.
func TestCFNReferenceCycle(t *testing.T) {
	tmpl := `Parameters:
  A: {Type: String, Default: !Sub "${B}${B}"}
  B: {Type: String, Default: !Sub "${A}${A}"}
` + policyResource("[!Ref A, !Ref B, !GetAtt Bk.Arn]") + `  Bk:
    Type: AWS::S3::Bucket
    Properties:
      BucketName: !Ref Bk
`
	m := loadWithin(t, 10*time.Second, map[string]string{"t.yaml": tmpl})
	if len(m.Policies) != 1 || len(m.Policies[0].Statements) != 1 || len(m.Policies[0].Statements[0].Resource.Values) != 3 {
		t.Fatalf("want one policy with three resources, got %+v", m.Policies)
	}
	for _, p := range m.Policies {
		for _, s := range p.Statements {
			for _, r := range s.Resource.Values {
				if !r.Unknown {
					t.Errorf("resource %q is known", r.Value)
				}
			}
		}
	}
}

// TestCFNNestedSubVariables checks that nested !Sub whose variables each
// appear twice resolve in linear time (every level doubled the work).
func TestCFNNestedSubVariables(t *testing.T) {
	value := `"ab"`
	for i := 0; i < 40; i++ {
		value = fmt.Sprintf(`{"Fn::Sub": ["${V}${V}", {"V": %s}]}`, value)
	}
	tmpl := `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": {"Pol": {"Type": "AWS::IAM::Policy", "Properties": {
  "PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": ` + value + `}]}}}}}`
	m := loadWithin(t, 10*time.Second, map[string]string{"t.json": tmpl})
	if len(m.Policies) != 1 || len(m.Policies[0].Statements) != 1 {
		t.Fatalf("policies: %+v", m.Policies)
	}
	if r := m.Policies[0].Statements[0].Resource.Values[0]; !r.Unknown {
		t.Errorf("resource of 2^41 characters is known (%d characters)", len(r.Value))
	}
}

// TestCFNResolvedTotalBounded checks that YAML aliases repeating a !Sub of a
// long parameter do not multiply memory: past cfnMaxTotal bytes resolved,
// intrinsics are unknown, with a note.
func TestCFNResolvedTotalBounded(t *testing.T) {
	tmpl := "AWSTemplateFormatVersion: \"2010-09-09\"\nParameters:\n  Big: {Type: String, Default: " + strings.Repeat("b", 60000) + "}\n" +
		`Metadata:
  A: &a !Sub "arn:aws:s3:::${Big}"
  B: &b [*a, *a, *a, *a, *a, *a, *a, *a]
  C: &c [*b, *b, *b, *b, *b, *b, *b, *b]
  D: &d [*c, *c, *c, *c, *c, *c, *c, *c]
` + policyResource("[*d, *d, *d, *d, *d, *d, *d, *d]")
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	m := loadWithin(t, 20*time.Second, map[string]string{"t.yaml": tmpl})
	runtime.ReadMemStats(&after)
	t.Logf("allocated %d MB", (after.TotalAlloc-before.TotalAlloc)>>20)
	if got := after.TotalAlloc - before.TotalAlloc; got > 256<<20 {
		t.Errorf("loading allocated %d MB", got>>20)
	}
	noted := false
	for _, n := range m.Notes {
		noted = noted || strings.Contains(n, "resolve to more than")
	}
	if !noted {
		t.Errorf("no note on the resolved total: %q", m.Notes)
	}
}
