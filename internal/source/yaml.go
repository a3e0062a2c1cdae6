package source

import (
	"bytes"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	yaml "go.yaml.in/yaml/v3"
)

// maxAliasNodes caps how many nodes YAML aliases may add to the documents
// of one file, counting each alias as the size of the value it repeats.
// Aliases share nodes, so memory is not at risk, but code that walks the
// tree would be: nine levels of nine aliases ("billion laughs") make a
// walk of hundreds of millions of nodes.
const maxAliasNodes = 1 << 20

// ParseYAML parses data, the contents of the file named file, as a stream of
// YAML documents (separated by "---") with go.yaml.in/yaml/v3, and returns
// one node per document in the shape of a JSON document: mappings become
// objects, sequences arrays, and scalars take the kind of their resolved
// tag (!!str, !!int and !!float, !!bool, !!null); scalars with another tag,
// such as !!timestamp or a custom !Ref, are strings. Explicit custom tags
// (CloudFormation's !Ref, !GetAtt, !Sub, …) are kept in Node.Tag. Aliases
// resolve to the node their anchor defined, shared, not copied. Merge keys
// ("<<") are kept as ordinary fields.
//
// Mapping keys must be scalars and unique. Nesting is limited to [MaxDepth].
// A syntax error is returned as an *[Error] on the line the YAML parser
// reports, spanning that whole line, since it reports no column.
func ParseYAML(file string, data []byte) (docs []*Node, err error) {
	f := newFile(file, data)
	t := &text{data: data, file: f}
	if bytes.HasPrefix(data, []byte{0xFE, 0xFF}) || bytes.HasPrefix(data, []byte{0xFF, 0xFE}) {
		return nil, t.errAt(0, "UTF-16 encoded YAML is not supported: save the file as UTF-8")
	}
	y := &yamlConv{t: t, data: data, lines: yamlLines(data, f), budget: maxAliasNodes}
	y.ascii = make([]uint8, len(y.lines))
	defer func() {
		// yaml.v3 reports syntax errors by panicking internally and
		// recovering at its API boundary; any other panic is a bug in it
		// that a malformed input file must not turn into a crash.
		if r := recover(); r != nil {
			docs, err = nil, y.lineError(1, fmt.Sprintf("YAML parser failed: %v", r))
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if err == io.EOF {
			return docs, nil
		}
		if err != nil {
			return nil, y.syntaxError(err)
		}
		n, _, _, err := y.convert(&doc, 0, -1)
		if err != nil {
			return nil, err
		}
		docs = append(docs, n)
	}
}

// yamlLines returns the offsets where lines start as yaml.v3 counts them:
// after "\n", "\r\n", a lone "\r", NEL, LS or PS. It is f's table when the
// file has none of the last four.
func yamlLines(data []byte, f *file) []int {
	if bytes.IndexByte(data, '\r') < 0 && !bytes.Contains(data, []byte("\u0085")) &&
		!bytes.Contains(data, []byte("\u2028")) && !bytes.Contains(data, []byte("\u2029")) {
		return f.lines
	}
	starts := []int{0}
	for i := 0; i < len(data); i++ {
		switch c := data[i]; {
		case c == '\n':
		case c == '\r':
			if i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
		case c == 0xC2 && i+1 < len(data) && data[i+1] == 0x85:
			i++
		case c == 0xE2 && i+2 < len(data) && data[i+1] == 0x80 && (data[i+2] == 0xA8 || data[i+2] == 0xA9):
			i += 2
		default:
			continue
		}
		starts = append(starts, i+1)
	}
	return starts
}

// yamlConv converts yaml.v3 nodes to Nodes. yaml.v3 positions nodes by
// 1-based line and column, where columns count runes (verified by tests)
// and lines are counted as yamlLines does; yamlConv turns those into byte
// offsets and finds where each value ends, which yaml.v3 does not say.
type yamlConv struct {
	t     *text
	data  []byte
	lines []int
	ascii []uint8 // per YAML line: 0 not yet known, 1 all ASCII, 2 not

	// A rune walk on a non-ASCII line resumes from the previous position
	// when it can, as nodes come in document order.
	curLine, curCol, curOff int

	anchors map[*yaml.Node]*Node // converted anchored values
	sizes   map[*Node]int        // tree sizes, for the alias budget
	budget  int                  // values aliases may still add
}

// lineEnd returns the offset of the end of 0-based YAML line i, before its
// line break.
func (y *yamlConv) lineEnd(i int) int {
	end := len(y.data)
	if i+1 < len(y.lines) {
		end = y.lines[i+1]
	}
	for end > y.lines[i] {
		switch c := y.data[end-1]; {
		case c == '\n' || c == '\r':
			end--
			continue
		case c == 0x85 && end-2 >= y.lines[i] && y.data[end-2] == 0xC2:
			end -= 2
		case (c == 0xA8 || c == 0xA9) && end-3 >= y.lines[i] && y.data[end-2] == 0x80 && y.data[end-3] == 0xE2:
			end -= 3
		}
		break
	}
	return end
}

// offset returns the byte offset of 1-based YAML line and rune column col.
func (y *yamlConv) offset(line, col int) int {
	i := min(max(line-1, 0), len(y.lines)-1)
	start := y.lines[i]
	if i == 0 {
		start = y.t.file.bom // yaml.v3 skips a byte order mark
	}
	end := y.lineEnd(i)
	if col <= 1 || start >= end {
		return start
	}
	if y.ascii[i] == 0 {
		y.ascii[i] = 2
		if isASCII(y.data[start:end]) {
			y.ascii[i] = 1
		}
	}
	if y.ascii[i] == 1 {
		return min(start+col-1, end)
	}
	off, c := start, 1
	if y.curLine == i && y.curCol > 0 && y.curCol <= col {
		off, c = y.curOff, y.curCol
	}
	for ; c < col && off < end; c++ {
		_, n := utf8.DecodeRune(y.data[off:end])
		off += n
	}
	y.curLine, y.curCol, y.curOff = i, c, off
	return off
}

// indent returns the column, counted in bytes from 0, of offset off on
// 1-based YAML line line: the indentation of a collection that starts
// there.
func (y *yamlConv) indent(line, off int) int {
	i := min(max(line-1, 0), len(y.lines)-1)
	start := y.lines[i]
	if i == 0 {
		start = y.t.file.bom
	}
	return max(off-start, 0)
}

// lineError returns an *Error spanning 1-based YAML line line.
func (y *yamlConv) lineError(line int, msg string) *Error {
	i := min(max(line-1, 0), len(y.lines)-1)
	start := y.lines[i]
	if i == 0 {
		start = y.t.file.bom
	}
	return &Error{Loc: y.t.loc(start, max(start, y.lineEnd(i))), Msg: msg}
}

// syntaxError turns an error from yaml.v3, "yaml: line N: message" or
// just "yaml: message" when the problem is on the first line, into an
// *Error.
func (y *yamlConv) syntaxError(err error) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	line := 1
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if num, text, ok := strings.Cut(rest, ": "); ok {
			if n, err := strconv.Atoi(num); err == nil {
				line, msg = n, text
			}
		}
	}
	if strings.Contains(msg, "tab character") {
		// yaml.v3 reports the line of the construct the tab broke, which
		// may be the line above; point at the tab itself.
		if off, ok := y.indentTab(line); ok {
			return &Error{Loc: y.t.loc(off, off+1), Msg: msg}
		}
	}
	return y.lineError(line, msg)
}

// indentTab finds the first tab in the indentation of 1-based line line or
// the two lines after it.
func (y *yamlConv) indentTab(line int) (int, bool) {
	for l := line; l < line+3; l++ {
		start := y.offset(l, 1)
		if start < 0 || start >= len(y.data) || (l > 1 && start == 0) {
			return 0, false
		}
		for i := start; i < len(y.data); i++ {
			switch y.data[i] {
			case '\t':
				return i, true
			case ' ':
				continue
			}
			break
		}
	}
	return 0, false
}

// convert converts yn, at nesting depth depth inside a block collection
// indented by indent spaces (-1 at top level). It returns the node and the
// offsets where yn's own text starts and ends: for an alias, the text of
// the alias, while the node is the anchored value.
func (y *yamlConv) convert(yn *yaml.Node, depth, indent int) (n *Node, start, end int, err error) {
	if depth > MaxDepth {
		off := y.offset(yn.Line, yn.Column)
		return nil, 0, 0, y.t.errAt(off, fmt.Sprintf("exceeded maximum nesting depth of %d", MaxDepth))
	}
	start = y.offset(yn.Line, yn.Column)
	switch yn.Kind {
	case yaml.DocumentNode:
		if len(yn.Content) == 0 {
			n = &Node{Kind: Null, src: y.t, rawStart: start, rawEnd: start, Loc: y.t.loc(start, start)}
			return n, start, start, nil
		}
		return y.convert(yn.Content[0], depth, -1)
	case yaml.AliasNode:
		end = min(start+1+len(yn.Value), len(y.data))
		target, ok := y.anchors[yn.Alias]
		if !ok {
			return nil, 0, 0, &Error{Loc: y.t.loc(start, end), Msg: "alias *" + yn.Value + " refers to a value that contains it"}
		}
		if y.budget -= y.size(target); y.budget < 0 {
			return nil, 0, 0, &Error{Loc: y.t.loc(start, end), Msg: fmt.Sprintf("aliases expand to more than %d values", maxAliasNodes)}
		}
		return target, start, end, nil
	}
	if yn.Anchor != "" {
		// Record the value once converted; an alias inside it finds no
		// entry yet, which is how a self-referencing anchor is caught.
		defer func() {
			if n != nil {
				if y.anchors == nil {
					y.anchors = make(map[*yaml.Node]*Node)
				}
				y.anchors[yn] = n
			}
		}()
	}
	n = &Node{src: y.t}
	tag := yn.ShortTag()
	if !strings.HasPrefix(tag, "!!") && tag != "!" {
		n.Tag = tag
	}
	vs := y.skipProperties(start, yn)
	switch yn.Kind {
	case yaml.ScalarNode:
		n.Value = yn.Value
		switch tag {
		case "!!null":
			n.Kind = Null
		case "!!bool":
			n.Kind = Bool
		case "!!int", "!!float":
			n.Kind = Number
		default:
			n.Kind = String
		}
		switch {
		case yn.Style&yaml.DoubleQuotedStyle != 0:
			n.style, end = styleYAMLDouble, y.quotedEnd(vs, '"')
		case yn.Style&yaml.SingleQuotedStyle != 0:
			n.style, end = styleYAMLSingle, y.quotedEnd(vs, '\'')
		case yn.Style&yaml.LiteralStyle != 0:
			n.style, end = styleYAMLLiteral, y.blockEnd(vs, indent)
		case yn.Style&yaml.FoldedStyle != 0:
			n.style, end = styleYAMLApproximate, y.blockEnd(vs, indent)
		default:
			n.style, end = styleYAMLPlain, y.plainEnd(vs, yn.Value)
		}
		if n.Kind != String {
			n.style = styleNone
		}
	case yaml.MappingNode:
		n.Kind = Object
		if len(yn.Content) > 0 {
			indent = y.indent(yn.Content[0].Line, y.offset(yn.Content[0].Line, yn.Content[0].Column))
		}
		end = vs
		var seen map[string]bool
		for i := 0; i+1 < len(yn.Content); i += 2 {
			k, ks, ke, err := y.convert(yn.Content[i], depth+1, indent)
			if err != nil {
				return nil, 0, 0, err
			}
			if k.Kind == Array || k.Kind == Object {
				return nil, 0, 0, &Error{Loc: k.Loc, Msg: "mapping key must be a scalar, found " + k.Kind.String()}
			}
			if k.Value != "<<" && y.duplicate(n.Fields, &seen, k.Value) {
				return nil, 0, 0, &Error{Loc: y.t.loc(ks, ke), Msg: "duplicate mapping key " + strconv.Quote(k.Value)}
			}
			v, _, ve, err := y.convert(yn.Content[i+1], depth+1, indent)
			if err != nil {
				return nil, 0, 0, err
			}
			n.Fields = append(n.Fields, &Field{Key: k.Value, KeyLoc: y.t.loc(ks, ke), Value: v})
			end = max(end, ke, ve)
		}
		if yn.Style&yaml.FlowStyle != 0 {
			end = y.flowEnd(vs, end, '}')
		}
	case yaml.SequenceNode:
		n.Kind = Array
		end = vs
		indent = y.indent(yn.Line, vs)
		for _, c := range yn.Content {
			item, _, ie, err := y.convert(c, depth+1, indent)
			if err != nil {
				return nil, 0, 0, err
			}
			n.Items = append(n.Items, item)
			end = max(end, ie)
		}
		if yn.Style&yaml.FlowStyle != 0 {
			end = y.flowEnd(vs, end, ']')
		}
	default:
		return nil, 0, 0, y.t.errAt(start, "unsupported YAML node")
	}
	end = min(max(end, vs), len(y.data))
	n.rawStart, n.rawEnd = vs, end
	n.Loc = y.t.loc(start, end)
	return n, start, end, nil
}

// duplicate reports whether key is already among fields, using a set made
// once a mapping grows past a few keys (linear search is cheaper below).
func (y *yamlConv) duplicate(fields []*Field, seen *map[string]bool, key string) bool {
	const small = 16
	if len(fields) < small {
		for _, f := range fields {
			if f.Key == key {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]bool, 2*small)
		for _, f := range fields {
			(*seen)[f.Key] = true
		}
	}
	if (*seen)[key] {
		return true
	}
	(*seen)[key] = true
	return false
}

// size counts the nodes of the tree under n, shared nodes as often as they
// occur, saturating past the alias budget.
func (y *yamlConv) size(n *Node) int {
	if s, ok := y.sizes[n]; ok {
		return s
	}
	s := 1
	for _, it := range n.Items {
		s = min(s+y.size(it), maxAliasNodes+1)
	}
	for _, f := range n.Fields {
		s = min(s+y.size(f.Value), maxAliasNodes+1)
	}
	if y.sizes == nil {
		y.sizes = make(map[*Node]int)
	}
	y.sizes[n] = s
	return s
}

// isSpace reports whether c is YAML white space or a line break byte.
func isSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r'
}

// skipProperties returns the offset of the value token of yn, which yaml.v3
// positions at its tag or anchor when it has them: past "!tag" and
// "&anchor" and the white space, line breaks and comments after them. An
// empty plain scalar ends right after its properties.
func (y *yamlConv) skipProperties(p int, yn *yaml.Node) int {
	d := y.data
	props := false
	for p < len(d) && (d[p] == '!' || d[p] == '&') {
		props = true
		if p+1 < len(d) && d[p] == '!' && d[p+1] == '<' {
			if i := bytes.IndexByte(d[p:], '>'); i >= 0 {
				p += i + 1
			}
		}
		for p < len(d) && !isSpace(d[p]) && strings.IndexByte(",[]{}", d[p]) < 0 {
			p++
		}
		for p < len(d) && (d[p] == ' ' || d[p] == '\t') {
			p++
		}
	}
	if !props || (yn.Kind == yaml.ScalarNode && yn.Value == "" && yn.Style&^yaml.TaggedStyle == 0) {
		return p
	}
	for p < len(d) {
		switch {
		case isSpace(d[p]):
			p++
		case d[p] == '#':
			for p < len(d) && d[p] != '\n' && d[p] != '\r' {
				p++
			}
		default:
			return p
		}
	}
	return p
}

// quotedEnd returns the offset just past a quoted scalar starting with the
// quote q at p. In a single-quoted scalar a doubled quote is a quote; in a
// double-quoted one a backslash escapes the next byte.
func (y *yamlConv) quotedEnd(p int, q byte) int {
	d := y.data
	if p >= len(d) || d[p] != q {
		return p
	}
	for i := p + 1; i < len(d); i++ {
		switch {
		case q == '"' && d[i] == '\\':
			i++
		case d[i] == q && q == '\'' && i+1 < len(d) && d[i+1] == '\'':
			i++
		case d[i] == q:
			return i + 1
		}
	}
	return len(d)
}

// plainEnd returns the offset just past a plain scalar starting at p with
// value v. On one line the text is v itself; across lines yaml.v3 folded
// each line break and the white space around it to a space (or to n-1 line
// breaks for n breaks), so the text is matched against v character by
// character, white space runs against white space runs.
func (y *yamlConv) plainEnd(p int, v string) int {
	d := y.data
	if p+len(v) <= len(d) && string(d[p:p+len(v)]) == v {
		return p + len(v)
	}
	i, j := 0, p
	for i < len(v) {
		if j < len(d) && v[i] == d[j] {
			i++
			j++
			continue
		}
		k := j
		for k < len(d) && isSpace(d[k]) {
			k++
		}
		skipped := i
		for i < len(v) && (v[i] == ' ' || v[i] == '\n' || v[i] == '\t') {
			i++
		}
		if k == j && i == skipped {
			// Not the text expected: end the scalar where its line ends.
			for j = p; j < len(d) && d[j] != '\n' && d[j] != '\r'; j++ {
			}
			return j
		}
		j = k
	}
	return j
}

// blockEnd returns the offset just past the last content line of a literal
// or folded block scalar whose indicator is at p, in a block collection
// indented by indent spaces.
func (y *yamlConv) blockEnd(p, indent int) int {
	d := y.data
	end := p + 1
	content := -1
	for ; end < len(d) && strings.IndexByte("-+123456789", d[end]) >= 0; end++ {
		if d[end] != '-' && d[end] != '+' {
			content = max(indent, 0) + int(d[end]-'0')
		}
	}
	nl := bytes.IndexByte(d[p:], '\n')
	if nl < 0 {
		return end
	}
	for pos := p + nl + 1; pos < len(d); {
		lineEnd := len(d)
		if i := bytes.IndexByte(d[pos:], '\n'); i >= 0 {
			lineEnd = pos + i
		}
		ce := lineEnd
		if ce > pos && d[ce-1] == '\r' {
			ce--
		}
		sp := 0
		for pos+sp < ce && d[pos+sp] == ' ' {
			sp++
		}
		if pos+sp < ce {
			if content < 0 {
				if sp <= indent {
					break
				}
				content = sp
			}
			if sp < content {
				break
			}
			end = ce
		} else if content >= 0 && sp > content {
			// Spaces past the indentation are content, even on a line
			// holding nothing else.
			end = ce
		}
		pos = lineEnd + 1
	}
	return end
}

// flowEnd returns the offset just past the bracket close that ends a flow
// collection opened at open whose last element ends at last.
func (y *yamlConv) flowEnd(open, last int, close byte) int {
	d := y.data
	p := max(last, open+1)
	for p < len(d) {
		switch {
		case isSpace(d[p]) || d[p] == ',':
			p++
		case d[p] == '#':
			for p < len(d) && d[p] != '\n' && d[p] != '\r' {
				p++
			}
		case d[p] == close:
			return p + 1
		default:
			return last
		}
	}
	return last
}
