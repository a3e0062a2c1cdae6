package cli

import (
	"math"
	"os"
	"runtime/debug"
	"sync"
)

// Garbage collection is tuned for the two shapes of run memlint has. A
// pre-commit check of one file allocates a few tens of MB, mostly compiling
// the rules, and collecting that garbage cost a third of its wall time
// (measured: 36 ms with the default collector, 24 ms without). So a run
// starts with the collector off under a soft memory limit, and turns normal
// collection back on as soon as the input read reaches largeInput bytes,
// before the file that crosses it is parsed: the model takes up to ~100
// times its input, so a large input under the limit with the collector off
// would hit the limit and collect continuously (a 24 MB script took 4× as
// long as with the default collector). Counting bytes rather than documents
// makes one large file count as large. GOGC or GOMEMLIMIT in the
// environment take precedence.
const (
	shortRunLimit = 256 << 20 // soft heap limit while collection is off
	largeInput    = 1 << 20   // bytes read from which the default pacing returns
)

type gcTuning struct {
	mu     sync.Mutex
	active bool
	read   int64
}

func startGC() *gcTuning {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return &gcTuning{}
	}
	debug.SetMemoryLimit(shortRunLimit)
	debug.SetGCPercent(-1)
	return &gcTuning{active: true}
}

// onRead counts the bytes of a file about to be read, and restores the
// default collector once the input is large.
func (g *gcTuning) onRead(size int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.read += size
	if g.active && g.read >= largeInput {
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		g.active = false
	}
}
