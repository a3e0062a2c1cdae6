package cli

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/output"
	"github.com/memlint/memlint/rules"
)

// failed ends a check that cannot be completed (exit status 2: a manifest,
// configuration, baseline or input error). msg, one or more lines, goes to
// standard error as always; every JSON or SARIF report the run was asked
// for (--format, one of several too) is still written, holding no findings and msg as its
// errors (SARIF: toolExecutionNotifications of level error, and
// executionSuccessful false). A CI step that uploads the SARIF file after a
// failed run then shows why instead of choking on a missing or empty file.
// sess is nil when the configuration itself failed.
func (o *checkOptions) failed(ctx context.Context, stdout, stderr io.Writer, sess *session, msg string) int {
	fmt.Fprintln(stderr, msg)
	reports, err := parseFormats(o.format, o.output)
	if err != nil {
		return ExitUsage
	}
	reports = slices.DeleteFunc(reports, func(r report) bool { return r.format != output.JSON && r.format != output.SARIF })
	if len(reports) == 0 {
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
	rep := output.Report{Catalog: cat, ToolVersion: ToolVersion(), AutomationID: sess.automationID(), Errors: errs}
	err = emit(reports, stdout, func(r report, w io.Writer) error {
		printer, err := output.New(r.format, false)
		if err != nil {
			return err
		}
		return printer.Print(w, rep)
	})
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
	}
	return ExitUsage
}
