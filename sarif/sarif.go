package sarif

import (
	"bytes"
	"cmp"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strings"

	gosarif "github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/rules"
)

// ToolName is the SARIF tool.driver.name.
const ToolName = identity.ToolName

// SrcRoot is the uriBaseId of every artifact location: the directory that
// [Options.BaseDir] named, which in CI is the repository checkout.
const SrcRoot = "%SRCROOT%"

// DefaultAutomationID is the run's automationDetails.id when
// [Options.AutomationID] is empty. The trailing slash makes it a GitHub
// code scanning category with no run-specific part.
const DefaultAutomationID = "memlint/"

// Options tune Write. The zero value is usable.
type Options struct {
	// ToolVersion is memlint's version, written as tool.driver.version without
	// a leading "v" (and as semanticVersion when it is a semantic version). A
	// version that does not start with a digit is written "0.0.0-<version>";
	// empty means "devel".
	ToolVersion string
	// BaseDir is the directory finding paths are made relative to; URIs are
	// relative to it and based on %SRCROOT%. For GitHub it must be the
	// repository root. Empty leaves paths as they are.
	BaseDir string
	// AutomationID is automationDetails.id. GitHub treats everything up to the
	// last "/" as the analysis category, so uploads with different categories
	// for one commit do not close each other's alerts. Empty means
	// DefaultAutomationID.
	AutomationID string
	// Notes are things the run could not check or decided (an ignore entry
	// that expired, a document whose kind could not be inferred), written as
	// toolExecutionNotifications of level "note" in the run's invocation so
	// that code scanning shows them with the analysis.
	Notes []string
	// Errors are why the run failed (exit status 2: a manifest or
	// configuration error), written as toolExecutionNotifications of level
	// "error" in an invocation whose executionSuccessful is false. A log
	// with errors is still a valid log, so an upload step that always runs
	// shows the failure rather than choking on an empty file.
	Errors []string
	// FilesChecked is how many files the run checked, written as the run's
	// property filesChecked so that an empty input is not read as a clean one.
	FilesChecked int
}

// Write writes findings as a SARIF 2.1.0 log with one run. Every rule of cat
// appears in tool.driver.rules, ordered by ID, whether or not it fired; results
// follow the order of [Entries]. Every finding must name a rule of cat and a
// file. The output is indented JSON ending in a newline, identical for
// identical input.
func Write(w io.Writer, cat *rules.Catalog, findings []rules.Finding, opts Options) error {
	report, err := build(cat, findings, opts)
	if err != nil {
		return err
	}
	var raw bytes.Buffer
	if err := report.Write(&raw); err != nil {
		return fmt.Errorf("encode sarif: %w", err)
	}
	out, err := compact(raw.Bytes())
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

// build assembles the go-sarif report, before compact removes its defaults.
func build(cat *rules.Catalog, findings []rules.Finding, opts Options) (*gosarif.Report, error) {
	if cat == nil {
		return nil, fmt.Errorf("write sarif: no rule catalog")
	}
	version := toolVersion(opts.ToolVersion)
	run := gosarif.NewRunWithInformationURI(ToolName, rules.RepoURL)
	run.Tool.Driver.WithVersion(version)
	if semver.MatchString(version) {
		run.Tool.Driver.WithSemanticVersion(version)
	}

	ruleIndex := map[string]int{}
	for i, m := range cat.Rules() {
		run.Tool.Driver.AddRule(descriptor(m))
		ruleIndex[m.ID] = i
	}

	entries := identity.Entries(findings, opts.BaseDir)
	artifacts, err := artifactIndex(entries, opts.BaseDir)
	if err != nil {
		return nil, err
	}
	for _, path := range slices.Sorted(maps.Keys(artifacts)) {
		run.AddArtifact(gosarif.NewArtifact().
			WithLocation(artifactLocation(path, -1)).
			WithRoles([]string{"analysisTarget"}))
	}

	for _, e := range entries {
		m, ok := cat.Lookup(e.RuleID)
		if !ok || m.ID != e.RuleID {
			return nil, fmt.Errorf("write sarif: finding at %s names unknown rule %q", e.Loc, e.RuleID)
		}
		sev := e.Severity
		if sev.Rank() == 0 {
			sev = m.Severity
		}
		res := gosarif.NewRuleResult(m.ID).
			WithRuleIndex(ruleIndex[m.ID]).
			WithLevel(sev.Level()).
			WithMessage(gosarif.NewTextMessage(flatten(e.Msg))).
			WithPartialFingerprints(map[string]string{identity.FingerprintKey: e.Fingerprint}).
			AddLocation(location(e.Path, e.Loc, artifacts))
		for i, r := range e.Related {
			loc := gosarif.NewLocation().
				WithID(i + 1).
				WithMessage(gosarif.NewTextMessage(flatten(r.Msg)))
			if r.Loc.File != "" {
				loc.WithPhysicalLocation(physical(identity.RelPath(opts.BaseDir, r.Loc.File), r.Loc, artifacts))
			}
			res.AddRelatedLocation(loc)
		}
		if sup := e.Suppression; sup != nil {
			// Suppressed results stay in the log so GitHub shows them as
			// dismissed rather than as fixed; status is left to its default
			// ("accepted": the suppression is in force).
			res.AddSuppression(gosarif.NewSuppression().WithKind(sup.Kind).WithJustification(sup.Justification))
		}
		run.AddResult(res)
	}

	// %SRCROOT% is left without a uri: an absolute path would make the log
	// depend on where it was produced, and consumers (GitHub, the SARIF viewer)
	// resolve it to the checkout themselves.
	run.WithOriginalUriBaseIds(map[string]gosarif.ArtifactLocation{
		SrcRoot: *gosarif.NewArtifactLocation().WithDescription(
			gosarif.NewTextMessage("The directory memlint was asked to report paths relative to, normally the repository root.")),
	})
	if len(opts.Notes) > 0 || len(opts.Errors) > 0 {
		inv := gosarif.NewInvocation().WithExecutionSuccessful(len(opts.Errors) == 0)
		for _, e := range opts.Errors {
			inv.AddToolExecutionNotification(gosarif.NewNotification().
				WithLevel("error").
				WithMessage(gosarif.NewTextMessage(flatten(e))))
		}
		for _, n := range opts.Notes {
			inv.AddToolExecutionNotification(gosarif.NewNotification().
				WithLevel("note").
				WithMessage(gosarif.NewTextMessage(flatten(n))))
		}
		run.AddInvocation(inv)
	}
	run.WithColumnKind("utf16CodeUnits")
	props := gosarif.NewPropertyBag()
	props.Add("filesChecked", opts.FilesChecked)
	run.WithProperties(props)
	run.WithAutomationDetails(gosarif.NewRunAutomationDetails().WithID(cmp.Or(opts.AutomationID, DefaultAutomationID)))

	return gosarif.NewReport().AddRun(run), nil
}

// descriptor maps a rule's metadata to its SARIF reportingDescriptor.
func descriptor(m *rules.Meta) *gosarif.ReportingDescriptor {
	desc := strings.TrimSpace(m.Description)
	remedy := strings.TrimSpace(m.Remediation)

	tags := []string{"security", m.Category}
	for _, t := range m.Tags {
		if !slices.Contains(tags, t) {
			tags = append(tags, t)
		}
	}
	if m.Deprecated && !slices.Contains(tags, "deprecated") {
		tags = append(tags, "deprecated")
	}
	props := gosarif.NewPropertyBag().WithTags(tags)
	props.Add("security-severity", m.Severity.SecurityScore())
	props.Add("precision", precision(m))

	return gosarif.NewRule(m.ID).
		WithName(m.Name()).
		WithShortDescription(gosarif.NewMultiformatMessageString().WithText(m.Title)).
		WithFullDescription(gosarif.NewMultiformatMessageString().WithText(desc)).
		WithHelp(gosarif.NewMultiformatMessageString().
			WithText(fmt.Sprintf("%s\n\nRemediation: %s\n\nDocumentation: %s", desc, remedy, m.HelpURI)).
			WithMarkdown(fmt.Sprintf("%s\n\n**Remediation:** %s\n\n[%s %s documentation](%s)",
				markdown(desc), markdown(remedy), m.ID, m.Slug, m.HelpURI))).
		WithHelpURI(m.HelpURI).
		WithDefaultConfiguration(gosarif.NewReportingConfiguration().WithLevel(m.Severity.Level())).
		WithProperties(props)
}

// precision is the GitHub "precision" property: how often the rule is right
// when it fires. Go-side rules report facts about the input itself (a document
// does not parse); Rego rules reason about what a policy grants, where a
// condition memlint cannot evaluate may still make it wrong.
func precision(m *rules.Meta) string {
	if m.Go {
		return "very-high"
	}
	return "high"
}

// artifactIndex assigns artifact indexes to every file a result or related
// location names, in path order.
func artifactIndex(entries []identity.Entry, baseDir string) (map[string]int, error) {
	set := map[string]int{}
	for _, e := range entries {
		if e.Path == "" {
			return nil, fmt.Errorf("write sarif: %s finding %q names no file", e.RuleID, e.Msg)
		}
		set[e.Path] = 0
		for _, r := range e.Related {
			if r.Loc.File != "" {
				set[identity.RelPath(baseDir, r.Loc.File)] = 0
			}
		}
	}
	for i, p := range slices.Sorted(maps.Keys(set)) {
		set[p] = i
	}
	return set, nil
}

func location(path string, loc rules.Location, artifacts map[string]int) *gosarif.Location {
	return gosarif.NewLocationWithPhysicalLocation(physical(path, loc, artifacts))
}

func physical(path string, loc rules.Location, artifacts map[string]int) *gosarif.PhysicalLocation {
	return gosarif.NewPhysicalLocation().
		WithArtifactLocation(artifactLocation(path, artifacts[path])).
		WithRegion(region(loc))
}

func artifactLocation(path string, index int) *gosarif.ArtifactLocation {
	return gosarif.NewArtifactLocation().WithURI(identity.URI(path)).WithURIBaseID(SrcRoot).WithIndex(index)
}

// region maps a location to a SARIF region. GitHub requires startLine, so a
// finding about a whole file (line 0) is placed on line 1. Zero columns and
// end positions are left out, which SARIF reads as "start of line" and "end of
// the start line"; an end before the start is dropped rather than written
// inconsistent (SARIF1007).
func region(loc rules.Location) *gosarif.Region {
	line, col, endLine, endCol := int(loc.Line), int(loc.Col), int(loc.EndLine), int(loc.EndCol)
	r := gosarif.NewRegion().WithStartLine(max(line, 1))
	if line == 0 {
		return r
	}
	if col > 0 {
		r.WithStartColumn(col)
	}
	switch {
	case endLine > line:
		r.WithEndLine(endLine)
		if endCol > 0 {
			r.WithEndColumn(endCol)
		}
	case endLine == line && endCol >= max(col, 1):
		r.WithEndLine(endLine).WithEndColumn(endCol)
	}
	return r
}

// markdownSpecial are the characters CommonMark may read as markup anywhere
// in a line.
var markdownSpecial = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`, `<`, `\<`, `>`, `\>`)

// markdown escapes plain text for help.markdown. Rule metadata is plain text,
// and ARN placeholders such as arn:aws:iam::<account>:root would otherwise be
// dropped as HTML tags, and "*" principals read as emphasis. A line that
// starts with a heading or list marker is escaped too.
func markdown(s string) string {
	lines := strings.Split(markdownSpecial.Replace(s), "\n")
	for i, l := range lines {
		trimmed := strings.TrimLeft(l, " ")
		if trimmed != "" && strings.ContainsRune("#-+", rune(trimmed[0])) {
			lines[i] = l[:len(l)-len(trimmed)] + `\` + trimmed
		}
	}
	return strings.Join(lines, "\n")
}

// flatten makes a message one line: SARIF message text is plain text and
// GitHub shows its first line as the alert title.
func flatten(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool { return r == '\n' || r == '\r' }), " ")
}

// toolVersion is v as every report writes it ([identity.Version]): it starts
// with a digit, as SARIF2005 wants of tool.driver.version so versions compare.
func toolVersion(v string) string { return identity.Version(v) }

// semver matches a semantic version 2.0.0, optionally with a leading "v".
var semver = regexp.MustCompile(`^v?(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)` +
	`(-(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9][0-9]*|[0-9]*[a-zA-Z-][0-9a-zA-Z-]*))*)?` +
	`(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$`)
