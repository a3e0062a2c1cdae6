// Package memlint is memlint as a golang.org/x/tools/go/analysis analyzer:
// it finds the policy documents and memory definitions a Go package passes
// to the AWS SDK for Go v2 and checks them with memlint's rules, so that
// the findings appear in go vet, in editors through gopls-compatible
// drivers and in golangci-lint.
//
// The analyzer reads the composite literals of these SDK input types, told
// apart by their type (package path and name), never by names alone:
//
//	bedrockagentcorecontrol.PutResourcePolicyInput   Policy, ResourceArn
//	bedrockagentcorecontrol.CreateMemoryInput        Name, MemoryExecutionRoleArn, MemoryStrategies, StreamDeliveryResources, EncryptionKeyArn, EventExpiryDuration
//	iam.CreateRoleInput                              AssumeRolePolicyDocument, RoleName
//	iam.PutRolePolicyInput                           PolicyDocument, RoleName, PolicyName
//	iam.CreatePolicyInput                            PolicyDocument, PolicyName
//	s3.PutBucketPolicyInput                          Policy, Bucket
//	sns.SetTopicAttributesInput                      AttributeValue (AttributeName "Policy"), TopicArn
//	kinesis.PutResourcePolicyInput                   Policy, ResourceARN
//
// A string value is known when the type checker can fold it: literals,
// constants and their concatenations; a variable the package assigns once
// is followed to that assignment, and a []byte from json.Marshal (or
// MarshalIndent) of a map, slice or struct literal of constant values is
// rendered as encoding/json renders it. A value computed when the program
// runs is never judged as if it were its expression.
//
// Each finding is an analysis.Diagnostic whose Category is the rule ID and
// whose URL is the rule's documentation; it is positioned at the exact
// characters of the literal that spell the offending value, in raw strings
// and interpreted strings alike (an escape sequence is the character it
// stands for). The calls of one package are linked as the files of a
// directory are without a manifest: a role's trust and permission
// policies, a memory's execution role and its destinations' policies, a
// memory policy and its consumers' identity policies are compared when
// the package holds both sides.
package memlint

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"os"
	"reflect"
	"sync"
	"unicode/utf16"
	"unicode/utf8"

	"golang.org/x/tools/go/analysis"

	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

// Analyzer checks the policies and memory definitions a package passes to
// the AWS SDK for Go v2 with memlint's rules. Its result is a *[Result].
var Analyzer = New(Options{})

// Options tune an analyzer made by [New].
type Options struct {
	// Disable names rules (by ID or slug) whose findings are not reported
	// as diagnostics; the Result still holds them.
	Disable []string
}

// New returns an analyzer like [Analyzer] with opts. An unknown rule in
// Disable is an error of the analyzer's first run.
func New(opts Options) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:       "memlint",
		Doc:        "check Amazon Bedrock AgentCore Memory cross-account policies passed to the AWS SDK for Go with memlint's rules",
		URL:        rules.RepoURL + "/blob/main/docs/go.md",
		Run:        func(pass *analysis.Pass) (any, error) { return run(pass, opts) },
		ResultType: reflect.TypeFor[*Result](),
	}
}

// Result is what the analyzer found in one package: memlint's findings,
// sorted, with the severity, resource and related locations its own
// output formats print (Diagnostics carry the same findings for analysis
// drivers), the files that hold SDK inputs and notes about values that
// cannot be checked statically.
type Result struct {
	Findings []rules.Finding
	Files    []string
	Notes    []string
}

var shipped struct {
	once sync.Once
	eng  *rego.Engine
	cat  *rules.Catalog
	err  error
}

// engine returns the shipped rules, loaded once per process.
func engine(ctx context.Context) (*rego.Engine, *rules.Catalog, error) {
	shipped.once.Do(func() {
		shipped.eng, shipped.err = rego.Load(ctx)
		if shipped.err == nil {
			shipped.cat, shipped.err = rules.NewCatalog(shipped.eng.Metas(), rules.Builtin)
		}
	})
	return shipped.eng, shipped.cat, shipped.err
}

func run(pass *analysis.Pass, opts Options) (any, error) {
	read := pass.ReadFile
	if read == nil {
		read = os.ReadFile
	}
	disabled := map[string]bool{}
	if len(opts.Disable) > 0 {
		cat, err := Catalog(context.Background())
		if err != nil {
			return nil, err
		}
		for _, id := range opts.Disable {
			m, ok := cat.Lookup(id)
			if !ok {
				return nil, fmt.Errorf("memlint: disable: no rule %q", id)
			}
			disabled[m.ID] = true
		}
	}
	res, cat, err := Check(context.Background(), pass.Fset, pass.TypesInfo, pass.Files, read)
	if err != nil {
		return nil, err
	}
	if len(res.Findings) == 0 {
		return res, nil
	}
	pos := newPositions(pass.Fset, pass.Files, read)
	for _, f := range res.Findings {
		if disabled[f.RuleID] {
			continue
		}
		start, end := pos.of(f.Loc)
		if !start.IsValid() {
			if len(pass.Files) == 0 {
				continue
			}
			start, end = pass.Files[0].Package, pass.Files[0].Package
		}
		d := analysis.Diagnostic{Pos: start, End: end, Category: f.RuleID,
			Message: fmt.Sprintf("%s %s %s", f.Severity, f.RuleID, f.Msg)}
		if m, ok := cat.Lookup(f.RuleID); ok {
			d.URL = m.HelpURI
		}
		for _, rel := range f.Related {
			if s, e := pos.of(rel.Loc); s.IsValid() {
				d.Related = append(d.Related, analysis.RelatedInformation{Pos: s, End: e, Message: rel.Msg})
			}
		}
		pass.Report(d)
	}
	return res, nil
}

// Catalog returns the catalog of memlint's shipped rules.
func Catalog(ctx context.Context) (*rules.Catalog, error) {
	_, cat, err := engine(ctx)
	return cat, err
}

// Check runs memlint's rules on the SDK inputs of one type-checked package
// (its files, with the type information of info) and returns the findings,
// in memlint's terms, and the rule catalog (nil when the package passes
// nothing to the SDK: the rules are then not even loaded). read returns
// the contents of a file of the package.
func Check(ctx context.Context, fset *token.FileSet, info *types.Info, files []*ast.File, read func(string) ([]byte, error)) (*Result, *rules.Catalog, error) {
	if info == nil || !hasInputs(info) {
		return &Result{}, nil, nil
	}
	r := newReader(fset, info, files, read)
	prog := r.calls(files)
	calls := false
	for _, f := range prog {
		calls = calls || len(f.Calls) > 0
	}
	if !calls {
		return &Result{}, nil, nil
	}
	eng, cat, err := engine(ctx)
	if err != nil {
		return nil, nil, err
	}
	m := load.Program(prog)
	findings, err := lint.Run(ctx, eng, cat, m)
	if err != nil {
		return nil, nil, err
	}
	return &Result{Findings: findings, Files: m.Files, Notes: m.Notes}, cat, nil
}

// positions turns memlint's positions (lines and UTF-16 columns) back into
// token.Pos values of the package's files.
type positions struct {
	files map[string]*posFile
}

type posFile struct {
	tf    *token.File
	data  []byte
	lines []int
}

func newPositions(fset *token.FileSet, files []*ast.File, read func(string) ([]byte, error)) *positions {
	p := &positions{files: map[string]*posFile{}}
	for _, f := range files {
		tf := fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		data, err := read(tf.Name())
		if err != nil || len(data) != tf.Size() {
			continue
		}
		pf := &posFile{tf: tf, data: data, lines: []int{0}}
		for i, b := range data {
			if b == '\n' {
				pf.lines = append(pf.lines, i+1)
			}
		}
		p.files[tf.Name()] = pf
	}
	return p
}

// of returns the span of l, or NoPos when l is not in a file of the package.
func (p *positions) of(l model.Loc) (token.Pos, token.Pos) {
	f := p.files[l.File]
	if f == nil || l.Line < 1 {
		return token.NoPos, token.NoPos
	}
	s := f.offset(int(l.Line), int(l.Col))
	e := s
	if l.EndLine > 0 {
		e = max(s, f.offset(int(l.EndLine), int(l.EndCol)))
	}
	return f.tf.Pos(s), f.tf.Pos(e)
}

// offset is the byte offset of a 1-based line and UTF-16 column.
func (f *posFile) offset(line, col int) int {
	if line > len(f.lines) {
		return len(f.data)
	}
	off := f.lines[line-1]
	for c := 1; c < col && off < len(f.data) && f.data[off] != '\n'; {
		r, n := utf8.DecodeRune(f.data[off:])
		c += len(utf16.Encode([]rune{r}))
		off += n
	}
	return off
}

// hasInputs reports whether the package writes a composite literal of an
// SDK input type (directly, or elided in a slice of them).
func hasInputs(info *types.Info) bool {
	for e, tv := range info.Types {
		if _, ok := e.(*ast.CompositeLit); ok && command(tv.Type) != "" {
			return true
		}
	}
	return false
}
