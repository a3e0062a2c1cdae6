package source

import (
	"bytes"
	"math"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// style is how a string token encodes its value, which decides how offsets
// inside the value map back to the token.
type style uint8

const (
	styleNone            style = iota // not a string read from a source
	styleJSON                         // JSON string literal
	styleYAMLPlain                    // YAML plain scalar
	styleYAMLDouble                   // YAML "double-quoted" scalar
	styleYAMLSingle                   // YAML 'single-quoted' scalar
	styleYAMLLiteral                  // YAML literal block scalar (|, |-, |+)
	styleYAMLApproximate              // any other YAML scalar: mapped to its whole span
	styleMapped                       // a program's string value: src is its own mapped text (SourceFile.String)
)

// Embedded parses the decoded value of a String node as a JSON document, as
// [ParseJSON] does, for policies stored as JSON strings inside another file
// (AWS CLI input files, CloudFormation "PolicyDocument: |" blocks, Terraform
// plans). Every Loc of the result, and of any *[Error] it returns, is in the
// coordinates of the outer file: a character that came from an escape
// sequence (\" or \u00e9 or a surrogate pair) starts where the sequence
// starts, and a span ends where its last sequence ends. Embedded composes:
// it may be called on a string node of a document that itself came from
// Embedded. It is safe to call from several goroutines at once. It parses
// a string a program spells ([SourceFile.String]) likewise, with positions
// in the program's file.
//
// Offsets map exactly for JSON strings and for YAML plain, single-quoted
// and double-quoted scalars on one line and literal block scalars (|, |-,
// |+) without an explicit indentation indicator. For any other YAML scalar
// (folded >, quoted or plain scalars spanning lines) every inner Loc is the
// span of the whole scalar.
func (n *Node) Embedded() (*Node, error) {
	switch {
	case n == nil:
		return nil, &Error{Msg: "embedded document: no value"}
	case n.Kind != String:
		return nil, &Error{Loc: n.Loc, Msg: "embedded document: expected a string, found " + n.Kind.String()}
	case n.src == nil:
		return nil, &Error{Loc: n.Loc, Msg: "embedded document: string was not read from a source"}
	}
	// Position lookups update the file's caches; one lock per document
	// makes concurrent calls on nodes of one file safe.
	f := n.src.file
	f.mu.Lock()
	defer f.mu.Unlock()
	if n.style == styleMapped {
		return parseJSON(n.src)
	}
	return parseJSON(n.src.child(n))
}

// child returns the text of the decoded value of string node n of t, with
// its mapping into t.
func (t *text) child(n *Node) *text {
	c := &text{data: []byte(n.Value), str: n.Value, file: t.file, parent: t}
	ok := false
	st := n.style
	if len(t.data) > math.MaxInt32 {
		st = styleYAMLApproximate // offsets do not fit segments
	}
	switch st {
	case styleJSON:
		if n.rawEnd-n.rawStart >= 2 {
			c.lo, c.hi = n.rawStart+1, n.rawEnd-1
			c.segs, ok = unescape(t.data, c.lo, c.hi, n.Value, false)
		}
	case styleYAMLDouble:
		if n.rawEnd-n.rawStart >= 2 && !hasBreak(t.data[n.rawStart:n.rawEnd]) {
			c.lo, c.hi = n.rawStart+1, n.rawEnd-1
			c.segs, ok = unescape(t.data, c.lo, c.hi, n.Value, true)
		}
	case styleYAMLSingle:
		if n.rawEnd-n.rawStart >= 2 && !hasBreak(t.data[n.rawStart:n.rawEnd]) {
			c.lo, c.hi = n.rawStart+1, n.rawEnd-1
			c.segs, ok = unquoteSingle(t.data, c.lo, c.hi, n.Value)
		}
	case styleYAMLPlain:
		raw := t.data[n.rawStart:n.rawEnd]
		if string(raw) == n.Value && !hasBreak(raw) {
			c.lo, c.hi = n.rawStart, n.rawEnd
			if len(raw) > 0 {
				c.segs = []segment{seg(0, c.lo, c.hi, true)}
			}
			ok = true
		}
	case styleYAMLLiteral:
		c.segs, c.lo, c.hi, ok = literal(t.data, n.rawStart, n.Value)
	}
	if !ok {
		c.segs, c.approx = nil, true
		c.lo, c.hi = n.rawStart, max(n.rawStart, n.rawEnd)
	}
	return c
}

// hasBreak reports whether b holds a line break.
func hasBreak(b []byte) bool {
	return bytes.ContainsAny(b, "\n\r") || bytes.Contains(b, []byte("\u0085")) ||
		bytes.Contains(b, []byte("\u2028")) || bytes.Contains(b, []byte("\u2029"))
}

// unescape decodes the escape sequences of data[lo:hi], the inside of a JSON
// string literal (or, if yaml, of a YAML double-quoted scalar), into
// segments. It reports false unless the decoded text is want, the value the
// parser produced, so that a decoding this function does not know (or an
// invalid sequence) degrades to the approximate mapping instead of a wrong
// one.
func unescape(data []byte, lo, hi int, want string, yaml bool) ([]segment, bool) {
	segs := make([]segment, 0, 2*bytes.Count(data[lo:hi], []byte{'\\'})+1)
	dec := 0 // bytes of want matched so far
	run := lo
	flush := func(i int) bool {
		if i > run {
			if dec+i-run > len(want) || want[dec:dec+i-run] != string(data[run:i]) {
				return false
			}
			segs = append(segs, seg(dec, run, i, true))
			dec += i - run
		}
		return true
	}
	for i := lo; i < hi; {
		if data[i] != '\\' {
			i++
			continue
		}
		if !flush(i) || i+1 >= hi {
			return nil, false
		}
		r, n := escape(data[i:hi], yaml)
		if n == 0 {
			return nil, false
		}
		var buf [utf8.UTFMax]byte
		enc := buf[:utf8.EncodeRune(buf[:], r)]
		if dec+len(enc) > len(want) || want[dec:dec+len(enc)] != string(enc) {
			return nil, false
		}
		segs = append(segs, seg(dec, i, i+n, false))
		dec += len(enc)
		i += n
		run = i
	}
	if !flush(hi) || dec != len(want) {
		return nil, false
	}
	return segs, true
}

// escape decodes the escape sequence at the start of b, returning the rune
// and the length of the sequence, or 0 if it is not a valid one.
func escape(b []byte, yaml bool) (rune, int) {
	if len(b) < 2 || b[0] != '\\' {
		return 0, 0
	}
	switch b[1] {
	case '"', '\\', '/':
		return rune(b[1]), 2
	case 'b':
		return '\b', 2
	case 'f':
		return '\f', 2
	case 'n':
		return '\n', 2
	case 'r':
		return '\r', 2
	case 't':
		return '\t', 2
	case 'u':
		r, ok := hex(b[2:], 4)
		if !ok {
			return 0, 0
		}
		if utf16.IsSurrogate(r) {
			if len(b) >= 12 && b[6] == '\\' && b[7] == 'u' {
				if r2, ok := hex(b[8:], 4); ok {
					if p := utf16.DecodeRune(r, r2); p != utf8.RuneError {
						return p, 12
					}
				}
			}
			return utf8.RuneError, 6
		}
		return r, 6
	}
	if !yaml {
		return 0, 0
	}
	switch b[1] {
	case '0':
		return 0, 2
	case 'a':
		return '\a', 2
	case 'v':
		return '\v', 2
	case 'e':
		return 0x1B, 2
	case ' ', '\t':
		return rune(b[1]), 2
	case 'N':
		return 0x85, 2
	case '_':
		return 0xA0, 2
	case 'L':
		return 0x2028, 2
	case 'P':
		return 0x2029, 2
	case 'x':
		r, ok := hex(b[2:], 2)
		if !ok {
			return 0, 0
		}
		return r, 4
	case 'U':
		r, ok := hex(b[2:], 8)
		if !ok {
			return 0, 0
		}
		return r, 10
	}
	return 0, 0
}

// hex parses n hexadecimal digits at the start of b.
func hex(b []byte, n int) (rune, bool) {
	if len(b) < n {
		return 0, false
	}
	var v rune
	for _, c := range b[:n] {
		switch {
		case '0' <= c && c <= '9':
			v = v<<4 | rune(c-'0')
		case 'a' <= c && c <= 'f':
			v = v<<4 | rune(c-'a'+10)
		case 'A' <= c && c <= 'F':
			v = v<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return v, true
}

// unquoteSingle maps the inside of a one-line YAML single-quoted scalar,
// data[lo:hi], where a doubled quote stands for one.
func unquoteSingle(data []byte, lo, hi int, want string) ([]segment, bool) {
	var segs []segment
	dec, run := 0, lo
	for i := lo; i <= hi; i++ {
		if i < hi && data[i] != '\'' {
			continue
		}
		if i > run {
			segs = append(segs, seg(dec, run, i, true))
			dec += i - run
		}
		if i == hi {
			break
		}
		if i+1 >= hi || data[i+1] != '\'' {
			return nil, false
		}
		segs = append(segs, seg(dec, i, i+2, false))
		dec++
		i++
		run = i + 1
	}
	var b strings.Builder
	for _, s := range segs {
		if s.verbatim {
			b.Write(data[s.raw:s.rawEnd])
		} else {
			b.WriteByte('\'')
		}
	}
	return segs, b.String() == want
}

// literal maps a YAML literal block scalar whose '|' indicator is at
// data[start] and whose value is want: each content line, stripped of the
// block's indentation, maps verbatim, and each line break to the break in
// the file. Trailing line breaks (the chomping indicator's business) map to
// the end of the last content line. Blocks with an explicit indentation
// indicator are not mapped.
func literal(data []byte, start int, want string) (segs []segment, lo, hi int, ok bool) {
	p := start
	if p >= len(data) || data[p] != '|' {
		return nil, 0, 0, false
	}
	for p++; p < len(data) && (data[p] == '-' || data[p] == '+'); p++ {
	}
	if p < len(data) && data[p] >= '1' && data[p] <= '9' {
		return nil, 0, 0, false
	}
	nl := bytes.IndexByte(data[p:], '\n')
	target := strings.TrimRight(want, "\n")
	if nl < 0 || target == "" {
		return nil, 0, 0, false
	}
	dec, indent := 0, -1
	for pos := p + nl + 1; pos < len(data); {
		lineEnd := len(data)
		if i := bytes.IndexByte(data[pos:], '\n'); i >= 0 {
			lineEnd = pos + i
		}
		ce := lineEnd
		if ce > pos && data[ce-1] == '\r' {
			ce--
		}
		sp := 0
		for pos+sp < ce && data[pos+sp] == ' ' {
			sp++
		}
		from := ce // start of the line's content, if any
		switch {
		case pos+sp < ce:
			if indent < 0 {
				indent = sp
			}
			if sp < indent {
				return nil, 0, 0, false
			}
			from = pos + indent
		case indent >= 0 && sp > indent:
			from = pos + indent
		}
		if from < ce {
			if dec+ce-from > len(target) || target[dec:dec+ce-from] != string(data[from:ce]) {
				return nil, 0, 0, false
			}
			segs = append(segs, seg(dec, from, ce, true))
			dec += ce - from
		}
		hi = ce
		if dec >= len(target) || lineEnd >= len(data) {
			break
		}
		if target[dec] != '\n' {
			return nil, 0, 0, false
		}
		segs = append(segs, seg(dec, ce, lineEnd+1, ce == lineEnd))
		dec++
		pos = lineEnd + 1
	}
	if dec != len(target) || len(segs) == 0 {
		return nil, 0, 0, false
	}
	return segs, int(segs[0].raw), hi, true
}
