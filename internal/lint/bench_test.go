package lint_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/benchtree"
	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
)

// BenchmarkOneFile lints one small policy file end to end in-process (load,
// evaluate), the pre-commit case. Engine compilation is per process and is
// measured by BenchmarkEngineLoad.
func BenchmarkOneFile(b *testing.B) {
	eng, cat := engine(b)
	file := filepath.Join("..", "..", "fixtures", "examples", "guide", "memory", "grant-multiple-actions.json")
	ctx := context.Background()
	b.ReportAllocs() // deterministic, unlike time on a shared machine
	for b.Loop() {
		m, err := load.Load([]string{file}, load.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := lint.Run(ctx, eng, cat, m); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkTree lints generated trees of memory setups (8 documents each) and
// reports documents per second; sizes 1k and 10k show the cost is linear.
func BenchmarkTree(b *testing.B) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("setups=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			files, err := benchtree.Write(dir, n)
			if err != nil {
				b.Fatal(err)
			}
			eng, cat := engine(b)
			ctx := context.Background()
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				m, err := load.Load([]string{dir}, load.Options{})
				if err != nil {
					b.Fatal(err)
				}
				if _, err := lint.Run(ctx, eng, cat, m); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
