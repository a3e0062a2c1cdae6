package source

import (
	"github.com/memlint/memlint/rules"
)

// A SourceFile is a file of program source (a Go file) whose string values
// memlint reads: a value a program spells with literals, constants and
// concatenations is given as [Piece]s of the file's text, and
// [SourceFile.String] makes it a String node that [Node.Embedded] parses
// with every position in the file.
type SourceFile struct {
	t *text
}

// NewSourceFile returns the SourceFile of the file named name, whose
// contents are data. The data must not change afterwards.
func NewSourceFile(name string, data []byte) *SourceFile {
	return &SourceFile{t: &text{data: data, file: newFile(name, data)}}
}

// Loc returns the position of the bytes data[start:end] of the file, lines
// and UTF-16 columns as every Loc counts them.
func (f *SourceFile) Loc(start, end int) rules.Location {
	f.t.file.mu.Lock()
	defer f.t.file.mu.Unlock()
	start = min(max(start, 0), len(f.t.data))
	end = min(max(end, start), len(f.t.data))
	return f.t.loc(start, end)
}

// Piece is a run of a string value and the bytes of the file it came from.
type Piece struct {
	// Value is the run of the decoded value.
	Value string
	// Start and End bound the bytes of the file it came from.
	Start, End int
	// Verbatim says Value is the file's bytes [Start, End) as they are,
	// so that every byte of it maps to its own byte of the file; otherwise
	// (an escape sequence, a value computed from the text such as a JSON
	// rendering) all of Value maps to the whole span.
	Verbatim bool
}

// String returns a String node for the concatenation of pieces, spanning
// the file's bytes [start, end) (the expression that spells the value).
// Embedded parses it with every position in the file: a character of a
// verbatim piece at its own byte, any other at its piece's span. A verbatim
// piece whose Value is not the file's bytes is mapped as a whole instead.
// Pieces may come in any order of the file.
func (f *SourceFile) String(start, end int, pieces []Piece) *Node {
	f.t.file.mu.Lock()
	defer f.t.file.mu.Unlock()
	data := f.t.data
	start = min(max(start, 0), len(data))
	end = min(max(end, start), len(data))
	n := &Node{Kind: String, Loc: f.t.loc(start, end), style: styleMapped}
	c := &text{file: f.t.file, parent: f.t, lo: start, hi: end}
	var b []byte
	for _, p := range pieces {
		if p.Value == "" {
			continue
		}
		lo := min(max(p.Start, 0), len(data))
		hi := min(max(p.End, lo), len(data))
		verbatim := p.Verbatim && string(data[lo:hi]) == p.Value
		if len(b)+len(p.Value) > 1<<31-1 || hi > 1<<31-1 {
			// Offsets no longer fit segments: the rest maps to the whole span.
			c.segs = append(c.segs, seg(len(b), start, end, false))
			b = append(b, p.Value...)
			continue
		}
		c.segs = append(c.segs, seg(len(b), lo, hi, verbatim))
		b = append(b, p.Value...)
		c.lo, c.hi = min(c.lo, lo), max(c.hi, hi)
	}
	c.data = b
	n.Value = string(b)
	n.src = c
	return n
}
