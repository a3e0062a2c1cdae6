package source

import (
	"encoding/binary"
	"unicode/utf16"
	"unicode/utf8"
)

// DecodeBOM decodes UTF-16 and UTF-32 text that starts with a byte-order
// mark (what PowerShell's Out-File writes by default) to UTF-8 without the
// mark, and names the encoding; other data is returned as is, with "".
// Positions in findings are then those of the decoded text.
func DecodeBOM(data []byte) ([]byte, string) {
	var enc string
	var order binary.ByteOrder
	width := 2
	switch {
	case len(data) >= 4 && data[0] == 0xFF && data[1] == 0xFE && data[2] == 0 && data[3] == 0:
		enc, order, width = "UTF-32 (little-endian)", binary.LittleEndian, 4
	case len(data) >= 4 && data[0] == 0 && data[1] == 0 && data[2] == 0xFE && data[3] == 0xFF:
		enc, order, width = "UTF-32 (big-endian)", binary.BigEndian, 4
	case len(data) >= 2 && data[0] == 0xFF && data[1] == 0xFE:
		enc, order = "UTF-16 (little-endian)", binary.LittleEndian
	case len(data) >= 2 && data[0] == 0xFE && data[1] == 0xFF:
		enc, order = "UTF-16 (big-endian)", binary.BigEndian
	default:
		return data, ""
	}
	body := data[width:]
	out := make([]byte, 0, len(body)+len(body)/2)
	if width == 4 {
		for ; len(body) >= 4; body = body[4:] {
			out = utf8.AppendRune(out, rune(order.Uint32(body))) // invalid code points become U+FFFD
		}
	} else {
		units := make([]uint16, 0, len(body)/2)
		for ; len(body) >= 2; body = body[2:] {
			units = append(units, order.Uint16(body))
		}
		for _, r := range utf16.Decode(units) {
			out = utf8.AppendRune(out, r)
		}
	}
	if len(body) > 0 {
		out = utf8.AppendRune(out, utf8.RuneError) // a truncated last character
	}
	return out, enc
}
