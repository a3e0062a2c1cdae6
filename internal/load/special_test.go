//go:build unix

package load

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/memlint/memlint/internal/model"
)

// loadTimed loads paths, failing the test if it takes more than 10 s (a
// named pipe blocked forever; /dev/zero was read up to the size limit).
func loadTimed(t *testing.T, paths []string, opts Options) (*model.Model, error) {
	t.Helper()
	type result struct {
		m   *model.Model
		err error
	}
	done := make(chan result, 1)
	go func() {
		m, err := Load(paths, opts)
		done <- result{m, err}
	}()
	select {
	case r := <-done:
		return r.m, r.err
	case <-time.After(10 * time.Second):
		t.Fatalf("loading %v did not finish", paths)
		return nil, nil
	}
}

// specialTree writes a directory with a named pipe p.json, a named pipe
// without an extension, a symlink z.json to /dev/zero and one policy.
func specialTree(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"p.json", "script"} {
		if err := syscall.Mkfifo(filepath.Join(dir, name), 0o644); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
	}
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "z.json")); err != nil {
		t.Fatal(err)
	}
	policy := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
	if err := os.WriteFile(filepath.Join(dir, "ok.json"), []byte(policy), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// TestSpecialFilesInWalk checks that a directory walk skips named pipes and
// symlinks to devices, with a --verbose note, and reads the rest.
func TestSpecialFilesInWalk(t *testing.T) {
	dir := specialTree(t)
	var log []string
	m, err := loadTimed(t, []string{dir}, Options{Log: func(f string, a ...any) { log = append(log, fmt.Sprintf(f, a...)) }})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Problems) != 0 {
		t.Errorf("problems: %+v", m.Problems)
	}
	if len(m.Policies) != 1 {
		t.Errorf("%d policies, want ok.json's", len(m.Policies))
	}
	all := strings.Join(log, "\n")
	for _, want := range []string{"p.json: a named pipe, not a regular file; skipped", "script: a named pipe, not a regular file; skipped", "z.json: a character device, not a regular file; skipped"} {
		if !strings.Contains(all, want) {
			t.Errorf("no verbose note %q in:\n%s", want, all)
		}
	}
}

// TestSpecialFilesNamed checks that a named pipe or device named explicitly
// is an ML001 finding naming it, and in a manifest a manifest error. The
// device is outside the checked tree, refused for that first by default
// (outside_test.go); AllowOutside lets the file-type check be seen.
func TestSpecialFilesNamed(t *testing.T) {
	dir := specialTree(t)
	for _, name := range []string{"p.json", "z.json", "script"} {
		p := filepath.Join(dir, name)
		m, err := loadTimed(t, []string{p}, Options{AllowOutside: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(m.Problems) != 1 || m.Problems[0].Rule != ruleInvalid || m.Problems[0].Loc.File != filepath.ToSlash(p) ||
			!strings.Contains(m.Problems[0].Msg, "not a regular file; it was not read") {
			t.Errorf("%s: problems %+v, want one ML001 naming it", name, m.Problems)
		}
	}
	mdir := t.TempDir()
	manifest := "version: 1\nroles:\n  - arn: arn:aws:iam::111122223333:role/r\n    trust_policy: /dev/zero\n    policies: [" + filepath.Join(dir, "p.json") + "]\n"
	if err := os.WriteFile(filepath.Join(mdir, ManifestName), []byte(manifest), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := loadTimed(t, []string{mdir}, Options{AllowOutside: true})
	var ue *UsageError
	if !errors.As(err, &ue) || !strings.Contains(ue.Msg, "file /dev/zero is a character device, not a regular file") ||
		!strings.Contains(ue.Msg, "p.json is a named pipe, not a regular file") {
		t.Errorf("manifest naming a device and a pipe: %v", err)
	}
	// A manifest that is itself a named pipe, named explicitly.
	fifo := filepath.Join(t.TempDir(), ManifestName)
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := loadTimed(t, []string{fifo}, Options{}); err == nil || !strings.Contains(err.Error(), "is a named pipe, not a regular file") {
		t.Errorf("a named-pipe manifest: %v", err)
	}
}
