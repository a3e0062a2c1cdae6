package load

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// boundary is the part of the filesystem memlint reads: the repository that
// holds each path it was asked to check, or, for a path in no repository, the
// checked directory itself (a file's own directory). In CI the repository is a
// pull request's, and a manifest entry ../../etc/passwd, a script's
// file:///home/runner/.aws/credentials or a committed symlink to either must
// not make memlint read (and memlint access print) what is outside it. A path
// is inside when it resolves there after every symlink; Options.AllowOutside
// lifts the boundary.
type boundary struct {
	roots []root
	// dirs caches the resolved form of each directory seen: a tree's files
	// share their directories, and resolving every component of every path
	// again (an lstat each) was a third of loading a large tree.
	dirs map[string]string
	// cwd is the loader's working directory ("": read it each time).
	cwd string
}

// root is one directory of the boundary.
type root struct {
	real string // absolute, symlinks resolved
	repo bool   // a repository (a directory holding .git), not a checked directory
}

// boundaryOf is the boundary of a run checking paths, with manifest the
// manifest named explicitly (or ""). A file named alone is read with the
// nearest manifest above it, which governs its own directory too.
func boundaryOf(paths []string, manifest string) *boundary {
	b := &boundary{}
	for _, p := range paths {
		b.add(p)
		if st, err := os.Stat(p); err == nil && !st.IsDir() {
			if nm := nearestManifest(p); nm != "" {
				b.add(nm)
			}
		}
	}
	if manifest != "" {
		b.add(manifest)
	}
	return b
}

// add puts the repository holding path p (or, in none, p's directory) inside
// the boundary. p is what the user named: a file or a directory.
func (b *boundary) add(p string) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return
	}
	dir := abs
	if st, err := os.Stat(abs); err == nil && !st.IsDir() {
		dir = filepath.Dir(abs)
	}
	r := root{real: dir}
	if top, ok := gitTop(dir); ok {
		r = root{real: top, repo: true}
	}
	if real, err := filepath.EvalSymlinks(r.real); err == nil {
		r.real = real
	}
	if !slices.Contains(b.roots, r) {
		b.roots = append(b.roots, r)
	}
}

// outside reports whether p resolves outside every root of the boundary, and
// what the boundary is ("the repository", "the checked directory") for the
// message. A path that does not resolve (it does not exist) is not outside:
// the read that follows reports why it cannot be read. A boundary without
// roots (a loader not started by Load) holds everything.
func (b *boundary) outside(p string) (bool, string) {
	return b.outsideAbs(b.abs(p), false)
}

// outsideAbs is outside for an absolute path; regular says a directory
// walk found its last element to be a regular file, not a symlink, so only
// its directory is resolved.
func (b *boundary) outsideAbs(abs string, regular bool) (bool, string) {
	if b == nil || len(b.roots) == 0 || abs == "" {
		return false, ""
	}
	real, err := b.resolve(abs, regular)
	if err != nil {
		return false, ""
	}
	for _, r := range b.roots {
		if real == r.real || strings.HasPrefix(real, r.real+string(filepath.Separator)) || r.real == string(filepath.Separator) {
			return false, ""
		}
	}
	for _, r := range b.roots {
		if r.repo {
			return true, "the repository"
		}
	}
	return true, "the checked directory"
}

// resolve is filepath.EvalSymlinks(abs) for a clean absolute path, with
// the directory part resolved once per directory: only the last element is
// looked at again, and resolved in full when it is itself a symlink.
func (b *boundary) abs(p string) string {
	if b == nil {
		return absIn("", p)
	}
	return absIn(b.cwd, p)
}

func (b *boundary) resolve(abs string, regular bool) (string, error) {
	dir, base := filepath.Split(abs)
	if base == "" { // the root directory
		return filepath.EvalSymlinks(abs)
	}
	realDir, ok := b.dirs[dir]
	if !ok {
		r, err := filepath.EvalSymlinks(dir)
		if err != nil {
			return "", err
		}
		if b.dirs == nil {
			b.dirs = map[string]string{}
		}
		b.dirs[dir], realDir = r, r
	}
	if regular {
		return filepath.Join(realDir, base), nil
	}
	st, err := os.Lstat(filepath.Join(realDir, base))
	if err != nil {
		return "", err
	}
	if st.Mode()&os.ModeSymlink != 0 {
		return filepath.EvalSymlinks(abs)
	}
	return filepath.Join(realDir, base), nil
}

// outsideMsg is the sentence an outside path gets, after its subject.
func outsideMsg(where string) string {
	return "resolves outside " + where + " (through '..', an absolute path or a symbolic link); it was not read (--allow-outside reads it)"
}

// gitTop is the nearest directory at or above dir holding .git (a directory,
// or a file in a worktree or submodule), found without the git binary.
func gitTop(dir string) (string, bool) {
	for d := dir; ; {
		if _, err := os.Lstat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", false
		}
		d = parent
	}
}
