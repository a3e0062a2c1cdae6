package rego

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/open-policy-agent/opa/v1/ast"

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
	b, err := json.Marshal(ann.Custom)
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
		Slug:           string(slug),
		Category:       string(cat),
		Title:          ann.Title,
		Description:    strings.TrimSpace(ann.Description),
		Remediation:    strings.TrimSpace(c.Remediation),
		Severity:       sev,
		Inputs:         c.Inputs,
		Tags:           c.Tags,
		Deprecated:     c.Deprecated,
		AccessAnalyzer: c.AccessAnalyzer,
	}
	for _, r := range ann.RelatedResources {
		if r.Ref.String() != "" && meta.HelpURI == "" && strings.Contains(r.Ref.String(), "memlint") {
			meta.HelpURI = r.Ref.String()
		}
	}
	return meta, nil
}
