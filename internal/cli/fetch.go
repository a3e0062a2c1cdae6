package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
)

// fetchProgram is the program that implements memlint fetch. It is a
// binary of its own so that the AWS SDK's package initialisation (7–10 ms
// measured) is not paid by every memlint check: memlint runs it the way
// git runs git-foo.
const fetchProgram = "memlint-fetch"

// fetchBinary finds memlint-fetch beside memlint's own executable first
// (go install ./cmd/... puts both there), then on PATH.
func fetchBinary() (string, error) {
	if p := findSibling(fetchProgram); p != "" {
		return p, nil
	}
	return "", fmt.Errorf("%s is neither beside memlint nor on PATH (go install ./cmd/... installs both)", fetchProgram)
}

// runFetch runs memlint-fetch with args and returns its exit status, or
// ExitUsage when it cannot be run.
func runFetch(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	bin, err := fetchBinary()
	if err != nil {
		fmt.Fprintf(stderr, "memlint: fetch: %v\n", err)
		return ExitUsage
	}
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, stdout, stderr
	err = cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return ExitOK
	case errors.As(err, &ee) && ee.ExitCode() > 0:
		return ee.ExitCode()
	default:
		fmt.Fprintf(stderr, "memlint: fetch: %v\n", err)
		return ExitUsage
	}
}

// liveOptions are the flags of memlint check --live: the fetch flags are
// passed on to memlint fetch, which writes the snapshot that is checked.
type liveOptions struct {
	live bool
	keep string
	args []string
}

// passOn is a flag whose value is handed to memlint fetch as --name=value.
type passOn struct {
	name    string
	args    *[]string
	boolean bool
}

func (p passOn) String() string   { return "" }
func (p passOn) IsBoolFlag() bool { return p.boolean }
func (p passOn) Set(v string) error {
	*p.args = append(*p.args, "--"+p.name+"="+v)
	return nil
}

func (o *liveOptions) addFlags(fs *flag.FlagSet) {
	fs.BoolVar(&o.live, "live", false, "fetch the setup from AWS with memlint fetch (--memory ARN or --all, and its account flags) and check that snapshot")
	fs.StringVar(&o.keep, "live-out", "", "with --live: keep the snapshot in `DIR` (default: a temporary directory, removed afterwards)")
	for _, f := range []struct{ name, usage string }{
		{"memory", "with --live: the memory `ARN` to fetch (repeatable)"},
		{"region", "with --live --all: list memories in `REGION` (repeatable)"},
		{"account-role", "with --live: read `ACCOUNT=ROLE_ARN`'s documents with that assumed role (repeatable)"},
		{"account-profile", "with --live: read `ACCOUNT=PROFILE`'s documents with that profile (repeatable)"},
		{"profile", "with --live: shared-config profile `NAME` of the standard credentials"},
		{"concurrency", "with --live: fetch at most `N` memories at once"},
	} {
		fs.Var(passOn{name: f.name, args: &o.args}, f.name, f.usage)
	}
	fs.Var(passOn{name: "all", args: &o.args, boolean: true}, "all", "with --live: fetch every memory of the caller's account")
}

// fetch writes the snapshot for check --live; it returns the directory to
// check and a cleanup, or an exit status (code >= 0) when check is over.
func (o *liveOptions) fetch(ctx context.Context, paths []string, stderr io.Writer) (dir string, cleanup func(), code int) {
	if !o.live {
		if len(o.args) > 0 || o.keep != "" {
			fmt.Fprintln(stderr, "memlint: --memory, --all, --live-out and the account flags of check go with --live")
			return "", nil, ExitUsage
		}
		return "", nil, -1
	}
	if len(paths) > 0 {
		fmt.Fprintln(stderr, "memlint: check --live checks a fresh snapshot and takes no paths (check a kept snapshot with memlint check DIR)")
		return "", nil, ExitUsage
	}
	dir, cleanup = o.keep, func() {}
	if dir == "" {
		tmp, err := os.MkdirTemp("", "memlint-live-")
		if err != nil {
			fmt.Fprintf(stderr, "memlint: %v\n", err)
			return "", nil, ExitUsage
		}
		dir, cleanup = tmp, func() { os.RemoveAll(tmp) }
	}
	// The fetch's own report goes to stderr: stdout is check's report.
	if c := runFetch(ctx, append(o.args, "--out", dir), nil, stderr, stderr); c != ExitOK {
		cleanup()
		fmt.Fprintf(stderr, "memlint: check --live: memlint fetch exited with status %s\n", strconv.Itoa(c))
		return "", nil, ExitUsage
	}
	return dir, cleanup, -1
}
