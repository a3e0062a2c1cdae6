package output

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// maxMarkdownRows bounds the table: GitHub takes at most 1 MiB of step
// summary per step.
const maxMarkdownRows = 500

// markdownPrinter writes a summary for people reading a CI page (GitHub's
// $GITHUB_STEP_SUMMARY): a heading, the summary line, and a table of the
// findings not suppressed with links to each rule's page, then the notes.
// Text from the input is escaped so it cannot become markup.
type markdownPrinter struct{}

func (markdownPrinter) Print(w io.Writer, r Report) error {
	all, err := items(r)
	if err != nil {
		return err
	}
	its, suppressed := split(all)
	bw := bufio.NewWriter(w)
	sum := filesChecked(r.FilesChecked) + ", " + summary(its)
	if len(suppressed) > 0 {
		sum += fmt.Sprintf(" (%d suppressed)", len(suppressed))
	}
	fmt.Fprintf(bw, "### memlint\n\n%s\n", mdEscape(sum))
	if len(its) > 0 {
		fmt.Fprintf(bw, "\n| Severity | Rule | Location | Message |\n|---|---|---|---|\n")
		for i, it := range its {
			if i == maxMarkdownRows {
				fmt.Fprintf(bw, "\n%d more findings are not shown.\n", len(its)-i)
				break
			}
			fmt.Fprintf(bw, "| %s | [%s %s](%s) | %s | %s |\n", it.sev, it.RuleID, mdEscape(it.meta.Slug), mdURL(it.meta.HelpURI),
				mdEscape(position(it.Path, it.Loc)), mdEscape(oneLine(it.Msg)))
		}
	}
	if len(r.Notes) > 0 {
		bw.WriteString("\n")
		for _, n := range r.Notes {
			fmt.Fprintf(bw, "- note: %s\n", mdEscape(oneLine(n)))
		}
	}
	return bw.Flush()
}

// mdEscape backslash-escapes the ASCII punctuation that means something
// inside a GitHub table cell (CommonMark allows escaping any of it), so a
// value from the input is shown as written: no links, emphasis, code, HTML,
// entities or cells of its own.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_{}[]<>|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdURL makes a link target safe inside (…): spaces and parentheses are
// percent-encoded.
var mdURL = strings.NewReplacer(" ", "%20", "(", "%28", ")", "%29", "<", "%3C", ">", "%3E").Replace
