package cli_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/memlint/memlint/internal/cli"
	"github.com/memlint/memlint/internal/goldfile"
	"github.com/memlint/memlint/internal/txtardir"
)

// checkGolden compares out with the golden file, or rewrites the file under
// -update (and then reports false: nothing more to check).
func checkGolden(t *testing.T, golden, out string) bool {
	t.Helper()
	return goldfile.Check(t, golden, []byte(out), "./internal/cli")
}

func run(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runStdin(t, "", args...)
}

func runStdin(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errb bytes.Buffer
	code = cli.Run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return out.String(), errb.String(), code
}

// TestGolden runs memlint on the bundled example in every format and
// compares with fixtures/golden (go test ./internal/cli -update rewrites).
func TestGolden(t *testing.T) {
	t.Chdir(filepath.Join("..", ".."))
	for _, format := range []string{"text", "json", "sarif"} {
		t.Run(format, func(t *testing.T) {
			out, errs, code := run(t, "check", "--format", format, "fixtures/examples/guide")
			if code != cli.ExitFindings {
				t.Fatalf("exit %d, want %d; stderr:\n%s", code, cli.ExitFindings, errs)
			}
			golden := filepath.Join("fixtures", "golden", "guide."+format)
			if format == "sarif" {
				golden = filepath.Join("fixtures", "golden", "guide.sarif")
			}
			if format == "text" {
				checkReadmeExample(t, out)
			}
			if !checkGolden(t, golden, out) {
				return
			}
			// Determinism: a second run is byte-identical.
			again, _, _ := run(t, "check", "--format", format, "fixtures/examples/guide")
			if again != out {
				t.Error("two runs gave different output")
			}
		})
	}
}

// The README shows the text output of its first command between markers.
const (
	exampleBegin = "<!-- BEGIN EXAMPLE OUTPUT -->\n"
	exampleEnd   = "<!-- END EXAMPLE OUTPUT -->"
)

// checkReadmeExample compares the README's example output with out, or
// rewrites it under -update.
func checkReadmeExample(t *testing.T, out string) {
	t.Helper()
	readme, err := os.ReadFile("README.md")
	if err != nil {
		t.Fatal(err)
	}
	before, rest, ok1 := strings.Cut(string(readme), exampleBegin)
	old, after, ok2 := strings.Cut(rest, exampleEnd)
	if !ok1 || !ok2 {
		t.Fatal("README.md lacks the example output markers")
	}
	block := "```\n$ go run ./cmd/memlint check fixtures/examples/guide\n" + out + "```\n"
	if goldfile.Update() {
		if err := os.WriteFile("README.md", []byte(before+exampleBegin+block+exampleEnd+after), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	if old != block {
		t.Errorf("README.md example output is stale; run go test ./internal/cli -update")
	}
}

// TestCLI runs the scenarios of fixtures/cli: the archive comment's first
// line is the command line (after "memlint"), run in a directory holding the
// archive's files; "stdout" and "stderr" sections hold substrings that must
// appear (one per line; "!" negates), "exit" the status. A scenario of two
// steps has a "then" section holding the second command line: files named
// "then/<path>" are written to <path> after the first command has run, and
// the expectations are about the second. A "stdin" section is the first
// command's standard input.
func TestCLI(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "cli", "*.txtar"))
	if len(files) == 0 {
		t.Fatal("no CLI scenarios")
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			dir := t.TempDir()
			want := map[string]string{}
			var then []txtar.File
			for _, f := range ar.Files {
				switch f.Name {
				case "stdout", "stderr", "exit", "then", "stdin":
					want[f.Name] = string(f.Data)
					continue
				}
				if strings.HasPrefix(f.Name, "then/") {
					then = append(then, f)
					continue
				}
				txtardir.Write(t, dir, f)
			}
			t.Chdir(dir)
			line := strings.TrimSpace(strings.SplitN(string(ar.Comment), "\n", 2)[0])
			stdout, stderr, code := runStdin(t, want["stdin"], strings.Fields(line)...)
			if next := strings.TrimSpace(want["then"]); next != "" {
				if code == cli.ExitUsage {
					t.Fatalf("first step: exit %d\nstderr:\n%s", code, stderr)
				}
				for _, f := range then {
					if err := os.WriteFile(filepath.Join(dir, strings.TrimPrefix(f.Name, "then/")), f.Data, 0o644); err != nil {
						t.Fatal(err)
					}
				}
				stdout, stderr, code = run(t, strings.Fields(next)...)
			}
			wantCode, err := strconv.Atoi(strings.TrimSpace(want["exit"]))
			if err != nil {
				t.Fatalf("scenario needs an exit section: %v", err)
			}
			if code != wantCode {
				t.Errorf("exit %d, want %d\nstdout:\n%s\nstderr:\n%s", code, wantCode, stdout, stderr)
			}
			check := func(name, got string) {
				for _, l := range strings.Split(want[name], "\n") {
					if l = strings.TrimSpace(l); l == "" {
						continue
					}
					if neg, ok := strings.CutPrefix(l, "!"); ok {
						if strings.Contains(got, strings.TrimSpace(neg)) {
							t.Errorf("%s contains %q:\n%s", name, neg, got)
						}
					} else if !strings.Contains(got, l) {
						t.Errorf("%s lacks %q:\n%s", name, l, got)
					}
				}
			}
			check("stdout", stdout)
			check("stderr", stderr)
		})
	}
}
