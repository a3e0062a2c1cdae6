package cli

import "github.com/memlint/memlint/internal/load"

// SetStreamOptions sets when and how check streams a tree, and returns the
// function that restores the default.
func SetStreamOptions(so load.StreamOptions) (restore func()) {
	old := streamOptions
	streamOptions = so
	return func() { streamOptions = old }
}
