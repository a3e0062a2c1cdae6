package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/suggest"
)

// command is one subcommand as help, "did you mean" and shell completion
// know it.
type command struct {
	name    string
	args    string // what follows the flags in the usage line
	summary string
	// flags adds the command's flags to a flag set (nil: it has none).
	flags func(*flag.FlagSet)
	// values are the words a flag's value is taken from, for completion.
	values map[string][]string
	// files says whether the positional arguments are paths.
	files bool
}

// commands lists memlint's subcommands in the order help shows them.
var commands = []command{
	{name: "check", args: "[PATH...]", files: true,
		summary: "lint policies, AWS CLI inputs, manifests, CloudFormation, Terraform plans and shell scripts (default .; - reads one policy from standard input)",
		flags:   func(fs *flag.FlagSet) { new(checkOptions).addFlags(fs) },
		values: map[string][]string{"format": formatNames(), "fail-on": {"error", "warning", "note", "none", "critical", "high", "medium", "low", "info"},
			"color": {"auto", "always", "never"}}},
	{name: "access", args: "[PATH...]", files: true,
		summary: "who can call which memory action; where each memory delivers",
		flags:   func(fs *flag.FlagSet) { new(accessOptions).addFlags(fs) },
		values:  map[string][]string{"format": {"table", "json", "mermaid"}}},
	{name: "diff", args: "OLD NEW | --git REV [PATH...]", files: true,
		summary: "the access a change adds and removes, per memory, principal and action; with --cloudtrail, whether removed access is still used (ML701–ML704)",
		flags:   func(fs *flag.FlagSet) { new(diffOptions).addFlags(fs, false) },
		values:  map[string][]string{"format": {"text", "json", "sarif", "markdown"}, "fail-on": {"error", "warning", "note", "none", "critical", "high", "medium", "low", "info"}}},
	{name: "audit", args: "[--remove POLICY] [PATH...]", files: true,
		summary: "audit removing a policy (--remove) against CloudTrail evidence, or find grants the evidence shows unused",
		flags:   func(fs *flag.FlagSet) { new(diffOptions).addFlags(fs, true) },
		values:  map[string][]string{"format": {"text", "json", "sarif", "markdown"}, "fail-on": {"error", "warning", "note", "none", "critical", "high", "medium", "low", "info"}}},
	{name: "fetch", args: "--memory ARN... | --all [--region R]... --out DIR",
		summary: "read memories' setups from AWS (read-only) into a snapshot that check reads (memlint-fetch; its flags: memlint fetch --help)"},
	{name: "vet", args: "[PACKAGES]",
		summary: "check the policies Go packages pass to the AWS SDK for Go (default .; memlint-vet, beside memlint or on PATH)",
		flags:   func(fs *flag.FlagSet) { new(vetOptions).addFlags(fs) },
		values:  map[string][]string{"format": {"text", "json", "sarif"}, "fail-on": {"error", "warning", "note", "none", "critical", "high", "medium", "low", "info"}}},
	{name: "rules", summary: "print the rule catalog (with custom rules), test custom rules, or write their pages",
		flags: func(fs *flag.FlagSet) { new(rulesOptions).addFlags(fs) }, values: map[string][]string{"format": {"table", "json", "markdown"}}},
	{name: "explain", args: "ID|SLUG", summary: "describe one rule",
		flags: func(fs *flag.FlagSet) { new(explainOptions).addFlags(fs) }},
	{name: "init", args: "[DIR]", files: true, summary: "write a starter memlint.yaml and .memlint.yaml for the documents in DIR (default .), kinds inferred and linked by ARN",
		flags: func(fs *flag.FlagSet) { new(initOptions).addFlags(fs) }},
	{name: "completion", args: "bash|zsh|fish", summary: "print a shell completion script"},
	{name: "version", summary: "print the version and the IAM catalog date"},
	{name: "help", args: "[COMMAND]", summary: "show this help, or a command's"},
}

// aliases are other names a command answers to.
var aliases = map[string]string{"lint": "check"}

func findCommand(name string) (command, bool) {
	if a, ok := aliases[name]; ok {
		name = a
	}
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func commandNames() []string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return names
}

// usageText is memlint's top-level help.
func usageText() string {
	var b strings.Builder
	b.WriteString("memlint checks Amazon Bedrock AgentCore Memory cross-account configurations.\n\nUsage:\n  memlint COMMAND [flags] [ARGS]\n\nCommands:\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %-11s %s\n", c.name, c.summary)
	}
	b.WriteString("\nRun 'memlint COMMAND --help' for a command's flags.\n")
	return b.String()
}

// newFlagSet returns a flag set that prints nothing itself: parseFlags
// reports its errors in one line and prints help on -h/--help.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// errHelpShown ends a command after its help was printed (exit 0).
var errHelpShown = errors.New("help shown")

// parseFlags parses flags that may come before, between or after positional
// arguments (memlint check . --format sarif) and returns the positionals.
// -h and --help print the command's help to stdout and return errHelpShown;
// a bad flag is one line naming the flag meant.
func parseFlags(fs *flag.FlagSet, args []string, stdout io.Writer) ([]string, error) {
	pos, err := parse(fs, args)
	if errors.Is(err, flag.ErrHelp) {
		printHelp(stdout, fs)
		return nil, errHelpShown
	}
	if err != nil {
		return nil, flagError(fs, err)
	}
	return pos, nil
}

// flagError rewrites the flag package's error as one line with --long
// names, a suggestion for an unknown flag and where help is.
func flagError(fs *flag.FlagSet, err error) error {
	msg := err.Error()
	hint := "; see '" + fs.Name() + " --help'"
	cmd := strings.TrimPrefix(fs.Name(), "memlint ")
	if name, ok := strings.CutPrefix(msg, "flag provided but not defined: -"); ok {
		var names []string
		fs.VisitAll(func(f *flag.Flag) { names = append(names, f.Name) })
		meant := ""
		if c := suggest.Closest(strings.TrimLeft(name, "-"), names); c != "" {
			meant = " (did you mean " + dashed(c) + "?)"
		}
		return fmt.Errorf("%s: unknown flag %s%s%s", cmd, dashed(name), meant, hint)
	}
	if name, ok := strings.CutPrefix(msg, "flag needs an argument: -"); ok {
		return fmt.Errorf("%s: flag %s needs a value%s", cmd, dashed(name), hint)
	}
	// invalid value "x" for flag -name: reason
	if i := strings.Index(msg, " for flag -"); i >= 0 {
		rest := msg[i+len(" for flag -"):]
		name, reason, _ := strings.Cut(rest, ": ")
		return fmt.Errorf("%s: %s for %s: %s%s", cmd, msg[:i], dashed(name), reason, hint)
	}
	return fmt.Errorf("%s: %s%s", cmd, msg, hint)
}

// dashed spells a flag name as help does: -o, --output.
func dashed(name string) string {
	name = strings.TrimLeft(name, "-")
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// shorthandOf returns the long flag a shorthand stands for: a flag whose
// usage is "shorthand for --NAME".
func shorthandOf(f *flag.Flag) (string, bool) {
	long, ok := strings.CutPrefix(f.Usage, "shorthand for --")
	return long, ok
}

// printHelp writes a command's usage line and its flags, --long names with
// their shorthands, one per line.
func printHelp(w io.Writer, fs *flag.FlagSet) {
	name := strings.TrimPrefix(fs.Name(), "memlint ")
	c, _ := findCommand(name)
	fmt.Fprintf(w, "Usage: memlint %s", c.name)
	short := map[string]string{}
	n := 0
	fs.VisitAll(func(f *flag.Flag) {
		n++
		if long, ok := shorthandOf(f); ok {
			short[long] = f.Name
		}
	})
	if n > 0 {
		fmt.Fprint(w, " [flags]")
	}
	if c.args != "" {
		fmt.Fprint(w, " "+c.args)
	}
	fmt.Fprintf(w, "\n\n%s\n", capitalize(c.summary))
	if n == 0 {
		return
	}
	type row struct{ left, usage string }
	var rows []row
	width := 0
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := shorthandOf(f); ok {
			return
		}
		placeholder, usage := flag.UnquoteUsage(f)
		left := "    "
		if s, ok := short[f.Name]; ok {
			left = "-" + s + ", "
		}
		left += "--" + f.Name
		if placeholder != "" {
			left += " " + placeholder
		}
		if def := f.DefValue; def != "" && def != "false" && def != "0" {
			usage += fmt.Sprintf(" (default %s)", def)
		}
		rows = append(rows, row{left, usage})
		if len(left) <= 32 {
			width = max(width, len(left))
		}
	})
	fmt.Fprint(w, "\nFlags:\n")
	for _, r := range rows {
		if len(r.left) > width {
			fmt.Fprintf(w, "  %s\n  %-*s  %s\n", r.left, width, "", r.usage)
			continue
		}
		fmt.Fprintf(w, "  %-*s  %s\n", width, r.left, r.usage)
	}
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:] + "."
}

// flagNames lists a command's flags as the shell completes them: --long
// names and -x shorthands.
func flagNames(c command) (names []string, takesValue map[string]bool) {
	takesValue = map[string]bool{}
	if c.flags == nil {
		return []string{"--help"}, takesValue
	}
	fs := newFlagSet(c.name)
	c.flags(fs)
	fs.VisitAll(func(f *flag.Flag) {
		names = append(names, dashed(f.Name))
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			takesValue[dashed(f.Name)] = true
		}
	})
	names = append(names, "--help")
	slices.Sort(names)
	return names, takesValue
}
