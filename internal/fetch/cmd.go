package fetch

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// Exit statuses of memlint fetch.
const (
	ExitOK    = 0 // snapshot written (documents not readable are named on stderr)
	ExitUsage = 2 // bad flags, no credentials, or the snapshot could not be written
)

const usage = `Usage:
  memlint fetch --memory ARN... [--account-role ACCOUNT=ROLE_ARN]... [--profile NAME] --out DIR
  memlint fetch --all [--region R]... --out DIR

Reads each memory's definition and resource policy, its execution role's
trust and permission policies, its delivery destinations' policies and the
policies of the roles its resource policy names, with read-only calls, and
writes them to DIR with a generated memlint.yaml and provenance.json.
memlint check DIR then checks the snapshot offline.

  memlint fetch cloudtrail --memory ARN... --since TIME --out FILE
reads the CloudTrail records of AgentCore calls into FILE for memlint diff
(memlint fetch cloudtrail --help).

Flags:
`

// pairs collects repeated KEY=VALUE flags.
type pairs map[string]string

func (p *pairs) String() string { return "" }

func (p *pairs) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" || v == "" {
		return fmt.Errorf("want ACCOUNT=VALUE, got %q", s)
	}
	if len(k) != 12 || strings.Trim(k, "0123456789") != "" {
		return fmt.Errorf("%q is not a 12-digit account ID", k)
	}
	if *p == nil {
		*p = pairs{}
	}
	(*p)[k] = v
	return nil
}

// list collects a repeated flag; a value may also hold several,
// separated by commas.
type list []string

func (l *list) String() string { return strings.Join(*l, ",") }

func (l *list) Set(s string) error {
	for v := range strings.SplitSeq(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			*l = append(*l, v)
		}
	}
	return nil
}

// AddFlags defines the flags of memlint fetch on fs, filling o.
func AddFlags(fs *flag.FlagSet, o *Options) {
	fs.Var((*list)(&o.Memories), "memory", "fetch the memory `ARN` (repeatable)")
	fs.BoolVar(&o.All, "all", false, "fetch every memory of the caller's account (ListMemories)")
	fs.Var((*list)(&o.Regions), "region", "with --all: list memories in `REGION` (repeatable; default the configured region)")
	fs.Var((*pairs)(&o.AccountRoles), "account-role", "read `ACCOUNT=ROLE_ARN`'s documents with that role, assumed with sts:AssumeRole (repeatable)")
	fs.Var((*pairs)(&o.AccountProfiles), "account-profile", "read `ACCOUNT=PROFILE`'s documents with that shared-config profile (repeatable)")
	fs.StringVar(&o.Profile, "profile", "", "shared-config `NAME` of the standard credentials (default AWS_PROFILE or default)")
	fs.IntVar(&o.Concurrency, "concurrency", 4, "fetch at most `N` memories at once")
}

// Main is memlint fetch: it parses args, fetches and writes the snapshot,
// and returns the exit status.
func Main(ctx context.Context, version string, args []string, stdout, stderr io.Writer) int {
	return mainWith(ctx, args, stdout, stderr, func(o *Options) { o.Version = version })
}

// mainWith is Main with a hook that adjusts the options before the fetch.
func mainWith(ctx context.Context, args []string, stdout, stderr io.Writer, adjust func(*Options)) int {
	if len(args) > 0 && args[0] == "cloudtrail" {
		return cloudtrailMain(ctx, args[1:], stdout, stderr, adjust)
	}
	var o Options
	fs := flag.NewFlagSet("memlint fetch", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usage); fs.PrintDefaults() }
	AddFlags(fs, &o)
	fs.StringVar(&o.Out, "out", "", "write the snapshot to `DIR` (new or empty)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return ExitOK
		}
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "memlint fetch: unexpected argument %q (memories are named with --memory ARN)\n", fs.Arg(0))
		return ExitUsage
	}
	o.Log = stderr
	if isTerminal(stderr) {
		o.Progress = stderr
	}
	if adjust != nil {
		adjust(&o)
	}
	res, err := Run(ctx, o)
	if err != nil {
		fmt.Fprintf(stderr, "memlint fetch: %v\n", strings.TrimPrefix(err.Error(), ErrUsage.Error()+": "))
		return ExitUsage
	}
	fmt.Fprintf(stdout, "memlint: wrote %s: %d %s fetched, %d absent, %d not readable (see %s)\n",
		o.Out, res.Documents, plural(res.Documents, "document", "documents"), res.Absent, res.NotReadable, ProvenanceFile)
	return ExitOK
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || strings.EqualFold(os.Getenv("TERM"), "dumb") {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
