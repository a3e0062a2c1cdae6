package output_test

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/width"

	"github.com/memlint/memlint/internal/output"
	"github.com/memlint/memlint/rules"
)

// sourceFiles are the files of testReport as ReadSource serves them: tabs,
// a UTF-16 column past a character outside the BMP, CRLF line endings, a
// control character, and a one-line policy longer than the excerpt.
var sourceFiles = map[string]string{
	"memory/policy.json": strings.Repeat("\n", 8) +
		"\t\"Principal\": {\"AWS\": \"arn:aws:iam::222233334444:root\"},\r\n" + // line 9
		strings.Repeat("\n", 11) +
		"  \"😀x\": \x1b[2J\"arn:aws:iam::555566667777:root\" ,\n" + // line 21
		strings.Repeat("\n", 8) +
		"\"Public\"\n", // line 30: no column, no excerpt
	"trust/role.json": strings.Repeat("\n", 5) + `{"Effect":"Allow",` + strings.Repeat(`"Pad":"xxxxxxxxxx",`, 12) + `"Principal":{"Service":"bedrock-agentcore.amazonaws.com"}` + strings.Repeat(`,"Pad":"xxxxxxxxxx"`, 12) + "}\n",
	// broken.json cannot be read: no excerpt.
}

func withSource(r output.Report) output.Report {
	r.ShowSource = true
	r.ReadSource = func(file string) ([]byte, error) {
		rel, err := filepath.Rel(base, file)
		if err != nil {
			return nil, err
		}
		if s, ok := sourceFiles[filepath.ToSlash(rel)]; ok {
			return []byte(s), nil
		}
		return nil, fs.ErrNotExist
	}
	return r
}

// TestSourceCaret checks the caret lands under the finding's column for
// the lines of sourceFiles, as a terminal shows them: after a tab, after a
// wide character of two UTF-16 units, after an escaped control character,
// and in a window of a long line.
func TestSourceCaret(t *testing.T) {
	t.Parallel()
	r := withSource(testReport(t))
	r.Findings = []rules.Finding{
		{RuleID: "ML101", Msg: "tab", Loc: rules.Location{File: filepath.Join(base, "memory", "policy.json"), Line: 9, Col: 17, EndLine: 9, EndCol: 20}},
		{RuleID: "ML101", Msg: "astral", Loc: rules.Location{File: filepath.Join(base, "memory", "policy.json"), Line: 21, Col: 6, EndLine: 21, EndCol: 7}},
		{RuleID: "ML101", Msg: "escaped", Loc: rules.Location{File: filepath.Join(base, "memory", "policy.json"), Line: 21, Col: 14, EndLine: 21, EndCol: 15}},
		{RuleID: "ML202", Msg: "long", Loc: rules.Location{File: filepath.Join(base, "trust", "role.json"), Line: 6, Col: 247, EndLine: 6, EndCol: 258}},
	}
	out := string(print(t, output.Text, false, r))
	lines := strings.Split(out, "\n")
	for _, want := range []struct {
		msg, under string
	}{
		{"tab", "AWS"},
		{"astral", "x"},
		{"escaped", "\""},
		{"long", "\"Principal\""},
	} {
		i := indexOf(lines, " "+want.msg+" ")
		if i < 0 || i+2 >= len(lines) {
			t.Fatalf("no finding %q in:\n%s", want.msg, out)
		}
		src, marks := []rune(lines[i+1]), []rune(lines[i+2])
		at := strings.IndexRune(string(marks), '^')
		if at < 0 {
			t.Fatalf("%s: no caret:\n%s\n%s", want.msg, lines[i+1], lines[i+2])
		}
		// The caret's terminal column, as the rune of src shown there:
		// wide characters take two columns.
		col, w := 0, 0
		for col < len(src) && w < at {
			w += columns(src[col])
			col++
		}
		n := len([]rune(want.under))
		if col+n > len(src) || string(src[col:col+n]) != want.under {
			t.Errorf("%s: caret not under %q:\n%s\n%s", want.msg, want.under, lines[i+1], lines[i+2])
		}
		if got := strings.Count(lines[i+2], "~") + 1; got != n {
			t.Errorf("%s: marks %d characters, want %d:\n%s\n%s", want.msg, got, n, lines[i+1], lines[i+2])
		}
		if strings.ContainsRune(lines[i+1], '\x1b') || strings.ContainsRune(lines[i+1], '\t') {
			t.Errorf("%s: unescaped control character in %q", want.msg, lines[i+1])
		}
	}
	if !strings.Contains(out, "…") {
		t.Errorf("the long line is not cut:\n%s", out)
	}
}

// columns is how many terminal columns r takes (wide East Asian
// characters and emoji two).
func columns(r rune) int {
	if k := width.LookupRune(r).Kind(); k == width.EastAsianWide || k == width.EastAsianFullwidth {
		return 2
	}
	return 1
}

func indexOf(lines []string, sub string) int {
	for i, l := range lines {
		if strings.Contains(l, sub) {
			return i
		}
	}
	return -1
}

// TestGitHubEscaping checks workflow-command escaping: %, CR and LF in the
// message; also : and , in properties (a file name holding them).
func TestGitHubEscaping(t *testing.T) {
	t.Parallel()
	r := testReport(t)
	r.Findings = []rules.Finding{{
		RuleID: "ML101", Severity: rules.Medium,
		Msg: "100% of\r\nit::error::x",
		Loc: rules.Location{File: filepath.Join(base, "a:b,c%d.json"), Line: 2, Col: 3, EndLine: 2, EndCol: 9},
	}}
	got := string(print(t, output.GitHub, false, r))
	want := "::warning file=a%3Ab%2Cc%25d.json,line=2,col=3,endLine=2,endColumn=8,title=ML101 root-principal-grant::100%25 of it::error::x%0A" + "https://"
	if !strings.HasPrefix(got, want) || strings.Count(got, "\n") != 1 {
		t.Errorf("got %q\nwant prefix %q and one line", got, want)
	}
}

// TestXMLWellFormed parses the JUnit and Checkstyle reports, control
// characters from the input included.
func TestXMLWellFormed(t *testing.T) {
	t.Parallel()
	for _, format := range []string{output.JUnit, output.Checkstyle} {
		out := print(t, format, false, testReport(t))
		dec := xml.NewDecoder(bytes.NewReader(out))
		for {
			_, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("%s: %v\n%s", format, err, out)
			}
		}
	}
}
