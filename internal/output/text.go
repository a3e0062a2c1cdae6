package output

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/rules"
)

// ANSI SGR sequences used when colour is on.
const (
	ansiReset = "\x1b[0m"
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
)

var severityColor = map[rules.Severity]string{
	rules.Critical: "\x1b[1;31m", // bold red
	rules.High:     "\x1b[31m",   // red
	rules.Medium:   "\x1b[33m",   // yellow
	rules.Low:      "\x1b[36m",   // cyan
	rules.Info:     "\x1b[34m",   // blue
}

// textPrinter writes the compiler-style report:
//
//	memory/policy.json:9:21: medium ML101 The statement grants the root of account '222233334444'. (root-principal-grant)
//	    related: consumer/identity.json:12:7: The consumer's identity policy allows the call here.
//
//	trust/broken.json:1:1: high ML001 The document is not valid JSON. (invalid-document)
//
//	note: roles/exec.json: no permission policies given; ML301 was not checked.
//	4 files checked, 3 findings: 2 high, 1 medium
//
// Findings are grouped by file with a blank line between files. With
// [Report.ShowSource] each finding is followed by its source line and a caret
// under the column.
type textPrinter struct {
	color bool
}

func (p *textPrinter) Print(w io.Writer, r Report) error {
	all, err := items(r)
	if err != nil {
		return err
	}
	its, suppressed := split(all)
	if r.ShowSuppressed {
		its = all
	}
	bw := bufio.NewWriter(w)
	src := newSources(r.ReadSource)
	for i, it := range its {
		if i > 0 && it.Path != its[i-1].Path {
			bw.WriteByte('\n')
		}
		if where := position(it.Path, it.Loc); where != "" {
			fmt.Fprintf(bw, "%s: ", p.paint(ansiBold, where))
		}
		fmt.Fprintf(bw, "%s %s %s %s\n",
			p.paint(severityColor[it.sev], string(it.sev)),
			it.RuleID,
			oneLine(it.Msg),
			p.paint(ansiDim, "("+it.meta.Slug+")"))
		if r.ShowSource && it.Loc.Line > 0 && it.Loc.Col > 0 {
			if line, ok := src.line(it.Loc.File, int(it.Loc.Line)); ok {
				endCol := 0
				if it.Loc.EndLine == it.Loc.Line {
					endCol = int(it.Loc.EndCol)
				}
				text, marks := excerpt(line, int(it.Loc.Col), endCol)
				fmt.Fprintf(bw, "    %s\n    %s\n", text, p.paint(severityColor[it.sev], marks))
			}
		}
		if sup := it.Suppression; sup != nil {
			fmt.Fprintf(bw, "    %s %s (%s)\n", p.paint(ansiDim, "suppressed:"), oneLine(sup.Justification), oneLine(sup.Source))
		}
		for _, rel := range it.Related {
			where := position(identity.RelPath(r.BaseDir, rel.Loc.File), rel.Loc)
			if where != "" {
				where += ": "
			}
			fmt.Fprintf(bw, "    %s %s%s\n", p.paint(ansiDim, "related:"), where, oneLine(rel.Msg))
		}
	}
	if r.Quiet {
		return bw.Flush()
	}
	if len(its) > 0 {
		bw.WriteByte('\n')
	}
	for _, n := range r.Notes {
		fmt.Fprintf(bw, "%s %s\n", p.paint(ansiBold, "note:"), oneLine(n))
	}
	active, _ := split(its)
	sum := filesChecked(r.FilesChecked) + ", " + summary(active)
	if len(suppressed) > 0 {
		sum += fmt.Sprintf(" (%d suppressed", len(suppressed))
		if !r.ShowSuppressed {
			sum += ", shown with --show-suppressed"
		}
		sum += ")"
	}
	fmt.Fprintln(bw, p.paint(ansiBold, sum))
	return bw.Flush()
}

// paint wraps s in an SGR sequence when colour is on.
func (p *textPrinter) paint(sgr, s string) string {
	if !p.color || sgr == "" || s == "" {
		return s
	}
	return sgr + s + ansiReset
}

// position prints path:line:col, leaving out what is unknown (zero); it is
// empty when there is no path.
func position(path string, loc rules.Location) string {
	if path == "" {
		return ""
	}
	s := oneLine(path)
	if loc.Line > 0 {
		s += ":" + strconv.Itoa(int(loc.Line))
		if loc.Col > 0 {
			s += ":" + strconv.Itoa(int(loc.Col))
		}
	}
	return s
}

// filesChecked begins the summary line: "1 file checked", "3 files checked".
func filesChecked(n int) string {
	if n == 1 {
		return "1 file checked"
	}
	return fmt.Sprintf("%d files checked", n)
}

// summary ends the last line: "no findings", "1 finding: 1 high",
// "3 findings: 1 high, 2 medium", severities most severe first.
func summary(its []item) string {
	if len(its) == 0 {
		return "no findings"
	}
	n := counts(its)
	var parts []string
	for _, sev := range rules.Severities {
		if n[sev] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n[sev], sev))
		}
	}
	noun := "findings"
	if len(its) == 1 {
		noun = "finding"
	}
	return fmt.Sprintf("%d %s: %s", len(its), noun, strings.Join(parts, ", "))
}
