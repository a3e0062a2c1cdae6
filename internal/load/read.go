package load

import "errors"

// The errors of readRegular (read_unix.go, read_other.go) its caller
// reports in its own words.
var (
	errNotRegular = errors.New("not a regular file")
	errRefused    = errors.New("refused")
)
