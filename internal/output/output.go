package output

import (
	"fmt"
	"io"
	"strings"

	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/internal/termsafe"
	"github.com/memlint/memlint/rules"
	"github.com/memlint/memlint/sarif"
)

// The output formats New accepts.
const (
	Text  = "text"  // one line per finding, for people
	JSON  = "json"  // memlint's own schema, documented in the package comment
	SARIF = "sarif" // SARIF 2.1.0, written by package sarif
	// GitHub is GitHub Actions workflow commands: annotations on the diff.
	GitHub     = "github"
	JUnit      = "junit"      // JUnit XML (GitLab, Jenkins)
	Checkstyle = "checkstyle" // Checkstyle XML (reviewdog, Jenkins)
	Markdown   = "markdown"   // a table for a CI summary page
)

// Formats lists the output formats, default first.
var Formats = []string{Text, JSON, SARIF, GitHub, JUnit, Checkstyle, Markdown}

// Report is everything a printer may show.
type Report struct {
	// Catalog names the rules findings refer to; every finding's RuleID must
	// be in it.
	Catalog *rules.Catalog
	// Findings in any order; printers sort them (see [identity.Entries]).
	Findings []rules.Finding
	// BaseDir is the directory file paths are shown relative to.
	BaseDir string
	// Notes are things memlint could not check or decided to skip, printed in
	// the order given.
	Notes []string
	// ToolVersion is memlint's version; every format writes it as
	// [identity.Version] spells it.
	ToolVersion string
	// AutomationID is the SARIF automationDetails.id (empty: the default).
	AutomationID string
	// ShowSuppressed makes the text format list suppressed findings too;
	// JSON and SARIF always carry them, marked.
	ShowSuppressed bool
	// Errors are why the run failed (exit status 2: a manifest or
	// configuration error); JSON and SARIF carry them so a report is still
	// written, the text format leaves them to standard error.
	Errors []string
	// FilesChecked is how many files were taken to be memlint inputs and
	// checked; every format reports it, so an empty input is not mistaken
	// for a clean one.
	FilesChecked int
	// ShowSource makes the text format print each finding's source line with
	// a caret under its column, read with ReadSource (nil: os.ReadFile) from
	// the finding's file as loaded.
	ShowSource bool
	ReadSource func(file string) ([]byte, error)
	// Quiet leaves the notes and the summary line out of the text format.
	Quiet bool
}

// Printer writes a report in one format.
type Printer interface {
	Print(w io.Writer, r Report) error
}

// New returns the printer for format. color asks for ANSI colours; only the
// text format uses them, and the caller decides (a terminal, no NO_COLOR).
func New(format string, color bool) (Printer, error) {
	switch format {
	case Text:
		return &textPrinter{color: color}, nil
	case JSON:
		return jsonPrinter{}, nil
	case SARIF:
		return sarifPrinter{}, nil
	case GitHub:
		return githubPrinter{}, nil
	case JUnit:
		return junitPrinter{}, nil
	case Checkstyle:
		return checkstylePrinter{}, nil
	case Markdown:
		return markdownPrinter{}, nil
	}
	return nil, fmt.Errorf("unknown output format %q (want %s)", format, strings.Join(Formats, ", "))
}

// sarifPrinter delegates to package sarif, so the CLI has one registry.
type sarifPrinter struct{}

func (sarifPrinter) Print(w io.Writer, r Report) error {
	return sarif.Write(w, r.Catalog, r.Findings, sarif.Options{ToolVersion: r.ToolVersion, BaseDir: r.BaseDir, AutomationID: r.AutomationID, Notes: r.Notes, Errors: r.Errors, FilesChecked: r.FilesChecked})
}

// item is an entry with its rule and effective severity resolved.
type item struct {
	identity.Entry
	meta *rules.Meta
	sev  rules.Severity
}

// items puts the report's findings in report order and resolves their rules;
// a finding that names no rule of the catalog is an error, as in SARIF.
func items(r Report) ([]item, error) {
	if r.Catalog == nil && len(r.Findings) > 0 {
		return nil, fmt.Errorf("print report: no rule catalog")
	}
	var out []item
	for _, e := range identity.Entries(r.Findings, r.BaseDir) {
		m, ok := r.Catalog.Lookup(e.RuleID)
		if !ok || m.ID != e.RuleID {
			return nil, fmt.Errorf("print report: finding at %s names unknown rule %q", e.Loc, e.RuleID)
		}
		sev := e.Severity
		if sev.Rank() == 0 {
			sev = m.Severity
		}
		out = append(out, item{Entry: e, meta: m, sev: sev})
	}
	return out, nil
}

// counts tallies the items that are not suppressed by severity.
func counts(its []item) map[rules.Severity]int {
	n := map[rules.Severity]int{}
	for _, it := range its {
		if it.Suppression == nil {
			n[it.sev]++
		}
	}
	return n
}

// split separates active items from suppressed ones, keeping order.
func split(its []item) (active, suppressed []item) {
	for _, it := range its {
		if it.Suppression != nil {
			suppressed = append(suppressed, it)
		} else {
			active = append(active, it)
		}
	}
	return active, suppressed
}

// oneLine makes text safe to print on one terminal line: line breaks and tabs
// become single spaces, and the rest is escaped as termsafe.Line does, so a
// value quoted from an input file can neither move the cursor, change
// colours nor reorder what is shown.
func oneLine(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if r == '\r' || r == '\n' || r == '\t' {
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = r == ' '
	}
	return strings.TrimSpace(termsafe.Line(b.String()))
}
