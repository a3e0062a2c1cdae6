package cli_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/cli"
)

// TestAccessGolden runs memlint access on the bundled example in every
// format and compares with fixtures/golden/guide-access.* (go test
// ./internal/cli -update rewrites). .ci/run renders the .mmd golden with
// the real Mermaid renderer.
func TestAccessGolden(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	for format, ext := range map[string]string{"table": "txt", "json": "json", "mermaid": "mmd"} {
		t.Run(format, func(t *testing.T) {
			args := []string{"access", "--format", format, "fixtures/examples/guide"}
			out, errs, code := run(t, args...)
			if code != cli.ExitOK {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, cli.ExitOK, errs)
			}
			golden := filepath.Join("fixtures", "golden", "guide-access."+ext)
			if *update {
				if err := os.WriteFile(golden, []byte(out), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/cli -update)", err)
			}
			if diff := cmp.Diff(string(want), out); diff != "" {
				t.Errorf("%s differs (-want +got); run go test ./internal/cli -update:\n%s", golden, diff)
			}
			if again, _, _ := run(t, args...); again != out {
				t.Error("two runs gave different output")
			}
		})
	}
}
