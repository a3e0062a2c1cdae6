package rego_test

import (
	"context"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	memrego "github.com/memlint/memlint/rego"
	"github.com/memlint/memlint/rules"
)

// TestLoad compiles the shipped rules and checks the catalog they make with
// the Go-side rules: unique, well-formed, every rule with a test beside it.
func TestLoad(t *testing.T) {
	eng, err := memrego.LoadStrict(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(eng.Metas()) == 0 {
		t.Fatal("no Rego rules loaded")
	}
	cat, err := rules.NewCatalog(eng.Metas(), rules.Builtin)
	if err != nil {
		t.Fatal(err)
	}
	srcs, err := memrego.Sources(true)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for _, s := range srcs {
		paths = append(paths, s.Path)
	}
	for _, m := range cat.Rules() {
		if m.Go {
			continue
		}
		base := "rules/" + m.Category + "/" + m.Slug + "/" + snake(m.Slug)
		if !slices.Contains(paths, base+".rego") || !slices.Contains(paths, base+"_test.rego") {
			t.Errorf("%s: want %s.rego and %s_test.rego", m.ID, base, base)
		}
		if len(m.Inputs) == 0 {
			t.Errorf("%s: no inputs", m.ID)
		}
	}
}

func snake(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c == '-' {
			b[i] = '_'
		}
	}
	return string(b)
}

// TestBadRule shows a broken user rule is a compile error naming file and line.
func TestBadRule(t *testing.T) {
	_, err := memrego.Load(context.Background(), memrego.Module{
		Path: "custom/bad.rego",
		Src: "# METADATA\n# title: Bad\n# description: D.\n# custom:\n#   id: ML900\n#   severity: low\n#   inputs: [policy]\n#   remediation: R.\n" +
			"package rules.custom[\"bad\"]\n\ndeny contains x if {\n\tx := undefined_fn(1)\n}\n",
	})
	if err == nil {
		t.Fatal("want a compile error")
	}
	if got := err.Error(); !strings.Contains(got, "custom/bad.rego:12") {
		t.Errorf("error %q does not name custom/bad.rego:12", got)
	}
}

// BenchmarkLoad is the per-process cost of compiling every rule.
func BenchmarkLoad(b *testing.B) {
	for b.Loop() {
		if _, err := memrego.Load(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPrepare is the per-process cost of compiling the rules one input
// needs: the policy-language rules alone (a lone identity policy), those of
// a lone memory resource policy, those of a role's permission policy named
// alone in a linked setup (the pre-commit case: the units it is part of),
// and every unit.
func BenchmarkPrepare(b *testing.B) {
	for _, units := range [][]string{
		{memrego.UnitPolicy},
		{memrego.UnitPolicy, memrego.UnitMemoryPolicy},
		{memrego.UnitPolicy, memrego.UnitRole, memrego.UnitMemory},
		memrego.Units,
	} {
		b.Run(strings.Join(units, "+"), func(b *testing.B) {
			defer cpuPerOp(b)()
			b.ReportAllocs()
			for b.Loop() {
				e, err := memrego.Load(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				if err := e.Prepare(context.Background(), units...); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// cpuPerOp reports the process's CPU time (user and system, all threads)
// per operation as cpu-ms/op when the returned function runs: on a shared
// machine, wall time per op moves with other work, CPU time much less.
func cpuPerOp(b *testing.B) func() {
	start := cpuTime()
	return func() {
		b.ReportMetric(float64(cpuTime()-start)/float64(time.Millisecond)/float64(b.N), "cpu-ms/op")
	}
}

func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// TestDenyGuards lists the shipped rules whose every body starts with an
// input.policy.has guard (the engine leaves them out of the query of a
// document whose guards are all false): a rule that loses its guard still
// works, but costs every document again.
func TestDenyGuards(t *testing.T) {
	e, err := memrego.LoadStrict(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	got := e.Guards()
	want := map[string][]string{
		"ML005": {"unknown_action"},
		"ML006": {"wildcard_value"},
		"ML007": {"qualifier"},
		"ML008": {"arn_condition"},
		"ML009": {"redundant"},
		"ML010": {"not_principal"},
		"ML011": {"principal"},
		"ML012": {"arn_problem"},
		"ML014": {"wildcard_value"},
		"ML015": {"passrole"},
		"ML302": {"s3_level"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("guarded rules (-want +got):\n%s", diff)
	}
}
