package source

import (
	"bytes"
	"encoding/binary"
	"sort"
	"sync"
	"unicode/utf8"
)

// file is an input file and its line table. It turns byte offsets into
// 1-based lines and UTF-16 columns.
//
// Lines end at '\n'; a '\r' before it belongs to the line it ends, so CRLF
// files number lines as editors do. Columns count UTF-16 code units, as SARIF
// wants: a pure-ASCII line (the common case, decided once per line and
// cached) uses offset arithmetic. On a non-ASCII line the count resumes
// from the previous lookup when that is a little behind on the same line,
// which is the usual case as parsers ask in text order; otherwise a long
// line gets a table of checkpoints every cpStride bytes. Every lookup is
// O(log lines + cpStride) however long the line and in whatever order
// offsets come, and a parse asking in order does O(file size) work for
// columns in all. That keeps positions cheap on one-line minified files of
// several megabytes.
type file struct {
	mu    sync.Mutex // held by Embedded, which may run concurrently
	name  string
	data  []byte
	lines []int   // offset of the first byte of each line
	ascii []uint8 // per line: 0 not yet known, 1 all ASCII, 2 not
	cps   map[int][]checkpoint
	bom   int // length of a leading byte order mark, which takes no column
	cur   int // line of the previous lookup; lookups are mostly monotonic

	// The previous position looked up on a non-ASCII line, at a rune
	// boundary: the UTF-16 column (from 0) of offset prevOff on line
	// prevLine.
	prevLine, prevOff, prevCol int
}

// cpStride is the distance in bytes between UTF-16 checkpoints on long
// non-ASCII lines.
const cpStride = 512

func newFile(name string, data []byte) *file {
	f := &file{name: name, data: data, prevLine: -1}
	n := bytes.Count(data, []byte{'\n'})
	f.lines = make([]int, 1, n+1)
	for off := 0; ; {
		i := bytes.IndexByte(data[off:], '\n')
		if i < 0 {
			break
		}
		off += i + 1
		f.lines = append(f.lines, off)
	}
	f.ascii = make([]uint8, len(f.lines))
	if bytes.HasPrefix(data, utf8BOM) {
		f.bom = len(utf8BOM)
	}
	return f
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// line returns the 0-based line holding offset off.
func (f *file) line(off int) int {
	c := f.cur
	if off >= f.lines[c] && (c+1 == len(f.lines) || off < f.lines[c+1]) {
		return c
	}
	if off >= f.lines[c] {
		// Offsets mostly come in order: look a few lines ahead first.
		for i := c + 1; i < len(f.lines) && i <= c+4; i++ {
			if off >= f.lines[i] && (i+1 == len(f.lines) || off < f.lines[i+1]) {
				f.cur = i
				return i
			}
		}
	}
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	f.cur = i
	return i
}

// pos returns the 1-based line and UTF-16 column of offset off, which is
// clamped to the file.
func (f *file) pos(off int) (line, col int) {
	off = min(max(off, 0), len(f.data))
	i := f.line(off)
	start := f.lines[i]
	if i == 0 {
		start = f.bom
		off = max(off, start)
	}
	end := len(f.data)
	if i+1 < len(f.lines) {
		end = f.lines[i+1]
	}
	if f.ascii[i] == 0 {
		f.ascii[i] = 2
		if isASCII(f.data[start:end]) {
			f.ascii[i] = 1
		}
	}
	if f.ascii[i] == 1 {
		return i + 1, off - start + 1
	}
	// A non-ASCII line: count from the previous position when it is on
	// the same line and not far behind (offsets mostly come in order), or
	// from the nearest checkpoint of a long line, or from the line start.
	var c int
	switch {
	case f.prevLine == i && off >= f.prevOff && (off-f.prevOff <= cpStride || end-start <= cpStride):
		c = f.prevCol + utf16Len(f.data[f.prevOff:off])
	case end-start <= cpStride:
		c = utf16Len(f.data[start:off])
	default:
		cps := f.cps[i]
		if cps == nil {
			cps = f.checkpoints(start, end)
			if f.cps == nil {
				f.cps = make(map[int][]checkpoint)
			}
			f.cps[i] = cps
		}
		k := min((off-start)/cpStride, len(cps)-1)
		if cps[k].off > off {
			k-- // off is inside the rune that straddles the stride boundary
		}
		c = cps[k].col + utf16Len(f.data[cps[k].off:off])
	}
	if off == len(f.data) || utf8.RuneStart(f.data[off]) {
		f.prevLine, f.prevOff, f.prevCol = i, off, c
	}
	return i + 1, c + 1
}

// checkpoint is a position on a long non-ASCII line: the first rune
// boundary at or after a multiple of cpStride from the line start, and the
// UTF-16 units that precede it on the line.
type checkpoint struct{ off, col int }

// checkpoints returns the checkpoints of the line data[start:end].
func (f *file) checkpoints(start, end int) []checkpoint {
	cps := make([]checkpoint, 0, (end-start)/cpStride+1)
	col, p := 0, start
	for next := start; next < end; next += cpStride {
		for p < next {
			r, n := utf8.DecodeRune(f.data[p:end])
			col += utf16Units(r)
			p += n
		}
		cps = append(cps, checkpoint{p, col})
	}
	return cps
}

// isASCII reports whether b holds only ASCII bytes, eight at a time.
func isASCII(b []byte) bool {
	for len(b) >= 8 {
		if binary.LittleEndian.Uint64(b)&0x8080808080808080 != 0 {
			return false
		}
		b = b[8:]
	}
	for _, c := range b {
		if c >= 0x80 {
			return false
		}
	}
	return true
}

// utf16Len counts the UTF-16 code units of the UTF-8 text b. An invalid
// byte counts as one unit, as it shows as one replacement character.
func utf16Len(b []byte) int {
	n := 0
	for i := 0; i < len(b); {
		if b[i] < utf8.RuneSelf {
			n++
			i++
			continue
		}
		r, w := utf8.DecodeRune(b[i:])
		n += utf16Units(r)
		i += w
	}
	return n
}

// utf16Units is the length of r in UTF-16: two for an astral-plane rune
// (a surrogate pair), one otherwise.
func utf16Units(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}
