package cli_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestMain puts a memlint-vet built from this tree first on PATH: memlint
// vet runs it (the vet-*.txtar scenarios of fixtures/cli).
func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "memlint-vet-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	build := exec.Command("go", "build", "-o", filepath.Join(dir, "memlint-vet"), "github.com/memlint/memlint/cmd/memlint-vet")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build memlint-vet: %v\n%s", err, out)
		os.Exit(2)
	}
	os.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// TestVetWithoutTool checks that memlint vet says how to install
// memlint-vet when it finds it neither beside memlint nor on PATH.
func TestVetWithoutTool(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	_, stderr, code := run(t, "vet", "./...")
	if code != 2 || stderr != "memlint: vet needs memlint-vet beside memlint or on PATH: go install github.com/memlint/memlint/cmd/memlint-vet@<the version of memlint>\n" {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
