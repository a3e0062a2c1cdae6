package cli

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/memlint/memlint/internal/config"
	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/output"
	"github.com/memlint/memlint/internal/suggest"
	"github.com/memlint/memlint/internal/termsafe"
	"github.com/memlint/memlint/rules"
)

// checkOptions are the flags of memlint check.
type checkOptions struct {
	format   string
	output   string
	manifest string
	failOn   string
	verbose  bool
	quiet    bool
	color    string
	// showSource is --show-source; the default (a terminal) applies
	// unless it is set.
	showSource bool
	// allowOutside reads files that resolve outside the repository.
	allowOutside bool
	// workflow holds config, custom rules, suppression and baseline flags.
	workflow workflowOptions
	// cfnParams are CloudFormation parameter values, --cfn-param Key=Value.
	cfnParams cfnParams
	// live fetches the setup from AWS first (--live).
	live liveOptions
}

// cfnParams collects repeated --cfn-param Key=Value flags.
type cfnParams map[string]string

func (p *cfnParams) String() string { return "" }

func (p *cfnParams) Set(s string) error {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return fmt.Errorf("want Key=Value, got %q", s)
	}
	if *p == nil {
		*p = cfnParams{}
	}
	(*p)[k] = v
	return nil
}

func (o *checkOptions) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.format, "format", "text", "output `FORMAT`: "+strings.Join(output.Formats, ", ")+"; several, comma-separated, each FORMAT:FILE to write it to FILE (text,github,sarif:memlint.sarif)")
	fs.StringVar(&o.format, "f", "text", "shorthand for --format")
	fs.StringVar(&o.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.output, "o", "", "shorthand for --output")
	fs.StringVar(&o.color, "color", "auto", "colour text output: `WHEN` is auto (on a terminal without NO_COLOR), always or never")
	fs.BoolVar(&o.showSource, "show-source", false, "print each finding's source line with a caret under the column in text output (default on a terminal; --show-source=false turns it off)")
	fs.BoolVar(&o.quiet, "quiet", false, "print findings only: no notes, summary line or warnings")
	fs.BoolVar(&o.quiet, "q", false, "shorthand for --quiet")
	fs.StringVar(&o.manifest, "manifest", "", "use manifest `FILE` (default: memlint.yaml in each checked directory)")
	fs.StringVar(&o.failOn, "fail-on", "warning", "exit 1 when a finding is at or above `LEVEL`: error, warning, note, none, or a severity (critical…info); low and info hints alone do not fail a run by default")
	fs.Var(&o.cfnParams, "cfn-param", "CloudFormation parameter `KEY=VALUE` (repeatable; pseudo parameters such as AWS::AccountId too)")
	fs.BoolVar(&o.verbose, "verbose", false, "list on standard error every file read (those a manifest or script names too) and what each was taken to be")
	fs.BoolVar(&o.verbose, "v", false, "shorthand for --verbose")
	fs.BoolVar(&o.allowOutside, "allow-outside", false, "read files that manifests, scripts or symlinks name outside the repository (or the checked directory); off: they are refused")
	o.workflow.addFlags(fs)
	o.live.addFlags(fs)
}

// failRank is the lowest severity rank that fails the run.
func failRank(s string) (int, error) {
	switch strings.ToLower(s) {
	case "error":
		return rules.High.Rank(), nil
	case "warning":
		return rules.Medium.Rank(), nil
	case "note", "":
		return rules.Info.Rank(), nil
	case "none", "never":
		return rules.Critical.Rank() + 1, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil {
		return 0, fmt.Errorf("--fail-on %q: want error, warning, note, none or a severity", s)
	}
	return sev.Rank(), nil
}

// warmAfterFiles is the number of files read from which a check compiles
// every rule in the background while loading goes on: by then the run
// needs most units, and compiling them as one group costs less than the
// evaluations it saves. A pre-commit run over a few files never gets there.
const warmAfterFiles = 256

// streamOptions say when a check reads a tree part by part (load.Stream):
// from 4,096 files on, in parts of about as many. A part's model is ~10 MB
// where the whole model of 80,000 files was ~160 MB live, and the
// collector's work grows with the live heap. Parts of 1,024 files cost 6%
// more time on 1,000 setups (each part's evaluation ends on one busy core),
// for no less memory: 4,096 holds a 10,000-setup tree at 250 MB as well.
// A part also ends at 16 MiB read (a model is a few times its text).
var streamOptions = load.StreamOptions{From: 4096, Part: 4096, PartBytes: 16 << 20}

func check(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	gc := startGC()
	var o checkOptions
	fs, paths, code, ok := parseCommand("memlint check", args, stdout, stderr, o.addFlags)
	if !ok {
		return code
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	switch o.color {
	case "auto", "always", "never":
	default:
		fmt.Fprintf(stderr, "memlint: --color %q: want auto, always or never\n", o.color)
		return ExitUsage
	}
	reports, err := parseFormats(o.format, o.output)
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	sess, err := o.workflow.setup(ctx, set, &o.failOn)
	if err != nil {
		return o.failed(ctx, stdout, stderr, nil, fmt.Sprintf("memlint: %v", err))
	}
	rank, err := failRank(o.failOn)
	if err != nil {
		return o.failed(ctx, stdout, stderr, sess, fmt.Sprintf("memlint: %v", err))
	}
	if dir, cleanup, code := o.live.fetch(ctx, paths, stderr); code >= 0 {
		return code
	} else if dir != "" {
		defer cleanup()
		paths = []string{dir}
	}
	if len(paths) == 0 {
		paths = []string{"."}
	}
	in, err := readStdin(paths, stdin)
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	defer in.close()
	paths = configDirs(in.paths)
	progOut := stderr
	if o.quiet {
		progOut = io.Discard
	}
	prog := newProgress(progOut)
	defer prog.end()
	// A run that reads many files compiles every rule while the rest loads
	// (rego.Engine.PrepareAll), instead of after.
	files := 0
	warm := sync.OnceFunc(func() { go sess.eng.PrepareAll(ctx) })
	opts := load.Options{Manifest: o.manifest, CFNParams: o.cfnParams, AllowOutside: o.allowOutside,
		OnRead: func(size int64) {
			gc.onRead(size)
			prog.read(size)
			if files++; files == warmAfterFiles {
				warm()
			}
		}}
	if o.verbose {
		opts.Log = func(format string, args ...any) { prog.end(); fmt.Fprintf(stderr, "memlint: "+format+"\n", args...) }
		if f := sess.cfg.File; f != "" {
			opts.Log("%s: configuration", termsafe.Line(filepath.ToSlash(f)))
		}
	}
	// A large tree is read and evaluated part by part (load.Stream), so
	// its model is never held whole; each part's findings are kept until
	// Stream says the part joins a later one.
	eng, cat := sess.eng, sess.cat
	byPart := map[int][]rules.Finding{}
	units := 0 // units the parts before this one evaluated
	evalPart := func(p *load.Part) error {
		if files >= warmAfterFiles {
			// Every rule compiled as one group before the first part
			// (the warm-up may not have started compiling yet).
			warm()
			if err := eng.PrepareAll(ctx); err != nil {
				return err
			}
		}
		var total atomic.Int64
		fs, err := lint.RunWith(ctx, eng, cat, p.Model, lint.Options{
			Keep: keepFor(newRootSet(namedPaths(paths, p.Model.Manifests)), p.Model.Files),
			Progress: func(done, n int) {
				total.Store(int64(n))
				prog.evaluated(units+done, units+n)
			}})
		if err != nil {
			return err
		}
		units += int(total.Load())
		byPart[p.ID] = fs
		return nil
	}
	so := streamOptions
	so.OnStream, so.OnWhole = gc.streaming, gc.whole
	st, err := load.Stream(paths, opts, so, evalPart, func(id int) { delete(byPart, id) })
	prog.end()
	if err != nil {
		var ue *load.UsageError
		if errors.As(err, &ue) {
			return o.failed(ctx, stdout, stderr, sess, ue.Msg)
		}
		return o.failed(ctx, stdout, stderr, sess, fmt.Sprintf("memlint: %v", err))
	}
	m := st.Model
	if len(m.Files) == 0 && !o.quiet {
		fmt.Fprintf(stderr, "memlint: warning: no files checked: nothing in %s is a policy, AWS CLI input, manifest, CloudFormation template, Terraform plan or shell script\n", strings.Join(in.shown(paths), " "))
	}
	var findings []rules.Finding
	for _, id := range slices.Sorted(maps.Keys(byPart)) {
		findings = append(findings, byPart[id]...)
	}
	findings = rules.Sort(findings)
	named := namedPaths(paths, m.Manifests)
	findings = onlyNamed(findings, named)
	findings, m.Notes = in.rename(findings, m.Notes)
	cwd, _ := os.Getwd()
	// Fingerprints, baselines, suppression globs and the URIs of SARIF and
	// JSON are relative to the repository root, so they do not change with
	// the directory memlint runs in; text stays relative to where the user is.
	base, ok := repoRoot(cwd)
	if !ok && len(paths) > 0 {
		// Run from outside any repository: use the one holding the input.
		if abs, err := filepath.Abs(paths[0]); err == nil {
			if root, ok := repoRoot(abs); ok {
				base = root
			}
		}
	}
	findings, notes, err := sess.apply(findings, base, len(m.Files), in)
	if err != nil {
		return o.failed(ctx, stdout, stderr, sess, fmt.Sprintf("memlint: %v", err))
	}
	err = emit(reports, stdout, func(rp report, w io.Writer) error {
		toStdout := rp.file == "" || rp.file == "-"
		shown := base
		color, source := false, false
		if rp.format == output.Text {
			shown = cwd
			color = toStdout && useColor(o.color, stdout) || !toStdout && o.color == "always"
			source = toStdout && isTerminal(stdout)
			if set["show-source"] {
				source = o.showSource
			}
		}
		printer, err := output.New(rp.format, color)
		if err != nil {
			return err
		}
		return printer.Print(w, output.Report{Catalog: cat, Findings: findings, BaseDir: shown, Notes: append(slices.Clip(m.Notes), notes...),
			ToolVersion: ToolVersion(), AutomationID: sess.automationID(), ShowSuppressed: o.workflow.showSuppressed,
			FilesChecked: len(m.Files), ShowSource: source, ReadSource: in.readSource, Quiet: o.quiet})
	})
	if err != nil {
		fmt.Fprintf(stderr, "memlint: %v\n", err)
		return ExitUsage
	}
	for _, f := range findings {
		if f.Suppression == nil && f.Severity.Rank() >= rank {
			return ExitFindings
		}
	}
	return ExitOK
}

// report is one output of memlint check: a format and where it goes.
type report struct{ format, file string }

// emit prints every report with print and writes the reports for one
// destination together, in the order given: --format github,text -o FILE
// writes both to FILE.
func emit(reports []report, stdout io.Writer, print func(report, io.Writer) error) error {
	outs := map[string]*bytes.Buffer{}
	var order []string
	for _, r := range reports {
		dest := r.file
		if dest == "" {
			dest = "-"
		}
		if outs[dest] == nil {
			outs[dest] = &bytes.Buffer{}
			order = append(order, dest)
		}
		if err := print(r, outs[dest]); err != nil {
			return err
		}
	}
	for _, dest := range order {
		if err := writeReport(dest, stdout, outs[dest].Bytes()); err != nil {
			return err
		}
	}
	return nil
}

// parseFormats reads --format: one format or several separated by commas,
// each FORMAT or FORMAT:FILE; a format without a file goes to --output (or
// standard output).
func parseFormats(spec, out string) ([]report, error) {
	var rs []report
	for _, part := range strings.Split(spec, ",") {
		f, file, hasFile := strings.Cut(strings.TrimSpace(part), ":")
		if !slices.Contains(output.Formats, f) {
			return nil, fmt.Errorf("unknown output format %q%s (want %s)", f, suggest.DidYouMean(f, output.Formats), strings.Join(output.Formats, ", "))
		}
		if hasFile && file == "" {
			return nil, fmt.Errorf("--format %s: no file after the colon", part)
		}
		if !hasFile {
			file = out
		}
		rs = append(rs, report{f, file})
	}
	return rs, nil
}

// configDirs replaces every configuration file named on the command line
// (.memlint.yaml) by its directory: a change to the configuration re-checks
// what it governs.
func configDirs(paths []string) []string {
	out := make([]string, len(paths))
	for i, p := range paths {
		out[i] = p
		if st, err := os.Stat(p); err == nil && !st.IsDir() && slices.Contains(config.Names, filepath.Base(p)) {
			out[i] = filepath.Dir(p)
		}
	}
	return out
}

// namedPaths is paths with the files named by every manifest under them: a
// manifest named (or found in a directory named) makes its files named too,
// so that a change to the manifest alone is checked against them.
func namedPaths(paths []string, manifests map[string][]string) []string {
	named := slices.Clone(paths)
	for _, mf := range slices.Sorted(maps.Keys(manifests)) {
		if under(mf, paths) {
			named = append(named, manifests[mf]...)
		}
	}
	return named
}

// under reports whether file is one of roots or inside one of them; a file
// without a name counts as inside.
func under(file string, roots []string) bool { return newRootSet(roots).has(file) }

// rootSet is a list of paths made absolute once, to test many files.
type rootSet []string

func newRootSet(roots []string) rootSet {
	var rs rootSet
	for _, p := range roots {
		if r, err := filepath.Abs(p); err == nil {
			rs = append(rs, r)
		}
	}
	return rs
}

// has reports whether file is one of the roots or inside one of them; a
// file without a name counts as inside.
func (rs rootSet) has(file string) bool {
	abs, err := filepath.Abs(file)
	if err != nil || file == "" {
		return true
	}
	for _, r := range rs {
		if abs == r || strings.HasPrefix(abs, r+string(filepath.Separator)) {
			return true
		}
	}
	return false
}

// keepFor is what lint.Options.Keep gets: nil when every file read is
// named (nothing to narrow), else the test of a named file.
func keepFor(rs rootSet, files []string) func(string) bool {
	for _, f := range files {
		if !rs.has(f) {
			return rs.has
		}
	}
	return nil
}

// onlyNamed keeps the findings located under the paths the user named, or
// whose other side (a related location) is there. A file named alone is read
// with the files of its nearest manifest so the two sides can be compared,
// but the findings of those other files are not its own: a pre-commit run on
// one policy must not be refused for an old finding elsewhere.
func onlyNamed(fs []rules.Finding, paths []string) []rules.Finding {
	in := newRootSet(paths).has
	out := fs[:0]
	for _, f := range fs {
		keep := in(f.Loc.File)
		for _, rel := range f.Related {
			keep = keep || in(rel.Loc.File)
		}
		if keep {
			out = append(out, f)
		}
	}
	return out
}

// repoRoot is the nearest directory at or above dir holding .git (a
// directory, or a file in a worktree); without one it is dir, and false.
func repoRoot(dir string) (string, bool) {
	for d := dir; ; {
		if _, err := os.Stat(filepath.Join(d, ".git")); err == nil {
			return d, true
		}
		parent := filepath.Dir(d)
		if parent == d {
			return dir, false
		}
		d = parent
	}
}
