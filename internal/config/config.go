// Package config reads memlint's configuration file, .memlint.yaml: which
// rules run and at what severity, which paths are excluded, the --fail-on
// level, and the ignore entries that suppress accepted findings. The file's
// JSON Schema ships as [Schema]; Parse checks the same constraints itself so
// that every error names its line.
package config

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/bmatcuk/doublestar/v4"
	"github.com/gobwas/glob"
	"go.yaml.in/yaml/v3"

	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/internal/suggest"
	"github.com/memlint/memlint/internal/termsafe"
	"github.com/memlint/memlint/rules"
)

// Names are the file names Find looks for, in order.
var Names = []string{".memlint.yaml", ".memlint.yml"}

// Schema is the JSON Schema (draft-07) of the configuration file.
//
//go:embed schema.json
var Schema []byte

// DateLayout is the layout of ignore entries' expires dates.
const DateLayout = "2006-01-02"

// Config is a parsed configuration file. The zero value is the default
// configuration: every rule enabled at its own severity, nothing excluded or
// ignored.
type Config struct {
	// File is the file it was read from ("" for the default configuration).
	File string
	// Dir is the directory path globs are relative to: the file's directory,
	// or the working directory for the default configuration.
	Dir string
	// Enable, when not empty, is the only rules that run (IDs or slugs).
	Enable []Ref
	// Disable names rules that do not run.
	Disable []Ref
	// Severity overrides rules' severities.
	Severity []SeverityOverride
	// Exclude holds path globs whose findings are dropped.
	Exclude []Glob
	// FailOn is the default of --fail-on ("" when not set).
	FailOn string
	// SARIFCategory is the default of --sarif-category ("" when not set).
	SARIFCategory string
	// Ignore holds the suppressions of accepted findings.
	Ignore []Ignore
}

// Ref names a rule by ID or slug, at a line of the file.
type Ref struct {
	Name string
	Line int
}

// SeverityOverride sets a rule's severity.
type SeverityOverride struct {
	Rule     Ref
	Severity rules.Severity
}

// Glob is a pattern. A path glob (exclude, ignore.path) has gitignore-style
// "**": "*" matches within a path segment, "**" any number of segments,
// none included ("**/testdata/**" matches a top-level testdata/ too), and a
// pattern that matches a directory matches everything below it. A resource
// glob (ignore.resource) is matched against an ARN, whose "/" separates
// nothing worth keeping apart: "*" and "**" match across it.
type Glob struct {
	Pattern string
	Line    int
	// path is the cleaned path pattern (doublestar syntax); empty for a
	// resource glob, which g matches.
	path string
	g    *glob.Pattern
}

// Match reports whether the slash-separated relative path, or one of its
// parent directories, matches; a resource glob matches the whole string.
func (g Glob) Match(path string) bool {
	if g.g != nil {
		return g.g.Match(path)
	}
	if g.path == "" {
		return false
	}
	for p := path; p != "." && p != "/" && p != ""; p = dirOf(p) {
		if doublestar.MatchUnvalidated(g.path, p) {
			return true
		}
	}
	return false
}

func dirOf(p string) string {
	i := strings.LastIndexByte(p, '/')
	if i < 0 {
		return ""
	}
	return p[:i]
}

// Ignore is one ignore entry: a finding matching every selector given is
// suppressed with Reason until Expires has passed.
type Ignore struct {
	Rule     Ref    // ID or slug; empty matches every rule
	Path     *Glob  // file glob relative to Dir
	Resource *Glob  // resource ARN ("*" wildcards allowed)
	Sid      string // statement Sid, or "#index" for statements without one
	Reason   string
	Expires  time.Time // zero: never
	Line     int
}

// Error is a configuration problem at a line of the file.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error is one line, escaped for a terminal: file names, keys and values
// come from the input.
func (e *Error) Error() string {
	if e.Line == 0 {
		return termsafe.Line(fmt.Sprintf("%s: %s", e.File, e.Msg))
	}
	return termsafe.Line(fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg))
}

// Find looks for a configuration file in dir and its parents, stopping after
// the first directory that holds .git (the repository root). The path
// returned is built from dir ("." gives ".memlint.yaml" or
// "../.memlint.yaml"), so messages show it as the user would; it is "" when
// there is none.
func Find(dir string) (string, error) {
	for {
		for _, n := range Names {
			p := filepath.Join(dir, n)
			if st, err := os.Stat(p); err == nil && !st.IsDir() {
				return p, nil
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", fmt.Errorf("find config: %w", err)
		}
		if filepath.Dir(abs) == abs {
			return "", nil
		}
		dir = filepath.Join(dir, "..")
	}
}

// Load reads and parses the configuration file at path.
// Only a regular file is read: a named pipe or a symlink to a device (a
// committed .memlint.yaml -> /dev/stdin) would block or never end.
func Load(path string) (*Config, error) {
	data, err := readRegular(path)
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c, err := Parse(path, data)
	if err != nil {
		return nil, err
	}
	if c.Dir, err = filepath.Abs(filepath.Dir(path)); err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	return c, nil
}

// maxSize bounds a configuration file; real ones are a few kilobytes.
const maxSize = 1 << 20

// readRegular reads path when it is a regular file (following symlinks) of
// at most maxSize bytes.
func readRegular(path string) ([]byte, error) {
	if st, err := os.Stat(path); err != nil {
		return nil, err
	} else if !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", termsafe.Line(path))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if st, err := f.Stat(); err != nil || !st.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is not a regular file", termsafe.Line(path))
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSize+1))
	if err == nil && len(data) > maxSize {
		err = fmt.Errorf("%s is over %d bytes", termsafe.Line(path), maxSize)
	}
	return data, err
}

// keys are the top-level keys, in the order the schema documents them.
var keys = []string{"version", "enable", "disable", "severity", "exclude", "fail-on", "sarif-category", "ignore"}

var ignoreKeys = []string{"rule", "path", "resource", "sid", "reason", "expires"}

// Parse parses a configuration file's contents; name is used in errors.
// Unknown keys, wrong types, unknown severities, malformed dates and ignore
// entries without a reason or a selector are errors naming their line.
func Parse(name string, data []byte) (*Config, error) {
	c := &Config{File: name}
	p := &parser{file: name}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return c, nil // an empty file is the default configuration
		}
		return nil, &Error{File: name, Msg: fmt.Sprintf("parse: %v", err)}
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind == yaml.ScalarNode && root.Tag == "!!null" {
		return c, nil
	}
	p.mapping(root, keys, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			if v.Value != "1" {
				p.errorf(v, "version: want 1")
			}
		case "enable":
			c.Enable = p.refs(v, key)
		case "disable":
			c.Disable = p.refs(v, key)
		case "severity":
			p.mapping(v, nil, func(rule string, k, sv *yaml.Node) {
				sev, err := rules.ParseSeverity(p.scalar(sv, "severity."+rule))
				if err != nil && sv.Kind == yaml.ScalarNode {
					p.errorf(sv, "severity.%s: %v", rule, err)
				}
				c.Severity = append(c.Severity, SeverityOverride{Rule: Ref{rule, k.Line}, Severity: sev})
			})
		case "exclude":
			p.seq(v, key, func(it *yaml.Node) {
				if g := p.glob(it, key); g != nil {
					c.Exclude = append(c.Exclude, *g)
				}
			})
		case "fail-on":
			c.FailOn = p.scalar(v, key)
		case "sarif-category":
			c.SARIFCategory = p.scalar(v, key)
		case "ignore":
			p.seq(v, key, func(it *yaml.Node) { c.Ignore = append(c.Ignore, p.ignore(it)) })
		}
	})
	if len(p.errs) > 0 {
		return nil, errors.Join(p.errs...)
	}
	return c, nil
}

type parser struct {
	file string
	errs []error
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.errs = append(p.errs, &Error{File: p.file, Line: n.Line, Msg: fmt.Sprintf(format, args...)})
}

// mapping calls fn for each key of a mapping node; when allowed is not nil,
// other keys are errors.
func (p *parser) mapping(n *yaml.Node, allowed []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "want a mapping")
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if allowed != nil && !slices.Contains(allowed, k.Value) {
			p.errorf(k, "unknown key %q%s (want %s)", k.Value, suggest.DidYouMean(k.Value, allowed), strings.Join(allowed, ", "))
			continue
		}
		if seen[k.Value] {
			p.errorf(k, "duplicate key %q", k.Value)
			continue
		}
		seen[k.Value] = true
		fn(k.Value, k, v)
	}
}

func (p *parser) seq(n *yaml.Node, what string, fn func(it *yaml.Node)) {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list", what)
		return
	}
	for _, it := range n.Content {
		fn(it)
	}
}

func (p *parser) scalar(n *yaml.Node, what string) string {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errorf(n, "%s: want a string", what)
		return ""
	}
	return n.Value
}

func (p *parser) refs(n *yaml.Node, what string) []Ref {
	var out []Ref
	p.seq(n, what, func(it *yaml.Node) {
		if s := p.scalar(it, what); s != "" {
			out = append(out, Ref{s, it.Line})
		}
	})
	return out
}

func (p *parser) glob(n *yaml.Node, what string) *Glob {
	s := p.scalar(n, what)
	if s == "" {
		return nil
	}
	pat := strings.TrimSuffix(s, "/")
	if !doublestar.ValidatePattern(pat) {
		p.errorf(n, "%s: bad glob %q: %v", what, s, doublestar.ErrBadPattern)
		return nil
	}
	return &Glob{Pattern: s, Line: n.Line, path: pat}
}

func (p *parser) ignore(n *yaml.Node) Ignore {
	ig := Ignore{Line: n.Line}
	p.mapping(n, ignoreKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "rule":
			ig.Rule = Ref{p.scalar(v, "ignore.rule"), v.Line}
		case "path":
			ig.Path = p.glob(v, "ignore.path")
		case "resource":
			if s := p.scalar(v, "ignore.resource"); s != "" {
				// ARNs hold no "/" wildcards worth keeping apart: match across.
				g, err := glob.Compile(s)
				if err != nil {
					p.errorf(v, "ignore.resource: bad pattern %q: %v", s, err)
				} else {
					ig.Resource = &Glob{Pattern: s, Line: v.Line, g: g}
				}
			}
		case "sid":
			ig.Sid = p.scalar(v, "ignore.sid")
		case "reason":
			ig.Reason = strings.TrimSpace(p.scalar(v, "ignore.reason"))
		case "expires":
			s := p.scalar(v, "ignore.expires")
			t, err := time.Parse(DateLayout, s)
			if err != nil && s != "" {
				p.errorf(v, "ignore.expires: %q is not a date of the form YYYY-MM-DD", s)
			}
			ig.Expires = t
		}
	})
	if n.Kind == yaml.MappingNode {
		if ig.Reason == "" {
			p.errorf(n, "ignore entry: a reason is required")
		}
		if ig.Rule.Name == "" && ig.Path == nil && ig.Resource == nil && ig.Sid == "" {
			p.errorf(n, "ignore entry: name at least one of rule, path, resource or sid")
		}
	}
	return ig
}

// Validate checks every rule the configuration names against the catalog.
func (c *Config) Validate(cat *rules.Catalog) error {
	var errs []error
	check := func(r Ref, what string) {
		if r.Name == "" {
			return
		}
		if _, ok := cat.Lookup(r.Name); !ok {
			errs = append(errs, &Error{File: c.File, Line: r.Line, Msg: fmt.Sprintf("%s: no rule %q (see memlint rules)", what, r.Name)})
		}
	}
	for _, r := range c.Enable {
		check(r, "enable")
	}
	for _, r := range c.Disable {
		check(r, "disable")
	}
	for _, s := range c.Severity {
		check(s.Rule, "severity")
	}
	for _, ig := range c.Ignore {
		check(ig.Rule, "ignore.rule")
	}
	return errors.Join(errs...)
}

// Catalog returns the rules the configuration enables, with their severity
// overrides applied to copies of their metadata. Call Validate first.
func (c *Config) Catalog(cat *rules.Catalog) (*rules.Catalog, error) {
	ids := func(refs []Ref) map[string]bool {
		m := map[string]bool{}
		for _, r := range refs {
			if meta, ok := cat.Lookup(r.Name); ok {
				m[meta.ID] = true
			}
		}
		return m
	}
	enable, disable := ids(c.Enable), ids(c.Disable)
	sev := map[string]rules.Severity{}
	for _, s := range c.Severity {
		if meta, ok := cat.Lookup(s.Rule.Name); ok {
			sev[meta.ID] = s.Severity
		}
	}
	var metas []*rules.Meta
	for _, m := range cat.Rules() {
		if (len(enable) > 0 && !enable[m.ID]) || disable[m.ID] {
			continue
		}
		cp := *m
		if s, ok := sev[m.ID]; ok {
			cp.Severity = s
		}
		metas = append(metas, &cp)
	}
	return rules.NewCatalog(metas)
}

// Filter drops findings of rules cat (from [Config.Catalog]) does not hold
// and findings in excluded paths, and applies severity overrides. Paths are
// taken relative to Dir.
func (c *Config) Filter(cat *rules.Catalog, findings []rules.Finding) []rules.Finding {
	overridden := map[string]bool{}
	for _, s := range c.Severity {
		if m, ok := cat.Lookup(s.Rule.Name); ok {
			overridden[m.ID] = true
		}
	}
	var out []rules.Finding
	for _, f := range findings {
		m, ok := cat.Lookup(f.RuleID)
		if !ok || m.ID != f.RuleID || c.Excluded(f.Loc.File) {
			continue
		}
		if overridden[m.ID] {
			f.Severity = m.Severity
		}
		out = append(out, f)
	}
	return out
}

// Excluded reports whether file matches an exclude glob.
func (c *Config) Excluded(file string) bool {
	if len(c.Exclude) == 0 || file == "" {
		return false
	}
	rel := c.Rel(file)
	for _, g := range c.Exclude {
		if g.Match(rel) {
			return true
		}
	}
	return false
}

// Rel is file relative to Dir, slash-separated, as globs see it.
func (c *Config) Rel(file string) string {
	return identity.RelPath(c.Dir, file)
}
