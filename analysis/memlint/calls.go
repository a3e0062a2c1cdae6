package memlint

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"unicode"

	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
	"github.com/memlint/memlint/internal/source"
)

// sdk is the module path of the AWS SDK for Go v2.
const sdk = "github.com/aws/aws-sdk-go-v2"

// inputs names, by package path and type name, the SDK input types the
// analyzer reads and the AWS CLI command of each operation.
var inputs = map[string]map[string]string{
	sdk + "/service/bedrockagentcorecontrol": {
		"PutResourcePolicyInput": "bedrock-agentcore-control put-resource-policy",
		"CreateMemoryInput":      "bedrock-agentcore-control create-memory",
	},
	sdk + "/service/iam": {
		"CreateRoleInput":    "iam create-role",
		"PutRolePolicyInput": "iam put-role-policy",
		"CreatePolicyInput":  "iam create-policy",
	},
	sdk + "/service/s3":      {"PutBucketPolicyInput": "s3api put-bucket-policy"},
	sdk + "/service/sns":     {"SetTopicAttributesInput": "sns set-topic-attributes"},
	sdk + "/service/kinesis": {"PutResourcePolicyInput": "kinesis put-resource-policy"},
}

// command returns the AWS CLI command of an SDK input type, or "".
func command(t types.Type) string {
	if p, ok := types.Unalias(t).(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	if !ok || n.Obj().Pkg() == nil {
		return ""
	}
	return inputs[n.Obj().Pkg().Path()][n.Obj().Name()]
}

// maxDepth bounds how deep the analyzer follows constants, variables and
// nested literals.
const maxDepth = 64

// reader turns the SDK input values of a package into load.Calls.
type reader struct {
	fset  *token.FileSet
	info  *types.Info
	files map[string]*goFile // by file name
	// decls are the expressions the declarations of the package's
	// constants and variables give them (nil: the zero value, or one
	// result of a call of several), assigned counts the assignments of
	// each (a variable assigned after its declaration counts more than
	// one), and results holds, for a variable declared with the first of
	// a call's results (b, err := json.Marshal(v)), the call.
	decls    map[types.Object]ast.Expr
	assigned map[types.Object]int
	results  map[types.Object]*ast.CallExpr
	unknown  map[string]map[model.Loc]string // by file name
	depth    int
}

// goFile is one file of the package.
type goFile struct {
	name string
	tf   *token.File
	data []byte
	src  *source.SourceFile
}

func newReader(fset *token.FileSet, info *types.Info, files []*ast.File, read func(string) ([]byte, error)) *reader {
	r := &reader{fset: fset, info: info, files: map[string]*goFile{}, decls: map[types.Object]ast.Expr{}, assigned: map[types.Object]int{},
		results: map[types.Object]*ast.CallExpr{}, unknown: map[string]map[model.Loc]string{}}
	for _, f := range files {
		tf := fset.File(f.FileStart)
		if tf == nil {
			continue
		}
		data, err := read(tf.Name())
		if err != nil || len(data) != tf.Size() {
			continue // not the file that was parsed: positions would be wrong
		}
		name := tf.Name()
		r.files[name] = &goFile{name: name, tf: tf, data: data, src: source.NewSourceFile(name, data)}
	}
	for _, f := range files {
		r.collect(f)
	}
	return r
}

// collect records the constants and variables of a file and how they are
// assigned.
func (r *reader) collect(f *ast.File) {
	// def records the expression a declaration gives an object (nil: the
	// zero value, or one result of a call of several).
	def := func(id *ast.Ident, e ast.Expr) {
		if obj := r.info.Defs[id]; obj != nil && id.Name != "_" {
			r.decls[obj] = e
			r.assigned[obj]++
		}
	}
	// set records any other assignment.
	set := func(e ast.Expr) {
		if id, ok := ast.Unparen(e).(*ast.Ident); ok {
			if obj := r.info.ObjectOf(id); obj != nil {
				r.assigned[obj] += 2
			}
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.ValueSpec:
			switch {
			case len(n.Values) == len(n.Names):
				for i, id := range n.Names {
					def(id, n.Values[i])
				}
			default:
				for _, id := range n.Names {
					def(id, nil)
				}
				if len(n.Values) == 1 && len(n.Names) > 0 {
					if call, ok := ast.Unparen(n.Values[0]).(*ast.CallExpr); ok {
						if obj := r.info.Defs[n.Names[0]]; obj != nil {
							r.results[obj] = call
						}
					}
				}
			}
		case *ast.AssignStmt:
			for i, l := range n.Lhs {
				id, ok := ast.Unparen(l).(*ast.Ident)
				if !ok {
					continue
				}
				if n.Tok != token.DEFINE || r.info.Defs[id] == nil {
					set(id) // an assignment, or redeclared by a := of several
					continue
				}
				if len(n.Lhs) == len(n.Rhs) {
					def(id, n.Rhs[i])
					continue
				}
				def(id, nil)
				if call, ok := ast.Unparen(n.Rhs[0]).(*ast.CallExpr); ok && i == 0 && len(n.Rhs) == 1 {
					r.results[r.info.Defs[id]] = call
				}
			}
		case *ast.IncDecStmt:
			set(n.X)
		case *ast.UnaryExpr:
			// A variable whose address is taken may change through it.
			if n.Op == token.AND {
				set(n.X)
			}
		case *ast.RangeStmt:
			if n.Key != nil {
				set(n.Key)
			}
			if n.Value != nil {
				set(n.Value)
			}
		}
		return true
	})
}

// value returns the expression that gives obj its value, when it has one
// that cannot change: a constant's, or a variable's the package assigns
// once (an exported package-level variable may be assigned by other
// packages, and a parameter by every caller: neither is followed).
func (r *reader) value(obj types.Object) ast.Expr {
	switch obj := obj.(type) {
	case *types.Const:
		return r.decls[obj]
	case nil:
		return nil
	case *types.Var:
		if obj.Pkg() == nil || obj.IsField() || obj.Exported() && obj.Parent() == obj.Pkg().Scope() || r.assigned[obj] != 1 {
			return nil
		}
		return r.decls[obj]
	}
	return nil
}

// calls returns the SDK input values of the package, by file.
func (r *reader) calls(files []*ast.File) []load.ProgramFile {
	var out []load.ProgramFile
	for _, f := range files {
		tf := r.fset.File(f.FileStart)
		if tf == nil || r.files[tf.Name()] == nil {
			continue
		}
		pf := load.ProgramFile{Name: tf.Name()}
		ast.Inspect(f, func(n ast.Node) bool {
			lit, ok := n.(*ast.CompositeLit)
			if !ok {
				return true
			}
			cmd := command(r.info.TypeOf(lit))
			if cmd == "" {
				return true
			}
			r.depth = 0
			in := r.node(lit)
			if in != nil && in.Kind == source.Object {
				pf.Calls = append(pf.Calls, load.Call{Command: cmd, Input: in})
			}
			return true
		})
		out = append(out, pf)
	}
	for i := range out {
		out[i].Unknown = r.unknown[out[i].Name]
	}
	// Unknown values of one file may be held by calls of another (a
	// variable declared beside the constants): every file knows them all.
	all := map[model.Loc]string{}
	for _, u := range r.unknown {
		for k, v := range u {
			all[k] = v
		}
	}
	for i := range out {
		out[i].Unknown = all
	}
	return out
}

// file returns the file holding pos, or nil.
func (r *reader) file(pos token.Pos) *goFile {
	tf := r.fset.File(pos)
	if tf == nil {
		return nil
	}
	return r.files[tf.Name()]
}

// loc returns the position of the node n.
func (r *reader) loc(n ast.Node) model.Loc {
	f := r.file(n.Pos())
	if f == nil {
		return model.Loc{}
	}
	return f.src.Loc(f.tf.Offset(n.Pos()), f.tf.Offset(n.End()))
}

// spanOf returns the span of n.
func (r *reader) spanOf(n ast.Node) (span, bool) {
	f := r.file(n.Pos())
	if f == nil {
		return span{}, false
	}
	return span{f.name, f.tf.Offset(n.Pos()), f.tf.Offset(n.End())}, true
}

// unknownStr is a string the program computes when it runs: a node at its
// position, recorded as unknown with the expression as written.
func (r *reader) unknownStr(e ast.Expr) *source.Node {
	f := r.file(e.Pos())
	if f == nil {
		return nil
	}
	s, en := f.tf.Offset(e.Pos()), f.tf.Offset(e.End())
	expr := string(f.data[s:en])
	loc := f.src.Loc(s, en)
	if r.unknown[f.name] == nil {
		r.unknown[f.name] = map[model.Loc]string{}
	}
	r.unknown[f.name][loc] = expr
	return &source.Node{Kind: source.String, Value: expr, Loc: loc}
}

// node converts an SDK input value to the node of the AWS CLI input JSON of
// the same value, or nil when it is not known and not a string.
func (r *reader) node(e ast.Expr) *source.Node {
	if r.depth > maxDepth {
		return nil
	}
	r.depth++
	defer func() { r.depth-- }()
	e = ast.Unparen(e)
	t := r.info.TypeOf(e)
	if t == nil {
		return nil
	}
	if b, ok := t.Underlying().(*types.Basic); ok && b.Info()&types.IsString != 0 {
		return r.str(e)
	}
	if tv, ok := r.info.Types[e]; ok && tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.Int, constant.Float:
			return &source.Node{Kind: source.Number, Value: tv.Value.ExactString(), Loc: r.loc(e)}
		case constant.Bool:
			return &source.Node{Kind: source.Bool, Value: tv.Value.ExactString(), Loc: r.loc(e)}
		}
	}
	switch e := e.(type) {
	case *ast.UnaryExpr:
		if e.Op == token.AND {
			return r.node(e.X)
		}
	case *ast.StarExpr:
		return r.node(e.X)
	case *ast.CallExpr:
		if arg := pointerHelper(r.info, e); arg != nil {
			return r.node(arg)
		}
	case *ast.Ident:
		if v := r.value(r.info.Uses[e]); v != nil {
			return r.node(v)
		}
	case *ast.CompositeLit:
		return r.composite(e)
	}
	return nil
}

// pointerHelper returns the argument of a call of the aws package's value
// to pointer helpers (aws.String, aws.Int32, aws.Bool, …), or nil.
func pointerHelper(info *types.Info, call *ast.CallExpr) ast.Expr {
	fn, ok := typeutilCallee(info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != sdk+"/aws" || len(call.Args) != 1 {
		return nil
	}
	sig, ok := fn.Type().(*types.Signature)
	if !ok || sig.Results().Len() != 1 {
		return nil
	}
	if _, ptr := sig.Results().At(0).Type().(*types.Pointer); !ptr {
		return nil
	}
	return call.Args[0]
}

// typeutilCallee is the function or method a call calls, or nil.
func typeutilCallee(info *types.Info, call *ast.CallExpr) types.Object {
	switch f := ast.Unparen(call.Fun).(type) {
	case *ast.Ident:
		return info.Uses[f]
	case *ast.SelectorExpr:
		if sel, ok := info.Selections[f]; ok {
			return sel.Obj()
		}
		return info.Uses[f.Sel]
	}
	return nil
}

// composite converts a struct, union member, slice or map literal.
func (r *reader) composite(lit *ast.CompositeLit) *source.Node {
	t := r.info.TypeOf(lit)
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem() // an elided &T{…} in a []*T literal
	}
	loc := r.loc(lit)
	switch u := t.Underlying().(type) {
	case *types.Slice, *types.Array:
		n := &source.Node{Kind: source.Array, Loc: loc}
		for _, el := range lit.Elts {
			if _, kv := el.(*ast.KeyValueExpr); kv {
				return nil
			}
			if v := r.node(el); v != nil {
				n.Items = append(n.Items, v)
			}
		}
		return n
	case *types.Map:
		n := &source.Node{Kind: source.Object, Loc: loc}
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				continue
			}
			k := r.info.Types[kv.Key].Value
			if k == nil || k.Kind() != constant.String {
				continue
			}
			if v := r.node(kv.Value); v != nil {
				n.Fields = append(n.Fields, &source.Field{Key: constant.StringVal(k), KeyLoc: r.loc(kv.Key), Value: v})
			}
		}
		return n
	case *types.Struct:
		named, _ := types.Unalias(t).(*types.Named)
		camel := named != nil && named.Obj().Pkg() != nil && strings.HasPrefix(named.Obj().Pkg().Path(), sdk+"/service/bedrockagentcorecontrol")
		fields := &source.Node{Kind: source.Object, Loc: loc}
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return nil // positional fields: not an SDK value as SDK users write one
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok || !id.IsExported() {
				continue
			}
			v := r.node(kv.Value)
			if v == nil {
				continue
			}
			key := id.Name
			if camel {
				key = lowerFirst(key)
			}
			fields.Fields = append(fields.Fields, &source.Field{Key: key, KeyLoc: r.loc(id), Value: v})
		}
		// A union member (types.MemoryStrategyInputMemberCustomMemoryStrategy
		// {Value: …}) is the union's object with that one member.
		if named != nil && u.NumFields() > 0 && u.Field(0).Name() == "Value" {
			if _, member, ok := strings.Cut(named.Obj().Name(), "Member"); ok && member != "" {
				v := fields.Get("value")
				if v == nil {
					v = fields.Get("Value")
				}
				if v == nil {
					return nil
				}
				key := member
				if camel {
					key = lowerFirst(member)
				}
				kl := v.Loc
				if len(fields.Fields) > 0 {
					kl = fields.Fields[0].KeyLoc
				}
				return &source.Node{Kind: source.Object, Loc: loc, Fields: []*source.Field{{Key: key, KeyLoc: kl, Value: v}}}
			}
		}
		return fields
	}
	return nil
}

// lowerFirst is an SDK field name as the bedrock-agentcore-control API
// spells the member: MemoryExecutionRoleArn → memoryExecutionRoleArn.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	r := []rune(s)
	r[0] = unicode.ToLower(r[0])
	return string(r)
}

// str converts a string expression: a String node whose value maps to the
// literals that spell it, or an unknown one.
func (r *reader) str(e ast.Expr) *source.Node {
	ps, ok := r.pieces(e)
	if !ok {
		return r.unknownStr(e)
	}
	return r.mapped(e, ps)
}

// mapped makes the String node of pieces spelled by e. Every position maps
// into one file: the one most of the value comes from; a piece from another
// file maps to the name that reaches it in that file, else to the first
// piece of that file.
func (r *reader) mapped(e ast.Expr, ps []piece) *source.Node {
	use, ok := r.spanOf(e)
	if !ok {
		return nil
	}
	count := map[string]int{}
	for _, p := range ps {
		if p.file != "" {
			count[p.file] += len(p.value)
		}
	}
	primary := use.file
	for _, name := range slices.Sorted(func(yield func(string) bool) {
		for k := range count {
			if !yield(k) {
				return
			}
		}
	}) {
		if count[name] > count[primary] {
			primary = name
		}
	}
	f := r.files[primary]
	if f == nil {
		return nil
	}
	var first *piece
	for i := range ps {
		if ps[i].file == primary {
			first = &ps[i]
			break
		}
	}
	out := make([]source.Piece, 0, len(ps))
	for _, p := range ps {
		if p.file != primary {
			at := span{file: primary, start: use.start, end: use.end}
			found := use.file == primary
			for i := len(p.via) - 1; i >= 0; i-- {
				if p.via[i].file == primary {
					at, found = p.via[i], true
					break
				}
			}
			if !found && first != nil {
				at = span{file: primary, start: first.start, end: first.end}
			}
			out = append(out, source.Piece{Value: p.value, Start: at.start, End: at.end})
			continue
		}
		out = append(out, source.Piece{Value: p.value, Start: p.start, End: p.end, Verbatim: p.verbatim})
	}
	start, end := use.start, use.end
	if use.file != primary {
		start, end = len(f.data), 0
		for _, p := range out {
			start, end = min(start, p.Start), max(end, p.End)
		}
		if start > end {
			start, end = 0, 0
		}
	}
	return f.src.String(start, end, out)
}

// pieces returns the pieces that spell the string expression e: literals,
// their concatenations, constants and variables assigned once (followed to
// their declaration in the package), conversions, and the text json.Marshal
// makes of a literal of constant values. It reports false when the value
// is computed when the program runs.
func (r *reader) pieces(e ast.Expr) ([]piece, bool) {
	if r.depth > maxDepth {
		return nil, false
	}
	r.depth++
	defer func() { r.depth-- }()
	e = ast.Unparen(e)
	tv := r.info.Types[e]
	ps, ok := r.spell(e)
	if tv.Value != nil && tv.Value.Kind() == constant.String {
		// The type checker's value is the truth: pieces that spell
		// anything else (a case this reader does not know) give way to
		// the value at the expression.
		want := constant.StringVal(tv.Value)
		if !ok || joined(ps) != want {
			s, found := r.spanOf(e)
			if !found {
				return nil, false
			}
			return []piece{{file: s.file, value: want, start: s.start, end: s.end}}, true
		}
	}
	return ps, ok
}

// spell is pieces without the check against the constant value.
func (r *reader) spell(e ast.Expr) ([]piece, bool) {
	switch e := e.(type) {
	case *ast.BasicLit:
		if e.Kind != token.STRING {
			return nil, false
		}
		f := r.file(e.Pos())
		if f == nil {
			return nil, false
		}
		return literalPieces(f.name, f.tf.Offset(e.Pos()), e.Value)
	case *ast.BinaryExpr:
		if e.Op != token.ADD {
			return nil, false
		}
		x, ok := r.pieces(e.X)
		if !ok {
			return nil, false
		}
		y, ok := r.pieces(e.Y)
		if !ok {
			return nil, false
		}
		return append(x, y...), true
	case *ast.Ident, *ast.SelectorExpr:
		var id *ast.Ident
		if sel, ok := e.(*ast.SelectorExpr); ok {
			id = sel.Sel
		} else {
			id = e.(*ast.Ident)
		}
		obj := r.info.Uses[id]
		if obj == nil || obj.Pkg() == nil {
			return nil, false
		}
		v := r.value(obj)
		if v == nil {
			return nil, false // another package's constant: the type checker's value at the name
		}
		ps, ok := r.pieces(v)
		if !ok {
			return nil, false
		}
		if s, found := r.spanOf(e); found {
			for i := range ps {
				ps[i].via = append([]span{s}, ps[i].via...)
			}
		}
		return ps, true
	case *ast.CallExpr:
		if arg := pointerHelper(r.info, e); arg != nil {
			return r.pieces(arg)
		}
		// A conversion: string(b), types.ContentLevel("…").
		if tv, ok := r.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			arg := ast.Unparen(e.Args[0])
			if at := r.info.TypeOf(arg); at != nil {
				if sl, ok := at.Underlying().(*types.Slice); ok {
					if b, ok := sl.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
						return r.marshalled(arg)
					}
				}
			}
			return r.pieces(arg)
		}
	case *ast.StarExpr:
		if u, ok := ast.Unparen(e.X).(*ast.UnaryExpr); ok && u.Op == token.AND {
			return r.pieces(u.X)
		}
	}
	return nil, false
}
