package rego

import (
	"slices"

	"github.com/open-policy-agent/opa/v1/ast"
)

// flatCache is the cache of rule results one evaluation keeps (OPA's
// topdown.VirtualCache), as one hash map per frame keyed by the whole
// reference. OPA's own cache is a tree with a hash map at every element of
// every reference (data, rules, policy, "sid-problems", deny): building it
// again for every evaluation was a tenth of the allocations of a tree's
// run. Frames are pushed and popped for "with", which only tests use.
type flatCache struct {
	frames []map[int][]cacheEntry
}

type cacheEntry struct {
	ref       ast.Ref
	value     *ast.Term
	undefined bool
}

func newFlatCache() *flatCache {
	return &flatCache{frames: []map[int][]cacheEntry{make(map[int][]cacheEntry, 64)}}
}

func (c *flatCache) Push() { c.frames = append(c.frames, map[int][]cacheEntry{}) }

func (c *flatCache) Pop() { c.frames = c.frames[:len(c.frames)-1] }

// Get is the value cacheEntry for ref; nil, true when ref was found undefined;
// nil, false when nothing is cacheEntry for it.
func (c *flatCache) Get(ref ast.Ref) (*ast.Term, bool) {
	for _, e := range c.frames[len(c.frames)-1][ref.Hash()] {
		if e.ref.Equal(ref) {
			return e.value, e.undefined
		}
	}
	return nil, false
}

// Put caches value for ref; a nil value records that ref is undefined.
func (c *flatCache) Put(ref ast.Ref, value *ast.Term) {
	m := c.frames[len(c.frames)-1]
	h := ref.Hash()
	es := m[h]
	for i := range es {
		if es[i].ref.Equal(ref) {
			if value != nil {
				es[i].value = value
			} else {
				es[i].undefined = true
			}
			return
		}
	}
	// The reference is copied: OPA passes a buffer it reuses (a function's
	// cache key lives in a pooled evaluator, so the next evaluation, on
	// another goroutine maybe, writes the next key into it).
	m[h] = append(es, cacheEntry{ref: slices.Clone(ref), value: value, undefined: value == nil})
}

// Keys are the references with a value in the top frame.
func (c *flatCache) Keys() []ast.Ref {
	var out []ast.Ref
	for _, es := range c.frames[len(c.frames)-1] {
		for _, e := range es {
			if e.value != nil {
				out = append(out, e.ref)
			}
		}
	}
	return out
}
