package rego

import (
	_ "embed"
	"encoding/binary"
	"errors"
	"fmt"
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
	"github.com/open-policy-agent/opa/v1/version"
)

// The shipped modules are also kept pre-parsed (preparsed.bin): OPA's AST
// written out node by node, with the hash of the source it was parsed from.
// Parsing the Rego was about half of compiling it (every module: 29 ms of
// CPU, 11.5 MB and 189,000 allocations); rebuilding the same AST from this
// form allocates it in a few slabs per module and skips the scanner and
// parser. A module whose source changed since the file was written (a rule
// edited without -update) is parsed as before; TestPreparsed checks the file
// is up to date and that every decoded module equals the parsed one, node
// by node and location by location (go test ./rego -run TestPreparsed
// -update rewrites it).
//
//go:embed preparsed.bin
var preparsedBin []byte

// preparsedMagic starts preparsed.bin; the number changes with the format.
// The OPA version follows it: the AST of another version's parser is not
// used (every module is parsed, and TestPreparsed asks for the file to be
// written again).
const preparsedMagic = "memlint-rego-ast-1\n"

// preparsedHeader is the magic and the OPA version the file was written with.
var preparsedHeader = preparsedMagic + "opa " + version.Version + "\n"

type preparsedEntry struct {
	hash uint64
	data []byte
}

var preparsed = sync.OnceValue(func() map[string]preparsedEntry {
	out := map[string]preparsedEntry{}
	idx, err := readPreparsedIndex(preparsedBin)
	if err != nil {
		return out // every module parsed from source; TestPreparsed reports it
	}
	return idx
})

func readPreparsedIndex(bin []byte) (map[string]preparsedEntry, error) {
	if len(bin) < len(preparsedHeader) || string(bin[:len(preparsedHeader)]) != preparsedHeader {
		return nil, errors.New("preparsed.bin: not this format or another OPA version")
	}
	r := &astReader{b: bin, off: len(preparsedHeader)}
	n := r.uint()
	out := make(map[string]preparsedEntry, n)
	for range n {
		path := r.rawString()
		hash := r.u64()
		size := r.uint()
		if r.err != nil || size > len(r.b)-r.off {
			return nil, errors.New("preparsed.bin: truncated")
		}
		out[path] = preparsedEntry{hash: hash, data: r.b[r.off : r.off+size]}
		r.off += size
	}
	return out, r.err
}

// preparsedModule is the module m rebuilt from preparsed.bin, or nil when
// the file has no entry for m's source.
func preparsedModule(m Module) *ast.Module {
	e, ok := preparsed()[m.Path]
	if !ok || e.hash != sourceHash(m.Src) {
		return nil
	}
	mod, err := decodeModule(m.Path, m.Src, e.data)
	if err != nil {
		return nil
	}
	return mod
}

// Tags of the encoded nodes.
const (
	tagNil byte = iota
	tagNull
	tagTrue
	tagFalse
	tagNumber
	tagString
	tagVar
	tagRef
	tagArray
	tagObject
	tagSet
	tagCall
	tagArrayCompr
	tagSetCompr
	tagObjectCompr
	// Expression terms.
	tagExprTerm
	tagExprCall
	tagExprSome
	tagExprEvery
)

// astWriter writes a module's AST. Strings and locations are written once
// and referred to by index; a location's text is its offset and length in
// the module's source, and its row and column are written as they are.
type astWriter struct {
	b       []byte
	strs    map[string]int
	strList []string
	locs    map[*ast.Location]int
	locList []*ast.Location
	tabs    map[string]int
	tabList [][]int
	counts  [3]int // terms, expressions, rules
	src     string
}

func (w *astWriter) uint(n int) { w.b = binary.AppendUvarint(w.b, uint64(n)) }

func (w *astWriter) str(s string) {
	i, ok := w.strs[s]
	if !ok {
		i = len(w.strList)
		w.strs[s] = i
		w.strList = append(w.strList, s)
	}
	w.uint(i)
}

func (w *astWriter) loc(l *ast.Location) error {
	if l == nil {
		w.uint(0)
		return nil
	}
	i, ok := w.locs[l]
	if !ok {
		i = len(w.locList)
		w.locs[l] = i
		w.locList = append(w.locList, l)
	}
	w.uint(i + 1)
	return nil
}

func (w *astWriter) tabsIndex(t []int) int {
	if t == nil {
		return 0
	}
	k := fmt.Sprint(t)
	i, ok := w.tabs[k]
	if !ok {
		i = len(w.tabList)
		w.tabs[k] = i
		w.tabList = append(w.tabList, t)
	}
	return i + 1
}

func (w *astWriter) terms(ts []*ast.Term) error {
	if ts == nil {
		w.uint(0)
		return nil
	}
	w.uint(len(ts) + 1)
	for _, t := range ts {
		if err := w.term(t); err != nil {
			return err
		}
	}
	return nil
}

func (w *astWriter) term(t *ast.Term) error {
	if t == nil {
		w.b = append(w.b, tagNil)
		return nil
	}
	w.counts[0]++
	if err := w.value(t.Value); err != nil {
		return err
	}
	return w.loc(t.Location)
}

func (w *astWriter) value(v ast.Value) error {
	switch v := v.(type) {
	case ast.Null:
		w.b = append(w.b, tagNull)
	case ast.Boolean:
		if v {
			w.b = append(w.b, tagTrue)
		} else {
			w.b = append(w.b, tagFalse)
		}
	case ast.Number:
		w.b = append(w.b, tagNumber)
		w.str(string(v))
	case ast.String:
		w.b = append(w.b, tagString)
		w.str(string(v))
	case ast.Var:
		w.b = append(w.b, tagVar)
		w.str(string(v))
	case ast.Ref:
		w.b = append(w.b, tagRef)
		return w.terms(v)
	case ast.Call:
		w.b = append(w.b, tagCall)
		return w.terms(v)
	case *ast.Array:
		w.b = append(w.b, tagArray)
		ts := make([]*ast.Term, v.Len())
		for i := range ts {
			ts[i] = v.Elem(i)
		}
		return w.terms(ts)
	case ast.Set:
		w.b = append(w.b, tagSet)
		return w.terms(v.Slice())
	case ast.Object:
		w.b = append(w.b, tagObject)
		w.uint(v.Len())
		var err error
		v.Foreach(func(k, val *ast.Term) {
			if err == nil {
				err = w.term(k)
			}
			if err == nil {
				err = w.term(val)
			}
		})
		return err
	case *ast.ArrayComprehension:
		w.b = append(w.b, tagArrayCompr)
		if err := w.term(v.Term); err != nil {
			return err
		}
		return w.body(v.Body)
	case *ast.SetComprehension:
		w.b = append(w.b, tagSetCompr)
		if err := w.term(v.Term); err != nil {
			return err
		}
		return w.body(v.Body)
	case *ast.ObjectComprehension:
		w.b = append(w.b, tagObjectCompr)
		if err := w.term(v.Key); err != nil {
			return err
		}
		if err := w.term(v.Value); err != nil {
			return err
		}
		return w.body(v.Body)
	default:
		return fmt.Errorf("no encoding for a %T", v)
	}
	return nil
}

func (w *astWriter) body(b ast.Body) error {
	if b == nil {
		w.uint(0)
		return nil
	}
	w.uint(len(b) + 1)
	for _, e := range b {
		if err := w.expr(e); err != nil {
			return err
		}
	}
	return nil
}

func (w *astWriter) expr(e *ast.Expr) error {
	w.counts[1]++
	flags := 0
	if e.Negated {
		flags |= 1
	}
	if e.Generated {
		flags |= 2
	}
	w.uint(flags)
	w.uint(e.Index)
	if err := w.loc(e.Location); err != nil {
		return err
	}
	w.uint(len(e.With))
	for _, wi := range e.With {
		if err := w.loc(wi.Location); err != nil {
			return err
		}
		if err := w.term(wi.Target); err != nil {
			return err
		}
		if err := w.term(wi.Value); err != nil {
			return err
		}
	}
	switch t := e.Terms.(type) {
	case *ast.Term:
		w.b = append(w.b, tagExprTerm)
		return w.term(t)
	case []*ast.Term:
		w.b = append(w.b, tagExprCall)
		return w.terms(t)
	case *ast.SomeDecl:
		w.b = append(w.b, tagExprSome)
		if err := w.loc(t.Location); err != nil {
			return err
		}
		return w.terms(t.Symbols)
	case *ast.Every:
		w.b = append(w.b, tagExprEvery)
		if err := w.loc(t.Location); err != nil {
			return err
		}
		for _, x := range []*ast.Term{t.Key, t.Value, t.Domain} {
			if err := w.term(x); err != nil {
				return err
			}
		}
		return w.body(t.Body)
	default:
		return fmt.Errorf("no encoding for expression terms %T", t)
	}
}

func (w *astWriter) rule(r *ast.Rule) error {
	if r == nil {
		w.b = append(w.b, tagNil)
		return nil
	}
	w.b = append(w.b, 1)
	w.counts[2]++
	if err := w.loc(r.Location); err != nil {
		return err
	}
	if r.Default {
		w.uint(1)
	} else {
		w.uint(0)
	}
	h := r.Head
	if err := w.loc(h.Location); err != nil {
		return err
	}
	w.str(string(h.Name))
	if err := w.terms(h.Reference); err != nil {
		return err
	}
	if err := w.terms(h.Args); err != nil {
		return err
	}
	if err := w.term(h.Key); err != nil {
		return err
	}
	if err := w.term(h.Value); err != nil {
		return err
	}
	if h.Assign {
		w.uint(1)
	} else {
		w.uint(0)
	}
	if err := w.body(r.Body); err != nil {
		return err
	}
	return w.rule(r.Else)
}

// encodeModule writes a module parsed from src (without annotations) in
// the form decodeModule reads: a header (counts, the string, tab and
// location tables) and then the nodes.
func encodeModule(src string, m *ast.Module) ([]byte, error) {
	if len(m.Annotations) > 0 {
		return nil, errors.New("annotations are not encoded: parse without them")
	}
	w := &astWriter{strs: map[string]int{}, locs: map[*ast.Location]int{}, tabs: map[string]int{}, src: src}
	if err := w.loc(m.Package.Location); err != nil {
		return nil, err
	}
	if err := w.terms(m.Package.Path); err != nil {
		return nil, err
	}
	w.uint(len(m.Imports))
	for _, imp := range m.Imports {
		if err := w.loc(imp.Location); err != nil {
			return nil, err
		}
		if err := w.term(imp.Path); err != nil {
			return nil, err
		}
		w.str(string(imp.Alias))
		if err := w.loc(imp.AliasLocation); err != nil {
			return nil, err
		}
	}
	w.uint(len(m.Rules))
	for _, r := range m.Rules {
		if err := w.rule(r); err != nil {
			return nil, err
		}
	}
	body := w.b
	// A location's text is its offset and length in the source when it is
	// there (text<<1), else a string (index<<1 | 1).
	tabIdx := make([]int, len(w.locList))
	text := make([]int, len(w.locList))
	for i, l := range w.locList {
		if l.File != m.Package.Location.File {
			return nil, fmt.Errorf("location in file %q, not the module's", l.File)
		}
		tabIdx[i] = w.tabsIndex(l.Tabs)
		if l.Offset >= 0 && l.Offset+len(l.Text) <= len(w.src) && w.src[l.Offset:l.Offset+len(l.Text)] == string(l.Text) {
			text[i] = len(l.Text) << 1
		} else {
			b := w.b
			w.str(string(l.Text))
			w.b = b
			text[i] = w.strs[string(l.Text)]<<1 | 1
		}
	}
	// The header: counts, strings, tab lists, locations; then the nodes.
	w.b = nil
	for _, n := range w.counts {
		w.uint(n)
	}
	w.uint(len(w.strList))
	for _, str := range w.strList {
		w.uint(len(str))
		w.b = append(w.b, str...)
	}
	w.uint(len(w.tabList))
	for _, tl := range w.tabList {
		w.uint(len(tl))
		for _, x := range tl {
			w.uint(x)
		}
	}
	w.uint(len(w.locList))
	for i, l := range w.locList {
		w.uint(l.Offset)
		w.uint(text[i])
		w.uint(l.Row)
		w.uint(l.Col)
		w.uint(tabIdx[i])
	}
	return append(w.b, body...), nil
}

// astReader reads what astWriter wrote. The first error stops it: every
// later read returns zero values, and decodeModule reports the error.
type astReader struct {
	b    []byte
	off  int
	err  error
	src  []byte
	file string

	strs  []string
	tabs  [][]int
	locs  []ast.Location
	terms []ast.Term // slab: one allocation for the module's terms
	exprs []ast.Expr // and one for its expressions
	rules []ast.Rule
	heads []ast.Head
}

func (r *astReader) fail(msg string) {
	if r.err == nil {
		r.err = fmt.Errorf("preparsed module %s: %s at byte %d", r.file, msg, r.off)
	}
}

func (r *astReader) uint() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.b[r.off:])
	if n <= 0 || v > 1<<31 {
		r.fail("bad number")
		return 0
	}
	r.off += n
	return int(v)
}

// count reads a number of items to come, each at least a byte long.
func (r *astReader) count() int {
	n := r.uint()
	if n > len(r.b)-r.off {
		r.fail("bad count")
		return 0
	}
	return n
}

func (r *astReader) u64() uint64 {
	if r.err != nil || len(r.b)-r.off < 8 {
		r.fail("truncated")
		return 0
	}
	v := binary.LittleEndian.Uint64(r.b[r.off:])
	r.off += 8
	return v
}

func (r *astReader) byte() byte {
	if r.err != nil || r.off >= len(r.b) {
		r.fail("truncated")
		return 0
	}
	c := r.b[r.off]
	r.off++
	return c
}

func (r *astReader) rawString() string {
	n := r.uint()
	if r.err != nil || n > len(r.b)-r.off {
		r.fail("truncated string")
		return ""
	}
	s := string(r.b[r.off : r.off+n])
	r.off += n
	return s
}

func (r *astReader) str() string {
	i := r.uint()
	if i >= len(r.strs) {
		r.fail("bad string index")
		return ""
	}
	return r.strs[i]
}

func (r *astReader) loc() *ast.Location {
	i := r.uint()
	if i == 0 {
		return nil
	}
	if i > len(r.locs) {
		r.fail("bad location index")
		return nil
	}
	return &r.locs[i-1]
}

func (r *astReader) newTerm() *ast.Term {
	if len(r.terms) == 0 {
		r.fail("more terms than counted")
		return &ast.Term{}
	}
	t := &r.terms[0]
	r.terms = r.terms[1:]
	return t
}

func (r *astReader) termList() []*ast.Term {
	n := r.uint()
	if n == 0 || r.err != nil {
		return nil
	}
	n--
	if n > len(r.b)-r.off {
		r.fail("bad count")
		return nil
	}
	ts := make([]*ast.Term, n)
	for i := range ts {
		if ts[i] = r.term(); ts[i] == nil {
			r.fail("list element missing")
			return nil
		}
	}
	return ts
}

func (r *astReader) term() *ast.Term {
	tag := r.byte()
	if tag == tagNil || r.err != nil {
		return nil
	}
	t := r.newTerm()
	t.Value = r.value(tag)
	t.Location = r.loc()
	return t
}

func (r *astReader) value(tag byte) ast.Value {
	switch tag {
	case tagNull:
		return ast.NullValue
	case tagTrue:
		return ast.Boolean(true)
	case tagFalse:
		return ast.Boolean(false)
	case tagNumber:
		return ast.Number(r.str())
	case tagString:
		return ast.String(r.str())
	case tagVar:
		return ast.Var(r.str())
	case tagRef:
		return ast.Ref(r.termList())
	case tagCall:
		return ast.Call(r.termList())
	case tagArray:
		return ast.NewArray(r.termList()...)
	case tagSet:
		return ast.NewSet(r.termList()...)
	case tagObject:
		n := r.uint()
		if n > len(r.b)-r.off {
			r.fail("bad count")
			return ast.NullValue
		}
		pairs := make([][2]*ast.Term, n)
		for i := range pairs {
			pairs[i] = [2]*ast.Term{r.term(), r.term()}
			if pairs[i][0] == nil || pairs[i][1] == nil {
				r.fail("object key or value missing")
				return ast.NullValue
			}
		}
		return ast.NewObject(pairs...)
	case tagArrayCompr:
		return &ast.ArrayComprehension{Term: r.term(), Body: r.body()}
	case tagSetCompr:
		return &ast.SetComprehension{Term: r.term(), Body: r.body()}
	case tagObjectCompr:
		return &ast.ObjectComprehension{Key: r.term(), Value: r.term(), Body: r.body()}
	}
	r.fail(fmt.Sprintf("unknown value tag %d", tag))
	return ast.NullValue
}

func (r *astReader) body() ast.Body {
	n := r.uint()
	if n == 0 || r.err != nil {
		return nil
	}
	n--
	if n > len(r.exprs) {
		r.fail("more expressions than counted")
		return nil
	}
	b := make(ast.Body, n)
	for i := range b {
		b[i] = r.expr()
	}
	return b
}

func (r *astReader) expr() *ast.Expr {
	if len(r.exprs) == 0 {
		r.fail("more expressions than counted")
		return &ast.Expr{}
	}
	e := &r.exprs[0]
	r.exprs = r.exprs[1:]
	flags := r.uint()
	e.Negated = flags&1 != 0
	e.Generated = flags&2 != 0
	e.Index = r.uint()
	e.Location = r.loc()
	if n := r.uint(); n > 0 && r.err == nil {
		if n > len(r.b)-r.off {
			r.fail("bad count")
			return e
		}
		e.With = make([]*ast.With, n)
		for i := range e.With {
			w := &ast.With{Location: r.loc()}
			w.Target = r.term()
			w.Value = r.term()
			e.With[i] = w
		}
	}
	switch r.byte() {
	case tagExprTerm:
		e.Terms = r.term()
	case tagExprCall:
		e.Terms = r.termList()
	case tagExprSome:
		d := &ast.SomeDecl{Location: r.loc()}
		d.Symbols = r.termList()
		e.Terms = d
	case tagExprEvery:
		ev := &ast.Every{Location: r.loc()}
		ev.Key, ev.Value, ev.Domain = r.term(), r.term(), r.term()
		ev.Body = r.body()
		e.Terms = ev
	default:
		r.fail("unknown expression tag")
	}
	return e
}

func (r *astReader) rule(mod *ast.Module) *ast.Rule {
	if r.byte() == tagNil || r.err != nil {
		return nil
	}
	if len(r.rules) == 0 {
		r.fail("more rules than counted")
		return nil
	}
	rule, h := &r.rules[0], &r.heads[0]
	r.rules, r.heads = r.rules[1:], r.heads[1:]
	rule.Module = mod
	rule.Location = r.loc()
	rule.Default = r.uint() == 1
	h.Location = r.loc()
	h.Name = ast.Var(r.str())
	h.Reference = ast.Ref(r.termList())
	h.Args = ast.Args(r.termList())
	h.Key = r.term()
	h.Value = r.term()
	h.Assign = r.uint() == 1
	rule.Head = h
	rule.Body = r.body()
	rule.Else = r.rule(mod)
	return rule
}

// decodeModule rebuilds the module at path, whose source is src, from
// data written by encodeModule.
func decodeModule(path, src string, data []byte) (*ast.Module, error) {
	r := &astReader{b: data, src: []byte(src), file: path}
	nTerms, nExprs, nRules := r.uint(), r.uint(), r.uint()
	if r.err != nil || nTerms > len(data)*2 || nExprs > len(data) || nRules > len(data) {
		return nil, fmt.Errorf("preparsed module %s: bad counts", path)
	}
	r.terms = make([]ast.Term, nTerms)
	r.exprs = make([]ast.Expr, nExprs)
	r.rules = make([]ast.Rule, nRules)
	r.heads = make([]ast.Head, nRules)
	r.strs = make([]string, r.count())
	for i := range r.strs {
		r.strs[i] = r.rawString()
	}
	if n := r.count(); n > 0 {
		r.tabs = make([][]int, n)
		for i := range r.tabs {
			t := make([]int, r.count())
			for j := range t {
				t[j] = r.uint()
			}
			r.tabs[i] = t
		}
	}
	if n := r.uint(); n <= len(data) && r.err == nil {
		r.locs = make([]ast.Location, n)
		for i := range r.locs {
			off, text, row, col, tabs := r.uint(), r.uint(), r.uint(), r.uint(), r.uint()
			l := &r.locs[i]
			switch size := text >> 1; {
			case text&1 == 1 && size < len(r.strs):
				l.Text = []byte(r.strs[size])
			case text&1 == 0 && off+size <= len(r.src):
				l.Text = r.src[off : off+size : off+size]
			default:
				r.fail("location outside the source")
			}
			if tabs > len(r.tabs) {
				r.fail("bad tab list index")
				break
			}
			l.File, l.Row, l.Col, l.Offset = path, row, col, off
			if tabs > 0 {
				l.Tabs = r.tabs[tabs-1]
			}
		}
	}
	mod := &ast.Module{Package: &ast.Package{Location: r.loc()}}
	mod.Package.Path = ast.Ref(r.termList())
	if n := r.uint(); n > 0 && n <= len(data) && r.err == nil {
		mod.Imports = make([]*ast.Import, n)
		for i := range mod.Imports {
			imp := &ast.Import{Location: r.loc()}
			imp.Path = r.term()
			imp.Alias = ast.Var(r.str())
			imp.AliasLocation = r.loc()
			mod.Imports[i] = imp
		}
	}
	if n := r.uint(); n > 0 && n <= len(data) && r.err == nil {
		mod.Rules = make([]*ast.Rule, n)
		for i := range mod.Rules {
			mod.Rules[i] = r.rule(mod)
		}
	}
	if r.err == nil && (r.off != len(data) || len(r.terms) != 0 || len(r.exprs) != 0 || len(r.rules) != 0) {
		r.fail("counts or length do not match")
	}
	if r.err != nil {
		return nil, r.err
	}
	mod.SetRegoVersion(ast.RegoV1)
	return mod, nil
}

// writePreparsed is preparsed.bin for the modules: each parsed without
// annotations and encoded, in the order given.
func writePreparsed(mods []Module) ([]byte, error) {
	out := []byte(preparsedHeader)
	out = binary.AppendUvarint(out, uint64(len(mods)))
	for _, m := range mods {
		pm, err := ast.ParseModuleWithOpts(m.Path, m.Src, ast.ParserOptions{RegoVersion: ast.RegoV1})
		if err != nil {
			return nil, err
		}
		data, err := encodeModule(m.Src, pm)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", m.Path, err)
		}
		out = binary.AppendUvarint(out, uint64(len(m.Path)))
		out = append(out, m.Path...)
		out = binary.LittleEndian.AppendUint64(out, sourceHash(m.Src))
		out = binary.AppendUvarint(out, uint64(len(data)))
		out = append(out, data...)
	}
	return out, nil
}
