package audit

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/memlint/memlint/internal/termsafe"
	"github.com/memlint/memlint/rules"
)

// Schema is the JSON schema identifier of WriteJSON.
const Schema = "memlint.diff/v1"

// RewritePaths maps every file path of the result (changes, findings and
// their related locations) through f: a version read from a temporary
// directory (memlint diff --git) then names the paths of the repository.
func (res *Result) RewritePaths(f func(string) string) {
	for _, c := range res.Changes {
		c.Location.File = f(c.Location.File)
	}
	for i := range res.Findings {
		res.Findings[i].Loc.File = f(res.Findings[i].Loc.File)
		for j := range res.Findings[i].Related {
			res.Findings[i].Related[j].Loc.File = f(res.Findings[i].Related[j].Loc.File)
		}
	}
}

// evidenceText sums the evidence up in one line, "" when none was given.
func (res *Result) evidenceText() string {
	ev := res.Evidence
	if ev == nil {
		return ""
	}
	s := fmt.Sprintf("evidence: %d CloudTrail %s, %d %s; window %s to %s; %d AgentCore %s in it",
		len(ev.Files), plural(len(ev.Files), "file", "files"), ev.Records, plural(int(ev.Records), "record", "records"),
		day(ev.Since), day(ev.Until), ev.Source, plural(int(ev.Source), "record", "records"))
	if ev.Source == 0 {
		s += " (data events may not be logged)"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// usageText is the evidence column of a change.
func usageText(u *Usage) string {
	if u == nil {
		return "-"
	}
	switch u.Status {
	case EvidenceUsed:
		s := fmt.Sprintf("used: %s, last %s", calls(u.Success, "call"), stamp(u.LastSuccess))
		if u.Denied > 0 {
			s += fmt.Sprintf(", %d denied", u.Denied)
		}
		return s
	case EvidenceUnused:
		if u.Denied > 0 {
			return fmt.Sprintf("unused (%d denied)", u.Denied)
		}
		return "unused"
	case EvidenceNone:
		return "no records given"
	case EvidenceNotLogged:
		return "no evidence (data events may not be logged)"
	case EvidenceNotSeen:
		return "no evidence (no record of this memory)"
	case EvidenceNA:
		return "not attributable"
	}
	return u.Status
}

func changeText(c *Change) string {
	if c.Certain {
		return c.Change
	}
	return "may be " + c.Change
}

// WriteTable writes the changes as a table per memory, and the evidence
// line; "no change in access" when there is none.
func (res *Result) WriteTable(w io.Writer) error {
	if len(res.Changes) == 0 {
		fmt.Fprintln(w, "no change in access")
	}
	var mem string
	var tw *tabwriter.Writer
	flush := func() {
		if tw != nil {
			tw.Flush()
		}
	}
	for _, c := range res.Changes {
		if c.Memory != mem {
			flush()
			if mem != "" {
				fmt.Fprintln(w)
			}
			mem = c.Memory
			fmt.Fprintf(w, "memory %s (%s)\n", termsafe.Line(c.MemoryName), termsafe.Line(c.Memory))
			tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "  CHANGE\tPRINCIPAL\tACTION\tOLD\tNEW\tEVIDENCE\tAT")
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\t%s\n", changeText(c), termsafe.Line(c.Principal), short(c.Action), c.Old, c.New, usageText(c.Usage), termsafe.Line(c.Location.String()))
	}
	flush()
	if e := res.evidenceText(); e != "" {
		fmt.Fprintln(w, e)
	}
	return nil
}

// jsonReport is WriteJSON's object.
type jsonReport struct {
	Schema   string          `json:"schema"`
	Safe     bool            `json:"safe"`
	Evidence *jsonEvidence   `json:"evidence"`
	Changes  []*Change       `json:"changes"`
	Findings []rules.Finding `json:"findings"`
	Notes    []string        `json:"notes"`
}

type jsonEvidence struct {
	Files    []string `json:"files"`
	Records  int64    `json:"records"`
	Outside  int64    `json:"outside_window"`
	Source   int64    `json:"agentcore_records"`
	Since    string   `json:"since"`
	Until    string   `json:"until"`
	First    string   `json:"first"`
	Last     string   `json:"last"`
	Problems []string `json:"problems"`
}

// Safe reports whether no finding is at or above failOn.
func (res *Result) Safe(failOn rules.Severity) bool {
	for _, f := range res.Findings {
		if f.Severity.Rank() >= failOn.Rank() {
			return false
		}
	}
	return true
}

// WriteJSON writes the result as one indented JSON object (schema
// memlint.diff/v1, see docs/audit.md); safe is judged at failOn.
func (res *Result) WriteJSON(w io.Writer, failOn rules.Severity) error {
	r := jsonReport{Schema: Schema, Safe: res.Safe(failOn), Changes: res.Changes, Findings: res.Findings, Notes: res.Notes}
	if ev := res.Evidence; ev != nil {
		je := &jsonEvidence{Files: append([]string{}, ev.Files...), Records: ev.Records, Outside: ev.Outside, Source: ev.Source,
			Since: stamp(ev.Since), Until: stamp(ev.Until), Problems: []string{}}
		if !ev.First.IsZero() {
			je.First, je.Last = stamp(ev.First), stamp(ev.Last)
		}
		for _, p := range ev.Problems {
			je.Problems = append(je.Problems, p.String())
		}
		r.Evidence = je
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}

// MarshalJSON writes times as RFC 3339 in UTC, "" when unset.
func (u *Usage) MarshalJSON() ([]byte, error) {
	t := func(x time.Time) string {
		if x.IsZero() {
			return ""
		}
		return stamp(x)
	}
	return json.Marshal(struct {
		Status      string `json:"status"`
		Success     int    `json:"success"`
		Denied      int    `json:"access_denied"`
		LastSuccess string `json:"last_success"`
		LastCaller  string `json:"last_caller"`
		LastDenied  string `json:"last_denied"`
	}{u.Status, u.Success, u.Denied, t(u.LastSuccess), u.LastCaller, t(u.LastDenied)})
}

// WriteMarkdown writes a summary for a pull-request comment: the verdict at
// failOn, the changes as a table and the findings.
func (res *Result) WriteMarkdown(w io.Writer, failOn rules.Severity, rel func(string) string) error {
	fmt.Fprintln(w, "### memlint diff: memory access changes")
	fmt.Fprintln(w)
	var active, drops, adds int
	for _, f := range res.Findings {
		switch f.RuleID {
		case RuleActive:
			active++
		case RuleDrops:
			drops++
		case RuleAddsNew:
			adds++
		}
	}
	switch {
	case !res.Safe(failOn):
		fmt.Fprintf(w, "**Not safe:** findings at or above %s", failOn)
		if active > 0 {
			fmt.Fprintf(w, " — %d %s access that CloudTrail shows in use (ML701)", active, plural(active, "removal takes away", "removals take away"))
		}
		fmt.Fprintln(w, ".")
	case len(res.Changes) == 0:
		fmt.Fprintln(w, "**No change in access.**")
	default:
		fmt.Fprintf(w, "**Safe at %s:** %d removed, %d added", failOn, countChanges(res, Removed), countChanges(res, Added))
		if drops > 0 && res.Evidence == nil {
			fmt.Fprint(w, " (no CloudTrail evidence was given: removals are not known to be unused)")
		}
		fmt.Fprintln(w, ".")
	}
	if e := res.evidenceText(); e != "" {
		fmt.Fprintf(w, "\n%s\n", mdEscape(e))
	}
	if len(res.Changes) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| Change | Memory | Principal | Action | Old → new | Evidence | Where |")
		fmt.Fprintln(w, "|---|---|---|---|---|---|---|")
		for _, c := range res.Changes {
			loc := c.Location
			loc.File = rel(loc.File)
			fmt.Fprintf(w, "| %s | %s | `%s` | %s | %s → %s | %s | `%s` |\n", changeText(c), mdEscape(c.MemoryName), mdCode(c.Principal),
				short(c.Action), c.Old, c.New, mdEscape(usageText(c.Usage)), mdCode(loc.String()))
		}
	}
	if len(res.Findings) > 0 {
		fmt.Fprintln(w)
		for _, f := range res.Findings {
			loc := f.Loc
			loc.File = rel(loc.File)
			fmt.Fprintf(w, "- **%s %s** `%s` %s\n", f.Severity, f.RuleID, mdCode(loc.String()), mdEscape(f.Msg))
		}
	}
	for _, n := range res.Notes {
		fmt.Fprintf(w, "\n> %s\n", mdEscape(n))
	}
	return nil
}

func countChanges(res *Result, kind string) int {
	n := 0
	for _, c := range res.Changes {
		if c.Change == kind {
			n++
		}
	}
	return n
}

// mdEscape makes text safe in a table cell or list item.
func mdEscape(s string) string {
	s = termsafe.Line(s)
	r := strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;", "*", `\*`, "_", `\_`, "`", "'", "\n", " ")
	return r.Replace(s)
}

// mdCode makes text safe inside a code span in a table.
func mdCode(s string) string {
	return strings.NewReplacer("`", "'", "|", `\|`, "\n", " ").Replace(termsafe.Line(s))
}
