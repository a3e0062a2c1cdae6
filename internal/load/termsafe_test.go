package load

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// hasControl reports a control character other than the line feeds that
// separate lines.
func hasControl(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 && r != '\n' || r == 0x7f })
}

// TestMessagesEscaped checks that manifest errors and --verbose lines do not
// pass ESC, BEL, CR or line feeds from file names and values to the terminal.
func TestMessagesEscaped(t *testing.T) {
	evil := "x\x1b]0;pwned\a\x1b[2J\rmemlint: all clear\n.json"
	dir := t.TempDir()
	manifest := fmt.Sprintf("version: 1\nroles:\n  - arn: arn:aws:iam::111122223333:role/r\n    trust_policy: %q\n", evil)
	if err := os.WriteFile(filepath.Join(dir, ManifestName), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load([]string{dir}, Options{})
	if err == nil {
		t.Fatal("a manifest naming a missing file loaded")
	}
	if msg := err.Error(); hasControl(msg) || strings.Contains(msg, "\n") || !strings.Contains(msg, `\x1b]0;pwned\x07`) {
		t.Errorf("manifest error not escaped: %q", msg)
	}
	if _, err := Load([]string{filepath.Join(dir, evil)}, Options{}); err == nil || hasControl(err.Error()) || strings.Contains(err.Error(), "\n") {
		t.Errorf("missing path error not escaped: %v", err)
	}

	// A file with that name in a walk: binary, skipped with a --verbose line.
	walk := t.TempDir()
	if err := os.WriteFile(filepath.Join(walk, evil), []byte("\x00\x01"), 0o644); err != nil {
		t.Skipf("file name with control characters: %v", err)
	}
	var log []string
	if _, err := Load([]string{walk}, Options{Log: func(f string, a ...any) { log = append(log, fmt.Sprintf(f, a...)) }}); err != nil {
		t.Fatal(err)
	}
	if len(log) == 0 {
		t.Fatal("no --verbose line")
	}
	for _, l := range log {
		if hasControl(l) || strings.Contains(l, "\n") {
			t.Errorf("--verbose line not escaped: %q", l)
		}
	}
}
