package source

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/go-json-experiment/json/jsontext"
	"github.com/memlint/memlint/rules"
)

// MaxDepth is the deepest nesting of arrays and objects the parsers accept.
// Policy documents nest a handful of levels; the limit keeps hostile input
// from exhausting the stack of the parser or of the code walking its tree.
const MaxDepth = 1000

// ParseJSON parses data, the contents of the file named file, as one strict
// RFC 8259 JSON text: no comments, no trailing commas, no byte order mark,
// exactly one top-level value, valid UTF-8, no duplicate object names, and
// nesting at most [MaxDepth] deep. Number literals are kept as text.
//
// A syntax error is returned as an *[Error] positioned at the offending
// byte.
func ParseJSON(file string, data []byte) (*Node, error) {
	f := newFile(file, data)
	return parseJSON(&text{data: data, file: f})
}

// ParseJSONText is ParseJSON for a caller that holds the file's text as a
// string as well (str == string(data)): values are substrings of str, and a
// large file is not copied once more (a 50 MB policy: a fifth of a second of
// copying into fresh memory).
func ParseJSONText(file string, data []byte, str string) (*Node, error) {
	f := newFile(file, data)
	return parseJSON(&text{data: data, str: str, file: f})
}

// parseJSON parses the whole of t as one JSON value.
func parseJSON(t *text) (*Node, error) {
	if bytes.HasPrefix(t.data, utf8BOM) {
		return nil, t.errAt(0, "byte order mark (U+FEFF) is not allowed at the start of JSON text")
	}
	if t.str == "" {
		t.str = string(t.data)
	}
	p := &jsonParser{t: t, data: t.data, str: t.str, dec: jsontext.NewDecoder(bytes.NewBuffer(t.data))}
	n, err := p.value(0, ctxValue)
	if err != nil {
		return nil, err
	}
	prev := int(p.dec.InputOffset())
	switch _, err := p.dec.ReadToken(); {
	case err == io.EOF:
		return n, nil
	case err != nil:
		return nil, p.fail(err, ctxAfterTop, 0)
	default:
		off := skipSpace(p.data, prev)
		return nil, t.errAt(off, "invalid character "+quoteChar(p.data[off:])+" after top-level value")
	}
}

// context says what the parser expected when a token could not be read; it
// picks the words of the error message.
type context uint8

const (
	ctxValue    context = iota // a value: top level, array element or after ':'
	ctxName                    // an object name or '}'
	ctxElem                    // an array element or ']'
	ctxAfterTop                // nothing: the top-level value is complete
)

// jsonParser builds a Node tree from jsontext tokens. jsontext reports where
// each token ends; the parser finds where it starts by skipping whitespace
// and one delimiter from the end of the previous token, which jsontext has
// already validated.
type jsonParser struct {
	t    *text
	data []byte
	str  string // data as a string: values are substrings of it
	dec  *jsontext.Decoder

	// Nodes and fields are carved from slabs, and element lists are
	// collected on shared stacks and copied out once complete, to keep
	// allocation per value low.
	nodes     []Node
	fields    []Field
	items     []*Node
	fstack    []*Field
	itemSlab  []*Node
	fieldSlab []*Field
	slabs     [4]int // slabs allocated of nodes, fields, items, fields
}

// node returns a fresh node from the slab.
func (p *jsonParser) node() *Node {
	if len(p.nodes) == 0 {
		p.nodes = make([]Node, grow(&p.slabs[0]))
	}
	n := &p.nodes[0]
	p.nodes = p.nodes[1:]
	return n
}

// grow returns the size of the next slab of a kind of which *count have
// been allocated: slabs double from 16 to 1024 elements, so a small document
// allocates little and a large one does not allocate often.
func grow(count *int) int {
	n := 16 << min(*count, 6)
	*count++
	return n
}

// field returns a fresh field from the slab.
func (p *jsonParser) field() *Field {
	if len(p.fields) == 0 {
		p.fields = make([]Field, grow(&p.slabs[1]))
	}
	f := &p.fields[0]
	p.fields = p.fields[1:]
	return f
}

// itemSlice returns a copy of items, cut from a shared backing array with
// its capacity capped, so a caller that appends to it reallocates.
func (p *jsonParser) itemSlice(items []*Node) []*Node {
	if len(items) == 0 {
		return nil
	}
	if len(p.itemSlab) < len(items) {
		p.itemSlab = make([]*Node, max(len(items), grow(&p.slabs[2])))
	}
	s := p.itemSlab[:len(items):len(items)]
	p.itemSlab = p.itemSlab[len(items):]
	copy(s, items)
	return s
}

// fieldSlice is itemSlice for fields.
func (p *jsonParser) fieldSlice(fields []*Field) []*Field {
	if len(fields) == 0 {
		return nil
	}
	if len(p.fieldSlab) < len(fields) {
		p.fieldSlab = make([]*Field, max(len(fields), grow(&p.slabs[3])))
	}
	s := p.fieldSlab[:len(fields):len(fields)]
	p.fieldSlab = p.fieldSlab[len(fields):]
	copy(s, fields)
	return s
}

// value reads the next value, at nesting depth depth.
func (p *jsonParser) value(depth int, ctx context) (*Node, error) {
	prev := int(p.dec.InputOffset())
	tok, err := p.dec.ReadToken()
	if err != nil {
		return nil, p.fail(err, ctx, 0)
	}
	return p.finish(tok, prev, depth)
}

// finish builds the node for tok, a token that starts a value, whose
// predecessor ended at offset prev.
func (p *jsonParser) finish(tok jsontext.Token, prev, depth int) (*Node, error) {
	end := int(p.dec.InputOffset())
	n := p.node()
	switch k := tok.Kind(); k {
	case 'n', 't', 'f':
		n.Kind = Null
		n.Value = "null"
		if k != 'n' {
			n.Kind = Bool
			n.Value = strconv.FormatBool(k == 't')
		}
		n.rawStart = end - len(n.Value)
	case '"':
		n.Kind = String
		n.src = p.t // only strings need their source, for Embedded
		n.rawStart = skipSpace(p.data, prev)
		n.Value = p.string(tok, n.rawStart, end)
		n.style = styleJSON
	case '0':
		n.Kind = Number
		n.rawStart = skipSpace(p.data, prev)
		n.Value = p.str[n.rawStart:end]
	case '[':
		n.Kind = Array
		n.rawStart = end - 1
		if depth >= MaxDepth {
			return nil, p.t.errAt(n.rawStart, fmt.Sprintf("exceeded maximum nesting depth of %d", MaxDepth))
		}
		// Positions are computed in text order, start before children
		// before end, which keeps the line lookups sequential.
		n.Loc = p.start(n.rawStart)
		base := len(p.items)
		for {
			prev := int(p.dec.InputOffset())
			tok, err := p.dec.ReadToken()
			if err != nil {
				return nil, p.fail(err, ctxElem, len(p.items)-base)
			}
			if tok.Kind() == ']' {
				break
			}
			item, err := p.finish(tok, prev, depth+1)
			if err != nil {
				return nil, err
			}
			p.items = append(p.items, item)
		}
		n.Items = p.itemSlice(p.items[base:])
		p.items = p.items[:base]
		n.rawEnd = int(p.dec.InputOffset())
		p.t.setEnd(&n.Loc, n.rawEnd)
		return n, nil
	case '{':
		n.Kind = Object
		n.rawStart = end - 1
		if depth >= MaxDepth {
			return nil, p.t.errAt(n.rawStart, fmt.Sprintf("exceeded maximum nesting depth of %d", MaxDepth))
		}
		n.Loc = p.start(n.rawStart)
		base := len(p.fstack)
		for {
			prev := int(p.dec.InputOffset())
			tok, err := p.dec.ReadToken()
			if err != nil {
				return nil, p.fail(err, ctxName, len(p.fstack)-base)
			}
			if tok.Kind() == '}' {
				break
			}
			f := p.field()
			ks, ke := skipSpace(p.data, prev), int(p.dec.InputOffset())
			f.Key = p.string(tok, ks, ke)
			f.KeyLoc = p.t.loc(ks, ke)
			if f.Value, err = p.value(depth+1, ctxValue); err != nil {
				return nil, err
			}
			p.fstack = append(p.fstack, f)
		}
		n.Fields = p.fieldSlice(p.fstack[base:])
		p.fstack = p.fstack[:base]
		n.rawEnd = int(p.dec.InputOffset())
		p.t.setEnd(&n.Loc, n.rawEnd)
		return n, nil
	default:
		// ReadToken only returns a closing delimiter where one is valid,
		// and the loops above consume those.
		return nil, p.t.errAt(end-1, "unexpected "+quoteChar(p.data[end-1:]))
	}
	n.rawEnd = end
	n.Loc = p.t.loc(n.rawStart, end)
	return n, nil
}

// start returns a location whose start is offset off.
func (p *jsonParser) start(off int) rules.Location {
	l := rules.Location{File: p.t.file.name}
	l.Line, l.Col = p.t.pos(off, false)
	return l
}

// string returns the value of string token tok, the literal data[start:end]:
// without escapes, a substring of the text jsontext has already validated.
func (p *jsonParser) string(tok jsontext.Token, start, end int) string {
	if bytes.IndexByte(p.data[start+1:end-1], '\\') < 0 {
		return p.str[start+1 : end-1]
	}
	return tok.String()
}

// skipSpace returns the offset of the first byte at or after off that is
// neither JSON whitespace nor a single ',' or ':' delimiter.
func skipSpace(b []byte, off int) int {
	delim := false
	for ; off < len(b); off++ {
		switch b[off] {
		case ' ', '\t', '\n', '\r':
		case ',', ':':
			if delim {
				return off
			}
			delim = true
		default:
			return off
		}
	}
	return off
}

// fail turns an error from jsontext into an *Error with a message that
// names the problem in the terms of the JSON grammar. ctx says what the
// parser was reading and count how many elements the enclosing array or
// object had so far.
func (p *jsonParser) fail(err error, ctx context, count int) error {
	if err == io.EOF {
		// jsontext reports running out of input before a top-level value
		// as a plain io.EOF.
		return p.t.errAt(len(p.data), "unexpected end of input")
	}
	var se *jsontext.SyntacticError
	if !errors.As(err, &se) {
		return p.t.errAt(int(p.dec.InputOffset()), strings.TrimPrefix(err.Error(), "jsontext: "))
	}
	off := int(se.ByteOffset)
	if off < 0 || off > len(p.data) {
		off = len(p.data)
	}
	rest := p.data[off:]
	if errors.Is(se.Err, io.ErrUnexpectedEOF) {
		return p.t.errAt(len(p.data), "unexpected end of input")
	}
	if errors.Is(se.Err, jsontext.ErrDuplicateName) {
		e := p.t.errAt(off, "duplicate object name "+strconv.Quote(se.JSONPointer.LastToken()))
		e.Loc = p.t.loc(off, stringEnd(p.data, off))
		return e
	}
	if errors.Is(se.Err, jsontext.ErrNonStringName) {
		return p.t.errAt(off, "invalid character "+quoteChar(rest)+" (object names must be strings)")
	}
	msg := "syntax error"
	if se.Err != nil {
		msg = se.Err.Error()
	}
	switch {
	case msg == "invalid UTF-8" && len(rest) > 0:
		return p.t.errAt(off, fmt.Sprintf("invalid UTF-8 in string (byte %#02x)", rest[0]))
	case strings.HasPrefix(msg, "invalid surrogate pair") && len(rest) >= 6:
		e := p.t.errAt(off, "unpaired UTF-16 surrogate `"+string(rest[:6])+"` in string")
		e.Loc = p.t.loc(off, off+6)
		return e
	case bytes.HasPrefix(rest, []byte("//")) || bytes.HasPrefix(rest, []byte("/*")):
		return p.t.errAt(off, "comments are not allowed in JSON")
	case strings.HasSuffix(msg, " at start of value") && len(rest) > 0:
		// jsontext says "at start of value" wherever a token cannot begin;
		// say what was expected there instead.
		c := quoteChar(rest)
		next := skipSpace(p.data, off+1)
		switch {
		case ctx == ctxAfterTop:
			msg = "invalid character " + c + " after top-level value"
		case rest[0] == ',' && count > 0 && (ctx == ctxName || ctx == ctxElem) &&
			next < len(p.data) && (p.data[next] == '}' || p.data[next] == ']'):
			msg = "invalid trailing comma before " + quoteChar(p.data[next:])
		case ctx == ctxName && rest[0] == ',':
			msg = "invalid character ',' before object name"
		case ctx == ctxName:
			msg = "invalid character " + c + " (expecting object name)"
		}
	}
	return p.t.errAt(off, msg)
}

// stringEnd returns the offset just past the JSON string literal starting
// at off, or the end of b.
func stringEnd(b []byte, off int) int {
	for i := off + 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// quoteChar quotes the character at the start of b for a message, as
// jsontext does: 'x', or an escaped form for control and invalid bytes.
func quoteChar(b []byte) string {
	if len(b) == 0 {
		return "end of input"
	}
	r, n := utf8.DecodeRune(b)
	switch {
	case r == utf8.RuneError && n == 1:
		return fmt.Sprintf(`'\x%02x'`, b[0])
	case r == '\'':
		return `'\''`
	case unicode.IsPrint(r) && r != utf8.RuneError:
		return "'" + string(r) + "'"
	}
	return strconv.QuoteRune(r)
}
