package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/memlint/memlint/internal/output"
	"github.com/memlint/memlint/rules"
)

// failed ends a check that cannot be completed (exit status 2: a manifest,
// configuration, baseline or input error). msg, one or more lines, goes to
// standard error as always; when the run was asked for a JSON or SARIF
// report, that report is still written, holding no findings and msg as its
// errors (SARIF: toolExecutionNotifications of level error, and
// executionSuccessful false). A CI step that uploads the SARIF file after a
// failed run then shows why instead of choking on a missing or empty file.
// sess is nil when the configuration itself failed.
func (o *checkOptions) failed(ctx context.Context, stdout, stderr io.Writer, sess *session, msg string) int {
	fmt.Fprintln(stderr, msg)
	if o.format != output.JSON && o.format != output.SARIF {
		return ExitUsage
	}
	if sess == nil {
		sess = &session{opts: &o.workflow}
	}
	cat := sess.cat
	if cat == nil {
		// The configuration or the custom rules failed: the shipped rules.
		var err error
		if _, cat, err = engine(ctx); err != nil {
			if cat, err = rules.NewCatalog(nil, rules.Builtin); err != nil {
				return ExitUsage
			}
		}
	}
	var errs []string
	for _, l := range strings.Split(strings.TrimSpace(msg), "\n") {
		errs = append(errs, strings.TrimPrefix(l, "memlint: "))
	}
	printer, err := output.New(o.format, false)
	if err != nil {
		return ExitUsage
	}
	var buf bytes.Buffer
	rep := output.Report{Catalog: cat, ToolVersion: ToolVersion(), AutomationID: sess.automationID(), Errors: errs}
	if err := printer.Print(&buf, rep); err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	if o.output != "" {
		if err := os.WriteFile(o.output, buf.Bytes(), 0o644); err != nil {
			fmt.Fprintf(stderr, "memlint: write report: %v\n", err)
		}
		return ExitUsage
	}
	stdout.Write(buf.Bytes())
	return ExitUsage
}
