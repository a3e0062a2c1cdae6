package output

import (
	"encoding/xml"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/memlint/memlint/internal/identity"
)

// junitPrinter writes a JUnit XML report, as GitLab's unit test reports and
// Jenkins read it: one testsuite per file with findings, one failed
// testcase per finding not suppressed (its type is the severity). A run
// without findings is one passing testcase, so the report still says what
// was checked.
type junitPrinter struct{}

type junitSuites struct {
	XMLName  xml.Name     `xml:"testsuites"`
	Name     string       `xml:"name,attr"`
	Tests    int          `xml:"tests,attr"`
	Failures int          `xml:"failures,attr"`
	Suites   []junitSuite `xml:"testsuite"`
}

type junitSuite struct {
	Name     string      `xml:"name,attr"`
	Tests    int         `xml:"tests,attr"`
	Failures int         `xml:"failures,attr"`
	Cases    []junitCase `xml:"testcase"`
}

type junitCase struct {
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Failure   *junitFailure `xml:"failure"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

func (junitPrinter) Print(w io.Writer, r Report) error {
	all, err := items(r)
	if err != nil {
		return err
	}
	its, _ := split(all)
	doc := junitSuites{Name: "memlint", Tests: len(its), Failures: len(its)}
	for _, it := range its {
		file := oneLine(it.Path)
		if n := len(doc.Suites); n == 0 || doc.Suites[n-1].Name != file {
			doc.Suites = append(doc.Suites, junitSuite{Name: file})
		}
		s := &doc.Suites[len(doc.Suites)-1]
		s.Tests++
		s.Failures++
		where := position(it.Path, it.Loc)
		text := []string{fmt.Sprintf("%s: %s %s %s", where, it.sev, it.RuleID, oneLine(it.Msg))}
		for _, rel := range it.Related {
			text = append(text, "related: "+position(identity.RelPath(r.BaseDir, rel.Loc.File), rel.Loc)+": "+oneLine(rel.Msg))
		}
		text = append(text, oneLine(it.meta.Title), it.meta.HelpURI)
		s.Cases = append(s.Cases, junitCase{
			Name:      it.RuleID + " " + it.meta.Slug + " " + where,
			Classname: file,
			Failure:   &junitFailure{Message: oneLine(it.Msg), Type: string(it.sev), Text: strings.Join(text, "\n")},
		})
	}
	if len(its) == 0 {
		doc.Tests = 1
		doc.Suites = []junitSuite{{Name: "memlint", Tests: 1, Cases: []junitCase{{Name: filesChecked(r.FilesChecked) + ", no findings", Classname: "memlint"}}}}
	}
	return writeXML(w, doc)
}

// checkstylePrinter writes Checkstyle XML, as reviewdog and Jenkins read it:
// one file element per file, one error per finding not suppressed, severity
// error, warning or info from the SARIF level, source memlint.<rule ID>.
type checkstylePrinter struct{}

type checkstyleDoc struct {
	XMLName xml.Name         `xml:"checkstyle"`
	Version string           `xml:"version,attr"`
	Files   []checkstyleFile `xml:"file"`
}

type checkstyleFile struct {
	Name   string            `xml:"name,attr"`
	Errors []checkstyleError `xml:"error"`
}

type checkstyleError struct {
	Line     string `xml:"line,attr"`
	Column   string `xml:"column,attr,omitempty"`
	Severity string `xml:"severity,attr"`
	Message  string `xml:"message,attr"`
	Source   string `xml:"source,attr"`
}

func (checkstylePrinter) Print(w io.Writer, r Report) error {
	all, err := items(r)
	if err != nil {
		return err
	}
	its, _ := split(all)
	doc := checkstyleDoc{Version: "4.3"}
	for _, it := range its {
		file := oneLine(it.Path)
		if n := len(doc.Files); n == 0 || doc.Files[n-1].Name != file {
			doc.Files = append(doc.Files, checkstyleFile{Name: file})
		}
		sev := it.sev.Level()
		if sev == "note" {
			sev = "info"
		}
		e := checkstyleError{Line: strconv.Itoa(int(it.Loc.Line)), Severity: sev,
			Message: oneLine(it.Msg) + " (" + it.meta.Slug + ")", Source: "memlint." + it.RuleID}
		if it.Loc.Col > 0 {
			e.Column = strconv.Itoa(int(it.Loc.Col))
		}
		f := &doc.Files[len(doc.Files)-1]
		f.Errors = append(f.Errors, e)
	}
	return writeXML(w, doc)
}

// writeXML writes doc indented under an XML declaration, ending in a
// newline. encoding/xml replaces characters XML 1.0 cannot hold.
func writeXML(w io.Writer, doc any) error {
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return err
	}
	_, err := io.WriteString(w, "\n")
	return err
}
