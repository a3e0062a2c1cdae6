package load

import "errors"

// readRegular reads the regular file p: it opens it, checks that what was
// opened is a regular file (errNotRegular: swapped for a pipe or a device
// since it was checked), tells size its size, and reads it unless size
// refuses (errRefused). walked says a directory walk listed p as a regular
// file, not a symlink: the open then does not follow a symlink (one swapped
// in since is refused, not followed out of the tree).
//
// On Unix it is made of the system calls alone (read_unix.go): os.Open
// also switches a regular file to non-blocking mode and back and asks the
// poller to watch it, five calls more per file, which were a fifth of
// loading a tree of thousands of small files.
func readRegular(p string, walked bool, size func(int64) bool) ([]byte, error) {
	return readFile(p, walked, size)
}

var (
	errNotRegular = errors.New("not a regular file")
	errRefused    = errors.New("refused")
)
