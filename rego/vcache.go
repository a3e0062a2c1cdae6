package rego

import (
	"sync"

	"github.com/open-policy-agent/opa/v1/ast"
)

// flatCache is the cache of rule results one evaluation keeps (OPA's
// topdown.VirtualCache), as one hash map per frame keyed by the whole
// reference. OPA's own cache is a tree with a hash map at every element of
// every reference (data, rules, policy, "sid-problems", deny): building it
// again for every evaluation was a tenth of the allocations of a tree's
// run. Frames are pushed and popped for "with", which only tests use.
//
// An evaluation puts a few dozen entries, so they live in slabs: the
// entries of a frame in one slice (chained per hash), the copies of their
// references in shared chunks. One allocation per entry and per copy was
// a tenth of a tree's allocations again.
type flatCache struct {
	frames []cacheFrame
	arena  []*ast.Term // the free end of the current chunk of reference copies
}

type cacheFrame struct {
	index   map[int]int32 // a reference's hash → 1 + the last entry with that hash
	entries []cacheEntry
}

type cacheEntry struct {
	ref       ast.Ref
	value     *ast.Term
	undefined bool
	prev      int32 // 1 + the previous entry with the same hash, 0 for none
}

// arenaChunk is the number of reference elements a chunk holds: an
// evaluation of every rule of a unit copies a few hundred.
const arenaChunk = 256

func newFlatCache() *flatCache {
	return &flatCache{frames: []cacheFrame{{index: make(map[int]int32, 64), entries: make([]cacheEntry, 0, 32)}}}
}

// flatCaches keeps caches between evaluations: a fresh one (a map sized
// for 64 references and a slice of entries) was a dozen allocations of
// every evaluation.
var flatCaches = sync.Pool{New: func() any { return newFlatCache() }}

func getFlatCache() *flatCache { return flatCaches.Get().(*flatCache) }

// putFlatCache empties c, once its evaluation is over, for the next. The
// chunk of reference copies is not reused: a copy may still be held by
// whoever asked for Keys.
func putFlatCache(c *flatCache) {
	if len(c.frames) != 1 {
		return // a frame left pushed: not reused
	}
	f := &c.frames[0]
	clear(f.index)
	clear(f.entries)
	f.entries = f.entries[:0]
	c.arena = nil
	flatCaches.Put(c)
}

func (c *flatCache) Push() { c.frames = append(c.frames, cacheFrame{index: map[int]int32{}}) }

func (c *flatCache) Pop() { c.frames = c.frames[:len(c.frames)-1] }

func (f *cacheFrame) find(ref ast.Ref, h int) *cacheEntry {
	for i := f.index[h]; i > 0; i = f.entries[i-1].prev {
		if e := &f.entries[i-1]; e.ref.Equal(ref) {
			return e
		}
	}
	return nil
}

// Get is the value cached for ref; nil, true when ref was found undefined;
// nil, false when nothing is cached for it.
func (c *flatCache) Get(ref ast.Ref) (*ast.Term, bool) {
	if e := c.frames[len(c.frames)-1].find(ref, ref.Hash()); e != nil {
		return e.value, e.undefined
	}
	return nil, false
}

// Put caches value for ref; a nil value records that ref is undefined.
func (c *flatCache) Put(ref ast.Ref, value *ast.Term) {
	f := &c.frames[len(c.frames)-1]
	h := ref.Hash()
	if e := f.find(ref, h); e != nil {
		if value != nil {
			e.value = value
		} else {
			e.undefined = true
		}
		return
	}
	f.entries = append(f.entries, cacheEntry{ref: c.copyRef(ref), value: value, undefined: value == nil, prev: f.index[h]})
	f.index[h] = int32(len(f.entries))
}

// copyRef is a copy of ref's elements: OPA passes a buffer it reuses (a
// function's cache key lives in a pooled evaluator, so the next evaluation,
// on another goroutine maybe, writes the next key into it). The copy's
// capacity ends at its length, so appending to it never writes into the
// chunk.
func (c *flatCache) copyRef(ref ast.Ref) ast.Ref {
	if len(ref) > cap(c.arena)-len(c.arena) {
		c.arena = make([]*ast.Term, 0, max(arenaChunk, len(ref)))
	}
	start := len(c.arena)
	c.arena = append(c.arena, ref...)
	return ast.Ref(c.arena[start:len(c.arena):len(c.arena)])
}

// Keys are the references with a value in the top frame.
func (c *flatCache) Keys() []ast.Ref {
	var out []ast.Ref
	for _, e := range c.frames[len(c.frames)-1].entries {
		if e.value != nil {
			out = append(out, e.ref)
		}
	}
	return out
}
