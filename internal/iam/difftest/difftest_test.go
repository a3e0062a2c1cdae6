package difftest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

var (
	flagN    = flag.Int("difftest.n", 5000, "number of generated cases to compare with the simulator")
	flagSeed = flag.Uint64("difftest.seed", 1, "seed of the generated cases")
	flagDir  = flag.String("difftest.node", os.Getenv("MEMLINT_DIFFTEST_DIR"), "directory where oracle/package-lock.json is installed (npm ci); default $MEMLINT_DIFFTEST_DIR; the differential test skips without it")
	flagShow = flag.Int("difftest.show", 10, "unexplained disagreements to shrink and print")
)

func oracle(t *testing.T) *Oracle {
	t.Helper()
	if *flagDir == "" {
		t.Skip("the simulator is not installed: set MEMLINT_DIFFTEST_DIR or -difftest.node (internal/iam/README.md)")
	}
	dir, err := filepath.Abs(*flagDir)
	if err != nil {
		t.Fatal(err)
	}
	o := &Oracle{Script: ScriptPath(), Install: dir}
	if err := o.Check(); err != nil {
		t.Fatal(err)
	}
	return o
}

// TestDifferential compares memlint with the simulator on -difftest.n
// cases of -difftest.seed and fails on any disagreement that no known
// difference explains, printing each (shrunk) as a reproducer.
func TestDifferential(t *testing.T) {
	o := oracle(t)
	seed, n := *flagSeed, *flagN
	start := time.Now()
	var agree, refused int
	known := map[string]int{}
	refusals := map[string]int{}
	var bad []*Case
	var whys []string
	err := o.Run(n, func(i int) *Case { return Generate(seed, i) }, func(i int, s Outcome) error {
		c := Generate(seed, i)
		v := Compare(c, Memlint(c), s)
		switch {
		case v.Refused:
			refused++
			refusals[s.Error]++
		case v.Agree:
			agree++
		case v.Known != "":
			known[v.Known]++
		default:
			bad = append(bad, c)
			whys = append(whys, v.Why)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	var kn []string
	total := 0
	for id, k := range known {
		kn = append(kn, fmt.Sprintf("%s %d", id, k))
		total += k
	}
	sort.Strings(kn)
	t.Logf("seed %d: %d cases, %d agree, %d known differences [%s], %d refused by the simulator, %d unexplained; %s",
		seed, n, agree, total, strings.Join(kn, ", "), refused, len(bad), elapsed.Round(time.Millisecond))
	for msg, k := range refusals {
		t.Errorf("the simulator refused %d cases: %s (the generator must write valid input)", k, msg)
	}
	if len(bad) == 0 {
		return
	}
	byWhy := map[string][]int{}
	for i, w := range whys {
		byWhy[w] = append(byWhy[w], bad[i].ID)
	}
	for _, w := range sortedKeys(byWhy) {
		ids := byWhy[w]
		t.Logf("%d× %s (cases %v)", len(ids), w, ids[:min(len(ids), 8)])
	}
	show := min(len(bad), *flagShow)
	shrunk, err := Shrink(o, bad[:show])
	if err != nil {
		t.Logf("shrinking: %v", err)
	}
	for i, c := range shrunk {
		m := Memlint(c)
		out, err := o.RunCases([]*Case{c})
		why := whys[i]
		if err == nil {
			why = Compare(c, m, out[0]).Why
		}
		t.Errorf("seed %d case %d: %s (was: %s)\nreproducer (go test ./internal/iam/difftest -run TestDifferential -difftest.seed %d; case shrunk):\n%s",
			seed, bad[i].ID, why, whys[i], seed, c.JSON())
	}
	if len(bad) > show {
		t.Errorf("%d more unexplained disagreements", len(bad)-show)
	}
}
