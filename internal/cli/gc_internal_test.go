package cli

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"testing"
)

// TestGCByBytes checks that the collector, off at the start of a run under
// shortRunLimit, runs at midGOGC once the run has read largeInput bytes, at
// its default pacing from hugeInput (no limit) and at giantGOGC under
// giantLimit from giantInput, even in one file of one document, and stays
// off for a small input.
func TestGCByBytes(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	policy := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]`
	for _, tc := range []struct {
		pad   int
		want  int
		limit int64
	}{{pad: 0, want: -1, limit: shortRunLimit}, {pad: largeInput, want: midGOGC, limit: math.MaxInt64}, {pad: hugeInput, want: 100, limit: math.MaxInt64}, {pad: giantInput, want: giantGOGC, limit: giantLimit}} {
		dir := t.TempDir()
		data := policy + strings.Repeat(" ", tc.pad) + "}"
		if err := os.WriteFile(filepath.Join(dir, "policy.json"), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		var out, errb bytes.Buffer
		if code := Run(context.Background(), []string{"check", dir}, nil, &out, &errb); code != ExitOK {
			t.Fatalf("pad %d: exit %d\n%s%s", tc.pad, code, out.String(), errb.String())
		}
		if got := debug.SetGCPercent(100); got != tc.want {
			t.Errorf("one document of %d bytes: GOGC %d after the run, want %d", len(data), got, tc.want)
		}
		if got := debug.SetMemoryLimit(-1); got != tc.limit {
			t.Errorf("one document of %d bytes: memory limit %d after the run, want %d", len(data), got, tc.limit)
		}
	}
}
