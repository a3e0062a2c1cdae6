package memlint

import (
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"slices"
	"strings"
	"unicode/utf8"
)

// marshalled returns the pieces of the JSON text held by b, a []byte
// variable declared with the result of json.Marshal (or MarshalIndent) of
// a literal whose values are all constant: the text encoding/json writes,
// every character mapped to the literal's element it comes from. It
// reports false for anything else.
func (r *reader) marshalled(b ast.Expr) ([]piece, bool) {
	id, ok := b.(*ast.Ident)
	if !ok {
		return nil, false
	}
	obj := r.info.Uses[id]
	call := r.results[obj]
	if obj == nil || call == nil || r.assigned[obj] != 1 || len(call.Args) == 0 {
		return nil, false
	}
	fn, ok := typeutilCallee(r.info, call).(*types.Func)
	if !ok || fn.Pkg() == nil || fn.Pkg().Path() != "encoding/json" || fn.Name() != "Marshal" && fn.Name() != "MarshalIndent" {
		return nil, false
	}
	j := &jsonWriter{r: r}
	if !j.value(call.Args[0], r.info.TypeOf(call.Args[0]), 0) {
		return nil, false
	}
	return j.out, true
}

// jsonWriter renders a Go value as encoding/json does, into pieces.
type jsonWriter struct {
	r   *reader
	out []piece
}

// emit appends JSON text that stands for the source span s (verbatim when
// the text is the span's own bytes).
func (j *jsonWriter) emit(text string, s span) {
	verbatim := false
	if f := j.r.files[s.file]; f != nil && s.end-s.start == len(text) && s.start >= 0 && s.end <= len(f.data) {
		verbatim = string(f.data[s.start:s.end]) == text
	}
	j.out = append(j.out, piece{file: s.file, value: text, start: s.start, end: s.end, verbatim: verbatim})
}

// at is the span of the byte at pos, or an empty span there when width is 0.
func (j *jsonWriter) at(pos token.Pos, width int) span {
	f := j.r.file(pos)
	if f == nil {
		return span{}
	}
	off := f.tf.Offset(pos)
	return span{f.name, off, min(off+width, len(f.data))}
}

// value renders e (nil: the zero value) of type t.
func (j *jsonWriter) value(e ast.Expr, t types.Type, depth int) bool {
	if depth > maxDepth || t == nil {
		return false
	}
	if e != nil {
		e = ast.Unparen(e)
		if isNil(j.r.info, e) {
			j.emit("null", j.spanOf(e))
			return true
		}
		// An interface holds the value's own type.
		if _, iface := t.Underlying().(*types.Interface); iface {
			t = j.r.info.TypeOf(e)
			if t == nil {
				return false
			}
		}
		switch x := e.(type) {
		case *ast.UnaryExpr:
			if x.Op == token.AND {
				if p, ok := t.Underlying().(*types.Pointer); ok {
					return j.value(x.X, p.Elem(), depth+1)
				}
			}
		case *ast.Ident:
			if v := j.r.value(j.r.info.Uses[x]); v != nil && j.r.info.Types[x].Value == nil {
				return j.value(v, t, depth+1)
			}
		}
	}
	if marshaler(t) {
		return false // its own MarshalJSON or MarshalText: not known here
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		if e == nil {
			j.emit("null", span{})
			return true
		}
		return j.value(e, p.Elem(), depth+1)
	}
	switch u := t.Underlying().(type) {
	case *types.Basic:
		return j.basic(e, u)
	case *types.Interface:
		if e == nil {
			j.emit("null", span{})
			return true
		}
	case *types.Slice:
		if e == nil {
			j.emit("null", span{})
			return true
		}
		if b, ok := u.Elem().Underlying().(*types.Basic); ok && b.Kind() == types.Byte {
			return false // base64: not a policy
		}
		return j.list(e, u.Elem(), depth)
	case *types.Array:
		if e == nil {
			return false
		}
		return j.list(e, u.Elem(), depth)
	case *types.Map:
		if e == nil {
			j.emit("null", span{})
			return true
		}
		return j.mapping(e, u, depth)
	case *types.Struct:
		return j.structure(e, u, depth)
	}
	return false
}

// spanOf is the span of e.
func (j *jsonWriter) spanOf(e ast.Expr) span {
	s, _ := j.r.spanOf(e)
	return s
}

// isNil reports whether e is the predeclared nil.
func isNil(info *types.Info, e ast.Expr) bool {
	id, ok := e.(*ast.Ident)
	if !ok {
		return false
	}
	_, isNil := info.Uses[id].(*types.Nil)
	return isNil
}

// marshaler reports whether values of t (or *t) encode themselves.
func marshaler(t types.Type) bool {
	for _, tt := range []types.Type{t, types.NewPointer(t)} {
		ms := types.NewMethodSet(tt)
		for i := range ms.Len() {
			switch ms.At(i).Obj().Name() {
			case "MarshalJSON", "MarshalText":
				return true
			}
		}
	}
	return false
}

// basic renders a string, number or boolean: a constant, or the zero value.
func (j *jsonWriter) basic(e ast.Expr, b *types.Basic) bool {
	if e == nil {
		switch {
		case b.Info()&types.IsString != 0:
			j.emit(`""`, span{})
		case b.Info()&types.IsNumeric != 0:
			j.emit("0", span{})
		case b.Info()&types.IsBoolean != 0:
			j.emit("false", span{})
		default:
			return false
		}
		return true
	}
	if b.Info()&types.IsString != 0 {
		ps, ok := j.r.pieces(e)
		if !ok {
			return false
		}
		j.quoted(e, ps)
		return true
	}
	tv := j.r.info.Types[e]
	if tv.Value == nil {
		return false
	}
	switch {
	case tv.Value.Kind() == constant.Int:
		j.emit(tv.Value.ExactString(), j.spanOf(e))
	case tv.Value.Kind() == constant.Bool:
		j.emit(tv.Value.ExactString(), j.spanOf(e))
	default:
		return false // floats: encoding/json's formatting is not reproduced
	}
	return true
}

// quoted renders the string spelled by ps, written as e, as a JSON string.
// The quotes stand for the literal's own quotes when e is one interpreted
// string literal, else for the ends of e.
func (j *jsonWriter) quoted(e ast.Expr, ps []piece) {
	s := j.spanOf(e)
	open, end := span{s.file, s.start, s.start}, span{s.file, s.end, s.end}
	if lit, ok := e.(*ast.BasicLit); ok && strings.HasPrefix(lit.Value, `"`) {
		open, end = span{s.file, s.start, s.start + 1}, span{s.file, s.end - 1, s.end}
	}
	j.emit(`"`, open)
	for _, p := range ps {
		run := 0 // start of the current run of characters that need no escape
		flush := func(i int) {
			if i > run {
				v := p.value[run:i]
				if p.verbatim {
					j.out = append(j.out, piece{file: p.file, value: v, start: p.start + run, end: p.start + i, verbatim: true, via: p.via})
				} else {
					j.out = append(j.out, piece{file: p.file, value: v, start: p.start, end: p.end, via: p.via})
				}
			}
		}
		for i := 0; i < len(p.value); {
			c, n := utf8.DecodeRuneInString(p.value[i:])
			esc := jsonEscape(c, n)
			if esc == "" {
				i += n
				continue
			}
			flush(i)
			at := piece{file: p.file, value: esc, start: p.start, end: p.end, via: p.via}
			if p.verbatim {
				at.start, at.end = p.start+i, p.start+i+n
			}
			j.out = append(j.out, at)
			i += n
			run = i
		}
		flush(len(p.value))
	}
	j.emit(`"`, end)
}

// jsonEscape is how encoding/json writes the character c (n bytes of UTF-8,
// or an invalid byte when c is RuneError of width 1) inside a string, or ""
// when it writes it as it is.
func jsonEscape(c rune, n int) string {
	switch {
	case c == '"':
		return `\"`
	case c == '\\':
		return `\\`
	case c == '\n':
		return `\n`
	case c == '\r':
		return `\r`
	case c == '\t':
		return `\t`
	case c == '\b':
		return `\b`
	case c == '\f':
		return `\f`
	case c < 0x20 || c == '<' || c == '>' || c == '&' || c == '\u2028' || c == '\u2029':
		const hex = "0123456789abcdef"
		return `\u` + string([]byte{hex[c>>12&0xF], hex[c>>8&0xF], hex[c>>4&0xF], hex[c&0xF]})
	case c == utf8.RuneError && n == 1:
		return `\ufffd`
	}
	return ""
}

// list renders a slice or array literal.
func (j *jsonWriter) list(e ast.Expr, elem types.Type, depth int) bool {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	j.emit("[", j.at(lit.Lbrace, 1))
	for i, el := range lit.Elts {
		if _, kv := el.(*ast.KeyValueExpr); kv {
			return false
		}
		if i > 0 {
			j.emit(",", j.at(lit.Elts[i-1].End(), 0))
		}
		if !j.value(el, elem, depth+1) {
			return false
		}
	}
	j.emit("]", j.at(lit.Rbrace, 1))
	return true
}

// mapping renders a map literal with constant string keys, in the order of
// the keys as encoding/json sorts them.
func (j *jsonWriter) mapping(e ast.Expr, m *types.Map, depth int) bool {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return false
	}
	if k, ok := m.Key().Underlying().(*types.Basic); !ok || k.Info()&types.IsString == 0 {
		return false
	}
	type entry struct {
		key string
		kv  *ast.KeyValueExpr
	}
	var entries []entry
	for _, el := range lit.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return false
		}
		k := j.r.info.Types[kv.Key].Value
		if k == nil || k.Kind() != constant.String {
			return false
		}
		entries = append(entries, entry{constant.StringVal(k), kv})
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return strings.Compare(a.key, b.key) })
	j.emit("{", j.at(lit.Lbrace, 1))
	for i, en := range entries {
		if i > 0 {
			j.emit(",", j.at(entries[i-1].kv.End(), 0))
		}
		ps, ok := j.r.pieces(en.kv.Key)
		if !ok {
			return false
		}
		j.quoted(ast.Unparen(en.kv.Key), ps)
		j.emit(":", j.at(en.kv.Colon, 1))
		if !j.value(en.kv.Value, m.Elem(), depth+1) {
			return false
		}
	}
	j.emit("}", j.at(lit.Rbrace, 1))
	return true
}

// structure renders a struct literal (or the zero value) as encoding/json
// does: exported fields in order, named by their json tags, omitempty
// honoured. Embedded fields and the ",string" option are not rendered.
func (j *jsonWriter) structure(e ast.Expr, st *types.Struct, depth int) bool {
	var lit *ast.CompositeLit
	set := map[string]*ast.KeyValueExpr{}
	if e != nil {
		var ok bool
		if lit, ok = e.(*ast.CompositeLit); !ok {
			return false
		}
		for _, el := range lit.Elts {
			kv, ok := el.(*ast.KeyValueExpr)
			if !ok {
				return false
			}
			id, ok := kv.Key.(*ast.Ident)
			if !ok {
				return false
			}
			set[id.Name] = kv
		}
	}
	open, closing := span{}, span{}
	if lit != nil {
		open, closing = j.at(lit.Lbrace, 1), j.at(lit.Rbrace, 1)
	}
	j.emit("{", open)
	n := 0
	for i := range st.NumFields() {
		f := st.Field(i)
		if f.Embedded() {
			return false
		}
		if !f.Exported() {
			continue
		}
		name, opts, _ := strings.Cut(reflect.StructTag(st.Tag(i)).Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		if name == "" {
			name = f.Name()
		}
		omit := false
		for o := range strings.SplitSeq(opts, ",") {
			switch o {
			case "omitempty":
				omit = true
			case "string", "omitzero":
				return false
			}
		}
		kv := set[f.Name()]
		var v ast.Expr
		if kv != nil {
			v = kv.Value
		}
		if omit && j.empty(v) {
			continue
		}
		if n > 0 {
			j.emit(",", closing)
		}
		n++
		key, colon := closing, closing
		if kv != nil {
			key, colon = j.spanOf(kv.Key), j.at(kv.Colon, 1)
		}
		j.emit(quoteKey(name), key)
		j.emit(":", colon)
		if !j.value(v, f.Type(), depth+1) {
			return false
		}
	}
	j.emit("}", closing)
	return true
}

// quoteKey is a struct field's JSON name as encoding/json writes it.
func quoteKey(name string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i := 0; i < len(name); {
		c, n := utf8.DecodeRuneInString(name[i:])
		if esc := jsonEscape(c, n); esc != "" {
			b.WriteString(esc)
		} else {
			b.WriteString(name[i : i+n])
		}
		i += n
	}
	b.WriteByte('"')
	return b.String()
}

// empty reports whether omitempty leaves out the value e (nil: the zero
// value): false, 0, "", nil, or an empty slice or map literal.
func (j *jsonWriter) empty(e ast.Expr) bool {
	if e == nil {
		return true
	}
	e = ast.Unparen(e)
	if isNil(j.r.info, e) {
		return true
	}
	if tv := j.r.info.Types[e]; tv.Value != nil {
		switch tv.Value.Kind() {
		case constant.String:
			return constant.StringVal(tv.Value) == ""
		case constant.Bool:
			return !constant.BoolVal(tv.Value)
		case constant.Int, constant.Float:
			return constant.Sign(tv.Value) == 0
		}
	}
	if lit, ok := e.(*ast.CompositeLit); ok && len(lit.Elts) == 0 {
		switch j.r.info.TypeOf(lit).Underlying().(type) {
		case *types.Slice, *types.Map:
			return true
		}
	}
	return false
}
