//go:build unix

package load

import (
	"errors"
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// TestReadRegular checks the checks of readRegular: what is opened must be
// a regular file (a pipe is refused without waiting for a writer), a path a
// walk listed as a regular file is not followed when it has become a
// symlink, and the size callback can refuse the read.
func TestReadRegular(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "p.json")
	if err := os.WriteFile(file, []byte(`{"a": 1}`), 0o644); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.json")
	if err := os.Symlink(file, link); err != nil {
		t.Fatal(err)
	}
	fifo := filepath.Join(dir, "fifo.json")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	all := func(int64) bool { return true }

	if data, err := readRegular(file, true, all); err != nil || string(data) != `{"a": 1}` {
		t.Errorf("regular file: %q, %v", data, err)
	}
	if data, err := readRegular(link, false, all); err != nil || string(data) != `{"a": 1}` {
		t.Errorf("named symlink: %q, %v", data, err)
	}
	if _, err := readRegular(link, true, all); !errors.Is(err, syscall.ELOOP) {
		t.Errorf("walked path swapped for a symlink: %v, want ELOOP", err)
	}
	if _, err := readRegular(fifo, false, all); !errors.Is(err, errNotRegular) {
		t.Errorf("pipe: %v, want errNotRegular", err)
	}
	var told int64
	if _, err := readRegular(file, false, func(n int64) bool { told = n; return false }); !errors.Is(err, errRefused) || told != 8 {
		t.Errorf("refused read: %v, size %d", err, told)
	}
}
