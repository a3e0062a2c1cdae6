package cli

import (
	"archive/tar"
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/memlint/memlint/internal/audit"
	"github.com/memlint/memlint/internal/cloudtrail"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/output"
	"github.com/memlint/memlint/rules"
	"github.com/memlint/memlint/sarif"
)

// diffOptions are the flags of memlint diff and memlint audit.
type diffOptions struct {
	format       string
	output       string
	manifest     string
	failOn       string
	git          string
	remove       string
	cloudtrail   []string
	since        string
	now          string
	allowOutside bool
	live         cloudtrailLive
}

type listFlag struct{ list *[]string }

func (l listFlag) String() string { return "" }
func (l listFlag) Set(v string) error {
	*l.list = append(*l.list, v)
	return nil
}

func (o *diffOptions) addFlags(fs *flag.FlagSet, audit bool) {
	fs.StringVar(&o.format, "format", "text", "output `FORMAT`: text (a table of the changes, then the findings), json, sarif or markdown (a pull-request comment)")
	fs.StringVar(&o.format, "f", "text", "shorthand for --format")
	fs.StringVar(&o.output, "output", "", "write the report to `FILE` instead of standard output")
	fs.StringVar(&o.output, "o", "", "shorthand for --output")
	fs.StringVar(&o.manifest, "manifest", "", "use manifest `FILE` for both versions (default: memlint.yaml in each directory)")
	fs.StringVar(&o.failOn, "fail-on", "high", "exit 1 when a finding is at or above `LEVEL` (a severity, error, warning, note or none); high fails on ML701 only")
	fs.Var(listFlag{&o.cloudtrail}, "cloudtrail", "read CloudTrail records from `PATH` (a file: S3 log file, .json.gz included, or lookup-events output; a directory: every .json and .json.gz under it); repeatable")
	fs.StringVar(&o.since, "since", "90d", "the evidence window: records from `AGE` ago (90d, 36h) or a date (2026-09-01) until --now")
	fs.StringVar(&o.now, "now", "", "the end of the evidence window, `TIME` (RFC 3339 or a date; default: now)")
	fs.BoolVar(&o.allowOutside, "allow-outside", false, "read files that manifests, scripts or symlinks name outside the repository (or the checked directory)")
	if audit {
		fs.StringVar(&o.remove, "remove", "", "audit the removal of the policy document `FILE` (a memory resource policy or a role's policy)")
	} else {
		fs.StringVar(&o.git, "git", "", "compare PATH (default .) with the same path at git revision `REV`")
	}
	o.live.addFlags(fs)
}

// diffCmd is memlint diff OLD NEW, memlint diff --git REV [PATH], and
// (auditMode) memlint audit [--remove POLICY] [PATH].
func diffCmd(ctx context.Context, args []string, stdout, stderr io.Writer, auditMode bool) int {
	var o diffOptions
	name := "memlint diff"
	if auditMode {
		name = "memlint audit"
	}
	_, paths, code, ok := parseCommand(name, args, stdout, stderr, func(fs *flag.FlagSet) { o.addFlags(fs, auditMode) })
	if !ok {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(stderr, "memlint: "+format+"\n", a...)
		return ExitUsage
	}
	switch o.format {
	case "text", "json", "sarif", "markdown":
	default:
		return fail("--format %q: want text, json, sarif or markdown", o.format)
	}
	if len(o.live.args) > 0 && !o.live.on {
		return fail("--event-data-store, --profile and --region go with --cloudtrail-live")
	}
	rank, err := failRank(o.failOn)
	if err != nil {
		return fail("%v", err)
	}
	failOn := rules.Critical
	for _, s := range rules.Severities {
		if s.Rank() >= rank {
			failOn = s
		}
	}
	if rank > rules.Critical.Rank() {
		failOn = rules.Severity("none")
	}
	now := time.Now().UTC()
	if o.now != "" {
		if now, err = parseTime(o.now); err != nil {
			return fail("--now %q: want an RFC 3339 time or a date (2026-12-01)", o.now)
		}
	}
	since, err := parseSince(o.since, now)
	if err != nil {
		return fail("--since %q: want an age (90d, 36h) or a date (2026-09-01)", o.since)
	}

	// The two versions: paths to load, and how to name OLD's files.
	var oldPaths, newPaths []string
	rewrite := func(s string) string { return s }
	var cleanup func()
	switch {
	case auditMode:
		if len(paths) == 0 {
			paths = []string{"."}
		}
		oldPaths, newPaths = paths, paths
	case o.git != "":
		if len(paths) == 0 {
			paths = []string{"."}
		}
		var tmpPaths []string
		tmpPaths, rewrite, cleanup, err = gitTree(ctx, o.git, paths)
		if err != nil {
			return fail("diff --git %s: %v", o.git, err)
		}
		defer cleanup()
		oldPaths, newPaths = tmpPaths, paths
	default:
		if len(paths) != 2 {
			return fail("diff compares two versions: memlint diff OLD NEW, or memlint diff --git REV [PATH] (got %d paths)", len(paths))
		}
		oldPaths, newPaths = paths[:1], paths[1:]
	}
	lopts := load.Options{Manifest: o.manifest, AllowOutside: o.allowOutside}
	oldM, err := loadVersion(oldPaths, lopts)
	if err != nil {
		return fail("%s", strings.TrimPrefix(rewriteMsg(err.Error(), oldPaths, rewrite), "memlint: "))
	}
	newM, err := loadVersion(newPaths, lopts)
	if err != nil {
		return fail("%s", strings.TrimPrefix(err.Error(), "memlint: "))
	}
	if o.remove != "" {
		if audit.RemovePolicy(newM, o.remove) == 0 {
			return fail("audit --remove %s: no memory resource policy or role policy of the setup is that file (memlint access lists them)", o.remove)
		}
	}

	// The evidence.
	var ev *cloudtrail.Evidence
	if len(o.cloudtrail) > 0 || o.live.on {
		ev = cloudtrail.New(since, now)
		files, err := evidenceFiles(o.cloudtrail)
		if err != nil {
			return fail("--cloudtrail: %v", err)
		}
		if o.live.on {
			f, done, code := o.live.fetch(ctx, oldM, since, now, stderr)
			if code >= 0 {
				return code
			}
			defer done()
			files = append(files, f)
		}
		readEvidence(ev, files, stderr)
	}

	res := audit.Diff(oldM, newM, audit.Options{Evidence: ev})
	res.RewritePaths(rewrite)
	for _, v := range []struct {
		label string
		m     *model.Model
		rw    func(string) string
	}{{"old", oldM, rewrite}, {"new", newM, func(s string) string { return s }}} {
		for _, n := range v.m.Notes {
			res.Notes = append(res.Notes, v.label+" version: "+v.rw(n))
		}
		for _, p := range modelProblems(v.m) {
			if rules.Severity(p.Severity).Rank() < rules.High.Rank() && p.Severity != "" {
				continue // a hint, not something access depends on
			}
			loc := p.Loc
			loc.File = v.rw(loc.File)
			res.Notes = append(res.Notes, fmt.Sprintf("%s version: %s: %s (%s)", v.label, loc, p.Msg, p.Rule))
		}
	}
	if ev != nil {
		for _, p := range ev.Problems {
			res.Notes = append(res.Notes, "CloudTrail: "+p.String())
		}
	}

	var buf bytes.Buffer
	cat, err := rules.NewCatalog(nil, rules.Builtin)
	if err != nil {
		return fail("%v", err)
	}
	switch o.format {
	case "text":
		if err := res.WriteTable(&buf); err == nil {
			buf.WriteString("\n")
			p, _ := output.New(output.Text, false)
			err = p.Print(&buf, output.Report{Catalog: cat, Findings: res.Findings, Notes: res.Notes, ToolVersion: ToolVersion(), FilesChecked: filesChecked(oldM, newM, rewrite)})
		}
	case "json":
		err = res.WriteJSON(&buf, failOn)
	case "sarif":
		err = sarif.Write(&buf, cat, res.Findings, sarif.Options{ToolVersion: ToolVersion(), AutomationID: "memlint-diff/", Notes: res.Notes, FilesChecked: filesChecked(oldM, newM, rewrite)})
	case "markdown":
		err = res.WriteMarkdown(&buf, failOn, func(s string) string { return s })
	}
	if err != nil {
		return fail("%v", err)
	}
	if err := writeReport(o.output, stdout, buf.Bytes()); err != nil {
		return fail("%v", err)
	}
	if !res.Safe(failOn) {
		return ExitFindings
	}
	return ExitOK
}

// filesChecked counts the distinct files of both versions, the old one's
// named as the repository names them.
func filesChecked(old, new *model.Model, rewrite func(string) string) int {
	seen := map[string]bool{}
	for _, f := range old.Files {
		seen[rewrite(f)] = true
	}
	for _, f := range new.Files {
		seen[f] = true
	}
	return len(seen)
}

func rewriteMsg(msg string, paths []string, rewrite func(string) string) string {
	for _, p := range paths {
		msg = strings.ReplaceAll(msg, p, rewrite(p))
	}
	return msg
}

// loadVersion loads one version; a manifest or input error is returned as
// its message.
func loadVersion(paths []string, opts load.Options) (*model.Model, error) {
	m, err := load.Load(paths, opts)
	if err != nil {
		var ue *load.UsageError
		if errors.As(err, &ue) {
			return nil, errors.New(ue.Msg)
		}
		return nil, err
	}
	return m, nil
}

// modelProblems lists what a version's documents could not say (a file
// that does not parse, a manifest entry that names nothing): access is
// computed without them, so the notes say so.
func modelProblems(m *model.Model) []model.Problem {
	out := slices.Clone(m.Problems)
	for _, p := range m.Policies {
		out = append(out, p.Problems...)
	}
	return out
}

// parseTime reads RFC 3339 or a date.
func parseTime(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), nil
	}
	t, err := time.Parse(time.DateOnly, s)
	return t.UTC(), err
}

// parseSince reads an age (90d, 36h, 45m) before now, or a date.
func parseSince(s string, now time.Time) (time.Time, error) {
	if n, ok := strings.CutSuffix(s, "d"); ok {
		d, err := strconv.Atoi(n)
		if err != nil || d < 0 {
			return time.Time{}, errors.New("bad age")
		}
		return now.AddDate(0, 0, -d), nil
	}
	if d, err := time.ParseDuration(s); err == nil && d >= 0 {
		return now.Add(-d), nil
	}
	return parseTime(s)
}

// evidenceFiles expands --cloudtrail paths: a directory gives every .json
// and .json.gz file under it, in lexical order.
func evidenceFiles(paths []string) ([]string, error) {
	var out []string
	for _, p := range paths {
		st, err := os.Stat(p)
		if err != nil {
			return nil, fmt.Errorf("%s: %v", p, errors.Unwrap(err))
		}
		if !st.IsDir() {
			out = append(out, p)
			continue
		}
		var found []string
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.Type().IsRegular() && cloudtrail.IsDataFile(d.Name()) {
				found = append(found, path)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(found) == 0 {
			return nil, fmt.Errorf("%s: no .json or .json.gz file in the directory", p)
		}
		slices.Sort(found)
		out = append(out, found...)
	}
	return out, nil
}

// readEvidence streams the files into ev, showing progress on a terminal.
func readEvidence(ev *cloudtrail.Evidence, files []string, stderr io.Writer) {
	p := newProgress(stderr)
	var total int64
	for _, f := range files {
		if st, err := os.Stat(f); err == nil {
			total += st.Size()
		}
	}
	p.trailStart(len(files), total)
	for _, f := range files {
		ev.ReadFile(f, cloudtrail.Options{Progress: p.trail})
		p.trailFile()
	}
	p.end()
}

// gitTree writes the tree of rev into a temporary directory and returns
// the paths there that stand for paths, and how to name a file read there
// as the repository names it.
func gitTree(ctx context.Context, rev string, paths []string) ([]string, func(string) string, func(), error) {
	top, err := gitOutput(ctx, filepath.Dir(paths[0]+string(filepath.Separator)), "rev-parse", "--show-toplevel")
	if err != nil {
		return nil, nil, nil, err
	}
	top = strings.TrimSpace(top)
	tmp, err := os.MkdirTemp("", "memlint-diff-")
	if err != nil {
		return nil, nil, nil, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	cmd := exec.CommandContext(ctx, "git", "-C", top, "archive", "--format=tar", rev)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	if err := cmd.Start(); err != nil {
		cleanup()
		return nil, nil, nil, err
	}
	xerr := untar(out, tmp)
	io.Copy(io.Discard, out)
	if err := cmd.Wait(); err != nil {
		cleanup()
		return nil, nil, nil, fmt.Errorf("git archive: %s", cmp.Or(strings.TrimSpace(stderr.String()), err.Error()))
	}
	if xerr != nil {
		cleanup()
		return nil, nil, nil, xerr
	}
	var tmpPaths []string
	pairs := map[string]string{}
	for _, p := range paths {
		abs, err := filepath.Abs(p)
		if err != nil {
			cleanup()
			return nil, nil, nil, err
		}
		if real, err := filepath.EvalSymlinks(abs); err == nil {
			abs = real
		}
		rel, err := filepath.Rel(top, abs)
		if err != nil || strings.HasPrefix(rel, "..") {
			cleanup()
			return nil, nil, nil, fmt.Errorf("%s is not in the repository %s", p, top)
		}
		tp := filepath.Join(tmp, rel)
		tmpPaths = append(tmpPaths, tp)
		pairs[tp] = p
	}
	rewrite := func(s string) string {
		for tp, p := range pairs {
			if s == tp {
				return p
			}
			if r, ok := strings.CutPrefix(s, tp+string(filepath.Separator)); ok {
				return filepath.Join(p, r)
			}
		}
		// A message naming files: replace each temporary path in it.
		for tp, p := range pairs {
			s = strings.ReplaceAll(s, tp+string(filepath.Separator), strings.TrimSuffix(filepath.Join(p, "x"), "x"))
			s = strings.ReplaceAll(s, tp, p)
		}
		return s
	}
	return tmpPaths, rewrite, cleanup, nil
}

func gitOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "git", append([]string{"-C", dir}, args...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("git %s: %s", strings.Join(args, " "), cmp.Or(strings.TrimSpace(stderr.String()), err.Error()))
	}
	return string(out), nil
}

// untar extracts regular files and directories of a git archive under dir;
// a name that would leave dir is refused.
func untar(r io.Reader, dir string) error {
	tr := tar.NewReader(r)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("read git archive: %v", err)
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("git archive: unsafe path %q", h.Name)
		}
		p := filepath.Join(dir, name)
		switch h.Typeflag {
		case tar.TypeDir:
			if err := os.MkdirAll(p, 0o755); err != nil {
				return err
			}
		case tar.TypeReg:
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				return err
			}
			f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o644)
			if err != nil {
				return err
			}
			_, err = io.Copy(f, tr)
			if cerr := f.Close(); err == nil {
				err = cerr
			}
			if err != nil {
				return err
			}
		}
	}
}
