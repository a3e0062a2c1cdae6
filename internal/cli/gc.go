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
// makes one large file count as large. Up to hugeInput bytes the model
// stays small (a thousand setups read 3.3 MiB and hold ~20 MB), and the
// collector runs at half its default frequency: a 1,000-setup tree took
// 12% less CPU with GOGC=200 than with 100, for 172 instead of 128 MB of
// peak RSS; from hugeInput on (10,000 setups read 33 MiB), the default
// pacing keeps the peak near twice the model (GOGC=200 there: 880 →
// 1,075 MB). From giantInput on (one 50 MB policy: its parse tree is
// ~470 MB with the file, its model ~230 MB), the default pacing runs under
// a soft limit of giantLimit: the heap stays under it however fast the
// parse allocates (with GOGC=50 and no limit, the peak RSS of the same file
// was 840 MB in one run and 1,090 MB in the next, the collector falling
// behind a faster parse), and the collector works less than at GOGC=50
// while the heap is small (8.1–8.5 s instead of 8.7–9.1 s, 850 MB either
// way). An input whose live heap needs more than the limit is collected
// harder, never refused. GOGC or GOMEMLIMIT in the environment take
// precedence.
const (
	shortRunLimit = 256 << 20 // soft heap limit while collection is off
	largeInput    = 1 << 20   // bytes read from which the collector runs, at midGOGC
	hugeInput     = 16 << 20  // bytes read from which the default pacing returns
	giantInput    = 40 << 20  // bytes read from which the collector runs at giantGOGC under giantLimit
	midGOGC       = 200
	streamLimit   = 224 << 20 // soft heap limit of a streamed tree (streaming)
	largeFile     = 8 << 20   // one file from which a streamed tree is paced as a whole run
	giantGOGC     = 100
	giantLimit    = 850 << 20 // soft heap limit from giantInput on
)

type gcTuning struct {
	mu     sync.Mutex
	active bool // the tuning is ours (no GOGC or GOMEMLIMIT set)
	gogc   int  // the GOGC set now: -1 (off), midGOGC, 100 or giantGOGC
	stream bool // a streamed tree (streaming)
	read   int64
}

func startGC() *gcTuning {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return &gcTuning{}
	}
	debug.SetMemoryLimit(shortRunLimit)
	debug.SetGCPercent(-1)
	return &gcTuning{active: true, gogc: -1}
}

// streaming paces the collector for a tree read part by part
// (load.Stream). Its live heap stays small (the rules, one part's model,
// the findings so far: 16 MB growing to ~65 MB over 10,000 setups), so the
// collector runs from the start at midGOGC under a soft limit of
// streamLimit: the heap may reach three times the live heap while that is
// small, and no more than the limit when the findings grow. The default
// pacing from hugeInput on was 12% slower on 1,000 setups. One file of
// largeFile bytes or more (a part is then as large as its file) returns
// to the bytes-read pacing of a whole run, from its giant step.
func (g *gcTuning) streaming() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.active || g.gogc != -1 {
		return
	}
	debug.SetMemoryLimit(streamLimit)
	g.stream = true
}

// whole paces the collector for parts of a streamed tree read again as
// one model (load.StreamOptions.OnWhole), which may be as large as the
// whole tree's: the pacing of a whole run, without the streaming limit
// (under which a whole tree's live heap kept the collector running).
func (g *gcTuning) whole() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if !g.active || !g.stream {
		return
	}
	g.stream = false
	debug.SetMemoryLimit(math.MaxInt64)
	debug.SetGCPercent(100)
	g.gogc = 100
}

// onRead counts the bytes of a file about to be read, and restores the
// default collector once the input is large.
func (g *gcTuning) onRead(size int64) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.read += size
	if !g.active {
		return
	}
	if g.stream {
		switch {
		case size >= largeFile:
			debug.SetGCPercent(giantGOGC)
			debug.SetMemoryLimit(giantLimit)
			g.gogc = giantGOGC
			g.active = false
		case g.read >= largeInput && g.gogc == -1:
			debug.SetGCPercent(midGOGC)
			g.gogc = midGOGC
		}
		return
	}
	switch {
	case g.read >= giantInput:
		debug.SetGCPercent(giantGOGC)
		debug.SetMemoryLimit(giantLimit)
		g.gogc = giantGOGC
		g.active = false // nothing more to change
	case g.read >= hugeInput && g.gogc != 100:
		debug.SetGCPercent(100)
		debug.SetMemoryLimit(math.MaxInt64)
		g.gogc = 100
	case g.read >= largeInput && g.read < hugeInput && g.gogc == -1:
		debug.SetGCPercent(midGOGC)
		debug.SetMemoryLimit(math.MaxInt64)
		g.gogc = midGOGC
	}
}
