//go:build !unix

package load

import (
	"io"
	"os"
)

// readRegular is read_unix.go's through package os: a walked path that has
// become a symlink is followed here.
func readRegular(p string, _ bool, size func(int64) bool) ([]byte, error) {
	f, err := os.Open(p)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return nil, err
	}
	if !st.Mode().IsRegular() {
		return nil, errNotRegular
	}
	if !size(st.Size()) {
		return nil, errRefused
	}
	return io.ReadAll(io.LimitReader(f, MaxFileSize+1))
}
