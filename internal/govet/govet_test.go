package govet_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/govet"
	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

var examples = filepath.Join("..", "..", "fixtures", "examples")

// guideKeys is the sorted (rule, anchor) of the loose-JSON guide's findings.
func guideKeys(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	eng, err := rego.Load(ctx)
	if err != nil {
		t.Fatal(err)
	}
	cat, err := rules.NewCatalog(eng.Metas(), rules.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	m, err := load.Load([]string{filepath.Join(examples, "guide")}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fs, err := lint.Run(ctx, eng, cat, m)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range fs {
		out = append(out, f.RuleID+" "+f.Anchor)
	}
	slices.Sort(out)
	return out
}

// TestGuideInGo checks that the seed guide written as Go SDK calls
// (fixtures/examples/guide-go) gives the findings of its loose-JSON
// version, each at a position in the Go files, under both drivers: the
// in-process one behind memlint vet, and go vet -vettool=memlint-vet, which
// must report the same rules at the same positions.
func TestGuideInGo(t *testing.T) {
	if testing.Short() {
		t.Skip("builds memlint-vet and runs go vet on a module importing the AWS SDK")
	}
	dir, err := filepath.Abs(filepath.Join(examples, "guide-go"))
	if err != nil {
		t.Fatal(err)
	}
	want := guideKeys(t)
	if len(want) == 0 {
		t.Fatal("the loose-JSON guide gives no findings")
	}

	rep, err := govet.Run(context.Background(), dir, []string{"./..."}, true)
	if err != nil {
		t.Fatal(err)
	}
	var keys, inProcess []string
	for _, f := range rep.Findings {
		keys = append(keys, f.RuleID+" "+f.Anchor)
		base := filepath.Base(f.Loc.File)
		if filepath.Dir(f.Loc.File) != dir || base != "account_a.go" && base != "account_b.go" || f.Loc.Line < 1 || f.Loc.Col < 1 {
			t.Errorf("%s %s at %s: not in the Go files", f.RuleID, f.Anchor, f.Loc)
		}
		inProcess = append(inProcess, fmt.Sprintf("%s %s:%d:%d", f.RuleID, base, f.Loc.Line, f.Loc.Col))
	}
	slices.Sort(keys)
	slices.Sort(inProcess)
	if diff := cmp.Diff(want, keys); diff != "" {
		t.Errorf("(rule, anchor) of memlint vet differ from the loose-JSON guide (-want +got):\n%s", diff)
	}
	if !slices.Equal(rep.Files, []string{filepath.Join(dir, "account_a.go"), filepath.Join(dir, "account_b.go")}) {
		t.Errorf("files checked %v", rep.Files)
	}

	tool := filepath.Join(t.TempDir(), "memlint-vet")
	build := exec.Command("go", "build", "-o", tool, "github.com/memlint/memlint/cmd/memlint-vet")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("build memlint-vet: %v\n%s", err, out)
	}
	vet := exec.Command("go", "vet", "-vettool="+tool, "-json", "./...")
	vet.Dir = dir
	var stdout, stderr bytes.Buffer
	vet.Stdout, vet.Stderr = &stdout, &stderr
	if err := vet.Run(); err != nil {
		t.Fatalf("go vet: %v\n%s", err, stderr.String())
	}
	// go vet -json prints, per package, each analyzer's diagnostics.
	var tree map[string]map[string]json.RawMessage
	text := stdout.String() + stderr.String()
	if err := json.NewDecoder(strings.NewReader(text[strings.Index(text, "{"):])).Decode(&tree); err != nil {
		t.Fatalf("go vet -json output: %v\n%s", err, text)
	}
	var viaVet []string
	for _, analyzers := range tree {
		var diags []struct {
			Category string `json:"category"`
			Posn     string `json:"posn"`
			Message  string `json:"message"`
		}
		if err := json.Unmarshal(analyzers["memlint"], &diags); err != nil {
			t.Fatalf("memlint diagnostics: %v\n%s", err, text)
		}
		for _, d := range diags {
			if !strings.Contains(d.Message, d.Category) {
				t.Errorf("message %q does not name its rule %s", d.Message, d.Category)
			}
			viaVet = append(viaVet, d.Category+" "+filepath.Base(d.Posn))
		}
	}
	slices.Sort(viaVet)
	if diff := cmp.Diff(inProcess, viaVet); diff != "" {
		t.Errorf("go vet -vettool=memlint-vet differs from memlint vet (-memlint vet +go vet):\n%s", diff)
	}
	if len(viaVet) != len(want) {
		t.Errorf("go vet reported %d findings, the guide has %d", len(viaVet), len(want))
	}
}

// TestNoSDK checks a package that passes nothing to the SDK: no finding,
// no file checked, and the catalog still there for the report.
func TestNoSDK(t *testing.T) {
	rep, err := govet.Run(context.Background(), ".", []string{"."}, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Findings) != 0 || len(rep.Files) != 0 || rep.Packages != 1 || rep.Catalog == nil {
		t.Errorf("report %+v", rep)
	}
}
