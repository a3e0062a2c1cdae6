// Package cli is memlint's command line: subcommands, flags and exit codes.
// It contains no checks; it wires the loader, the engine and the printers.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/memlint/memlint/internal/suggest"
)

// Exit statuses.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // usage, manifest or input error
)

// Run runs memlint with args (without the program name) and returns the exit
// status. It never calls os.Exit.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usageText())
		return ExitUsage
	}
	var err error
	switch args[0] {
	case "check", "lint":
		return check(ctx, args[1:], stdin, stdout, stderr)
	case "access":
		return accessCmd(args[1:], stdout, stderr)
	case "diff":
		return diffCmd(ctx, args[1:], stdout, stderr, false)
	case "audit":
		return diffCmd(ctx, args[1:], stdout, stderr, true)
	case "fetch":
		return runFetch(ctx, args[1:], stdin, stdout, stderr)
	case "vet":
		return vetCmd(ctx, args[1:], stdout, stderr)
	case "rules":
		err = rulesCmd(ctx, args[1:], stdout)
	case "explain":
		err = explain(ctx, args[1:], stdout)
	case "init":
		err = initCmd(args[1:], stdout)
	case "completion":
		err = completion(args[1:], stdout)
	case "version", "--version", "-version":
		err = version(args[1:], stdout)
	case "help", "-h", "--help", "-help":
		if len(args) > 1 {
			if _, ok := findCommand(args[1]); ok {
				return Run(ctx, []string{args[1], "--help"}, stdin, stdout, stderr)
			}
			fmt.Fprintf(stderr, "memlint: unknown command %q%s; run 'memlint help'\n", args[1], suggest.DidYouMean(args[1], commandNames()))
			return ExitUsage
		}
		fmt.Fprint(stdout, usageText())
		return ExitOK
	default:
		if strings.HasPrefix(args[0], "-") {
			fmt.Fprintf(stderr, "memlint: %s before a command; run 'memlint COMMAND %s' (see 'memlint help')\n", args[0], args[0])
		} else {
			fmt.Fprintf(stderr, "memlint: unknown command %q%s; run 'memlint help'\n", args[0], suggest.DidYouMean(args[0], commandNames()))
		}
		return ExitUsage
	}
	if errors.Is(err, errTestsFailed) {
		return ExitFindings
	}
	if errors.Is(err, errHelpShown) {
		return ExitOK
	}
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}

// parse parses flags that may come before, between or after positional
// arguments (memlint check . --format sarif), and returns the positionals.
// A lone "-" is a positional (standard input).
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// useColor decides colour for text written to w: --color always or never,
// else (auto) a terminal without NO_COLOR or TERM=dumb.
func useColor(mode string, w io.Writer) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return isTerminal(w) && os.Getenv("NO_COLOR") == "" && !strings.EqualFold(os.Getenv("TERM"), "dumb")
}

// parseCommand sets up a subcommand's flag set, parses args with it and
// returns the positional arguments; when ok is false the command is over
// with status code (help shown: 0; a bad flag: 2, said on stderr).
func parseCommand(name string, args []string, stdout, stderr io.Writer, addFlags func(*flag.FlagSet)) (fs *flag.FlagSet, paths []string, code int, ok bool) {
	fs = newFlagSet(name)
	addFlags(fs)
	paths, err := parseFlags(fs, args, stdout)
	if errors.Is(err, errHelpShown) {
		return fs, nil, ExitOK, false
	}
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return fs, nil, ExitUsage, false
	}
	return fs, paths, 0, true
}

// writeReport writes a report to the file path names, or to stdout when it
// is empty or "-".
func writeReport(path string, stdout io.Writer, data []byte) error {
	if path == "" || path == "-" {
		_, err := stdout.Write(data)
		return err
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return fmt.Errorf("write report: %w", err)
	}
	return nil
}
