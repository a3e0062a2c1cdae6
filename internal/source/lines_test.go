package source

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestFilePositions checks every offset of a variety of texts, including
// lines longer than the checkpoint stride, against the straightforward
// conversion of the test helpers, in order and out of order.
func TestFilePositions(t *testing.T) {
	pieces := []string{"a", "b", " ", "é", "😀", "\r\n", "\n", "€", "\r", "\xff", "𝄞x", "\t"}
	rng := rand.New(rand.NewPCG(1, 2))
	texts := []string{"", "\n", "abc", "\r\n\r\n", "é\n😀", "\ufeffa\nb"}
	for range 40 {
		var b strings.Builder
		n := rng.IntN(3000)
		for range n {
			p := pieces[rng.IntN(len(pieces))]
			if rng.IntN(50) != 0 && (p == "\n" || p == "\r\n") {
				p = "x" // mostly long lines
			}
			b.WriteString(p)
		}
		texts = append(texts, b.String())
	}
	texts = append(texts, strings.Repeat("é", cpStride), strings.Repeat("😀", cpStride/4)+"a")
	for _, data := range texts {
		f := newFile("t", []byte(data))
		var offs []int
		for off := range len(data) + 1 {
			if off == len(data) || utf8.RuneStart(data[off]) {
				offs = append(offs, off)
			}
		}
		check := func(off int) {
			line, col := f.pos(off)
			want := off
			if f.bom > 0 && off < f.bom {
				want = f.bom
			}
			got, ok := byteOffset(data, line, col)
			if !ok || got != want {
				t.Fatalf("text %q: offset %d gives %d:%d, which is offset %d (%v)", trunc(data), off, line, col, got, ok)
			}
		}
		for _, off := range offs {
			check(off)
		}
		rng.Shuffle(len(offs), func(i, j int) { offs[i], offs[j] = offs[j], offs[i] })
		for _, off := range offs {
			check(off)
		}
	}
}

func trunc(s string) string {
	if len(s) > 60 {
		return s[:60] + "…"
	}
	return s
}

func TestFileColumnsUTF16(t *testing.T) {
	f := newFile("t", []byte("é😀x\r\nz"))
	for _, tt := range []struct{ off, line, col int }{
		{0, 1, 1}, {2, 1, 2}, {6, 1, 4}, {7, 1, 5}, {8, 1, 6}, {9, 2, 1}, {10, 2, 2},
	} {
		if l, c := f.pos(tt.off); l != tt.line || c != tt.col {
			t.Errorf("pos(%d) = %d:%d, want %d:%d", tt.off, l, c, tt.line, tt.col)
		}
	}
}
