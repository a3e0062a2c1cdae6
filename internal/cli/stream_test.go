package cli_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/memlint/memlint/internal/cli"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/txtardir"
)

// TestCheckStreamed runs check on trees read whole and read part by part
// (every file its own part where it can be), in every format, and wants
// the same bytes: findings, notes, counts, exit status.
func TestCheckStreamed(t *testing.T) {
	scen := t.TempDir()
	files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*", "*", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	for i, file := range files {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range ar.Files {
			if f.Name != "want" {
				txtardir.Write(t, filepath.Join(scen, fmt.Sprintf("s%03d", i)), f)
			}
		}
	}
	run := func(so load.StreamOptions, args ...string) string {
		defer cli.SetStreamOptions(so)()
		stdout, stderr, code := run(t, args...)
		return fmt.Sprintf("exit %d\n%s\n--- stderr\n%s", code, stdout, stderr)
	}
	for _, dir := range []string{filepath.Join("..", "..", "fixtures", "examples"), scen} {
		for _, format := range []string{"text", "json", "sarif"} {
			args := []string{"check", "--format", format, "--color", "never", dir}
			whole := run(load.StreamOptions{From: 1 << 30, Part: 1}, args...)
			streamed := run(load.StreamOptions{Part: 1}, args...)
			if diff := cmp.Diff(whole, streamed); diff != "" {
				t.Errorf("%s: streamed differs from whole (-whole +streamed):\n%s", strings.Join(args, " "), diff)
			}
		}
	}
}
