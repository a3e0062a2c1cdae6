package lint_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/memlint/memlint/internal/benchtree"
	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
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
	benchTrees(b, func(ctx context.Context, dir string, eng *rego.Engine, cat *rules.Catalog) error {
		m, err := load.Load([]string{dir}, load.Options{})
		if err != nil {
			return err
		}
		_, err = lint.Run(ctx, eng, cat, m)
		return err
	})
}

// BenchmarkStream lints the same trees as BenchmarkTree the way check
// does from 4,096 files on: part by part (load.Stream), each part's model
// dropped once its findings are out.
func BenchmarkStream(b *testing.B) {
	benchTrees(b, func(ctx context.Context, dir string, eng *rego.Engine, cat *rules.Catalog) error {
		_, err := load.Stream([]string{dir}, load.Options{}, load.StreamOptions{From: 4096, Part: 4096},
			func(p *load.Part) error {
				_, err := lint.Run(ctx, eng, cat, p.Model)
				return err
			}, func(int) { b.Fatal("a generated tree's parts do not join") })
		return err
	})
}

// benchTrees runs lint on generated trees of 1,000 and 10,000 setups, the
// rules compiled before the clock starts.
func benchTrees(b *testing.B, run func(ctx context.Context, dir string, eng *rego.Engine, cat *rules.Catalog) error) {
	for _, n := range []int{1000, 10000} {
		b.Run(fmt.Sprintf("setups=%d", n), func(b *testing.B) {
			dir := b.TempDir()
			files, err := benchtree.Write(dir, n)
			if err != nil {
				b.Fatal(err)
			}
			eng, cat := engine(b)
			ctx := context.Background()
			if err := eng.PrepareAll(ctx); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				if err := run(ctx, dir, eng, cat); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(files)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
		})
	}
}
