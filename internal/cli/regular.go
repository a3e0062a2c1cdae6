package cli

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/termsafe"
)

// readRegular reads path when it is a regular file (following symlinks) of at
// most load.MaxFileSize bytes. A named pipe (mkfifo base.sarif) would block
// the read forever and a device (/dev/zero) never end, so they are refused
// before they are opened, and what was opened is checked again.
func readRegular(path string) ([]byte, error) {
	notRegular := func(m fs.FileMode) error {
		what := "not a regular file"
		switch {
		case m.IsDir():
			what = "a directory"
		case m&fs.ModeNamedPipe != 0:
			what = "a named pipe, not a regular file"
		case m&fs.ModeDevice != 0:
			what = "a device, not a regular file"
		case m&fs.ModeSocket != 0:
			what = "a socket, not a regular file"
		}
		return fmt.Errorf("%s is %s", termsafe.Line(filepath.ToSlash(path)), what)
	}
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, notRegular(st.Mode())
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, notRegular(st.Mode())
	}
	data, err := io.ReadAll(io.LimitReader(f, load.MaxFileSize+1))
	if err == nil && len(data) > load.MaxFileSize {
		err = fmt.Errorf("%s is over %d bytes", termsafe.Line(filepath.ToSlash(path)), load.MaxFileSize)
	}
	return data, err
}
