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

// TestGCStreaming checks the pacing of a streamed tree: off under
// streamLimit at first, midGOGC under the same limit from largeInput read,
// the whole run's giant step for one file of largeFile bytes, and the
// default pacing without a limit once parts are read again as one.
func TestGCStreaming(t *testing.T) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(-1))
	check := func(step string, gogc int, limit int64) {
		t.Helper()
		if got := debug.SetGCPercent(-1); got != gogc {
			t.Errorf("%s: GOGC %d, want %d", step, got, gogc)
		}
		debug.SetGCPercent(gogc)
		if got := debug.SetMemoryLimit(-1); got != limit {
			t.Errorf("%s: memory limit %d, want %d", step, got, limit)
		}
	}
	g := startGC()
	g.streaming()
	check("streaming", -1, streamLimit)
	g.onRead(largeInput)
	check("after largeInput", midGOGC, streamLimit)
	for read := int64(0); read < giantInput; read += largeFile / 2 {
		g.onRead(largeFile / 2)
	}
	check("after giantInput in files under largeFile", midGOGC, streamLimit)
	g.whole()
	check("parts read again as one", 100, math.MaxInt64)

	g = startGC()
	g.streaming()
	g.onRead(largeFile)
	check("one large file", giantGOGC, giantLimit)
}
