package cli

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"text/tabwriter"

	"github.com/memlint/memlint/internal/iamdata"
	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

// Version is the version a release build stamps with
// -ldflags "-X github.com/memlint/memlint/internal/cli.Version=v1.2.3"; it
// is empty in other builds, and [ToolVersion] asks the build information.
var Version string

// ToolVersion is the one version memlint reports, in `memlint version`, SARIF
// tool.driver.version and the JSON report's tool.version alike: the stamped
// [Version], else the module version Go recorded (go install …@v1.2.3, or a
// pseudo-version of the checkout), else the VCS revision, else "devel" —
// spelt as [identity.Version] spells it.
func ToolVersion() string {
	bi, _ := debug.ReadBuildInfo()
	return buildVersion(Version, bi)
}

func buildVersion(stamped string, bi *debug.BuildInfo) string {
	if stamped != "" || bi == nil {
		return identity.Version(stamped)
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return identity.Version(v)
	}
	var rev, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(len(s.Value), 12)]
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev != "" {
		return "0.0.0-" + rev + dirty // a revision may start with a digit
	}
	return identity.Version("")
}

type loaded struct {
	eng *rego.Engine
	cat *rules.Catalog
	err error
}

// engine compiles the rules once per process.
var engine = func() func(ctx context.Context) (*rego.Engine, *rules.Catalog, error) {
	var once sync.Once
	var l loaded
	return func(ctx context.Context) (*rego.Engine, *rules.Catalog, error) {
		once.Do(func() {
			l.eng, l.err = rego.Load(ctx)
			if l.err == nil {
				l.cat, l.err = rules.NewCatalog(l.eng.Metas(), rules.Builtin)
			}
		})
		return l.eng, l.cat, l.err
	}
}()

func rulesCmd(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("memlint rules", flag.ContinueOnError)
	fs.SetOutput(stderr)
	format := fs.String("format", "table", "table, json or markdown")
	dir := fs.String("rules", "", "include the custom Rego rules under `DIR`")
	testDir := fs.String("test", "", "run the _test.rego files under `DIR` (custom rules and their tests) and print one line per test")
	writeDocs := fs.Bool("docs", false, "with --rules: write each custom rule's documentation page as README.md beside it")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	if *testDir != "" {
		return testRules(ctx, *testDir, stdout)
	}
	if *writeDocs {
		if *dir == "" {
			return fmt.Errorf("rules --docs: name the custom rules with --rules DIR")
		}
		return writeCustomDocs(ctx, *dir, stdout)
	}
	_, cat, err := loadRules(ctx, *dir)
	if err != nil {
		return err
	}
	switch *format {
	case "table":
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSEVERITY\tSLUG\tTITLE")
		for _, m := range cat.Rules() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.ID, m.Severity, m.Slug, m.Title)
		}
		return tw.Flush()
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(cat.Rules())
	case "markdown":
		fmt.Fprintln(stdout, "| ID | Severity | Rule | Title |")
		fmt.Fprintln(stdout, "|---|---|---|---|")
		for _, m := range cat.Rules() {
			fmt.Fprintf(stdout, "| %s | %s | [%s](%s) | %s |\n", m.ID, m.Severity, m.Slug, m.HelpURI, m.Title)
		}
		return nil
	}
	return fmt.Errorf("rules --format %q: want table, json or markdown", *format)
}

func explain(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("memlint explain", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dir := fs.String("rules", "", "include the custom Rego rules under `DIR`")
	args, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return fmt.Errorf("explain: want one rule ID or slug")
	}
	_, cat, err := loadRules(ctx, *dir)
	if err != nil {
		return err
	}
	m, ok := cat.Lookup(args[0])
	if !ok {
		return fmt.Errorf("explain: no rule %q (see memlint rules)", args[0])
	}
	fmt.Fprintf(stdout, "%s %s (%s)\n%s\n\n%s\n\nHow to fix:\n%s\n\nSeverity: %s (SARIF level %s)\nMore: %s\n",
		m.ID, m.Slug, m.Category, m.Title, wrap(m.Description), wrap(m.Remediation), m.Severity, m.Severity.Level(), m.HelpURI)
	return nil
}

// wrap folds text at 100 columns, keeping blank-line paragraphs.
func wrap(s string) string {
	var out []string
	for _, para := range strings.Split(s, "\n\n") {
		var line strings.Builder
		var lines []string
		for _, w := range strings.Fields(para) {
			if line.Len() > 0 && line.Len()+1+len(w) > 100 {
				lines = append(lines, line.String())
				line.Reset()
			}
			if line.Len() > 0 {
				line.WriteByte(' ')
			}
			line.WriteString(w)
		}
		lines = append(lines, line.String())
		out = append(out, strings.Join(lines, "\n"))
	}
	return strings.Join(out, "\n\n")
}

func version(stdout io.Writer) error {
	_, err := fmt.Fprintf(stdout, "memlint %s\nIAM catalog: %s\n%s %s/%s\n", ToolVersion(), iamdata.Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
