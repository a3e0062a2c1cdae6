package load

import (
	"encoding/binary"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf16"
)

// encode writes s in UTF-16 or UTF-32 with a byte-order mark.
func encode(s string, width int, order binary.AppendByteOrder) string {
	var b []byte
	if width == 2 {
		for _, u := range utf16.Encode([]rune("\uFEFF" + s)) {
			b = order.AppendUint16(b, u)
		}
	} else {
		for _, r := range "\uFEFF" + s {
			b = order.AppendUint32(b, uint32(r))
		}
	}
	return string(b)
}

// TestUnicodeBOM checks that a UTF-16 or UTF-32 policy with a byte-order
// mark (PowerShell's Out-File default) is decoded and checked, positions in
// the decoded text, with an ML001 saying so; it was skipped as binary.
func TestUnicodeBOM(t *testing.T) {
	policy := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"Zürich\", \"Effect\": \"Allow\", \"Action\": \"s3:GetObject\", \"Resource\": \"*\"}]\n}\n"
	for _, tt := range []struct {
		name, enc string
		width     int
		order     binary.AppendByteOrder
	}{
		{"utf16le", "UTF-16 (little-endian)", 2, binary.LittleEndian},
		{"utf16be", "UTF-16 (big-endian)", 2, binary.BigEndian},
		{"utf32le", "UTF-32 (little-endian)", 4, binary.LittleEndian},
		{"utf32be", "UTF-32 (big-endian)", 4, binary.BigEndian},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var log []string
			m, dir := loadFiles(t, map[string]string{
				"p.json":     encode(policy, tt.width, tt.order),
				"other.json": encode(`{"compilerOptions": {}}`, tt.width, tt.order),
			}, Options{Log: func(f string, a ...any) { log = append(log, f) }})
			if len(m.Policies) != 1 || len(m.Policies[0].Statements) != 1 {
				t.Fatalf("policies %+v, want p.json's one statement", m.Policies)
			}
			sid := m.Policies[0].Statements[0].Sid
			if sid == nil || sid.Value != "Zürich" || at(sid.Loc) != "3:25" {
				t.Errorf("Sid %+v, want Zürich at 3:25", sid)
			}
			if len(m.Problems) != 1 || m.Problems[0].Rule != ruleInvalid || m.Problems[0].Loc.File != dir+"p.json" ||
				!strings.Contains(m.Problems[0].Msg, "The file is "+tt.enc+" text with a byte-order mark") {
				t.Errorf("problems %+v, want one ML001 on p.json naming %s", m.Problems, tt.enc)
			}
			// Named explicitly, a file that is not memlint's (a tsconfig) is
			// skipped with a note, encoded or not: no ML001.
			other := filepath.Join(strings.TrimSuffix(dir, "/"), "other.json")
			named, err := Load([]string{other}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if len(named.Problems) != 0 {
				t.Errorf("named other.json: problems %+v, want none", named.Problems)
			}
		})
	}
}
