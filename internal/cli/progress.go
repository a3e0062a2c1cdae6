package cli

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"
)

// progress shows, on standard error when it is a terminal, how far a long
// run is: files read while loading, then units evaluated. From progressAfter
// into the run on, it rewrites one line ("\r" and erase to end of line) at
// most every progressEvery, and erases it when the run ends, so the report
// that follows is unchanged. It is never shown in a pipe, a file or a CI log,
// nor on a terminal that cannot erase a line (TERM=dumb). A nil *progress
// shows nothing.
type progress struct {
	mu    sync.Mutex
	w     io.Writer
	start time.Time
	last  time.Time
	shown bool
	files int
	bytes int64
	units int
	total int

	// CloudTrail evidence being read (memlint diff --cloudtrail).
	trailFiles, trailDone int
	trailTotal, trailRead int64
	trailRecords          int64
}

// progressEvery is how often the progress line is redrawn.
const progressEvery = 100 * time.Millisecond

// progressAfter is how long a run goes before it shows progress: a
// pre-commit check of one file is over before a line would be worth
// reading, and should not flash one. A variable so that tests need not wait.
var progressAfter = 500 * time.Millisecond

// progressTerminal reports whether w is a terminal that can show progress;
// a variable so that tests can pretend.
var progressTerminal = func(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok || strings.EqualFold(os.Getenv("TERM"), "dumb") || os.Getenv("CI") != "" {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// newProgress returns the progress line for stderr, or nil when stderr is not
// a terminal.
func newProgress(stderr io.Writer) *progress {
	if !progressTerminal(stderr) {
		return nil
	}
	return &progress{w: stderr, start: time.Now()}
}

// read counts a file about to be read (load.Options.OnRead).
func (p *progress) read(size int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.files++
	p.bytes += size
	p.draw(p.files == 1)
}

// evaluated counts evaluation units (lint.Options.Progress); the last one is
// always drawn.
func (p *progress) evaluated(done, total int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if done > p.units {
		p.units = done
	}
	p.total = total
	p.draw(done == total)
}

// draw redraws the line when it is due or force is set; p.mu is held.
func (p *progress) draw(force bool) {
	now := time.Now()
	if now.Sub(p.start) < progressAfter || !force && now.Sub(p.last) < progressEvery {
		return
	}
	p.last = now
	p.shown = true
	line := fmt.Sprintf("memlint: %d %s read (%s)", p.files, plural(p.files, "file", "files"), byteSize(p.bytes))
	if p.trailFiles > 0 {
		line = fmt.Sprintf("memlint: CloudTrail: %d of %d %s, %s of %s read, %d records", p.trailDone, p.trailFiles,
			plural(p.trailFiles, "file", "files"), byteSize(p.trailRead), byteSize(p.trailTotal), p.trailRecords)
	}
	if p.total > 0 {
		line += fmt.Sprintf(", %d of %d units evaluated", p.units, p.total)
	}
	fmt.Fprintf(p.w, "\r%s\x1b[K", line)
}

// trailStart begins counting CloudTrail input: files, their total size.
func (p *progress) trailStart(files int, size int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.trailFiles, p.trailTotal = files, size
}

// trail counts CloudTrail bytes read and records decoded
// (cloudtrail.Options.Progress).
func (p *progress) trail(bytes, records int64) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.trailRead += bytes
	p.trailRecords += records
	p.draw(false)
}

// trailFile counts a CloudTrail file read to its end.
func (p *progress) trailFile() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.trailDone++
	p.draw(p.trailDone == p.trailFiles)
}

// end erases the progress line, if one was drawn.
func (p *progress) end() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.shown {
		fmt.Fprint(p.w, "\r\x1b[K")
		p.shown = false
	}
}

// byteSize writes n bytes as people read them: 512 B, 3.4 MB.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f kB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}
