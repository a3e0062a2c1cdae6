// Package suppress marks findings that users have accepted: by an ignore
// entry of the configuration file, or by a memlint:ignore comment in the input
// itself. A suppressed finding keeps its place in the report with a
// [rules.Suppression]; the printers decide how to show it.
package suppress

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/memlint/memlint/internal/config"
	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/internal/source"
	"github.com/memlint/memlint/rules"
)

// Marker introduces an inline suppression comment:
//
//	# memlint:ignore ML101,wildcard-action-grant the reason, required
//
// at the end of the finding's line or on a comment line directly above it,
// or likewise for a line the finding's line is nested under (by indentation).
const Marker = "memlint:ignore"

// commentPrefixes are the line-comment starts of the formats memlint reads,
// by file extension. JSON has no comments, so JSON policies are suppressed
// from the configuration file (by path, resource or Sid) instead.
var commentPrefixes = map[string][]string{
	".yaml": {"#"}, ".yml": {"#"}, ".template": {"#"},
	".sh": {"#"}, ".bash": {"#"}, ".zsh": {"#"}, ".ksh": {"#"},
	".tf": {"#", "//"}, ".hcl": {"#", "//"},
}

// Options are what Apply needs besides the findings.
type Options struct {
	// Config holds the ignore entries (nil: none).
	Config *config.Config
	// Catalog resolves rule slugs in entries and comments to IDs.
	Catalog *rules.Catalog
	// Now decides whether an entry has expired; entries are in force through
	// their expires day (UTC).
	Now time.Time
	// BaseDir is what Source locations are shown relative to.
	BaseDir string
	// ReadFile reads an input file for inline comments (nil: os.ReadFile).
	ReadFile func(name string) ([]byte, error)
	// Ext gives a file's extension, which says its comment syntax (nil:
	// filepath.Ext); standard input's name has none.
	Ext func(name string) string
}

// Apply sets Suppression on every finding an ignore entry or an inline
// comment covers, and returns notes on entries and comments that do not
// suppress: expired entries (their findings are reported again) and
// comments without a reason or naming no known rule. The input is not
// modified.
func Apply(findings []rules.Finding, opts Options) ([]rules.Finding, []string) {
	s := &state{opts: opts, lines: map[string][]string{}, noted: map[string]bool{}}
	if s.opts.Ext == nil {
		s.opts.Ext = filepath.Ext
	}
	if s.opts.ReadFile == nil {
		s.opts.ReadFile = os.ReadFile
	}
	out := slices.Clone(findings)
	expired := map[int]int{} // ignore entry index → findings it would have suppressed
	for i := range out {
		f := &out[i]
		if f.Suppression != nil {
			continue
		}
		if sup := s.inline(f); sup != nil {
			f.Suppression = sup
			continue
		}
		if c := opts.Config; c != nil {
			for j, ig := range c.Ignore {
				if !s.matches(ig, f) {
					continue
				}
				if s.expired(ig) {
					expired[j]++
					continue
				}
				f.Suppression = &rules.Suppression{
					Kind:          rules.SuppressExternal,
					Justification: ig.Reason,
					Source:        fmt.Sprintf("%s:%d", identity.RelPath(opts.BaseDir, c.File), ig.Line),
				}
				break
			}
		}
	}
	if c := opts.Config; c != nil {
		for j, ig := range c.Ignore {
			if !s.expired(ig) {
				continue
			}
			n := expired[j]
			noun := "findings are"
			if n == 1 {
				noun = "finding is"
			}
			s.notes = append(s.notes, fmt.Sprintf("%s:%d: the ignore entry expired on %s and no longer suppresses; %d %s reported again.",
				identity.RelPath(opts.BaseDir, c.File), ig.Line, ig.Expires.Format(config.DateLayout), n, noun))
		}
	}
	return out, s.notes
}

type state struct {
	opts  Options
	lines map[string][]string
	notes []string
	noted map[string]bool
}

func (s *state) expired(ig config.Ignore) bool {
	if ig.Expires.IsZero() {
		return false
	}
	y, m, d := s.opts.Now.UTC().Date()
	today := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	return today.After(ig.Expires)
}

// ruleID resolves an ID or slug; unknown names resolve to themselves.
func (s *state) ruleID(name string) string {
	if s.opts.Catalog != nil {
		if m, ok := s.opts.Catalog.Lookup(name); ok {
			return m.ID
		}
	}
	return strings.ToUpper(name)
}

func (s *state) matches(ig config.Ignore, f *rules.Finding) bool {
	if ig.Rule.Name != "" && s.ruleID(ig.Rule.Name) != f.RuleID {
		return false
	}
	if ig.Path != nil && !ig.Path.Match(s.opts.Config.Rel(f.Loc.File)) {
		return false
	}
	if ig.Resource != nil && !ig.Resource.Match(f.Resource) {
		return false
	}
	if ig.Sid != "" && ig.Sid != f.Anchor {
		return false
	}
	return true
}

// comment matches a memlint:ignore comment: the comment start, the marker,
// the rule list and the reason.
var comment = regexp.MustCompile(`(?:^|\s)(#|//)\s*` + regexp.QuoteMeta(Marker) + `(?:\s+(\S+))?(?:\s+(.*))?$`)

// inline looks for a memlint:ignore comment that covers the finding's line:
// a comment at the end of that line or of a line it is nested under, or in
// the comment block directly above one of them. Nesting is by indentation,
// so a comment above a YAML statement covers the statement's lines, and one
// above a CloudFormation PolicyDocument key or an AWS CLI command covers the
// policy written as a JSON string inside it, which cannot hold comments.
func (s *state) inline(f *rules.Finding) *rules.Suppression {
	ext := strings.ToLower(s.opts.Ext(f.Loc.File))
	prefixes := commentPrefixes[ext]
	if prefixes == nil || f.Loc.Line < 1 {
		return nil
	}
	lines := s.file(f.Loc.File)
	if ext == ".template" && len(lines) > 0 && strings.HasPrefix(strings.TrimSpace(lines[0]), "{") {
		return nil // a JSON CloudFormation template: no comments
	}
	if int(f.Loc.Line) > len(lines) {
		return nil
	}
	isComment := func(i int) bool { // i is 0-based
		t := strings.TrimSpace(lines[i])
		for _, p := range prefixes {
			if strings.HasPrefix(t, p) {
				return true
			}
		}
		return false
	}
	var candidates []int // 0-based lines whose comments count
	for _, owner := range s.enclosing(lines, int(f.Loc.Line)-1, isComment) {
		candidates = append(candidates, owner)
		for i := owner - 1; i >= 0 && isComment(i); i-- {
			candidates = append(candidates, i)
		}
	}
	for _, i := range candidates {
		m := comment.FindStringSubmatch(lines[i])
		if m == nil || !slices.Contains(prefixes, m[1]) {
			continue
		}
		where := fmt.Sprintf("%s:%d", identity.RelPath(s.opts.BaseDir, f.Loc.File), i+1)
		reason := strings.TrimSpace(m[3])
		if m[2] == "" || reason == "" {
			s.note(where, "a memlint:ignore comment needs rule IDs or slugs and a reason (# memlint:ignore ML101 reason); it was not honoured.")
			continue
		}
		for _, r := range strings.Split(m[2], ",") {
			if s.ruleID(r) == f.RuleID {
				return &rules.Suppression{Kind: rules.SuppressInSource, Justification: reason, Source: where}
			}
		}
	}
	return nil
}

// enclosing returns line (0-based) and the lines it is nested under, nearest
// first: each is the closest line above the previous one with less
// indentation, skipping blank and comment lines.
func (s *state) enclosing(lines []string, line int, isComment func(int) bool) []int {
	out := []int{line}
	ind := indent(lines[line])
	for i := line - 1; i >= 0 && ind > 0; i-- {
		if strings.TrimSpace(lines[i]) == "" || isComment(i) {
			continue
		}
		if n := indent(lines[i]); n < ind {
			out = append(out, i)
			ind = n
		}
	}
	return out
}

// indent is the width of a line's leading blanks.
func indent(l string) int {
	return len(l) - len(strings.TrimLeft(l, " \t"))
}

func (s *state) note(where, msg string) {
	if s.noted[where] {
		return
	}
	s.noted[where] = true
	s.notes = append(s.notes, where+": "+msg)
}

func (s *state) file(name string) []string {
	if ls, ok := s.lines[name]; ok {
		return ls
	}
	data, err := s.opts.ReadFile(name)
	var ls []string
	if err == nil {
		// A UTF-16 or UTF-32 file with a byte-order mark is checked
		// decoded (findings' lines are the decoded text's): its comments
		// are looked for there too.
		data, _ = source.DecodeBOM(data)
		for l := range bytes.Lines(data) {
			ls = append(ls, strings.TrimRight(string(l), "\r\n"))
		}
	}
	s.lines[name] = ls
	return ls
}
