package cli

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/memlint/memlint/internal/config"
	"github.com/memlint/memlint/internal/docs"
	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/internal/suppress"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
	"github.com/memlint/memlint/sarif"
)

// workflowOptions are the flags of memlint check that fit it into a team's
// workflow: configuration, custom rules, suppressions and baselines.
type workflowOptions struct {
	config         string
	rulesDir       string
	baseline       string
	writeBaseline  string
	sarifCategory  string
	now            string
	showSuppressed bool
}

func (o *workflowOptions) addFlags(fs *flag.FlagSet) {
	fs.StringVar(&o.config, "config", "", "read configuration `FILE` (default: .memlint.yaml in the working directory or a parent, up to the repository root)")
	fs.StringVar(&o.rulesDir, "rules", "", "also load the custom Rego rules under `DIR`")
	fs.StringVar(&o.baseline, "baseline", "", "report only findings whose fingerprint is not in the SARIF `FILE`")
	fs.StringVar(&o.writeBaseline, "write-baseline", "", "write every current finding to `FILE` as SARIF, for --baseline")
	fs.StringVar(&o.sarifCategory, "sarif-category", "", "GitHub code scanning `CATEGORY` (SARIF automationDetails.id is CATEGORY/; default memlint)")
	fs.StringVar(&o.now, "now", "", "decide whether ignore entries have expired as of `DATE` (YYYY-MM-DD; default today)")
	fs.BoolVar(&o.showSuppressed, "show-suppressed", false, "list suppressed findings in text output")
}

// session is what the workflow options resolve to before inputs are read.
type session struct {
	opts *workflowOptions
	cfg  *config.Config
	eng  *rego.Engine
	cat  *rules.Catalog // the enabled rules, severities overridden
	now  time.Time
}

// setup reads the configuration and loads the rules, custom ones included.
// Explicitly set flags win over the configuration; set names them.
func (o *workflowOptions) setup(ctx context.Context, set map[string]bool, failOn *string) (*session, error) {
	s := &session{opts: o, now: time.Now()}
	if o.now != "" {
		t, err := time.Parse(config.DateLayout, o.now)
		if err != nil {
			return nil, fmt.Errorf("--now %q: want a date YYYY-MM-DD", o.now)
		}
		s.now = t
	}
	path := o.config
	if path == "" {
		var err error
		if path, err = config.Find("."); err != nil {
			return nil, err
		}
	}
	if path != "" {
		cfg, err := config.Load(path)
		if err != nil {
			return nil, err
		}
		s.cfg = cfg
	} else {
		wd, err := os.Getwd()
		if err != nil {
			return nil, fmt.Errorf("find working directory: %w", err)
		}
		s.cfg = &config.Config{Dir: wd}
	}
	if !set["fail-on"] && s.cfg.FailOn != "" {
		*failOn = s.cfg.FailOn
	}
	if !set["sarif-category"] && s.cfg.SARIFCategory != "" {
		o.sarifCategory = s.cfg.SARIFCategory
	}
	eng, full, err := loadRules(ctx, o.rulesDir)
	if err != nil {
		return nil, err
	}
	if err := s.cfg.Validate(full); err != nil {
		return nil, err
	}
	if s.cat, err = s.cfg.Catalog(full); err != nil {
		return nil, err
	}
	s.eng = eng
	return s, nil
}

// automationID is the SARIF automationDetails.id: the category with a
// trailing slash, so GitHub reads it as the category and nothing run-specific,
// and alerts stay put from run to run.
func (s *session) automationID() string {
	c := strings.Trim(s.opts.sarifCategory, "/")
	if c == "" {
		return ""
	}
	return c + "/"
}

// apply drops what the configuration disables or excludes, marks suppressed
// findings, writes the baseline when asked, and drops findings the baseline
// holds. It returns the findings to report and notes about what it did;
// files is how many files were checked; in gives standard input's text and
// syntax for its inline memlint:ignore comments.
func (s *session) apply(findings []rules.Finding, base string, files int, in *stdinInput) ([]rules.Finding, []string, error) {
	findings = s.cfg.Filter(s.cat, findings)
	findings, notes := suppress.Apply(findings, suppress.Options{Config: s.cfg, Catalog: s.cat, Now: s.now, BaseDir: base, ReadFile: in.readSource, Ext: in.ext})
	// Read the baseline before writing one, so that the same file given to
	// both flags is compared with, then refreshed.
	var known map[string]bool
	if p := s.opts.baseline; p != "" {
		var err error
		if known, err = readBaseline(p); err != nil {
			return nil, nil, err
		}
	}
	if p := s.opts.writeBaseline; p != "" {
		var buf bytes.Buffer
		err := sarif.Write(&buf, s.cat, findings, sarif.Options{ToolVersion: ToolVersion(), BaseDir: base, AutomationID: s.automationID(), FilesChecked: files})
		if err == nil {
			err = os.WriteFile(p, buf.Bytes(), 0o644)
		}
		if err != nil {
			return nil, nil, fmt.Errorf("write baseline: %w", err)
		}
	}
	if p := s.opts.baseline; p != "" {
		var kept []rules.Finding
		es := identity.Entries(findings, base)
		for _, e := range es {
			if !known[e.Fingerprint] {
				kept = append(kept, e.Finding)
			}
		}
		if n := len(es) - len(kept); n > 0 {
			notes = append(notes, fmt.Sprintf("%d %s in the baseline %s not reported.", n, plural(n, "finding", "findings"), filepath.ToSlash(p)))
		}
		findings = kept
	}
	return findings, notes, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// readBaseline returns the fingerprints of a memlint SARIF baseline (what
// --write-baseline writes). Anything else — memlint's JSON report, {}, another
// tool's SARIF, a SARIF whose results carry no memlint fingerprint — is
// refused rather than read as a baseline that holds nothing.
func readBaseline(p string) (map[string]bool, error) {
	data, err := readRegular(p)
	if err != nil {
		return nil, fmt.Errorf("read baseline: %w", err)
	}
	var log struct {
		Version json.RawMessage `json:"version"`
		Runs    []struct {
			Tool struct {
				Driver struct {
					Name string `json:"name"`
				} `json:"driver"`
			} `json:"tool"`
			Results []struct {
				PartialFingerprints map[string]string `json:"partialFingerprints"`
			} `json:"results"`
		} `json:"runs"`
	}
	refuse := func(why string) error {
		return fmt.Errorf("baseline %s is not a memlint SARIF baseline (write one with --write-baseline): %s", filepath.ToSlash(p), why)
	}
	if err := json.Unmarshal(data, &log); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return nil, refuse(fmt.Sprintf("%s is a JSON %s, not what SARIF has there", cmp.Or(te.Field, "the document"), te.Value))
		}
		return nil, refuse("not JSON: " + err.Error())
	}
	switch {
	case log.Version == nil:
		return nil, refuse("it has no SARIF version")
	case string(log.Version) != `"2.1.0"`:
		return nil, refuse(fmt.Sprintf("version %s, want \"2.1.0\"", log.Version))
	case len(log.Runs) == 0:
		return nil, refuse("it has no runs")
	}
	known := map[string]bool{}
	for i, r := range log.Runs {
		if r.Tool.Driver.Name != identity.ToolName {
			return nil, refuse(fmt.Sprintf("run %d is by %q, not %s", i+1, r.Tool.Driver.Name, identity.ToolName))
		}
		for j, res := range r.Results {
			fp := res.PartialFingerprints[identity.FingerprintKey]
			if fp == "" {
				return nil, refuse(fmt.Sprintf("result %d of run %d has no %s partial fingerprint", j+1, i+1, identity.FingerprintKey))
			}
			known[fp] = true
		}
	}
	return known, nil
}

// CustomDocsURL is the helpUri of a custom rule that names no documentation
// in its METADATA related_resources: the README section on custom rules.
const CustomDocsURL = rules.RepoURL + "#custom-rules"

// loadRules returns the engine and the full catalog: the shipped rules alone
// (compiled once per process) or with the custom rules under dir.
func loadRules(ctx context.Context, dir string) (*rego.Engine, *rules.Catalog, error) {
	if dir == "" {
		return engine(ctx)
	}
	eng, cat, _, err := loadCustom(ctx, dir)
	return eng, cat, err
}

// loadCustom loads the shipped rules and the custom rules under dir, and
// returns which file holds each custom rule, by ID.
func loadCustom(ctx context.Context, dir string) (*rego.Engine, *rules.Catalog, map[string]string, error) {
	mods, err := readModules(dir, false)
	if err != nil {
		return nil, nil, nil, err
	}
	if len(mods) == 0 {
		return nil, nil, nil, fmt.Errorf("load custom rules: no .rego files under %s", dir)
	}
	eng, err := rego.Load(ctx, mods...)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("load custom rules: %w", err)
	}
	// Custom rules document themselves through related_resources; shipped
	// rules have generated pages.
	parsed, err := rego.Parse(mods)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("load custom rules: %w", err)
	}
	docs := map[string]string{}
	files := map[string]string{} // package → file
	for file, m := range parsed {
		path := m.Package.Path
		if len(path) != 4 {
			continue // a helper package, not a rule
		}
		pkg := fmt.Sprintf("%v/%v", path[2].Value, path[3].Value)
		files[pkg] = file
		for _, a := range m.Annotations {
			if a.Scope == "package" && len(a.RelatedResources) > 0 {
				docs[pkg] = a.RelatedResources[0].Ref.String()
			}
		}
	}
	shipped := shippedIDs()
	byID := map[string]string{}
	for _, m := range eng.Metas() {
		pkg := fmt.Sprintf("%q/%q", m.Category, m.Slug)
		file, custom := files[pkg]
		if !custom {
			continue
		}
		byID[m.ID] = file
		if shipped[m.ID] {
			return nil, nil, nil, fmt.Errorf("load custom rules: %s: id %s is a shipped rule's; custom rules use ML900-ML999", file, m.ID)
		}
		if m.HelpURI == "" {
			m.HelpURI = cmp.Or(docs[pkg], CustomDocsURL)
		}
	}
	cat, err := rules.NewCatalog(eng.Metas(), rules.Builtin)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("load custom rules: %w", err)
	}
	return eng, cat, byID, nil
}

// writeCustomDocs writes the documentation page of every custom rule under
// dir as README.md beside the rule file, with the rule's own bad-* and
// good-* scenarios as examples.
func writeCustomDocs(ctx context.Context, dir string, stdout io.Writer) error {
	_, cat, files, err := loadCustom(ctx, dir)
	if err != nil {
		return err
	}
	for _, m := range cat.Rules() {
		file, ok := files[m.ID]
		if !ok {
			continue
		}
		ruleDir := filepath.Dir(filepath.FromSlash(file))
		page, err := docs.CustomRulePage(m, os.DirFS(ruleDir), ".")
		if err != nil {
			return fmt.Errorf("document %s: %w", m.ID, err)
		}
		out := filepath.Join(ruleDir, "README.md")
		if err := os.WriteFile(out, page, 0o644); err != nil {
			return fmt.Errorf("document %s: %w", m.ID, err)
		}
		fmt.Fprintf(stdout, "%s %s: wrote %s\n", m.ID, m.Slug, filepath.ToSlash(out))
	}
	return nil
}

// shippedIDs are the IDs of the shipped rules.
func shippedIDs() map[string]bool {
	ids := map[string]bool{}
	if _, cat, err := engine(context.Background()); err == nil {
		for _, m := range cat.Rules() {
			ids[m.ID] = true
		}
	}
	return ids
}

// readModules reads the .rego files under dir, with or without _test.rego
// files, in path order. Module paths are the files' paths as found from dir,
// so compile errors name them as the user knows them.
func readModules(dir string, withTests bool) ([]rego.Module, error) {
	var mods []rego.Module
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !strings.HasSuffix(p, ".rego") || (!withTests && strings.HasSuffix(p, "_test.rego")) {
			return nil
		}
		b, err := readRegular(p)
		if err != nil {
			return err
		}
		mods = append(mods, rego.Module{Path: filepath.ToSlash(p), Src: string(b)})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("read custom rules: %w", err)
	}
	return mods, nil
}

// errTestsFailed makes memlint rules --test exit 1.
var errTestsFailed = errors.New("rule tests failed")

// testRules runs the _test.rego files under dir, then the bad-*/good-*
// scenarios beside each custom rule, and prints one line per test.
func testRules(ctx context.Context, dir string, stdout io.Writer) error {
	mods, err := readModules(dir, true)
	if err != nil {
		return err
	}
	results, err := rego.RunTests(ctx, mods)
	if err != nil {
		return fmt.Errorf("test custom rules: %w", err)
	}
	var pass, fail, skip int
	for _, r := range results {
		status := "PASS"
		switch {
		case r.Err != nil:
			status, fail = "ERROR", fail+1
		case r.Fail:
			status, fail = "FAIL", fail+1
		case r.Skip:
			status, skip = "SKIP", skip+1
		default:
			pass++
		}
		fmt.Fprintf(stdout, "%-5s %s (%s)\n", status, r.Name, r.Location)
		if r.Err != nil {
			fmt.Fprintf(stdout, "      %v\n", r.Err)
		}
	}
	sp, sf, err := runScenarios(ctx, dir, stdout)
	if err != nil {
		return err
	}
	pass, fail = pass+sp, fail+sf
	if pass+fail+skip == 0 {
		return fmt.Errorf("test custom rules: no test_ rules or scenarios under %s", dir)
	}
	fmt.Fprintf(stdout, "%d passed, %d failed, %d skipped\n", pass, fail, skip)
	if fail > 0 {
		return errTestsFailed
	}
	return nil
}
