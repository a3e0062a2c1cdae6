package source

import (
	"sort"
	"unicode/utf8"

	"github.com/memlint/memlint/rules"
)

// text is a coordinate space that offsets are counted in: the bytes of a
// file, or the decoded value of a string inside another text (an embedded
// document). A text with a parent maps each of its offsets to an offset in
// the parent, and so on up to the file, where the line table turns offsets
// into lines and columns.
type text struct {
	data []byte
	// str holds data as a string, when the JSON parser has made it one, so
	// that values can be substrings of it instead of an allocation each.
	str  string
	file *file

	// The rest is the mapping into parent, which is nil for a file.
	parent *text
	// segs cover data in order. lo and hi bound the string's content in
	// parent (inside the quotes); offsets at or past the last segment map to
	// hi.
	segs   []segment
	lo, hi int
	// approx maps every offset to the whole span [lo, hi): the string's
	// style is one whose decoding is not mapped exactly.
	approx bool
}

// segment is a run of decoded bytes from dec (up to the next segment's dec)
// that came from parent bytes [raw, rawEnd). A verbatim segment was copied
// byte for byte; any other is one decoded character that came from an
// escape sequence (or a CRLF line break), and all of it maps to the whole
// sequence.
type segment struct {
	dec, raw, rawEnd int32 // int32 halves the size of a string's mapping
	verbatim         bool
}

// seg returns a segment; texts longer than 2 GiB are not mapped exactly.
func seg(dec, raw, rawEnd int, verbatim bool) segment {
	return segment{int32(dec), int32(raw), int32(rawEnd), verbatim}
}

// start maps offset p, as the start of a span, into parent: a character
// from an escape sequence starts where the sequence starts.
func (t *text) start(p int) int {
	if t.approx || len(t.segs) == 0 {
		return t.lo
	}
	i := sort.Search(len(t.segs), func(i int) bool { return int(t.segs[i].dec) > p }) - 1
	if i < 0 {
		return t.lo
	}
	s := t.segs[i]
	if s.verbatim {
		return min(int(s.raw)+p-int(s.dec), int(s.rawEnd), t.hi)
	}
	if i == len(t.segs)-1 && p > int(s.dec) && p >= len(t.data) {
		return t.hi // past the end of the decoded text
	}
	return int(s.raw)
}

// end maps offset p, as the end of a span, into parent: a character from an
// escape sequence ends where the sequence ends.
func (t *text) end(p int) int {
	if t.approx || len(t.segs) == 0 {
		return t.hi
	}
	i := sort.Search(len(t.segs), func(i int) bool { return int(t.segs[i].dec) >= p }) - 1
	if i < 0 {
		return t.lo
	}
	s := t.segs[i]
	if s.verbatim {
		return min(int(s.raw)+p-int(s.dec), int(s.rawEnd), t.hi)
	}
	return int(s.rawEnd)
}

// pos returns the file line and column of offset off of t, as the start
// of a span or, if end, as the end of one (int32, as rules.Location keeps
// them: a file is at most 64 MB).
func (t *text) pos(off int, end bool) (line, col int32) {
	for u := t; u.parent != nil; u = u.parent {
		if end {
			off = u.end(off)
		} else {
			off = u.start(off)
		}
	}
	l, c := t.file.pos(off)
	return int32(l), int32(c)
}

// loc returns the file location of the span [start, end) of t.
func (t *text) loc(start, end int) rules.Location {
	l := rules.Location{File: t.file.name}
	l.Line, l.Col = t.pos(start, false)
	t.setEnd(&l, end)
	return l
}

// setEnd sets the end of l, whose start is set, to offset end of t. An
// empty span whose ends map to different places in the file (the start of
// a line of a YAML block, past its indentation, and the end of the line
// before) stays empty.
func (t *text) setEnd(l *rules.Location, end int) {
	l.EndLine, l.EndCol = t.pos(end, true)
	if l.EndLine < l.Line || l.EndLine == l.Line && l.EndCol < l.Col {
		l.EndLine, l.EndCol = l.Line, l.Col
	}
}

// errorf returns an *Error at offset off of t, spanning the character there
// (or nothing at the end of the text).
func (t *text) errAt(off int, msg string) *Error {
	off = min(max(off, 0), len(t.data))
	end := off
	if off < len(t.data) {
		_, n := utf8.DecodeRune(t.data[off:])
		end += n
	}
	return &Error{Loc: t.loc(off, end), Msg: msg}
}
