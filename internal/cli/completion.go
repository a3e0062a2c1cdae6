package cli

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/output"
	"github.com/memlint/memlint/internal/suggest"
)

func formatNames() []string { return slices.Clone(output.Formats) }

var shells = []string{"bash", "zsh", "fish"}

// completion prints the completion script of a shell, generated from the
// commands and flags memlint has, so it cannot fall behind them.
func completion(args []string, stdout io.Writer) error {
	pos, err := parseFlags(newFlagSet("memlint completion"), args, stdout)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("completion: name a shell: bash, zsh or fish")
	}
	switch pos[0] {
	case "bash":
		_, err = io.WriteString(stdout, bashCompletion())
	case "zsh":
		_, err = io.WriteString(stdout, zshCompletion())
	case "fish":
		_, err = io.WriteString(stdout, fishCompletion())
	default:
		return fmt.Errorf("completion: unknown shell %q%s (want bash, zsh or fish)", pos[0], suggest.DidYouMean(pos[0], shells))
	}
	return err
}

// flagInfo is one flag as a completion script describes it.
type flagInfo struct {
	long, short string
	usage       string
	value       bool     // takes a value
	values      []string // the words its value is one of (nil: a file)
}

func commandFlags(c command) []flagInfo {
	if c.flags == nil {
		return nil
	}
	fs := newFlagSet(c.name)
	c.flags(fs)
	short := map[string]string{}
	fs.VisitAll(func(f *flag.Flag) {
		if long, ok := shorthandOf(f); ok {
			short[long] = f.Name
		}
	})
	var out []flagInfo
	fs.VisitAll(func(f *flag.Flag) {
		if _, ok := shorthandOf(f); ok {
			return
		}
		_, usage := flag.UnquoteUsage(f)
		b, isBool := f.Value.(interface{ IsBoolFlag() bool })
		out = append(out, flagInfo{long: f.Name, short: short[f.Name], usage: usage,
			value: !isBool || !b.IsBoolFlag(), values: c.values[f.Name]})
	})
	return out
}

// callNames are the names a command is called by.
func callNames(c command) []string {
	names := []string{c.name}
	for a, to := range aliases {
		if to == c.name {
			names = append(names, a)
		}
	}
	slices.Sort(names[1:])
	return names
}

func bashCompletion() string {
	var b strings.Builder
	b.WriteString(`# bash completion for memlint. Load it with
#   source <(memlint completion bash)
# or save it as /etc/bash_completion.d/memlint.
_memlint() {
  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
  COMPREPLY=()
  if [ "$COMP_CWORD" -eq 1 ]; then
`)
	fmt.Fprintf(&b, "    COMPREPLY=($(compgen -W %q -- \"$cur\"))\n    return\n  fi\n  case ${COMP_WORDS[1]} in\n", strings.Join(commandNames(), " "))
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s)\n", strings.Join(callNames(c), "|"))
		fl := commandFlags(c)
		var names []string
		var fileFlags []string
		b.WriteString("    case $prev in\n")
		for _, f := range fl {
			names = append(names, "--"+f.long)
			pat := "--" + f.long
			if f.short != "" {
				names = append(names, "-"+f.short)
				pat += "|-" + f.short
			}
			switch {
			case f.value && f.values != nil:
				fmt.Fprintf(&b, "      %s) COMPREPLY=($(compgen -W %q -- \"$cur\")); return ;;\n", pat, strings.Join(f.values, " "))
			case f.value:
				fileFlags = append(fileFlags, pat)
			}
		}
		if len(fileFlags) > 0 {
			fmt.Fprintf(&b, "      %s) COMPREPLY=($(compgen -f -- \"$cur\")); return ;;\n", strings.Join(fileFlags, "|"))
		}
		b.WriteString("    esac\n")
		names = append(names, "--help")
		fmt.Fprintf(&b, "    if [[ $cur == -* ]]; then COMPREPLY=($(compgen -W %q -- \"$cur\")); return; fi\n", strings.Join(names, " "))
		switch {
		case c.name == "completion":
			fmt.Fprintf(&b, "    COMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(shells, " "))
		case c.name == "help":
			fmt.Fprintf(&b, "    COMPREPLY=($(compgen -W %q -- \"$cur\"))\n", strings.Join(commandNames(), " "))
		case c.files:
			b.WriteString("    COMPREPLY=($(compgen -f -- \"$cur\"))\n")
		}
		b.WriteString("    ;;\n")
	}
	b.WriteString("  esac\n}\ncomplete -o filenames -o bashdefault -F _memlint memlint\n")
	return b.String()
}

// zshQuote makes a description fit inside _arguments' [...] and '...'.
func zshQuote(s string) string {
	return strings.NewReplacer("'", "'\\''", "[", "(", "]", ")", ":", " -", "`", "").Replace(s)
}

func zshCompletion() string {
	var b strings.Builder
	b.WriteString(`#compdef memlint
# zsh completion for memlint. Save it as _memlint in a directory of $fpath,
# or load it with: source <(memlint completion zsh)
_memlint() {
  if (( CURRENT == 2 )); then
    local -a cmds
    cmds=(
`)
	for _, c := range commands {
		fmt.Fprintf(&b, "      '%s:%s'\n", c.name, zshQuote(c.summary))
	}
	b.WriteString("    )\n    _describe command cmds\n    return\n  fi\n  words=(\"${words[@]:1}\")\n  (( CURRENT-- ))\n  case $words[1] in\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "  %s)\n    _arguments -s \\\n", strings.Join(callNames(c), "|"))
		for _, f := range commandFlags(c) {
			action := ""
			if f.value {
				if f.values != nil {
					action = ":" + f.long + ":(" + strings.Join(f.values, " ") + ")"
				} else {
					action = ":" + f.long + ":_files"
				}
			}
			desc := "[" + zshQuote(f.usage) + "]"
			if f.short != "" {
				fmt.Fprintf(&b, "      '(-%s --%s)'{-%s,--%s}'%s%s' \\\n", f.short, f.long, f.short, f.long, desc, action)
			} else {
				fmt.Fprintf(&b, "      '--%s%s%s' \\\n", f.long, desc, action)
			}
		}
		b.WriteString("      '(-h --help)'{-h,--help}'[show help]'")
		switch {
		case c.name == "completion":
			fmt.Fprintf(&b, " \\\n      '1:shell:(%s)'", strings.Join(shells, " "))
		case c.name == "help":
			fmt.Fprintf(&b, " \\\n      '1:command:(%s)'", strings.Join(commandNames(), " "))
		case c.files:
			b.WriteString(" \\\n      '*:path:_files'")
		}
		b.WriteString("\n    ;;\n")
	}
	b.WriteString("  esac\n}\nif [ \"$funcstack[1]\" = _memlint ]; then _memlint \"$@\"; else compdef _memlint memlint; fi\n")
	return b.String()
}

// fishQuote quotes s for fish in single quotes.
func fishQuote(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `\'`).Replace(s) + "'"
}

func fishCompletion() string {
	var b strings.Builder
	b.WriteString("# fish completion for memlint. Save it as ~/.config/fish/completions/memlint.fish,\n# or load it with: memlint completion fish | source\ncomplete -c memlint -f\n")
	for _, c := range commands {
		fmt.Fprintf(&b, "complete -c memlint -n __fish_use_subcommand -a %s -d %s\n", c.name, fishQuote(c.summary))
	}
	for _, c := range commands {
		cond := fishQuote("__fish_seen_subcommand_from " + strings.Join(callNames(c), " "))
		for _, f := range commandFlags(c) {
			line := "complete -c memlint -n " + cond + " -l " + f.long
			if f.short != "" {
				line += " -s " + f.short
			}
			if f.value {
				if f.values != nil {
					line += " -x -a " + fishQuote(strings.Join(f.values, " "))
				} else {
					line += " -r -F"
				}
			}
			fmt.Fprintf(&b, "%s -d %s\n", line, fishQuote(f.usage))
		}
		switch {
		case c.name == "completion":
			fmt.Fprintf(&b, "complete -c memlint -n %s -a %s\n", cond, fishQuote(strings.Join(shells, " ")))
		case c.name == "help":
			fmt.Fprintf(&b, "complete -c memlint -n %s -a %s\n", cond, fishQuote(strings.Join(commandNames(), " ")))
		case c.files:
			fmt.Fprintf(&b, "complete -c memlint -n %s -F\n", cond)
		}
	}
	return b.String()
}
