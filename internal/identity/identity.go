// Package identity gives findings the identity every report shares: their
// order, their paths relative to the repository, and line-independent
// fingerprints. The SARIF writer, the text and JSON printers, baselines,
// suppressions and the configuration all read it, so a finding is the same
// finding in every format.
package identity

import (
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/url"
	"path/filepath"
	"slices"
	"strings"

	"github.com/memlint/memlint/rules"
)

// ToolName is the name findings are reported under (SARIF tool.driver.name,
// the JSON report's tool).
const ToolName = "memlint"

// Version is memlint's version v as every report and `memlint version` write
// it, so that they agree: "v1.2.3" becomes "1.2.3", and a version without a
// leading number ("devel", Go's "(devel)", a commit, empty) becomes
// "0.0.0-devel", "0.0.0-<commit>". It starts with a digit because SARIF2005
// wants tool.driver.version to, so that versions compare.
func Version(v string) string {
	v = strings.Trim(v, "()")
	if v == "" {
		v = "devel"
	}
	if len(v) > 1 && v[0] == 'v' && isDigit(v[1]) {
		return v[1:]
	}
	if !isDigit(v[0]) {
		return "0.0.0-" + v
	}
	return v
}

func isDigit(b byte) bool { return '0' <= b && b <= '9' }

// FingerprintKey is the SARIF partialFingerprints key under which results carry
// [Fingerprint]. The suffix versions the recipe: a change to what is hashed must
// bump it, or GitHub would close every open alert and open a new one.
const FingerprintKey = "memlintFingerprint/v1"

// Entry is a finding as every report format presents it: with its file relative
// to the base directory and its fingerprint. Build entries with [Entries], which
// also fixes their order, so that SARIF, text and JSON output agree.
type Entry struct {
	rules.Finding
	// Path is Finding.Loc.File relative to the base directory, with forward
	// slashes (see [RelPath]); empty when the finding names no file.
	Path string
	// Fingerprint is the finding's line-independent identity: [Fingerprint],
	// with ":2", ":3", … appended to the second and later findings that hash alike.
	Fingerprint string
}

// Entries returns the findings in report order — by path, line, column, end,
// rule ID, message, then resource, anchor and severity so that equal keys cannot
// leave the order to the input — with paths relative to baseDir and
// fingerprints assigned. The input slice is not modified.
func Entries(findings []rules.Finding, baseDir string) []Entry {
	es := make([]Entry, len(findings))
	for i, f := range findings {
		es[i] = Entry{Finding: f, Path: RelPath(baseDir, f.Loc.File)}
	}
	slices.SortStableFunc(es, compareEntries)

	// Findings that agree on everything hashed are indistinguishable, so
	// numbering them in report order is as stable as the hash itself. This is
	// the convention of GitHub's own primaryLocationLineHash ("hash:n").
	seen := make(map[string]int, len(es))
	for i := range es {
		h := Fingerprint(es[i].Finding, es[i].Path)
		seen[h]++
		if n := seen[h]; n > 1 {
			h = fmt.Sprintf("%s:%d", h, n)
		}
		es[i].Fingerprint = h
	}
	return es
}

func compareEntries(a, b Entry) int {
	return cmp.Or(
		strings.Compare(a.Path, b.Path),
		cmp.Compare(a.Loc.Line, b.Loc.Line),
		cmp.Compare(a.Loc.Col, b.Loc.Col),
		cmp.Compare(a.Loc.EndLine, b.Loc.EndLine),
		cmp.Compare(a.Loc.EndCol, b.Loc.EndCol),
		strings.Compare(a.RuleID, b.RuleID),
		strings.Compare(a.Msg, b.Msg),
		strings.Compare(a.Resource, b.Resource),
		strings.Compare(a.Anchor, b.Anchor),
		cmp.Compare(b.Severity.Rank(), a.Severity.Rank()),
	)
}

// Fingerprint returns the hex SHA-256 of the finding's rule ID, its file path
// (relative, forward slashes, as [RelPath] returns it), resource, anchor and
// message. Line and column are left out on purpose: a finding whose statement
// moves down the file keeps its fingerprint, and GitHub keeps its alert.
// [Entries] numbers collisions; use it rather than calling Fingerprint alone
// when a report may hold two findings that hash alike.
func Fingerprint(f rules.Finding, path string) string {
	h := sha256.New()
	for _, s := range []string{f.RuleID, path, f.Resource, f.Anchor, f.Msg} {
		h.Write([]byte(s))
		h.Write([]byte{0}) // separator: no field can run into the next
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Stdin is the file name of input read from standard input (memlint check -).
const Stdin = "<stdin>"

// RelPath returns file relative to baseDir with forward slashes, the form
// memlint shows and hashes everywhere. An empty baseDir leaves the path as
// given (cleaned); a file outside baseDir keeps its "../" prefix; when the two
// cannot be related (different volumes) the file is returned as given. An
// empty file gives "", and [Stdin] is itself.
func RelPath(baseDir, file string) string {
	if file == "" || file == Stdin {
		return file
	}
	p := file
	if baseDir != "" {
		if rel, err := relative(baseDir, file); err == nil {
			p = rel
		}
	}
	return filepath.ToSlash(filepath.Clean(p))
}

// relative is filepath.Rel made to work when one path is absolute and the
// other is not, by resolving both against the working directory.
func relative(base, file string) (string, error) {
	if filepath.IsAbs(base) != filepath.IsAbs(file) {
		var err error
		if base, err = filepath.Abs(base); err != nil {
			return "", err
		}
		if file, err = filepath.Abs(file); err != nil {
			return "", err
		}
	}
	return filepath.Rel(base, file)
}

// URI turns a path from [RelPath] into a relative URI reference: characters
// that are not allowed in a URI path are percent-encoded, and a first segment
// that contains a colon is prefixed with "./" so it cannot be read as a scheme.
func URI(path string) string {
	return (&url.URL{Path: path}).String()
}
