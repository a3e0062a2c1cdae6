package memlint

import (
	"strconv"
	"unicode/utf8"
)

// piece is a run of a string value a program spells and the bytes of the
// file it came from (see source.Piece), with the identifiers followed to
// reach it (a constant's name at its use), outermost first.
type piece struct {
	file       string
	value      string
	start, end int
	verbatim   bool
	via        []span
}

// span is a run of bytes of a file.
type span struct {
	file       string
	start, end int
}

// literalPieces decodes the Go string literal lit, found at byte offset off
// of file, into pieces: a raw string is its bytes verbatim (carriage returns
// are discarded, as the language says); an interpreted string is verbatim
// between escape sequences, and each escape sequence is one piece of the
// character it stands for. It reports false when lit is not a string
// literal, and never returns pieces that do not spell what strconv.Unquote
// makes of lit.
func literalPieces(file string, off int, lit string) ([]piece, bool) {
	want, err := strconv.Unquote(lit)
	if err != nil || len(lit) < 2 {
		return nil, false
	}
	var ps []piece
	body := lit[1 : len(lit)-1]
	add := func(v string, s, e int, verbatim bool) {
		if v != "" {
			ps = append(ps, piece{file: file, value: v, start: off + 1 + s, end: off + 1 + e, verbatim: verbatim})
		}
	}
	switch lit[0] {
	case '`':
		run := 0
		for i := 0; i <= len(body); i++ {
			if i == len(body) || body[i] == '\r' {
				add(body[run:i], run, i, true)
				run = i + 1
			}
		}
	case '"':
		run := 0
		for i := 0; i < len(body); {
			if body[i] != '\\' {
				i++
				continue
			}
			add(body[run:i], run, i, true)
			r, multibyte, tail, err := strconv.UnquoteChar(body[i:], '"')
			if err != nil {
				return nil, false
			}
			n := len(body) - i - len(tail)
			v := string([]byte{byte(r)}) // \xHH and \NNN stand for one byte
			if multibyte || r < utf8.RuneSelf {
				v = string(r)
			}
			add(v, i, i+n, false)
			i += n
			run = i
		}
		add(body[run:], run, len(body), true)
	default:
		return nil, false
	}
	if joined(ps) != want {
		return nil, false
	}
	return ps, true
}

// joined is the value the pieces spell.
func joined(ps []piece) string {
	n := 0
	for _, p := range ps {
		n += len(p.value)
	}
	b := make([]byte, 0, n)
	for _, p := range ps {
		b = append(b, p.value...)
	}
	return string(b)
}
