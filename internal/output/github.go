package output

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/memlint/memlint/internal/identity"
)

// githubPrinter writes one GitHub Actions workflow command per finding that
// is not suppressed, which GitHub shows as an annotation on the pull
// request's diff without code scanning:
//
//	::error file=memory/policy.json,line=9,col=21,endLine=9,endColumn=54,title=ML101 root-principal-grant::The statement grants …
//
// critical and high findings are errors, medium warnings, low and info
// notices (their SARIF levels). Related locations follow the message on
// lines of their own. Paths are relative to the report's base directory,
// the repository root. Nothing else is written: combine it with text
// (--format text,github) for a readable log.
type githubPrinter struct{}

func (githubPrinter) Print(w io.Writer, r Report) error {
	all, err := items(r)
	if err != nil {
		return err
	}
	its, _ := split(all)
	bw := bufio.NewWriter(w)
	for _, it := range its {
		cmd := map[string]string{"error": "error", "warning": "warning"}[it.sev.Level()]
		if cmd == "" {
			cmd = "notice"
		}
		var props []string
		if it.Path != "" {
			props = append(props, "file="+ghProperty(it.Path))
			if l := it.Loc; l.Line > 0 {
				props = append(props, "line="+strconv.Itoa(int(l.Line)))
				if l.Col > 0 {
					props = append(props, "col="+strconv.Itoa(int(l.Col)))
				}
				if l.EndLine >= l.Line {
					props = append(props, "endLine="+strconv.Itoa(int(l.EndLine)))
					// endColumn is inclusive and only meaningful on one line.
					if l.EndLine == l.Line && l.Col > 0 && l.EndCol-1 >= l.Col {
						props = append(props, "endColumn="+strconv.Itoa(int(l.EndCol-1)))
					}
				}
			}
		}
		props = append(props, "title="+ghProperty(it.RuleID+" "+it.meta.Slug))
		msg := []string{oneLine(it.Msg)}
		for _, rel := range it.Related {
			where := position(identity.RelPath(r.BaseDir, rel.Loc.File), rel.Loc)
			if where != "" {
				where += ": "
			}
			msg = append(msg, "related: "+where+oneLine(rel.Msg))
		}
		msg = append(msg, it.meta.HelpURI)
		fmt.Fprintf(bw, "::%s %s::%s\n", cmd, strings.Join(props, ","), ghData(strings.Join(msg, "\n")))
	}
	return bw.Flush()
}

// ghData escapes a workflow command's message as the runner unescapes it.
var ghData = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace

// ghProperty escapes a workflow command's property value: also ":" and ",",
// which would end the value.
var ghProperty = strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace
