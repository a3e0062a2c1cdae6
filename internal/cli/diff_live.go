package cli

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"time"

	"github.com/memlint/memlint/internal/model"
)

// cloudtrailLive is --cloudtrail-live: memlint-fetch cloudtrail reads the
// records from AWS (LookupEvents, or a CloudTrail Lake event data store)
// into a file that memlint then reads like --cloudtrail's, so that the AWS
// SDK stays out of memlint itself.
type cloudtrailLive struct {
	on   bool
	args []string
}

func (l *cloudtrailLive) addFlags(fs *flag.FlagSet) {
	fs.BoolVar(&l.on, "cloudtrail-live", false, "read the evidence from AWS with memlint fetch cloudtrail: LookupEvents in each memory's region, or the CloudTrail Lake event data store of --event-data-store")
	for _, f := range []struct{ name, usage string }{
		{"event-data-store", "with --cloudtrail-live: query the CloudTrail Lake event data store `ARN` (or ID) instead of LookupEvents"},
		{"profile", "with --cloudtrail-live: shared-config profile `NAME` of the standard credentials"},
		{"region", "with --cloudtrail-live: read the records of `REGION` (repeatable; default: each memory's region)"},
	} {
		fs.Var(passOn{name: f.name, args: &l.args}, f.name, f.usage)
	}
}

// fetch runs memlint-fetch cloudtrail for the memories of m and returns the
// file it wrote and its cleanup, or an exit status (code >= 0).
func (l *cloudtrailLive) fetch(ctx context.Context, m *model.Model, since, until time.Time, stderr io.Writer) (string, func(), int) {
	var arns []string
	for _, mem := range m.Memories {
		if a := mem.ARN.Value; a != "" && !mem.ARN.Unknown && !slices.Contains(arns, a) {
			arns = append(arns, a)
		}
	}
	if len(arns) == 0 {
		fmt.Fprintln(stderr, "memlint: --cloudtrail-live: the setup names no memory ARN to look up")
		return "", nil, ExitUsage
	}
	slices.Sort(arns)
	dir, err := os.MkdirTemp("", "memlint-cloudtrail-")
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return "", nil, ExitUsage
	}
	done := func() { os.RemoveAll(dir) }
	out := filepath.Join(dir, "records.json")
	args := []string{"cloudtrail", "--out", out, "--since", since.Format(time.RFC3339), "--until", until.Format(time.RFC3339)}
	for _, a := range arns {
		args = append(args, "--memory", a)
	}
	args = append(args, l.args...)
	// memlint-fetch's own report goes to stderr: stdout is the diff's.
	if c := runFetch(ctx, args, nil, stderr, stderr); c != ExitOK {
		done()
		fmt.Fprintf(stderr, "memlint: --cloudtrail-live: memlint fetch cloudtrail exited with status %s\n", strconv.Itoa(c))
		return "", nil, ExitUsage
	}
	return out, done, -1
}
