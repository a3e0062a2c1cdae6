package output

import (
	"encoding/json"
	"io"

	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/rules"
)

// JSONVersion is the version of the JSON report schema. It changes only when a
// field is removed or changes meaning; new fields may appear without it.
const JSONVersion = 1

// jsonReport is the top level of the JSON report; the package comment
// documents every field.
type jsonReport struct {
	Version  int           `json:"version"`
	Tool     jsonTool      `json:"tool"`
	Findings []jsonFinding `json:"findings"`
	Notes    []string      `json:"notes"`
	// Errors is present only when the run failed (exit status 2).
	Errors  []string    `json:"errors,omitempty"`
	Summary jsonSummary `json:"summary"`
}

type jsonTool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

type jsonFinding struct {
	RuleID      string        `json:"ruleId"`
	Slug        string        `json:"slug"`
	Severity    string        `json:"severity"`
	Title       string        `json:"title"`
	Message     string        `json:"message"`
	Location    jsonLocation  `json:"location"`
	Related     []jsonRelated `json:"related"`
	Resource    string        `json:"resource,omitempty"`
	Anchor      string        `json:"anchor,omitempty"`
	HelpURI     string        `json:"helpUri"`
	Fingerprint string        `json:"fingerprint"`
	// Suppression is present only on suppressed findings.
	Suppression *rules.Suppression `json:"suppression,omitempty"`
}

type jsonLocation struct {
	File      string `json:"file"`
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"endLine"`
	EndColumn int    `json:"endColumn"`
}

type jsonRelated struct {
	Location jsonLocation `json:"location"`
	Message  string       `json:"message"`
}

type jsonSummary struct {
	FilesChecked int            `json:"filesChecked"`
	Total        int            `json:"total"` // findings not suppressed
	BySeverity   jsonBySeverity `json:"bySeverity"`
	Suppressed   int            `json:"suppressed"`
}

// jsonBySeverity is a struct rather than a map so that the keys keep
// severity order and all of them are always present.
type jsonBySeverity struct {
	Critical int `json:"critical"`
	High     int `json:"high"`
	Medium   int `json:"medium"`
	Low      int `json:"low"`
	Info     int `json:"info"`
}

// jsonPrinter writes the JSON report.
type jsonPrinter struct{}

func (jsonPrinter) Print(w io.Writer, r Report) error {
	its, err := items(r)
	if err != nil {
		return err
	}
	rep := jsonReport{
		Version:  JSONVersion,
		Tool:     jsonTool{Name: identity.ToolName, Version: identity.Version(r.ToolVersion)},
		Findings: make([]jsonFinding, 0, len(its)),
		Notes:    append([]string{}, r.Notes...),
		Errors:   r.Errors,
	}
	for _, it := range its {
		f := jsonFinding{
			RuleID:      it.RuleID,
			Slug:        it.meta.Slug,
			Severity:    string(it.sev),
			Title:       it.meta.Title,
			Message:     it.Msg,
			Location:    location(it.Path, it.Loc),
			Related:     make([]jsonRelated, 0, len(it.Related)),
			Resource:    it.Resource,
			Anchor:      it.Anchor,
			HelpURI:     it.meta.HelpURI,
			Fingerprint: it.Fingerprint,
			Suppression: it.Suppression,
		}
		for _, rel := range it.Related {
			f.Related = append(f.Related, jsonRelated{
				Location: location(identity.RelPath(r.BaseDir, rel.Loc.File), rel.Loc),
				Message:  rel.Msg,
			})
		}
		rep.Findings = append(rep.Findings, f)
	}
	n := counts(its)
	active, suppressed := split(its)
	rep.Summary = jsonSummary{FilesChecked: r.FilesChecked, Total: len(active), Suppressed: len(suppressed), BySeverity: jsonBySeverity{
		Critical: n[rules.Critical], High: n[rules.High], Medium: n[rules.Medium], Low: n[rules.Low], Info: n[rules.Info],
	}}

	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(rep)
}

func location(path string, loc rules.Location) jsonLocation {
	return jsonLocation{File: path, Line: int(loc.Line), Column: int(loc.Col), EndLine: int(loc.EndLine), EndColumn: int(loc.EndCol)}
}
