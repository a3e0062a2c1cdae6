package load_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/load"
)

// TestShellCRLF checks that a script with CRLF line endings is checked and
// gets one low ML001 at its first carriage return (bash would not run it),
// and that a script that does not parse says CRLF is the likely cause.
func TestShellCRLF(t *testing.T) {
	dir := t.TempDir()
	script := "for r in a b; do\r\n  aws iam get-role --role-name \"$r\"\r\ndone\r\n"
	if err := os.WriteFile(filepath.Join(dir, "setup.sh"), []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Problems) != 1 {
		t.Fatalf("problems: %+v", m.Problems)
	}
	p := m.Problems[0]
	if p.Rule != "ML001" || p.Severity != "low" || p.Loc.Line != 1 || p.Loc.Col != 17 {
		t.Errorf("got %s %s at %d:%d: %s", p.Rule, p.Severity, p.Loc.Line, p.Loc.Col, p.Msg)
	}
	broken := "aws iam get-role --role-name \"R\r\nif then\r\n"
	if err := os.WriteFile(filepath.Join(dir, "setup.sh"), []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err = load.Load([]string{filepath.Join(dir, "setup.sh")}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Problems) != 1 || m.Problems[0].Severity != "" || !strings.Contains(m.Problems[0].Msg, "CRLF line endings") {
		t.Errorf("problems: %+v", m.Problems)
	}
}
