package cli

import (
	"bytes"
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
	"github.com/memlint/memlint/internal/suggest"
	"github.com/memlint/memlint/internal/termsafe"
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

// rulesOptions are the flags of memlint rules.
type rulesOptions struct {
	format, dir, testDir, output string
	writeDocs                    bool
}

func (o *rulesOptions) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "table", "output format: table, json or markdown")
	fs.StringVar(&o.format, "f", "table", "shorthand for --format")
	fs.StringVar(&o.dir, "rules", "", "include the custom Rego rules under `DIR`")
	fs.StringVar(&o.testDir, "test", "", "run the _test.rego files and scenarios of the custom rules under `DIR`, one line per test (exit 1 on failure)")
	fs.BoolVar(&o.writeDocs, "docs", false, "with --rules: write each custom rule's documentation page as README.md beside it")
	fs.StringVar(&o.output, "output", "", "write the catalog to `FILE` instead of standard output")
	fs.StringVar(&o.output, "o", "", "shorthand for --output")
}

func rulesCmd(ctx context.Context, args []string, stdout io.Writer) error {
	var o rulesOptions
	fs := newFlagSet("memlint rules")
	o.addFlags(fs)
	pos, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("rules: unexpected argument %q; see 'memlint rules --help'", pos[0])
	}
	if o.testDir != "" {
		return testRules(ctx, o.testDir, stdout)
	}
	if o.writeDocs {
		if o.dir == "" {
			return fmt.Errorf("rules --docs: name the custom rules with --rules DIR")
		}
		return writeCustomDocs(ctx, o.dir, stdout)
	}
	_, cat, err := loadRules(ctx, o.dir)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	switch o.format {
	case "table":
		tw := tabwriter.NewWriter(&buf, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tSEVERITY\tSLUG\tTITLE")
		for _, m := range cat.Rules() {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", m.ID, m.Severity, m.Slug, m.Title)
		}
		tw.Flush()
	case "json":
		enc := json.NewEncoder(&buf)
		enc.SetIndent("", "  ")
		if err := enc.Encode(cat.Rules()); err != nil {
			return err
		}
	case "markdown":
		fmt.Fprintln(&buf, "| ID | Severity | Rule | Title |")
		fmt.Fprintln(&buf, "|---|---|---|---|")
		for _, m := range cat.Rules() {
			fmt.Fprintf(&buf, "| %s | %s | [%s](%s) | %s |\n", m.ID, m.Severity, m.Slug, m.HelpURI, m.Title)
		}
	default:
		return fmt.Errorf("rules --format %q: want table, json or markdown", o.format)
	}
	return writeReport(o.output, stdout, buf.Bytes())
}

// explainOptions are the flags of memlint explain.
type explainOptions struct {
	dir, output string
}

func (o *explainOptions) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.dir, "rules", "", "include the custom Rego rules under `DIR`")
	fs.StringVar(&o.output, "output", "", "write the page to `FILE` instead of standard output")
	fs.StringVar(&o.output, "o", "", "shorthand for --output")
}

func explain(ctx context.Context, args []string, stdout io.Writer) error {
	var o explainOptions
	fs := newFlagSet("memlint explain")
	o.addFlags(fs)
	args, err := parseFlags(fs, args, stdout)
	if err != nil {
		return err
	}
	if len(args) != 1 {
		return fmt.Errorf("explain: want one rule ID or slug; see 'memlint rules' for the list")
	}
	_, cat, err := loadRules(ctx, o.dir)
	if err != nil {
		return err
	}
	m, ok := cat.Lookup(args[0])
	if !ok {
		var names []string
		for _, r := range cat.Rules() {
			names = append(names, r.ID, r.Slug)
		}
		return fmt.Errorf("explain: no rule %q%s; see 'memlint rules' for the list", termsafe.Line(args[0]), suggest.DidYouMean(args[0], names))
	}
	var buf bytes.Buffer
	fmt.Fprintf(&buf, "%s %s (%s)\n%s\n\n%s\n\nHow to fix:\n%s\n\nSeverity: %s (SARIF level %s)\nMore: %s\n",
		m.ID, m.Slug, m.Category, m.Title, wrap(m.Description), wrap(m.Remediation), m.Severity, m.Severity.Level(), m.HelpURI)
	return writeReport(o.output, stdout, buf.Bytes())
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

func version(args []string, stdout io.Writer) error {
	pos, err := parseFlags(newFlagSet("memlint version"), args, stdout)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("version: unexpected argument %q", termsafe.Line(pos[0]))
	}
	_, err = fmt.Fprintf(stdout, "memlint %s\nIAM catalog: %s\n%s %s/%s\n", ToolVersion(), iamdata.Version(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
	return err
}
