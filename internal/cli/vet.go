package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/memlint/memlint/internal/output"
	"github.com/memlint/memlint/rules"
)

// VetReport is what memlint's Go analyzer found in the packages memlint vet
// was given.
type VetReport struct {
	Findings []rules.Finding
	Files    []string // the Go files that pass policies or definitions to the SDK
	Notes    []string
	Catalog  *rules.Catalog
	Packages int
}

// VetLoadError is a package that does not load or type-check (go vet
// refuses it too): printed as it is, exit status 2.
type VetLoadError struct{ Msg string }

func (e *VetLoadError) Error() string { return e.Msg }

// VetRunner loads the Go packages patterns name, from dir (with their tests
// when tests is set), and runs memlint's Go analyzer on them.
type VetRunner func(ctx context.Context, dir string, patterns []string, tests bool) (*VetReport, error)

// vetOptions are the flags of memlint vet.
type vetOptions struct {
	format        string
	output        string
	failOn        string
	tests         bool
	sarifCategory string
}

func (o *vetOptions) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output format: text, json or sarif")
	fs.StringVar(&o.format, "f", "text", "shorthand for --format")
	fs.StringVar(&o.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.output, "o", "", "shorthand for --output")
	fs.StringVar(&o.failOn, "fail-on", "warning", "exit 1 when a finding is at or above `LEVEL`: error, warning, note, none, or a severity (critical…info)")
	fs.BoolVar(&o.tests, "test", true, "also check the packages' test files")
	fs.StringVar(&o.sarifCategory, "sarif-category", "", "GitHub code scanning category (automationDetails.id NAME/)")
}

// Vet is memlint vet: it runs memlint's Go analyzer on the Go packages the
// patterns name (default ., as go vet takes them) with run, and reports
// through memlint's formats. cmd/memlint-vet runs it (memlint-vet report);
// memlint itself runs memlint-vet, so that its own start does not pay for
// linking the Go type checker and package loader.
func Vet(ctx context.Context, args []string, stdout, stderr io.Writer, run VetRunner) int {
	var o vetOptions
	_, patterns, code, ok := parseCommand("memlint vet", args, stdout, stderr, o.addFlags)
	if !ok {
		return code
	}
	rank, err := failRank(o.failOn)
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	printer, err := output.New(o.format, o.output == "" && isTerminal(stdout))
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	cwd, _ := os.Getwd()
	rep, err := run(ctx, cwd, patterns, o.tests)
	if err != nil {
		var le *VetLoadError
		if errors.As(err, &le) {
			fmt.Fprintln(stderr, le.Msg)
		} else {
			fmt.Fprintf(stderr, "memlint: %v\n", err)
		}
		return ExitUsage
	}
	// Go reports absolute file names: text is relative to where the user
	// is, JSON and SARIF to the repository root (as memlint check).
	base, _ := repoRoot(cwd)
	shown := base
	if o.format == "" || o.format == output.Text {
		shown = cwd
	}
	if len(rep.Files) == 0 {
		fmt.Fprintf(stderr, "memlint: warning: no Go file checked: %d packages pass no policy or memory definition to the AWS SDK for Go\n", rep.Packages)
	}
	automation := ""
	if c := o.sarifCategory; c != "" {
		automation = c + "/"
	}
	var buf bytes.Buffer
	r := output.Report{Catalog: rep.Catalog, Findings: rep.Findings, BaseDir: shown, Notes: relNotes(rep.Notes, shown),
		ToolVersion: ToolVersion(), AutomationID: automation, FilesChecked: len(rep.Files)}
	if err := printer.Print(&buf, r); err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	if o.output != "" {
		if err := os.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "memlint: write report: %v\n", err)
			return ExitUsage
		}
	} else if _, err := stdout.Write(buf.Bytes()); err != nil {
		return ExitUsage
	}
	for _, f := range rep.Findings {
		if f.Severity.Rank() >= rank {
			return ExitFindings
		}
	}
	return ExitOK
}

// relNotes shows the absolute file names notes start with relative to dir.
func relNotes(notes []string, dir string) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = n
		if filepath.IsAbs(n) {
			if rel, err := filepath.Rel(dir, n); err == nil {
				out[i] = filepath.ToSlash(rel)
			}
		}
	}
	return out
}
