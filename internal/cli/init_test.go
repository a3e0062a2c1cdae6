package cli_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/cli"
	"github.com/memlint/memlint/internal/schematest"
)

// TestInitGuide removes the bundled example's manifest, lets memlint init
// write one, and checks that memlint then reports exactly what it reports
// with the hand-written manifest: every memory, role and destination the
// documents name is linked. The files it writes validate against their
// JSON Schemas.
func TestInitGuide(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	guide := filepath.Join(root, "fixtures", "examples", "guide")
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(guide)); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "memlint.yaml")); err != nil {
		t.Fatal(err)
	}

	t.Chdir(guide)
	want, _, code := run(t, "check", ".")
	if code != cli.ExitFindings {
		t.Fatalf("guide: exit %d", code)
	}
	t.Chdir(dir)
	without, _, _ := run(t, "check", ".")
	if without == want {
		t.Fatal("the guide reports the same without its manifest: the test shows nothing")
	}
	out, errs, code := run(t, "init")
	if code != cli.ExitOK {
		t.Fatalf("init: exit %d\n%s%s", code, out, errs)
	}
	if !strings.Contains(out, "wrote memlint.yaml: 3 memories, 2 roles, 3 destinations, 0 keys; 1 to fill in") {
		t.Errorf("init says:\n%s", out)
	}
	got, errs, code := run(t, "check", ".")
	if code != cli.ExitFindings {
		t.Fatalf("check after init: exit %d\n%s", code, errs)
	}
	if got != want {
		t.Errorf("with the manifest init wrote:\n%s\nwith the guide's own:\n%s", got, want)
	}

	for file, schema := range map[string]string{
		"memlint.yaml":  filepath.Join(root, "docs", "manifest.schema.json"),
		".memlint.yaml": filepath.Join(root, "internal", "config", "schema.json"),
	} {
		raw, err := os.ReadFile(schema)
		if err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		if err := schematest.ValidateYAML(schematest.Compile(t, raw), data); err != nil {
			t.Errorf("%s: %v", file, err)
		}
	}

	// A second init refuses to overwrite; --force does.
	if _, errs, code := run(t, "init", "."); code != cli.ExitUsage || !strings.Contains(errs, "memlint.yaml exists; --force overwrites it") {
		t.Errorf("second init: exit %d, %s", code, errs)
	}
	if _, errs, code := run(t, "init", "--force", "."); code != cli.ExitOK {
		t.Errorf("init --force: exit %d, %s", code, errs)
	}
}
