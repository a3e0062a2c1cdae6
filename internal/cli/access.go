package cli

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/memlint/memlint/internal/access"
	"github.com/memlint/memlint/internal/load"
)

// accessOptions are the flags of memlint access.
type accessOptions struct {
	format       string
	manifest     string
	output       string
	allowOutside bool
}

func (o *accessOptions) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "table", "output format: table, json or mermaid")
	fs.StringVar(&o.format, "f", "table", "shorthand for --format")
	fs.StringVar(&o.manifest, "manifest", "", "use manifest `FILE` (default: memlint.yaml in each directory)")
	fs.StringVar(&o.output, "output", "", "write the view to `FILE` instead of standard output")
	fs.StringVar(&o.output, "o", "", "shorthand for --output")
	fs.BoolVar(&o.allowOutside, "allow-outside", false, "read files that manifests, scripts or symlinks name outside the repository (or the checked directory)")
}

// accessCmd prints the effective-access view: who can call which
// data-plane action on each memory, and where each memory can deliver.
func accessCmd(args []string, stdout, stderr io.Writer) int {
	var o accessOptions
	_, paths, code, ok := parseCommand("memlint access", args, stdout, stderr, o.addFlags)
	if !ok {
		return code
	}
	var write func(io.Writer, *access.View) error
	switch o.format {
	case "table", "text":
		write = access.WriteText
	case "json":
		write = access.WriteJSON
	case "mermaid", "mmd":
		write = access.WriteMermaid
	default:
		fmt.Fprintf(stderr, "memlint: --format %q: want table, json or mermaid\n", o.format)
		return ExitUsage
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	m, err := load.Load(paths, load.Options{Manifest: o.manifest, AllowOutside: o.allowOutside})
	if err != nil {
		var ue *load.UsageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, ue.Msg)
		} else {
			fmt.Fprintf(stderr, "memlint: %v\n", err)
		}
		return ExitUsage
	}
	var buf bytes.Buffer
	if err := write(&buf, access.Build(m)); err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	if err := writeReport(o.output, stdout, buf.Bytes()); err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	return ExitOK
}
