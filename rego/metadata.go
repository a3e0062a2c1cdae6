package rego

import (
	"bytes"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"regexp"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"
	"go.yaml.in/yaml/v3"

	"github.com/memlint/memlint/rules"
)

// custom is the custom: section of a rule's METADATA. It is decoded strictly:
// a misspelt key is an error, not a silently missing severity.
type custom struct {
	ID             string   `json:"id"`
	Severity       string   `json:"severity"`
	Inputs         []string `json:"inputs"`
	Remediation    string   `json:"remediation"`
	AccessAnalyzer []string `json:"access_analyzer"`
	Tags           []string `json:"tags"`
	Deprecated     bool     `json:"deprecated"`
}

// annotation is the part of a METADATA block memlint reads.
type annotation struct {
	Title            string `yaml:"title"`
	Description      string `yaml:"description"`
	RelatedResources []struct {
		Ref string `yaml:"ref"`
	} `yaml:"related_resources"`
	Custom map[string]any `yaml:"custom"`
}

var packageLine = regexp.MustCompile(`^package rules\.([a-z][a-z0-9_]*)\["([a-z0-9-]+)"\]\s*$`)

// shippedMeta is the metadata of a shipped rule: from the table made when
// the rules were last changed (meta_table.go) when the module's source is
// the one the table was made from, else read from the source. Reading the
// METADATA YAML of every rule took 6 ms of every run; TestMetaTable keeps
// the table in step with the rules (go test ./rego -run TestMetaTable
// -update rewrites it).
func shippedMeta(m Module) (*rules.Meta, error) {
	if t, ok := metaTable[m.Path]; ok && t.hash == sourceHash(m.Src) {
		meta := t.meta // a copy: callers may not share the table's
		return &meta, nil
	}
	return scanMeta(m.Src)
}

// sourceHash identifies a module's source for metaTable.
func sourceHash(src string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(src))
	return h.Sum64()
}

// metaEntry is one row of metaTable.
type metaEntry struct {
	hash uint64
	meta rules.Meta
}

// scanMeta reads a shipped rule's package-scope METADATA straight from its
// source, without the Rego parser: the catalog is needed by every run, the
// compiled rules only by the units an input has. TestScanMeta checks it
// agrees with OPA's own annotation parsing for every shipped rule.
func scanMeta(src string) (*rules.Meta, error) {
	var block []string
	in := false
	for line := range strings.Lines(src) {
		line = strings.TrimRight(line, "\r\n")
		switch {
		case line == "# METADATA" && !in && block == nil:
			in = true
		case in && strings.HasPrefix(line, "#"):
			block = append(block, strings.TrimPrefix(strings.TrimPrefix(line, "#"), " "))
		case in:
			in = false
			m := packageLine.FindStringSubmatch(line)
			if m == nil {
				return nil, fmt.Errorf("METADATA must be followed by a line package rules.<series>[\"<slug>\"], not %q", line)
			}
			var a annotation
			if err := yaml.Unmarshal([]byte(strings.Join(block, "\n")), &a); err != nil {
				return nil, fmt.Errorf("METADATA: %w", err)
			}
			related := make([]string, 0, len(a.RelatedResources))
			for _, r := range a.RelatedResources {
				related = append(related, r.Ref)
			}
			return metaFrom(m[1], m[2], a.Title, a.Description, related, a.Custom)
		}
	}
	return nil, fmt.Errorf("no package-scope METADATA block")
}

// decodeMeta reads the package-scope METADATA of a rule module. The category
// and slug come from the package path rules.<category>["<slug>"].
func decodeMeta(m *ast.Module) (*rules.Meta, error) {
	path := m.Package.Path
	if len(path) != 4 {
		return nil, fmt.Errorf("package %s: want rules.<series>[\"<slug>\"]", path)
	}
	cat, ok1 := path[2].Value.(ast.String)
	slug, ok2 := path[3].Value.(ast.String)
	if !ok1 || !ok2 {
		return nil, fmt.Errorf("package %s: want rules.<series>[\"<slug>\"]", path)
	}
	var ann *ast.Annotations
	for _, a := range m.Annotations {
		if a.Scope == "package" {
			ann = a
		}
	}
	if ann == nil {
		return nil, fmt.Errorf("package %s has no package-scope METADATA", path)
	}
	related := make([]string, 0, len(ann.RelatedResources))
	for _, r := range ann.RelatedResources {
		related = append(related, r.Ref.String())
	}
	return metaFrom(string(cat), string(slug), ann.Title, ann.Description, related, ann.Custom)
}

// metaFrom builds a rule's Meta from its annotation fields, decoding
// custom strictly.
func metaFrom(cat, slug, title, description string, related []string, customFields map[string]any) (*rules.Meta, error) {
	b, err := json.Marshal(customFields)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var c custom
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("METADATA custom: %w", err)
	}
	sev, err := rules.ParseSeverity(c.Severity)
	if err != nil {
		return nil, fmt.Errorf("METADATA custom.severity: %w", err)
	}
	if len(c.Inputs) == 0 {
		return nil, fmt.Errorf("METADATA custom.inputs: name at least one of %s", strings.Join(Units, ", "))
	}
	for _, in := range c.Inputs {
		if !slices.Contains(Units, in) {
			return nil, fmt.Errorf("METADATA custom.inputs: unknown unit %q (want one of %s)", in, strings.Join(Units, ", "))
		}
	}
	meta := &rules.Meta{
		ID:             c.ID,
		Slug:           slug,
		Category:       cat,
		Title:          title,
		Description:    strings.TrimSpace(description),
		Remediation:    strings.TrimSpace(c.Remediation),
		Severity:       sev,
		Inputs:         c.Inputs,
		Tags:           c.Tags,
		Deprecated:     c.Deprecated,
		AccessAnalyzer: c.AccessAnalyzer,
	}
	for _, r := range related {
		if meta.HelpURI == "" && strings.Contains(r, "memlint") {
			meta.HelpURI = r
		}
	}
	return meta, nil
}
