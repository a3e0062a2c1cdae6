// Package txtardir writes the files of txtar archives (the scenarios of
// fixtures/) into directories, for tests.
package txtardir

import (
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// Write writes files into dir, creating the folders their names hold.
func Write(tb testing.TB, dir string, files ...txtar.File) {
	tb.Helper()
	for _, f := range files {
		p := filepath.Join(dir, filepath.FromSlash(f.Name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			tb.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			tb.Fatal(err)
		}
	}
}

// Extract parses the archive at path and writes its files, except those
// named in skip (sections such as "want"), into a new temporary directory.
func Extract(tb testing.TB, path string, skip ...string) (string, *txtar.Archive) {
	tb.Helper()
	ar, err := txtar.ParseFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	dir := tb.TempDir()
	var files []txtar.File
	for _, f := range ar.Files {
		if !slices.Contains(skip, f.Name) {
			files = append(files, f)
		}
	}
	Write(tb, dir, files...)
	return dir, ar
}
