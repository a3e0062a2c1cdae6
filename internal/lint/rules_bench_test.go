package lint

import (
	"context"
	"testing"

	"github.com/open-policy-agent/opa/v1/ast"

	"github.com/memlint/memlint/internal/benchtree"
	"github.com/memlint/memlint/internal/load"
)

// BenchmarkRules ranks the rules by what evaluating each alone costs over
// the units of 300 generated setups, built once: one op evaluates the rule
// on every unit that it reads. Allocations per op are deterministic and
// rank the rules reliably on a shared machine; the time is per op.
//
//	go test -run X -bench Rules -benchtime 3x ./internal/lint/
func BenchmarkRules(b *testing.B) {
	ctx := context.Background()
	dir := b.TempDir()
	if _, err := benchtree.Write(dir, 300); err != nil {
		b.Fatal(err)
	}
	eng, _ := loadedEngine(b)
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		b.Fatal(err)
	}
	units := buildUnits(eng, m)
	inputs := make([]ast.Value, len(units))
	for i, u := range units {
		inputs[i] = ast.NewObject(u.build(&builder{})...)
	}
	for _, meta := range eng.Metas() {
		one := eng.Only(meta.ID)
		b.Run(meta.ID, func(b *testing.B) {
			var mine []int
			for i, u := range units {
				if one.HasUnit(u.name) {
					mine = append(mine, i)
				}
			}
			if len(mine) == 0 {
				b.Skip("reads no unit of the tree")
			}
			for _, i := range mine {
				if _, err := one.Eval(ctx, units[i].name, inputs[i]); err != nil { // compile outside the loop
					b.Fatal(err)
				}
				break
			}
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for _, i := range mine {
					if _, err := one.Eval(ctx, units[i].name, inputs[i]); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(len(mine)), "units")
		})
	}
}
