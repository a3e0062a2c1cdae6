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
)

// Exit statuses.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // usage, manifest or input error
)

const usage = `memlint checks Amazon Bedrock AgentCore Memory cross-account configurations.

Usage:
  memlint check [flags] [PATH...]   lint policies, AWS CLI inputs, manifests, CloudFormation,
                                    Terraform plans and shell scripts (default .)
  memlint access [--format table|json|mermaid] [--manifest FILE] [PATH...]
                                    who can call which memory action; where each memory delivers
  memlint fetch --memory ARN... | --all [--account-role ACCOUNT=ROLE_ARN] --out DIR
                                    read memories' setups from AWS (read-only) into a snapshot
                                    that check reads; check --live fetches and checks at once
  memlint rules [--format table|json|markdown] [--rules DIR]
                                    print the rule catalog (with custom rules)
  memlint rules --test DIR          run the _test.rego files and scenarios of custom rules
  memlint rules --rules DIR --docs  write each custom rule's README.md beside it
  memlint explain [--rules DIR] ID|SLUG
                                    describe one rule
  memlint version                   print the version and the IAM catalog date

Run 'memlint check -h' for the flags of check.
`

// Run runs memlint with args (without the program name) and returns the exit
// status. It never calls os.Exit.
func Run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return ExitUsage
	}
	var err error
	switch args[0] {
	case "check", "lint":
		return check(ctx, args[1:], stdout, stderr)
	case "access":
		return accessCmd(args[1:], stdout, stderr)
	case "fetch":
		return runFetch(ctx, args[1:], stdin, stdout, stderr)
	case "vet":
		return vetCmd(ctx, args[1:], stdout, stderr)
	case "rules":
		err = rulesCmd(ctx, args[1:], stdout, stderr)
	case "explain":
		err = explain(ctx, args[1:], stdout, stderr)
	case "version", "--version", "-version":
		err = version(stdout)
	case "help", "-h", "--help", "-help":
		fmt.Fprint(stdout, usage)
		return ExitOK
	default:
		fmt.Fprintf(stderr, "memlint: unknown command %q\n\n%s", args[0], usage)
		return ExitUsage
	}
	if errors.Is(err, errTestsFailed) {
		return ExitFindings
	}
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintf(stderr, "memlint: %v\n", err)
		}
		return ExitUsage
	}
	return ExitOK
}

// parse parses flags that may come before, between or after positional
// arguments (memlint check . --format sarif), and returns the positionals.
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

// isTerminal reports whether w is a terminal that should get colour.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || os.Getenv("NO_COLOR") != "" || strings.EqualFold(os.Getenv("TERM"), "dumb") {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// parseCommand sets up a subcommand's flag set, parses args with it and
// returns the positional arguments; when ok is false the command is over
// with status code (help asked: 0; bad flags: 2, the flag package has said why).
func parseCommand(name string, args []string, stderr io.Writer, addFlags func(*flag.FlagSet)) (fs *flag.FlagSet, paths []string, code int, ok bool) {
	fs = flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	addFlags(fs)
	paths, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return fs, nil, ExitOK, false
		}
		return fs, nil, ExitUsage, false
	}
	return fs, paths, 0, true
}
