//go:build unix

package load

import (
	"io/fs"
	"syscall"
)

// readRegular reads the regular file p: it opens it, checks that what was
// opened is a regular file (errNotRegular: swapped for a pipe or a device
// since it was checked), tells size its size, and reads it unless size
// refuses (errRefused). walked says a directory walk listed p as a regular
// file, not a symlink: the open then does not follow a symlink (one swapped
// in since is refused, not followed out of the tree).
//
// On Unix it is made of the system calls alone: os.Open
// also switches a regular file to non-blocking mode and back and asks the
// poller to watch it, five calls more per file, which were a fifth of
// loading a tree of thousands of small files.
func readRegular(p string, walked bool, size func(int64) bool) ([]byte, error) {
	// O_NONBLOCK: opening a pipe swapped in since the check does not wait
	// for a writer (reading a regular file is not affected).
	flags := syscall.O_RDONLY | syscall.O_CLOEXEC | syscall.O_NONBLOCK
	if walked {
		flags |= syscall.O_NOFOLLOW
	}
	fd, err := open(p, flags)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: p, Err: err}
	}
	defer syscall.Close(fd)
	var st syscall.Stat_t
	if err := fstat(fd, &st); err != nil {
		return nil, &fs.PathError{Op: "stat", Path: p, Err: err}
	}
	if st.Mode&syscall.S_IFMT != syscall.S_IFREG {
		return nil, errNotRegular
	}
	if !size(st.Size) {
		return nil, errRefused
	}
	// One byte more than the size, to see the end in one read; a file that
	// grew since is read to its end, up to MaxFileSize+1 bytes.
	buf := make([]byte, 0, min(st.Size, MaxFileSize)+1)
	for len(buf) <= MaxFileSize {
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
		n, err := read(fd, buf[len(buf):min(cap(buf), MaxFileSize+1)])
		if err != nil {
			return nil, &fs.PathError{Op: "read", Path: p, Err: err}
		}
		if n == 0 {
			break
		}
		buf = buf[:len(buf)+n]
	}
	return buf, nil
}

// open, fstat and read retry a call interrupted by a signal.
func open(p string, flags int) (int, error) {
	for {
		fd, err := syscall.Open(p, flags, 0)
		if err != syscall.EINTR {
			return fd, err
		}
	}
}

func fstat(fd int, st *syscall.Stat_t) error {
	for {
		if err := syscall.Fstat(fd, st); err != syscall.EINTR {
			return err
		}
	}
}

func read(fd int, b []byte) (int, error) {
	for {
		n, err := syscall.Read(fd, b)
		if err != syscall.EINTR {
			if n < 0 {
				n = 0
			}
			return n, err
		}
	}
}
