package suppress_test

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/memlint/memlint/internal/config"
	"github.com/memlint/memlint/internal/suppress"
	"github.com/memlint/memlint/rules"
)

// TestInlineUTF16 checks that memlint:ignore comments are found in a YAML
// file written as UTF-16 with a byte-order mark (PowerShell's default),
// which is checked decoded: read from disk with the default reader, in both
// byte orders.
func TestInlineUTF16(t *testing.T) {
	text := "# memlint:ignore ML003 Legacy policy, versioned in TICKET-9.\nStatement:\n  - Effect: Allow\n"
	for _, order := range []binary.AppendByteOrder{binary.LittleEndian, binary.BigEndian} {
		data := order.AppendUint16(nil, 0xFEFF)
		for _, u := range utf16.Encode([]rune(text)) {
			data = order.AppendUint16(data, u)
		}
		p := filepath.Join(t.TempDir(), "policy.yaml")
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		in := rules.Finding{RuleID: "ML003", Severity: rules.Medium, Msg: "no Version", Loc: rules.Location{File: p, Line: 2, Col: 1}}
		got, _ := suppress.Apply([]rules.Finding{in}, suppress.Options{Config: &config.Config{Dir: filepath.Dir(p)}, Now: time.Now()})
		if len(got) != 1 || got[0].Suppression == nil || got[0].Suppression.Justification != "Legacy policy, versioned in TICKET-9." {
			t.Errorf("%v: %+v, want the finding suppressed by the comment", order, got)
		}
	}
}
