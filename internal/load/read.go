package load

import (
	"errors"
	"unsafe"
)

// The errors of readRegular (read_unix.go, read_other.go) its caller
// reports in its own words.
var (
	errNotRegular = errors.New("not a regular file")
	errRefused    = errors.New("refused")
)

// textOf is the file's bytes as a string, without a copy: the documents'
// strings are substrings of it, and a copy of a 50 MB policy was 50 MB
// more at the peak of loading it. The bytes are a buffer readRegular made
// for the file, and nothing writes to them once read (a byte-order mark
// is decoded into a new buffer).
func textOf(data []byte) string {
	if len(data) == 0 {
		return ""
	}
	return unsafe.String(&data[0], len(data))
}
