// Package goldfile compares test output with golden files. Run the tests of a
// package with -update to rewrite its golden files.
package goldfile

import (
	"flag"
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite golden files")

// Update reports whether the test run rewrites golden files.
func Update() bool { return *update }

// Check compares got with the golden file at path, or rewrites the file under
// -update and returns false (nothing more to check). pkg names the package
// in the hint ("./internal/cli").
func Check(t testing.TB, path string, got []byte, pkg string) bool {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return false
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test %s -update)", err, pkg)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s differs (-want +got); run go test %s -update:\n%s", path, pkg, diff)
	}
	return true
}
