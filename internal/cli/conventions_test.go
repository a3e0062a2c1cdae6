package cli_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/cli"
)

// TestOutputFlag checks that every command writing a report takes -o: the
// report goes to the file, nothing to standard output.
func TestOutputFlag(t *testing.T) {
	guide, err := filepath.Abs(filepath.Join("..", "..", "fixtures", "examples", "guide"))
	if err != nil {
		t.Fatal(err)
	}
	t.Chdir(t.TempDir())
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"check", "-o", "out", guide}, cli.ExitFindings, "files checked"},
		{[]string{"check", "--format", "text,junit:out.xml", "-o", "out", guide}, cli.ExitFindings, "files checked"},
		// Two formats to one file: both, in order.
		{[]string{"check", "--format", "github,text", "-o", "out", guide}, cli.ExitFindings, "::error file=fixtures/examples/guide/memory/create-memory-kinesis.json"},
		{[]string{"check", "--format", "github,text", "-o", "out", guide}, cli.ExitFindings, "\n12 files checked, 14 findings"},
		{[]string{"access", "-o", "out", guide}, cli.ExitOK, "arn:aws:bedrock-agentcore:"},
		{[]string{"rules", "-o", "out", "--format", "markdown"}, cli.ExitOK, "| ML101 |"},
		{[]string{"explain", "-o", "out", "ML101"}, cli.ExitOK, "ML101 root-principal-grant"},
	} {
		os.Remove("out")
		stdout, stderr, code := run(t, tc.args...)
		if code != tc.code || stdout != "" {
			t.Errorf("%v: exit %d, want %d; stdout %q; stderr %s", tc.args, code, tc.code, stdout, stderr)
		}
		b, err := os.ReadFile("out")
		if err != nil || !strings.Contains(string(b), tc.want) {
			t.Errorf("%v: out lacks %q (%v):\n%s", tc.args, tc.want, err, b)
		}
	}
	if b, err := os.ReadFile("out.xml"); err != nil || !strings.Contains(string(b), "<testsuites") {
		t.Errorf("--format text,junit:out.xml: out.xml is not JUnit (%v):\n%s", err, b)
	}
}

// TestBashCompletion sources the bash script and completes command lines.
func TestBashCompletion(t *testing.T) {
	bash, err := exec.LookPath("bash")
	if err != nil {
		t.Skip("no bash")
	}
	script, _, code := run(t, "completion", "bash")
	if code != cli.ExitOK {
		t.Fatalf("exit %d", code)
	}
	file := filepath.Join(t.TempDir(), "memlint.bash")
	if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ words, want string }{
		{"memlint ch", "check"},
		{"memlint check --sho", "--show-source --show-suppressed"},
		{"memlint check --format ", "text json sarif github junit checkstyle markdown"},
		{"memlint check --color a", "always auto"},
		{"memlint access -f m", "mermaid"},
		{"memlint completion f", "fish"},
		{"memlint lint -q", "-q"},
	} {
		words := strings.Fields(tc.words)
		if strings.HasSuffix(tc.words, " ") {
			words = append(words, "")
		}
		quoted := make([]string, len(words))
		for i, w := range words {
			quoted[i] = "'" + w + "'"
		}
		prog := "source " + file + "; COMP_WORDS=(" + strings.Join(quoted, " ") + "); COMP_CWORD=" +
			strconv.Itoa(len(words)-1) + "; _memlint; echo \"${COMPREPLY[*]}\""
		out, err := exec.Command(bash, "--norc", "--noprofile", "-c", prog).CombinedOutput()
		if err != nil {
			t.Fatalf("%q: %v\n%s", tc.words, err, out)
		}
		got := strings.Join(sortedFields(string(out)), " ")
		if want := strings.Join(sortedFields(tc.want), " "); got != want {
			t.Errorf("%q: completes to %q, want %q", tc.words, got, want)
		}
	}
}

// TestShellScriptsParse checks the zsh and fish scripts with their shells'
// syntax checkers, where installed (.ci/run installs them), and completes
// with fish.
func TestShellScriptsParse(t *testing.T) {
	for _, sh := range []struct{ shell, check string }{{"zsh", "-n"}, {"fish", "--no-execute"}} {
		path, err := exec.LookPath(sh.shell)
		if err != nil {
			t.Logf("%s not installed: its script is not checked", sh.shell)
			continue
		}
		script, _, code := run(t, "completion", sh.shell)
		if code != cli.ExitOK {
			t.Fatalf("%s: exit %d", sh.shell, code)
		}
		file := filepath.Join(t.TempDir(), "memlint."+sh.shell)
		if err := os.WriteFile(file, []byte(script), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(path, sh.check, file).CombinedOutput(); err != nil {
			t.Errorf("%s %s: %v\n%s", sh.shell, sh.check, err, out)
		}
		if sh.shell == "fish" {
			out, err := exec.Command(path, "--no-config", "-c", "source "+file+"; complete -C 'memlint check --sho'; complete -C 'memlint acc'").CombinedOutput()
			if err != nil || !strings.Contains(string(out), "--show-source\t") || !strings.Contains(string(out), "access\t") {
				t.Errorf("fish completes %q (%v)", out, err)
			}
		}
	}
}

func sortedFields(s string) []string {
	f := strings.Fields(s)
	slices.Sort(f)
	return f
}
