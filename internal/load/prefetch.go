package load

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/memlint/memlint/internal/source"
)

// prefetcher reads and parses the files a directory walk listed, in walk
// order, on the cores the loader leaves idle: the loader is one thread
// (linking needs the files in order), and reading (system calls) and
// parsing were most of its time on a tree of thousands of small files.
// It only ever saves the loader work. The loader does every check it did
// before (the boundary, the file's kind, its size, the manifest's roles)
// and takes a file's bytes and parse from the prefetcher only after them;
// a file the prefetcher has not started yet, failed to read or did not
// parse is read and parsed by the loader itself, so every message is the
// one it would give alone. TestPrefetchGivesTheSame loads trees with and
// without it.
type prefetcher struct {
	index map[string]int32 // absolute path → its place in paths
	paths []string
	abs   []string
	next  atomic.Int64
	slots chan struct{} // files read ahead and not taken yet
	stop  chan struct{}
	wg    sync.WaitGroup

	mu    sync.Mutex
	state []uint8            // per path: waiting, started or taken
	live  map[int32]*fetched // files started and not taken yet
}

// The states of a path.
const (
	waiting uint8 = iota
	started
	taken
)

// fetched is one file read ahead: its bytes when ok, and its parse when
// parsed (the documents, or the error parsing gave).
type fetched struct {
	ready  chan struct{} // closed once read (and parsed)
	info   fs.FileInfo   // os.Stat of the path, nil when it failed
	ok     bool
	data   []byte
	parsed bool
	name   string // the name the parse gave the documents' locations
	text   string
	docs   []*source.Node
	err    error
}

// parseOf is the parse read ahead for the file the loader calls name, if
// it was made under that name.
func (f *fetched) parseOf(name string) ([]*source.Node, string, error, bool) {
	if f == nil || !f.parsed || f.name != name {
		return nil, "", nil, false
	}
	return f.docs, f.text, f.err, true
}

const (
	// prefetchAhead bounds the files read ahead of the loader, and
	// prefetchMaxSize the size of one: the rest the loader reads itself.
	prefetchAhead   = 64
	prefetchMaxSize = 1 << 20
)

// startPrefetch starts reading paths (walked regular files, in the order
// the loader will want them; abs their absolute forms) on the idle cores.
// It returns nil when there is no idle core.
func startPrefetch(paths, abs []string) *prefetcher {
	workers := runtime.GOMAXPROCS(0) - 1
	if workers < 1 || len(paths) < 2 {
		return nil
	}
	p := &prefetcher{index: make(map[string]int32, len(paths)), paths: paths, abs: abs,
		slots: make(chan struct{}, prefetchAhead), stop: make(chan struct{}),
		state: make([]uint8, len(paths)), live: map[int32]*fetched{}}
	for i, a := range abs {
		if _, dup := p.index[a]; !dup {
			p.index[a] = int32(i)
		}
	}
	for range min(workers, 4) {
		p.wg.Add(1)
		go p.work()
	}
	return p
}

func (p *prefetcher) work() {
	defer p.wg.Done()
	for {
		i := int(p.next.Add(1) - 1)
		if i >= len(p.paths) {
			return
		}
		// A slot first: the loader may be waiting for a started file, so
		// a started file must never wait for a slot.
		select {
		case p.slots <- struct{}{}:
		case <-p.stop:
			return
		}
		j := p.index[p.abs[i]]
		p.mu.Lock()
		if p.state[j] != waiting {
			p.mu.Unlock()
			<-p.slots
			continue
		}
		p.state[j] = started
		f := &fetched{ready: make(chan struct{})}
		p.live[j] = f
		p.mu.Unlock()
		f.fetch(p.paths[i])
		close(f.ready)
	}
}

// fetch reads path and parses it as the loader's file would: only a
// plain .json, .yaml or .yml file (no byte-order mark, no NUL byte) is
// parsed ahead.
func (f *fetched) fetch(path string) {
	if info, err := os.Stat(path); err == nil {
		f.info = info
	}
	data, err := readRegular(path, true, func(size int64) bool { return size <= prefetchMaxSize })
	if err != nil {
		return
	}
	f.ok, f.data = true, data
	switch strings.ToLower(filepath.Ext(path)) {
	case ".json", ".yaml", ".yml":
	default:
		return
	}
	if _, enc := decodeBOM(data); enc != "" || bytes.IndexByte(data[:min(len(data), 8192)], 0) >= 0 {
		return
	}
	f.name, f.text = cleanPath(path), textOf(data)
	f.docs, f.err = parseFile(f.name, data, f.text)
	f.parsed = true
}

// take is the file at abs read ahead, waiting for it if it is being read;
// nil when it was not started (the prefetcher then leaves it alone), was
// taken before, or could not be read.
func (p *prefetcher) take(abs string) *fetched {
	f := p.started(abs, true)
	if f == nil {
		return nil
	}
	<-f.ready
	<-p.slots
	if !f.ok {
		return nil
	}
	return f
}

// started is the file at abs when the prefetcher started it and it was not
// taken; take marks it taken (a file not started yet is then never started).
func (p *prefetcher) started(abs string, take bool) *fetched {
	if p == nil {
		return nil
	}
	i, ok := p.index[abs]
	if !ok {
		return nil
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	f := p.live[i]
	if take {
		delete(p.live, i)
		p.state[i] = taken
	}
	return f
}

// stat is os.Stat of the file at abs as the prefetcher took it, waiting
// for it if it is being read, without taking the file; nil when the
// prefetcher has not started it (or the stat failed).
func (p *prefetcher) stat(abs string) fs.FileInfo {
	f := p.started(abs, false)
	if f == nil {
		return nil
	}
	<-f.ready
	return f.info
}

// end stops the workers and waits for them.
func (p *prefetcher) end() {
	if p == nil {
		return
	}
	close(p.stop)
	p.wg.Wait()
}
