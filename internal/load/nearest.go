package load

import (
	"os"
	"path/filepath"
)

// nearestManifest returns the memlint.yaml closest above file: in its
// directory or the nearest parent, stopping at the repository root (a
// directory holding .git) or the filesystem root. The result is built from
// file's own path ("a/b/policy.json" gives "a/memlint.yaml"), so the files the
// manifest names get the same names as when given on the command line. It
// returns "" when there is none.
//
// This is what lets pre-commit pass only the changed file: the manifest found
// above it is read with every file it names, so the policy is still checked
// against the other side of its cross-account setup.
func nearestManifest(file string) string {
	dir := filepath.Dir(file)
	for {
		if mp := filepath.Join(dir, ManifestName); fileExists(mp) {
			return mp
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return ""
		}
		abs, err := filepath.Abs(dir)
		if err != nil || filepath.Dir(abs) == abs {
			return ""
		}
		dir = filepath.Join(dir, "..")
	}
}
