package cli

import (
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// findSibling finds one of memlint's companion programs (memlint-fetch,
// memlint-vet) the way git finds git-foo: beside memlint's own executable
// first (go install ./cmd/... puts them there), then on PATH; "" when
// neither has it. They are programs of their own so that what they link
// (the AWS SDK, the Go type checker) does not slow every memlint start.
func findSibling(program string) string {
	name := program
	if runtime.GOOS == "windows" {
		name += ".exe"
	}
	if exe, err := os.Executable(); err == nil {
		if real, err := filepath.EvalSymlinks(exe); err == nil {
			exe = real
		}
		p := filepath.Join(filepath.Dir(exe), name)
		if st, err := os.Stat(p); err == nil && st.Mode().IsRegular() {
			return p
		}
	}
	if p, err := exec.LookPath(program); err == nil {
		return p
	}
	return ""
}
