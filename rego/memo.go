package rego

import (
	"strings"
	"sync"
	"sync/atomic"
)

// memo is a concurrent cache of string keys that holds at most max entries
// and starts afresh when full. Inputs decide the keys, so a cache that kept
// every key would grow with the input; a tree read part by part reuses an
// entry within one setup's documents, so the newest entries are the ones
// worth keeping. Keys are stored as copies: an input's strings are slices
// of its file's text.
type memo[V any] struct {
	max int64
	m   atomic.Pointer[sync.Map]
	n   atomic.Int64
}

func newMemo[V any](max int64) *memo[V] {
	c := &memo[V]{max: max}
	c.m.Store(new(sync.Map))
	return c
}

func (c *memo[V]) get(k string) (V, bool) {
	if v, ok := c.m.Load().Load(k); ok {
		return v.(V), true
	}
	var zero V
	return zero, false
}

func (c *memo[V]) put(k string, v V) {
	if _, loaded := c.m.Load().LoadOrStore(strings.Clone(k), v); !loaded && c.n.Add(1) >= c.max {
		c.m.Store(new(sync.Map))
		c.n.Store(0)
	}
}
