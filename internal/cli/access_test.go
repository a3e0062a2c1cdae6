package cli_test

import (
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/cli"
)

// TestAccessGolden runs memlint access on the bundled examples in every
// format and compares with fixtures/golden/<example>-access.* (go test
// ./internal/cli -update rewrites). .ci/run renders the .mmd goldens with
// the real Mermaid renderer. guide-kms shows the KMS key of encrypted
// destinations as the third condition of a delivery.
func TestAccessGolden(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	for _, example := range []string{"guide", "guide-kms"} {
		for format, ext := range map[string]string{"table": "txt", "json": "json", "mermaid": "mmd"} {
			t.Run(example+"/"+format, func(t *testing.T) {
				args := []string{"access", "--format", format, "fixtures/examples/" + example}
				out, errs, code := run(t, args...)
				if code != cli.ExitOK {
					t.Fatalf("exit %d, want %d; stderr:\n%s", code, cli.ExitOK, errs)
				}
				golden := filepath.Join("fixtures", "golden", example+"-access."+ext)
				if !checkGolden(t, golden, out) {
					return
				}
				if again, _, _ := run(t, args...); again != out {
					t.Error("two runs gave different output")
				}
			})
		}
	}
}
