package termsafe

import "testing"

func TestLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain.json":                "plain.json",
		"a\x1b[31mred\a\r\nb\tc":    `a\x1b[31mred\x07\x0d\x0ab\x09c`,
		"\u202egnp.json":            `\u202egnp.json`,
		"\u0085next line, Zürich":   `\x85next line, Zürich`,
		"invalid \xff byte is kept": "invalid \xff byte is kept",
		"":                          "",
	} {
		if got := Line(in); got != want {
			t.Errorf("Line(%q) = %q, want %q", in, got, want)
		}
	}
}
