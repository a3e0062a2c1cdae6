package rego

import (
	"slices"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"
)

// TestFlatCache checks the cache against what topdown expects of a
// VirtualCache: a value or "undefined" per reference, nothing for a prefix
// or an extension of a cached reference, frames that hide and restore.
func TestFlatCache(t *testing.T) {
	c := newFlatCache()
	deny := ast.MustParseRef(`data.rules.policy["sid-problems"].deny`)
	other := ast.MustParseRef(`data.rules.policy["sid-problems"]._kind_names`)
	v := ast.SetTerm(ast.StringTerm("x"))
	if got, undef := c.Get(deny); got != nil || undef {
		t.Fatalf("empty cache: %v, %v", got, undef)
	}
	c.Put(deny, v)
	c.Put(other, nil)
	if got, undef := c.Get(deny); got != v || undef {
		t.Errorf("Get(deny) = %v, %v", got, undef)
	}
	if got, undef := c.Get(other); got != nil || !undef {
		t.Errorf("undefined ref: %v, %v", got, undef)
	}
	if got, undef := c.Get(deny[:3]); got != nil || undef {
		t.Errorf("prefix: %v, %v", got, undef)
	}
	if got, undef := c.Get(deny.Append(ast.StringTerm("x"))); got != nil || undef {
		t.Errorf("extension: %v, %v", got, undef)
	}
	if keys := c.Keys(); len(keys) != 1 || !keys[0].Equal(deny) {
		t.Errorf("Keys = %v", keys)
	}
	c.Push()
	if got, _ := c.Get(deny); got != nil {
		t.Errorf("new frame sees %v", got)
	}
	w := ast.SetTerm()
	c.Put(deny, w)
	if got, _ := c.Get(deny); got != w {
		t.Errorf("frame value %v", got)
	}
	c.Pop()
	if got, _ := c.Get(deny); got != v {
		t.Errorf("after Pop: %v", got)
	}
	// The caller may reuse the slice of a reference it put (OPA's function
	// cache keys do): the entry keeps its own copy.
	allows := ast.MustParseRef(`data.lib.policy.allows`)
	buf := slices.Clone(allows)
	c.Put(buf, ast.BooleanTerm(true))
	buf[len(buf)-1] = ast.StringTerm("reused")
	if got, _ := c.Get(allows); got == nil || !got.Equal(ast.BooleanTerm(true)) {
		t.Errorf("entry of a reused key: %v", got)
	}
	c.Put(deny, w) // replaced in place
	if got, _ := c.Get(deny); got != w || len(c.Keys()) != 2 {
		t.Errorf("replaced: %v, keys %v", got, c.Keys())
	}
}

// TestFlatCacheMany puts more references than one chunk of copies holds,
// one of them longer than a chunk, and reads every one back.
func TestFlatCacheMany(t *testing.T) {
	c := newFlatCache()
	var refs []ast.Ref
	for i := range 1000 {
		ref := ast.MustParseRef(`data.rules.policy["x"].deny`).Append(ast.IntNumberTerm(i))
		if i == 500 {
			for range arenaChunk {
				ref = ref.Append(ast.StringTerm("long"))
			}
		}
		refs = append(refs, ref)
		c.Put(ref, ast.IntNumberTerm(i))
	}
	for i, ref := range refs {
		if got, undef := c.Get(ref); undef || got == nil || !got.Equal(ast.IntNumberTerm(i)) {
			t.Fatalf("ref %d: %v, %v", i, got, undef)
		}
	}
	if n := len(c.Keys()); n != len(refs) {
		t.Errorf("%d keys, want %d", n, len(refs))
	}
}

// TestFlatCacheReused checks that a cache given back holds nothing when it
// is taken again, and that one left with a frame pushed is not kept.
func TestFlatCacheReused(t *testing.T) {
	deny := ast.MustParseRef(`data.rules.policy["sid-problems"].deny`)
	for range 3 {
		c := getFlatCache()
		if got, undef := c.Get(deny); got != nil || undef || len(c.Keys()) != 0 {
			t.Fatalf("a cache taken again holds %v, %v, %v", got, undef, c.Keys())
		}
		c.Put(deny, ast.BooleanTerm(true))
		c.Put(deny.Append(ast.StringTerm("x")), nil)
		putFlatCache(c)
	}
	c := newFlatCache()
	c.Push()
	c.Put(deny, ast.BooleanTerm(true))
	putFlatCache(c) // not kept: its frames are not the one it started with
	if len(c.frames) != 2 {
		t.Errorf("a cache with a frame pushed was emptied")
	}
}
