package load

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secretPolicy is what lies outside the checked tree: a trust policy whose
// principal must not reach memlint's output unless asked.
const secretPolicy = `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::999988887777:role/Secret"}, "Action": "sts:AssumeRole"}]}`

// outsideTree writes base/outside/secret.json and returns base and the
// checked directory base/repo (a repository when git is set).
func outsideTree(t *testing.T, git bool) (base, repo string) {
	t.Helper()
	base = t.TempDir()
	repo = filepath.Join(base, "repo")
	write := func(name, text string) {
		p := filepath.Join(base, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("outside/secret.json", secretPolicy)
	if git {
		if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	write("repo/inside/trust.json", secretPolicy)
	return base, repo
}

func writeFile(t *testing.T, p, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readSecret reports whether the outside policy made it into the model.
func readSecret(base string, policies []string) bool {
	for _, p := range policies {
		if strings.HasPrefix(p, filepath.ToSlash(filepath.Join(base, "outside"))) || strings.Contains(p, "outside/secret.json") {
			return true
		}
	}
	return false
}

// TestManifestOutside checks that manifest entries resolving outside the
// repository (relative with .., absolute, through a symlinked directory) are
// manifest errors naming their line, and that AllowOutside reads them.
func TestManifestOutside(t *testing.T) {
	for _, git := range []bool{true, false} {
		base, repo := outsideTree(t, git)
		if err := os.Symlink(filepath.Join(base, "outside"), filepath.Join(repo, "out")); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(repo, ManifestName), "version: 1\nroles:\n"+
			"  - arn: arn:aws:iam::111122223333:role/A\n    trust_policy: ../outside/secret.json\n"+
			"  - arn: arn:aws:iam::111122223333:role/B\n    trust_policy: "+filepath.Join(base, "outside", "secret.json")+"\n"+
			"  - arn: arn:aws:iam::111122223333:role/C\n    policies: [out/secret.json, inside/trust.json]\n")
		_, err := Load([]string{repo}, Options{})
		var ue *UsageError
		if !errors.As(err, &ue) {
			t.Fatalf("git=%v: err %v, want a manifest error", git, err)
		}
		where := "the checked directory"
		if git {
			where = "the repository"
		}
		for _, want := range []string{
			"memlint.yaml:4:19: file ../outside/secret.json resolves outside " + where,
			"memlint.yaml:6:19: file " + filepath.Join(base, "outside", "secret.json") + " resolves outside " + where,
			"memlint.yaml:8:16: file out/secret.json resolves outside " + where,
		} {
			if !strings.Contains(ue.Msg, want) {
				t.Errorf("git=%v: no %q in:\n%s", git, want, ue.Msg)
			}
		}
		if strings.Contains(ue.Msg, "inside/trust.json") {
			t.Errorf("git=%v: the file inside is refused too:\n%s", git, ue.Msg)
		}
		m, err := Load([]string{repo}, Options{AllowOutside: true})
		if err != nil {
			t.Fatalf("git=%v, AllowOutside: %v", git, err)
		}
		var files []string
		for _, p := range m.Policies {
			files = append(files, p.File)
		}
		if !readSecret(base, files) {
			t.Errorf("git=%v, AllowOutside: the outside policy was not read: %v", git, files)
		}
	}
}

// TestManifestOutsideRepoSubdir checks that in a repository the boundary is
// the repository root, not the directory checked: a manifest in a
// subdirectory may name files elsewhere in the repository.
func TestManifestOutsideRepoSubdir(t *testing.T) {
	_, repo := outsideTree(t, true)
	writeFile(t, filepath.Join(repo, "sub", ManifestName), "version: 1\nroles:\n  - arn: arn:aws:iam::111122223333:role/A\n    trust_policy: ../inside/trust.json\n")
	m, err := Load([]string{filepath.Join(repo, "sub")}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Policies) != 1 || len(m.Problems) != 0 {
		t.Errorf("policies %d, problems %+v; want the trust policy read", len(m.Policies), m.Problems)
	}
}

// TestSymlinkOutside checks that a symlink in the tree to a file outside is
// an ML001 finding on the link, found in a walk or named, and is not read;
// a symlink to a file inside is read.
func TestSymlinkOutside(t *testing.T) {
	base, repo := outsideTree(t, true)
	link := filepath.Join(repo, "x.json")
	if err := os.Symlink(filepath.Join(base, "outside", "secret.json"), link); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("../outside/secret.json", filepath.Join(repo, "script")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("inside/trust.json", filepath.Join(repo, "in.json")); err != nil {
		t.Fatal(err)
	}
	for _, paths := range [][]string{{repo}, {link}} {
		var log []string
		m, err := Load(paths, Options{Log: func(f string, a ...any) { log = append(log, f) }})
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, p := range m.Policies {
			files = append(files, p.File)
		}
		if readSecret(base, files) || len(m.Policies) != map[bool]int{true: 2, false: 0}[len(paths) == 1 && paths[0] == repo] {
			t.Errorf("%v: policies read %v", paths, files)
		}
		found := false
		for _, p := range m.Problems {
			if p.Rule == ruleInvalid && p.Loc.File == filepath.ToSlash(link) && strings.Contains(p.Msg, "resolves outside the repository") {
				found = true
			} else {
				t.Errorf("%v: unexpected problem %+v", paths, p)
			}
		}
		if !found {
			t.Errorf("%v: no ML001 on %s: %+v", paths, link, m.Problems)
		}
	}
}

// TestShellFileOutside checks that a script's file:// argument resolving
// outside the repository is an ML001 at the argument and is not read, for a
// policy argument and for --cli-input-json.
func TestShellFileOutside(t *testing.T) {
	base, repo := outsideTree(t, true)
	script := "#!/bin/sh\n" +
		"aws iam create-role --role-name R --assume-role-policy-document file://../outside/secret.json\n" +
		"aws iam create-role --cli-input-json file://" + filepath.Join(base, "outside", "secret.json") + "\n" +
		"aws iam create-role --role-name S --assume-role-policy-document file://inside/trust.json\n"
	writeFile(t, filepath.Join(repo, "setup.sh"), script)
	for _, opts := range []Options{{}, {AllowOutside: true}} {
		m, err := Load([]string{filepath.Join(repo, "setup.sh")}, opts)
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		for _, p := range m.Policies {
			files = append(files, p.File)
		}
		if got := readSecret(base, files); got != opts.AllowOutside {
			t.Errorf("AllowOutside %v: outside policy read: %v (%v)", opts.AllowOutside, got, files)
		}
		var lines []int
		for _, p := range m.Problems {
			if strings.Contains(p.Msg, "resolves outside the repository") && strings.HasSuffix(p.Loc.File, "setup.sh") {
				lines = append(lines, int(p.Loc.Line))
			}
		}
		want := map[bool]string{false: "[2 3]", true: "[]"}[opts.AllowOutside]
		if got := fmt.Sprint(lines); got != want {
			t.Errorf("AllowOutside %v: outside findings on lines %s, want %s (problems %+v)", opts.AllowOutside, got, want, m.Problems)
		}
	}
}

// TestManifestSymlinkOutside checks that a memlint.yaml in the tree that is a
// symlink to a manifest outside is refused, found in a walk or named.
func TestManifestSymlinkOutside(t *testing.T) {
	base, repo := outsideTree(t, true)
	writeFile(t, filepath.Join(base, "outside", ManifestName), "version: 1\nroles:\n  - arn: arn:aws:iam::111122223333:role/A\n    trust_policy: secret.json\n")
	link := filepath.Join(repo, "sub", ManifestName)
	if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(base, "outside", ManifestName), link); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{repo, link} {
		_, err := Load([]string{p}, Options{})
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.Contains(ue.Msg, "manifest "+filepath.ToSlash(link)+" resolves outside the repository") {
			t.Errorf("%s: err %v, want the manifest refused", p, err)
		}
	}
}

// TestBoundaryResolve checks the per-directory cache of boundary.resolve
// against filepath.EvalSymlinks on directory and file symlinks, chains,
// paths through a symlinked directory and missing files, resolving each
// path twice (the second time from the cache).
func TestBoundaryResolve(t *testing.T) {
	dir := t.TempDir()
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		t.Fatal(err)
	}
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(real, "a", "b"), 0o755))
	must(os.WriteFile(filepath.Join(real, "a", "b", "f.json"), []byte("{}"), 0o644))
	must(os.Symlink(filepath.Join(real, "a"), filepath.Join(real, "linkdir")))
	must(os.Symlink("b/f.json", filepath.Join(real, "a", "rel.json")))
	must(os.Symlink(filepath.Join(real, "a", "rel.json"), filepath.Join(real, "chain.json")))
	paths := []string{
		filepath.Join(real, "a", "b", "f.json"),
		filepath.Join(real, "linkdir", "b", "f.json"),
		filepath.Join(real, "linkdir", "rel.json"),
		filepath.Join(real, "chain.json"),
		filepath.Join(real, "a", "missing.json"),
		filepath.Join(real, "nodir", "missing.json"),
		filepath.Join(real, "linkdir"),
	}
	b := &boundary{}
	for range 2 {
		for _, p := range paths {
			want, werr := filepath.EvalSymlinks(p)
			got, gerr := b.resolve(p, false)
			if got != want || (werr == nil) != (gerr == nil) {
				t.Errorf("resolve(%s) = %q, %v; EvalSymlinks: %q, %v", p, got, gerr, want, werr)
			}
		}
	}
}
