package rego

import (
	"bytes"
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestPreparsed checks that preparsed.bin is the encoding of the shipped
// modules' current sources (with -update, it rewrites the file), and that
// each module decoded from it equals the module OPA's parser makes: the same
// nodes and the same location (file, row, column, offset, text, tabs) on
// every node but comments.
func TestPreparsed(t *testing.T) {
	mods, err := Sources(false)
	if err != nil {
		t.Fatal(err)
	}
	bin, err := writePreparsed(mods)
	if err != nil {
		t.Fatal(err)
	}
	if *updateMetaTable {
		if err := os.WriteFile("preparsed.bin", bin, 0o644); err != nil {
			t.Fatal(err)
		}
	} else if !bytes.Equal(bin, preparsedBin) {
		t.Errorf("preparsed.bin is out of date: run go test ./rego -run TestPreparsed -update")
	}
	idx, err := readPreparsedIndex(bin)
	if err != nil {
		t.Fatal(err)
	}
	if len(idx) != len(mods) {
		t.Fatalf("%d modules in the index, %d shipped", len(idx), len(mods))
	}
	for _, m := range mods {
		want, err := parse([]Module{m}, false)
		if err != nil {
			t.Fatal(err)
		}
		got, err := decodeModule(m.Path, m.Src, idx[m.Path].data)
		if err != nil {
			t.Fatalf("%s: %v", m.Path, err)
		}
		w := want[m.Path]
		if !got.Equal(w) {
			t.Errorf("%s: decoded module differs:\n%s\nwant\n%s", m.Path, got, w)
			continue
		}
		if got.RegoVersion() != w.RegoVersion() {
			t.Errorf("%s: Rego version %v, want %v", m.Path, got.RegoVersion(), w.RegoVersion())
		}
		gl, wl := nodeLocations(got), nodeLocations(w)
		if len(gl) != len(wl) {
			t.Errorf("%s: %d nodes, want %d", m.Path, len(gl), len(wl))
			continue
		}
		for i := range gl {
			if gl[i] != wl[i] {
				t.Errorf("%s: node %d: %s, want %s", m.Path, i, gl[i], wl[i])
				break
			}
		}
	}
}

// nodeLocations describes every node of m in walk order with its type and
// location. Comments are left out: the compiler does not read them, and
// preparsed.bin does not keep them.
func nodeLocations(m *ast.Module) []string {
	var out []string
	ast.NewGenericVisitor(func(x any) bool {
		if _, ok := x.(*ast.Comment); ok {
			return false
		}
		s := fmt.Sprintf("%T", x)
		if n, ok := x.(interface{ Loc() *ast.Location }); ok {
			if l := n.Loc(); l != nil {
				s += fmt.Sprintf(" %s:%d:%d@%d %q %v", l.File, l.Row, l.Col, l.Offset, l.Text, l.Tabs)
			} else {
				s += " <nil>"
			}
		}
		out = append(out, s)
		return false
	}).Walk(m)
	return out
}

// TestPreparsedHostile decodes every truncation and a run of corruptions of
// a module's data: an error or a module, never a panic.
func TestPreparsedHostile(t *testing.T) {
	mods, err := Sources(false)
	if err != nil {
		t.Fatal(err)
	}
	m := mods[0]
	bin, err := writePreparsed(mods[:1])
	if err != nil {
		t.Fatal(err)
	}
	idx, err := readPreparsedIndex(bin)
	if err != nil {
		t.Fatal(err)
	}
	data := idx[m.Path].data
	for n := range len(data) {
		if _, err := decodeModule(m.Path, m.Src, data[:n]); err == nil {
			t.Fatalf("decoding %d of %d bytes gave no error", n, len(data))
		}
	}
	for i := range len(data) {
		bad := bytes.Clone(data)
		bad[i] ^= 0xff
		_, _ = decodeModule(m.Path, m.Src, bad)
	}
}

// TestUnusedStages compiles every shipped module with and without the
// stages the engine skips for them (unusedStages) and compares the
// compiled modules: skipping must change nothing.
func TestUnusedStages(t *testing.T) {
	mods, err := Sources(false)
	if err != nil {
		t.Fatal(err)
	}
	compiled := func(skip []ast.StageID) map[string]string {
		parsed, err := parse(mods, false)
		if err != nil {
			t.Fatal(err)
		}
		c := ast.NewCompiler().WithEnablePrintStatements(false).WithSkipStages(skip...)
		if c.Compile(parsed); c.Failed() {
			t.Fatal(c.Errors)
		}
		out := map[string]string{}
		for path, m := range c.Modules {
			out[path] = m.String()
		}
		return out
	}
	all, skipped := compiled(checkOnlyStages), compiled(slices.Concat(checkOnlyStages, unusedStages))
	for path, want := range all {
		if skipped[path] != want {
			t.Errorf("%s compiles differently without the unused stages:\n%s\nwant\n%s", path, skipped[path], want)
		}
	}
}
