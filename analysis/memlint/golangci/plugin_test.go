package golangci_test

import (
	"fmt"
	"go/ast"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"go.yaml.in/yaml/v3"
	"golang.org/x/tools/go/analysis"

	_ "github.com/memlint/memlint/analysis/memlint/golangci"
)

// sources are a package passing a memory definition to the SDK, and
// stand-ins for the SDK packages at their real import paths.
var sources = map[string]string{
	"github.com/aws/aws-sdk-go-v2/aws": `package aws
func String(v string) *string { return &v }
func Int32(v int32) *int32 { return &v }`,
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol": `package bedrockagentcorecontrol
type CreateMemoryInput struct {
	Name                *string
	EventExpiryDuration *int32
}`,
	"example.com/app": `package app
import (
	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/bedrockagentcorecontrol"
)
var Memory = &bedrockagentcorecontrol.CreateMemoryInput{Name: aws.String("support-mem"), EventExpiryDuration: aws.Int32(30)}`,
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }

// diagnostics runs a on example.com/app and returns the categories reported.
func diagnostics(t *testing.T, a *analysis.Analyzer) ([]string, error) {
	t.Helper()
	fset := token.NewFileSet()
	pkgs := map[string]*types.Package{}
	files := map[string]*ast.File{}
	var imp importerFunc
	imp = func(path string) (*types.Package, error) {
		if p := pkgs[path]; p != nil {
			return p, nil
		}
		src, ok := sources[path]
		if !ok {
			return importer.Default().Import(path)
		}
		f, err := parser.ParseFile(fset, path+"/x.go", src, 0)
		if err != nil {
			return nil, err
		}
		files[path] = f
		info := &types.Info{Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}}
		p, err := (&types.Config{Importer: imp}).Check(path, fset, []*ast.File{f}, info)
		if err != nil {
			return nil, err
		}
		pkgs[path] = p
		if path == "example.com/app" {
			var got []string
			pass := &analysis.Pass{Analyzer: a, Fset: fset, Files: []*ast.File{f}, Pkg: p, TypesInfo: info,
				ReadFile: func(string) ([]byte, error) { return []byte(src), nil },
				Report:   func(d analysis.Diagnostic) { got = append(got, d.Category) }}
			if _, err := a.Run(pass); err != nil {
				return nil, err
			}
			slices.Sort(got)
			return p, &reported{got}
		}
		return p, nil
	}
	_, err := imp("example.com/app")
	if r, ok := err.(*reported); ok {
		return r.categories, nil
	}
	return nil, err
}

type reported struct{ categories []string }

func (r *reported) Error() string { return strings.Join(r.categories, " ") }

func build(t *testing.T, settings any) (*analysis.Analyzer, error) {
	t.Helper()
	newPlugin, err := register.GetPlugin("memlint")
	if err != nil {
		t.Fatal(err)
	}
	p, err := newPlugin(settings)
	if err != nil {
		return nil, err
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q, want type information", p.GetLoadMode())
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 || as[0].Name != "memlint" {
		t.Fatalf("analyzers %v, %v", as, err)
	}
	return as[0], nil
}

// TestPlugin builds the analyzer as golangci-lint does, from the plugin's
// registration and settings, and runs it.
func TestPlugin(t *testing.T) {
	a, err := build(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	got, err := diagnostics(t, a)
	if err != nil || !slices.Equal(got, []string{"ML601", "ML602"}) {
		t.Errorf("without settings: %v, %v; want ML601 and ML602", got, err)
	}
	a, err = build(t, map[string]any{"disable": []string{"no-customer-managed-key"}})
	if err != nil {
		t.Fatal(err)
	}
	got, err = diagnostics(t, a)
	if err != nil || !slices.Equal(got, []string{"ML601"}) {
		t.Errorf("ML602 disabled by slug: %v, %v; want ML601 alone", got, err)
	}
	a, err = build(t, map[string]any{"disable": []string{"ML999"}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := diagnostics(t, a); err == nil || !strings.Contains(err.Error(), `no rule "ML999"`) {
		t.Errorf("an unknown rule: %v", err)
	}
	if _, err := build(t, map[string]any{"disabled": []string{"ML602"}}); err == nil {
		t.Error("an unknown setting was accepted")
	}
}

// TestExampleConfig checks the example configuration in docs/golangci: the
// plugin it imports is this package, and its settings are accepted.
func TestExampleConfig(t *testing.T) {
	dir := filepath.Join("..", "..", "..", "docs", "golangci")
	var custom struct {
		Plugins []struct{ Module, Import string }
	}
	var lint struct {
		Linters struct {
			Enable   []string
			Settings struct {
				Custom map[string]struct {
					Type     string
					Settings map[string]any
				}
			}
		}
	}
	for name, v := range map[string]any{".custom-gcl.yml": &custom, ".golangci.yml": &lint} {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal(data, v); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	if len(custom.Plugins) != 1 || custom.Plugins[0].Module != "github.com/memlint/memlint" || custom.Plugins[0].Import != "github.com/memlint/memlint/analysis/memlint/golangci" {
		t.Errorf(".custom-gcl.yml plugins %+v", custom.Plugins)
	}
	m, ok := lint.Linters.Settings.Custom["memlint"]
	if !slices.Contains(lint.Linters.Enable, "memlint") || !ok || m.Type != "module" {
		t.Fatalf(".golangci.yml does not enable the memlint module plugin: %+v", lint.Linters)
	}
	a, err := build(t, m.Settings)
	if err != nil {
		t.Fatalf(".golangci.yml settings: %v", err)
	}
	if got, err := diagnostics(t, a); err != nil || !slices.Equal(got, []string{"ML601"}) {
		t.Errorf("with the example settings: %v, %v; want ML601 (ML602 disabled)", got, err)
	}
}

// TestConcurrent runs one analyzer on several packages at once, as
// golangci-lint does: the shared rule engine is compiled once and used by
// every run (go test -race in CI).
func TestConcurrent(t *testing.T) {
	a, err := build(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 4
	errs := make(chan string, n)
	for range n {
		go func() {
			got, err := diagnostics(t, a)
			errs <- fmt.Sprint(got, err)
		}()
	}
	for range n {
		if got := <-errs; got != "[ML601 ML602] <nil>" {
			t.Errorf("concurrent run: %s", got)
		}
	}
}
