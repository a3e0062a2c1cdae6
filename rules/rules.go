// Package rules is memlint's public rule catalog: the metadata every rule
// carries, the findings rules produce, and the embedded Rego rule tree.
//
// Rules are written in Rego, one folder per rule under rules/<series>/<slug>/,
// with their metadata in a package-scope "# METADATA" block. A few checks can
// only be made in Go (a document that does not parse cannot be handed to Rego);
// those declare their metadata in builtin.go. Both kinds share the Meta type, and
// every output format reads only Meta and Finding.
package rules

import (
	"cmp"
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// FS holds the Rego rules of the catalog and their tests, as shipped.
//
//go:embed all:policy all:rbp all:trust all:role all:destination all:consumer all:definition
var FS embed.FS

// Severity is a rule's default severity, as the catalog names it.
type Severity string

// The severities of the rule catalog, from most to least severe.
const (
	Critical Severity = "critical"
	High     Severity = "high"
	Medium   Severity = "medium"
	Low      Severity = "low"
	Info     Severity = "info"
)

// Severities lists every severity, most severe first.
var Severities = []Severity{Critical, High, Medium, Low, Info}

// Rank orders severities: Critical is 5, Info is 1, unknown values 0.
func (s Severity) Rank() int {
	switch s {
	case Critical:
		return 5
	case High:
		return 4
	case Medium:
		return 3
	case Low:
		return 2
	case Info:
		return 1
	}
	return 0
}

// Level is the SARIF level of a severity: error, warning or note.
func (s Severity) Level() string {
	switch s {
	case Critical, High:
		return "error"
	case Medium:
		return "warning"
	}
	return "note"
}

// SecurityScore is the SARIF "security-severity" property GitHub code scanning
// buckets alerts by.
func (s Severity) SecurityScore() string {
	switch s {
	case Critical:
		return "9.5"
	case High:
		return "8.0"
	case Medium:
		return "5.5"
	case Low:
		return "3.0"
	}
	return "1.0"
}

// ParseSeverity accepts a severity name, case-insensitively.
func ParseSeverity(s string) (Severity, error) {
	v := Severity(strings.ToLower(s))
	if v.Rank() == 0 {
		return "", fmt.Errorf("unknown severity %q (want critical, high, medium, low or info)", s)
	}
	return v, nil
}

// Meta describes one rule. Rego rules decode it from their METADATA block;
// Go-side rules declare it in builtin.go.
type Meta struct {
	ID          string   `json:"id"`          // stable catalog ID, ML001…ML704
	Slug        string   `json:"slug"`        // catalog slug, kebab-case
	Category    string   `json:"category"`    // series folder: policy, rbp, trust, …
	Title       string   `json:"title"`       // one line, no trailing period
	Description string   `json:"description"` // what it checks and why it matters
	Remediation string   `json:"remediation"` // how to fix
	Severity    Severity `json:"severity"`
	HelpURI     string   `json:"helpUri"`
	Inputs      []string `json:"inputs"` // evaluation units the rule reads (see package rego)
	Tags        []string `json:"tags,omitempty"`
	Deprecated  bool     `json:"deprecated,omitempty"`
	// AccessAnalyzer names the IAM Access Analyzer issue codes the rule agrees with.
	AccessAnalyzer []string `json:"accessAnalyzer,omitempty"`
	// Go is true for rules implemented in Go rather than Rego.
	Go bool `json:"-"`
}

// Name is the SARIF friendly name: the slug in PascalCase.
func (m *Meta) Name() string {
	var b strings.Builder
	for _, part := range strings.Split(m.Slug, "-") {
		if part == "" {
			continue
		}
		b.WriteString(strings.ToUpper(part[:1]))
		b.WriteString(part[1:])
	}
	return b.String()
}

// Location is a span in an input file. Lines and columns are 1-based; columns
// count UTF-16 code units, as SARIF does. EndCol is exclusive.
type Location struct {
	File    string `json:"file"`
	Line    int32  `json:"line"`
	Col     int32  `json:"column"`
	EndLine int32  `json:"endLine"`
	EndCol  int32  `json:"endColumn"`
}

// IsZero reports whether the location names nothing.
func (l Location) IsZero() bool { return l.File == "" && l.Line == 0 }

// String prints file:line:col, the compiler convention.
func (l Location) String() string {
	if l.Line == 0 {
		return l.File
	}
	return fmt.Sprintf("%s:%d:%d", l.File, l.Line, l.Col)
}

// Compare orders locations by file, line, column, then end.
func (l Location) Compare(o Location) int {
	return cmp.Or(
		strings.Compare(l.File, o.File),
		cmp.Compare(l.Line, o.Line),
		cmp.Compare(l.Col, o.Col),
		cmp.Compare(l.EndLine, o.EndLine),
		cmp.Compare(l.EndCol, o.EndCol),
	)
}

// Related is another place a finding involves: the other side of a gap.
type Related struct {
	Loc Location `json:"location"`
	Msg string   `json:"message"`
}

// Finding is one reported problem.
type Finding struct {
	RuleID   string    `json:"ruleId"`
	Severity Severity  `json:"severity"` // effective severity (a rule may lower its own)
	Msg      string    `json:"message"`
	Loc      Location  `json:"location"`
	Related  []Related `json:"related,omitempty"`
	// Resource is the ARN (or file, when none is known) the finding is about and
	// Anchor the statement (Sid, else "#index") or element it names; with the rule
	// ID and file they make a fingerprint that survives moved lines.
	Resource string `json:"resource,omitempty"`
	Anchor   string `json:"anchor,omitempty"`
	// Suppression is set when a config ignore entry or an inline comment
	// suppresses the finding: it is still reported (SARIF suppressions, JSON)
	// but hidden from text output and never fails the run.
	Suppression *Suppression `json:"suppression,omitempty"`
}

// The kinds of suppression, as SARIF names them.
const (
	SuppressExternal = "external" // an ignore entry of the config file
	SuppressInSource = "inSource" // a memlint:ignore comment in the input
)

// Suppression says why a finding is accepted.
type Suppression struct {
	Kind          string `json:"kind"`          // SuppressExternal or SuppressInSource
	Justification string `json:"justification"` // the reason its author gave
	Source        string `json:"source"`        // where it was declared, file:line
}

// Compare orders findings by location, then rule ID, then message, and
// then by everything else they hold, so that only exact duplicates compare
// equal: one Deny statement that removes a grant from two memories is two
// findings with one location and message, and which of them a report
// kept must not depend on the order they were found in.
func (f *Finding) Compare(o *Finding) int {
	if c := cmp.Or(f.Loc.Compare(o.Loc), strings.Compare(f.RuleID, o.RuleID), strings.Compare(f.Msg, o.Msg),
		strings.Compare(string(f.Severity), string(o.Severity)), strings.Compare(f.Resource, o.Resource),
		strings.Compare(f.Anchor, o.Anchor)); c != 0 {
		return c
	}
	if c := slices.CompareFunc(f.Related, o.Related, func(a, b Related) int {
		return cmp.Or(a.Loc.Compare(b.Loc), strings.Compare(a.Msg, b.Msg))
	}); c != 0 {
		return c
	}
	switch a, b := f.Suppression, o.Suppression; {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return -1
	case b == nil:
		return 1
	default:
		return cmp.Or(strings.Compare(a.Kind, b.Kind), strings.Compare(a.Justification, b.Justification), strings.Compare(a.Source, b.Source))
	}
}

// Sort sorts findings into report order and drops exact duplicates.
func Sort(fs []Finding) []Finding {
	slices.SortFunc(fs, func(a, b Finding) int { return a.Compare(&b) })
	return slices.CompactFunc(fs, func(a, b Finding) bool { return a.Compare(&b) == 0 })
}

// Catalog is the validated set of rules, ordered by ID.
type Catalog struct {
	rules []*Meta
	byID  map[string]*Meta
}

var (
	idPattern   = regexp.MustCompile(`^ML[0-9]{3}$`)
	slugPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
)

// NewCatalog merges rule metadata and checks it: IDs and slugs unique and well
// formed, required fields present, severities known.
func NewCatalog(metas ...[]*Meta) (*Catalog, error) {
	c := &Catalog{byID: map[string]*Meta{}}
	slugs := map[string]string{}
	for _, ms := range metas {
		for _, m := range ms {
			switch {
			case !idPattern.MatchString(m.ID):
				return nil, fmt.Errorf("rule %q: id is not of the form MLnnn", m.ID)
			case !slugPattern.MatchString(m.Slug):
				return nil, fmt.Errorf("rule %s: slug %q is not kebab-case", m.ID, m.Slug)
			case m.Title == "" || m.Description == "" || m.Remediation == "":
				return nil, fmt.Errorf("rule %s: title, description and remediation are required", m.ID)
			case m.Severity.Rank() == 0:
				return nil, fmt.Errorf("rule %s: unknown severity %q", m.ID, m.Severity)
			case m.Category == "":
				return nil, fmt.Errorf("rule %s: no category", m.ID)
			}
			if _, dup := c.byID[m.ID]; dup {
				return nil, fmt.Errorf("rule %s: duplicate id", m.ID)
			}
			if other, dup := slugs[m.Slug]; dup {
				return nil, fmt.Errorf("rule %s: slug %q already used by %s", m.ID, m.Slug, other)
			}
			if m.HelpURI == "" {
				m.HelpURI = DocsURL(m)
			}
			c.byID[m.ID] = m
			slugs[m.Slug] = m.ID
			c.rules = append(c.rules, m)
		}
	}
	slices.SortFunc(c.rules, func(a, b *Meta) int { return strings.Compare(a.ID, b.ID) })
	return c, nil
}

// RepoURL is where the rule documentation lives.
const RepoURL = "https://github.com/memlint/memlint"

// DocsURL is the documentation page of a rule: its generated README.
func DocsURL(m *Meta) string {
	return fmt.Sprintf("%s/blob/main/rules/%s/%s/README.md", RepoURL, m.Category, m.Slug)
}

// Rules returns every rule, ordered by ID.
func (c *Catalog) Rules() []*Meta { return c.rules }

// Lookup finds a rule by ID or slug (case-insensitive ID).
func (c *Catalog) Lookup(idOrSlug string) (*Meta, bool) {
	if m, ok := c.byID[strings.ToUpper(idOrSlug)]; ok {
		return m, true
	}
	for _, m := range c.rules {
		if m.Slug == idOrSlug {
			return m, true
		}
	}
	return nil, false
}
