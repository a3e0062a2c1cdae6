package config_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v3"

	"github.com/memlint/memlint/internal/config"
	"github.com/memlint/memlint/internal/schematest"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

func catalog(t *testing.T) *rules.Catalog {
	t.Helper()
	eng, err := rego.Load(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cat, err := rules.NewCatalog(eng.Metas(), rules.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

// configSchema compiles the shipped JSON Schema.
func configSchema(t *testing.T) *jsonschema.Schema { return schematest.Compile(t, config.Schema) }

// toJSON converts a YAML document to the JSON value the schema sees:
// scalars keep their YAML type, timestamps stay the text written.
func toJSON(t *testing.T, n *yaml.Node) any {
	t.Helper()
	switch n.Kind {
	case 0: // an empty document
		return nil
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil
		}
		return toJSON(t, n.Content[0])
	case yaml.MappingNode:
		m := map[string]any{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			m[n.Content[i].Value] = toJSON(t, n.Content[i+1])
		}
		return m
	case yaml.SequenceNode:
		s := []any{}
		for _, c := range n.Content {
			s = append(s, toJSON(t, c))
		}
		return s
	}
	switch n.Tag {
	case "!!null":
		return nil
	case "!!bool":
		return n.Value == "true"
	case "!!int", "!!float":
		f, err := strconv.ParseFloat(n.Value, 64)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	return n.Value
}

func schemaErrors(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	v := toJSON(t, &doc)
	if v == nil {
		v = map[string]any{} // an empty file is the empty configuration
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	var errs []string
	if err := configSchema(t).Validate(inst); err != nil {
		var ve *jsonschema.ValidationError
		if !errors.As(err, &ve) {
			t.Fatal(err)
		}
		for _, u := range ve.BasicOutput().Errors {
			if u.Error != nil {
				errs = append(errs, u.InstanceLocation+": "+u.Error.String())
			}
		}
	}
	return errs
}

// TestExamples checks that every example configuration under fixtures/config
// validates against the shipped JSON Schema and parses, and that every
// example under fixtures/config/invalid fails both.
func TestExamples(t *testing.T) {
	cat := catalog(t)
	good, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "config", "*.yaml"))
	bad, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "config", "invalid", "*.yaml"))
	if len(good) == 0 || len(bad) == 0 {
		t.Fatal("no example configurations")
	}
	for _, f := range good {
		t.Run(filepath.Base(f), func(t *testing.T) {
			if errs := schemaErrors(t, f); len(errs) > 0 {
				t.Errorf("schema: %v", errs)
			}
			c, err := config.Load(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Validate(cat); err != nil {
				t.Error(err)
			}
		})
	}
	for _, f := range bad {
		t.Run("invalid/"+filepath.Base(f), func(t *testing.T) {
			if errs := schemaErrors(t, f); len(errs) == 0 {
				t.Error("schema accepts it")
			}
			if _, err := config.Load(f); err == nil {
				t.Error("Parse accepts it")
			}
		})
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"unknown top-level key", "version: 1\nrules: []\n",
			`c.yaml:2: unknown key "rules" (want version, enable, disable, severity, exclude, fail-on, sarif-category, ignore)`},
		{"wrong version", "version: 2\n", "c.yaml:1: version: want 1"},
		{"not a list", "disable: ML009\n", "c.yaml:1: disable: want a list"},
		{"no reason", "ignore:\n  - rule: ML101\n", "c.yaml:2: ignore entry: a reason is required"},
		{"no selector", "ignore:\n  - reason: r\n", "c.yaml:2: ignore entry: name at least one of rule, path, resource or sid"},
		{"bad date", "ignore:\n  - rule: ML101\n    reason: r\n    expires: soon\n", `c.yaml:4: ignore.expires: "soon" is not a date of the form YYYY-MM-DD`},
		{"duplicate key", "fail-on: error\nfail-on: note\n", `c.yaml:2: duplicate key "fail-on"`},
		{"yaml syntax", "disable: [\n", "c.yaml: parse: yaml: line 1: did not find expected node content"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := config.Parse("c.yaml", []byte(tt.src))
			if err == nil {
				t.Fatal("no error")
			}
			if diff := cmp.Diff(tt.want, err.Error()); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestFilter(t *testing.T) {
	cat := catalog(t)
	c, err := config.Parse("c.yaml", []byte("disable: [redundant-element]\nseverity:\n  root-principal-grant: critical\nexclude: [legacy, \"**/testdata/**\", \"*.yml\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	c.Dir = "/repo"
	if err := c.Validate(cat); err != nil {
		t.Fatal(err)
	}
	enabled, err := c.Catalog(cat)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := enabled.Lookup("ML009"); ok {
		t.Error("ML009 still enabled")
	}
	if m, _ := enabled.Lookup("ML101"); m.Severity != rules.Critical {
		t.Errorf("ML101 severity %s, want critical", m.Severity)
	}
	if m, _ := cat.Lookup("ML101"); m.Severity == rules.Critical {
		t.Error("the override changed the shared catalog")
	}
	in := []rules.Finding{
		{RuleID: "ML009", Severity: rules.Info, Loc: rules.Location{File: "/repo/p.json"}},
		{RuleID: "ML101", Severity: rules.Medium, Loc: rules.Location{File: "/repo/p.json"}},
		{RuleID: "ML101", Severity: rules.Medium, Loc: rules.Location{File: "/repo/legacy/old/p.json"}},
		{RuleID: "ML101", Severity: rules.Medium, Loc: rules.Location{File: "/repo/a/testdata/p.json"}},
		{RuleID: "ML101", Severity: rules.Medium, Loc: rules.Location{File: "/repo/testdata/p.json"}}, // ** matches no directory too
		{RuleID: "ML101", Severity: rules.Medium, Loc: rules.Location{File: "/repo/top.yml"}},
		{RuleID: "ML101", Severity: rules.Medium, Loc: rules.Location{File: "/repo/sub/deep.yml"}},
	}
	want := []rules.Finding{
		{RuleID: "ML101", Severity: rules.Critical, Loc: rules.Location{File: "/repo/p.json"}},
		{RuleID: "ML101", Severity: rules.Critical, Loc: rules.Location{File: "/repo/sub/deep.yml"}},
	}
	if diff := cmp.Diff(want, c.Filter(enabled, in)); diff != "" {
		t.Errorf("Filter (-want +got):\n%s", diff)
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	for _, d := range []string{"repo/.git", "repo/a/b", "repo/.memlint.yaml"} {
		p := filepath.Join(root, filepath.FromSlash(d))
		if filepath.Ext(p) == ".yaml" {
			if err := os.WriteFile(p, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if err := os.MkdirAll(p, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Chdir(filepath.Join(root, "repo", "a", "b"))
	got, err := config.Find(".")
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join("..", "..", ".memlint.yaml"); got != want {
		t.Errorf("Find = %q, want %q", got, want)
	}
	// The search stops at the repository root.
	t.Chdir(root)
	if err := os.MkdirAll("other/.git", 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(".memlint.yaml", nil, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir("other")
	if got, _ := config.Find("."); got != "" {
		t.Errorf("Find crossed the repository root: %q", got)
	}
}

// TestParseErrorsEscaped checks that a configuration error does not pass
// ESC, BEL or line feeds from the file name or its keys to the terminal.
func TestParseErrorsEscaped(t *testing.T) {
	_, err := config.Parse("c\x1b[2J.yaml", []byte("severity:\n  \"ML101\\e]0;x\\a\\nmemlint: ok\": loud\n"))
	if err == nil {
		t.Fatal("no error")
	}
	if msg := err.Error(); strings.ContainsFunc(msg, func(r rune) bool { return r < 0x20 }) || !strings.Contains(msg, `c\x1b[2J.yaml:2:`) {
		t.Errorf("not escaped: %q", msg)
	}
}

// TestLoadNamedPipe checks that a .memlint.yaml that is a named pipe is an
// error, not a read that never returns.
func TestLoadNamedPipe(t *testing.T) {
	p := filepath.Join(t.TempDir(), ".memlint.yaml")
	if err := mkfifo(p); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := config.Load(p)
		done <- err
	}()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file") {
			t.Errorf("Load of a named pipe: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Load of a named pipe did not return")
	}
}

// TestEveryConfigurationValidates validates every other configuration of the
// repository against the schema — the bundled examples' .memlint.yaml, those
// of the CLI scenarios and the README's example — and checks that the schema
// and the parser agree: what the parser reads, the schema accepts.
func TestEveryConfigurationValidates(t *testing.T) {
	cat := catalog(t)
	root := filepath.Join("..", "..")
	n := 0
	check := func(name string, data []byte) {
		n++
		dir := t.TempDir()
		p := filepath.Join(dir, ".memlint.yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		serrs := schemaErrors(t, p)
		cfg, perr := config.Load(p)
		if perr == nil {
			perr = cfg.Validate(cat)
		}
		// The parser knows more than the schema (which rules exist), so
		// only a configuration it reads must be valid by the schema.
		if len(serrs) > 0 && perr == nil {
			t.Errorf("%s: the schema refuses what the parser reads: %v", name, serrs)
		}
	}
	err := filepath.WalkDir(filepath.Join(root, "fixtures"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if slices.Contains(config.Names, d.Name()) {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			check(p, data)
		}
		if strings.HasSuffix(p, ".txtar") {
			ar, err := txtar.ParseFile(p)
			if err != nil {
				return err
			}
			for _, f := range ar.Files {
				if slices.Contains(config.Names, f.Name) {
					check(p, f.Data)
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	examples := regexp.MustCompile("(?s)```yaml\n(version: 1\n(?:enable|disable|severity|exclude|fail-on|ignore).*?)```").FindAllSubmatch(readme, -1)
	if len(examples) == 0 {
		t.Error("README.md: no configuration example")
	}
	for _, m := range examples {
		check("README.md", m[1])
	}
	if n < 10 {
		t.Errorf("only %d configurations found", n)
	}
}
