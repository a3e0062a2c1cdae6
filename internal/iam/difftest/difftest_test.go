package difftest

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
)

var (
	flagN     = flag.Int("difftest.n", 5000, "number of generated cases to compare with the simulator")
	flagSeed  = flag.Uint64("difftest.seed", 1, "seed of the generated cases")
	flagDir   = flag.String("difftest.node", os.Getenv("MEMLINT_DIFFTEST_DIR"), "directory where oracle/package-lock.json is installed (npm ci); default $MEMLINT_DIFFTEST_DIR; the differential test skips without it")
	flagShow  = flag.Int("difftest.show", 10, "unexplained disagreements to shrink and print")
	flagCase  = flag.String("difftest.case", "", "a case JSON file (a printed reproducer) for TestReproduce to evaluate on both sides")
	flagWrite = flag.Bool("difftest.write-known", false, "rewrite known.json with a shrunk case of each known difference the run met")
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
	examples := map[string]*Case{}
	decisions := map[string]int{}
	// Cases with guardrails, those where they change memlint's decision,
	// and their agreements.
	var guarded, decisive, guardedAgree int
	err := o.Run(n, func(i int) *Case { return Generate(seed, i) }, func(i int, s Outcome) error {
		c := Generate(seed, i)
		m := Memlint(c)
		v := Compare(c, m, s)
		if c.Org != nil || c.Boundary != nil {
			if v.Agree {
				guardedAgree++
			}
			guarded++
			bare := *c // Memlint does not change the case: a shallow copy will do
			bare.Org, bare.Boundary = nil, nil
			if Memlint(&bare).Decision != m.Decision {
				decisive++
			}
		}
		switch {
		case v.Refused:
			refused++
			refusals[s.Error]++
		case v.Agree:
			agree++
			decisions[s.Decision]++
		case v.Known != "":
			known[v.Known]++
			if examples[v.Known] == nil {
				examples[v.Known] = c
			}
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
	total, several := 0, 0
	for id, k := range known {
		total += k
		if strings.Contains(id, "+") {
			several += k // explained by two or more rewrites together
			continue
		}
		kn = append(kn, fmt.Sprintf("%s %d", id, k))
	}
	sort.Strings(kn)
	if several > 0 {
		kn = append(kn, fmt.Sprintf("%d needing several rewrites together", several))
	}
	t.Logf("seed %d: %d cases (%d with guardrails, which decide %d, %d agree), %d agree (%d Allowed, %d ExplicitlyDenied, %d ImplicitlyDenied), %d known differences [%s], %d refused by the simulator, %d unexplained; %s",
		seed, n, guarded, decisive, guardedAgree, agree, decisions["Allowed"], decisions["ExplicitlyDenied"], decisions["ImplicitlyDenied"],
		total, strings.Join(kn, ", "), refused, len(bad), elapsed.Round(time.Millisecond))
	for msg, k := range refusals {
		t.Errorf("the simulator refused %d cases: %s (the generator must write valid input)", k, msg)
	}
	if *flagWrite {
		writeKnown(t, o, examples)
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
	shrunk, err := Shrink(o, bad[:show], Verdict.Unexplained)
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
		t.Errorf("seed %d case %d: %s (before shrinking: %s)\nshrunk reproducer (save as case.json; go test ./internal/iam/difftest -run TestReproduce -v -difftest.case case.json):\n%s",
			seed, bad[i].ID, why, whys[i], c.JSON())
	}
	if len(bad) > show {
		t.Errorf("%d more unexplained disagreements", len(bad)-show)
	}
}

// writeKnown rewrites known.json: each known difference the run met gets
// its first case, shrunk while it stays that difference; the others keep
// their entry.
func writeKnown(t *testing.T, o *Oracle, examples map[string]*Case) {
	t.Helper()
	old := map[string]KnownCase{}
	if prev, err := ReadKnown(KnownPath()); err == nil {
		for _, e := range prev {
			old[e.ID] = e
		}
	}
	var out []KnownCase
	for _, k := range Known {
		c := examples[k.ID]
		if c == nil {
			if e, ok := old[k.ID]; ok {
				out = append(out, k.entry(e.Case, e.Answers.Simulator))
			} else {
				t.Errorf("known difference %s: no case in this run and none in known.json", k.ID)
			}
			continue
		}
		shrunk, err := Shrink(o, []*Case{c}, func(v Verdict) bool { return v.Known == k.ID })
		if err != nil {
			t.Fatal(err)
		}
		c = shrunk[0]
		c.ID = 0
		res, err := o.RunCases([]*Case{c})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, k.entry(c, res[0]))
	}
	if err := WriteKnown(KnownPath(), out); err != nil {
		t.Fatal(err)
	}
	t.Logf("wrote %s", KnownPath())
}

// TestKnownCases checks known.json against the Known table: one entry a
// difference with the same texts, and memlint's recorded answer to each
// case. With the simulator installed it also checks the simulator's answer
// and that the difference still explains the disagreement (a simulator
// release that fixes one shows here).
func TestKnownCases(t *testing.T) {
	entries, err := ReadKnown(KnownPath())
	if err != nil {
		t.Fatal(err)
	}
	byID := map[string]KnownCase{}
	for _, e := range entries {
		byID[e.ID] = e
	}
	for _, k := range Known {
		e, ok := byID[k.ID]
		if !ok {
			t.Errorf("known.json has no entry for %s (go test ./internal/iam/difftest -difftest.write-known)", k.ID)
			continue
		}
		if e.Memlint != k.Memlint || e.Simulator != k.Simulator || e.Quote != k.Quote || e.URL != k.URL {
			t.Errorf("%s: known.json's texts differ from the Known table (go test ./internal/iam/difftest -difftest.write-known)", k.ID)
		}
		if got := Memlint(e.Case); !reflect.DeepEqual(got, e.Answers.Memlint) {
			t.Errorf("%s: memlint answers %+v, known.json records %+v", k.ID, got, e.Answers.Memlint)
		}
		if disagreement(e.Answers.Memlint, e.Answers.Simulator) == "" {
			t.Errorf("%s: the recorded answers agree", k.ID)
		}
		delete(byID, k.ID)
	}
	for id := range byID {
		t.Errorf("known.json has an entry for %s, which is not in the Known table", id)
	}
	if *flagDir == "" {
		return
	}
	o := oracle(t)
	cases := make([]*Case, len(entries))
	for i, e := range entries {
		cases[i] = e.Case
	}
	res, err := o.RunCases(cases)
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range entries {
		if !reflect.DeepEqual(res[i], e.Answers.Simulator) {
			t.Errorf("%s: the simulator answers %+v, known.json records %+v", e.ID, res[i], e.Answers.Simulator)
		}
		if got := Compare(e.Case, Memlint(e.Case), res[i]).Known; got != e.ID {
			t.Errorf("%s: the disagreement is classified %q", e.ID, got)
		}
	}
}

// TestGenerator checks, without the simulator, that generation is
// deterministic per seed and that every case is closed: each condition key
// the policies mention has values or is listed absent, so memlint's answer
// is decided.
func TestGenerator(t *testing.T) {
	for i := range 3000 {
		c := Generate(7, i)
		if a, b := c.JSON(), Generate(7, i).JSON(); a != b {
			t.Fatalf("case %d differs between two generations:\n%s\n%s", i, a, b)
		}
		if m := Memlint(c); len(m.Undecided) > 0 {
			t.Fatalf("case %d is not closed: memlint leaves %v undecided\n%s", i, m.Undecided, c.JSON())
		}
	}
	if Generate(1, 5).JSON() == Generate(2, 5).JSON() {
		t.Error("seeds 1 and 2 give the same case 5")
	}
}

// TestGeneratorGuardrails checks, without the simulator, that the
// generated guardrails exercise what they are for: about three cases in ten
// carry some; SCP chains of every depth, RCPs on resources of RCP services,
// boundaries, and the exemptions — the management account (where dropping
// it changes memlint's answer) and service principals in an organisation
// with SCPs.
func TestGeneratorGuardrails(t *testing.T) {
	const n = 3000
	count := map[string]int{}
	for i := range n {
		c := Generate(7, i)
		if c.Org == nil && c.Boundary == nil {
			continue
		}
		count["guarded"]++
		if c.Boundary != nil {
			count["boundary"]++
		}
		o := c.Org
		if o == nil {
			continue
		}
		for _, p := range o.Accounts {
			count[fmt.Sprintf("path of %d", len(p))]++
		}
		for _, p := range o.Policies {
			count[p.Kind]++
			if p.Kind == "rcp" && (strings.Contains(c.Resource, ":s3:") || strings.Contains(c.Resource, ":kms:")) {
				count["rcp service"]++
			}
		}
		if c.Service() && slices.ContainsFunc(o.Policies, func(p *OrgPolicy) bool { return p.Kind == "scp" }) {
			count["service principal under scps"]++
		}
		if o.Management != "" {
			count["management"]++
			d := c.clone()
			d.Org.Management = ""
			if Memlint(d).Decision != Memlint(c).Decision {
				count["management exemption decides"]++
			}
		}
	}
	if g := count["guarded"]; g < n/5 || g > n*2/5 {
		t.Errorf("%d of %d cases carry guardrails, want about 30%%", g, n)
	}
	for _, k := range []string{"boundary", "scp", "rcp", "rcp service", "path of 1", "path of 2", "path of 3",
		"service principal under scps", "management", "management exemption decides"} {
		if count[k] == 0 {
			t.Errorf("no generated case has %s (%v)", k, count)
		}
	}
	t.Logf("%v", count)
}

// FuzzMemlint evaluates arbitrary case JSON (policies of any shape): no
// panic, and the same answer twice.
func FuzzMemlint(f *testing.F) {
	for i := range 20 {
		f.Add([]byte(Generate(3, i).JSON()))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var c Case
		if json.Unmarshal(b, &c) != nil || c.Resource == "" {
			return
		}
		if a, b := Memlint(&c), Memlint(&c); !reflect.DeepEqual(a, b) {
			t.Fatalf("two answers: %+v, %+v", a, b)
		}
	})
}

// TestReproduce evaluates one case, a reproducer printed by
// TestDifferential saved to a file, on both sides:
//
//	go test ./internal/iam/difftest -run TestReproduce -v -difftest.case case.json
func TestReproduce(t *testing.T) {
	if *flagCase == "" {
		t.Skip("no -difftest.case")
	}
	b, err := os.ReadFile(*flagCase)
	if err != nil {
		t.Fatal(err)
	}
	var c Case
	if err := json.Unmarshal(b, &c); err != nil {
		t.Fatalf("%s: %v", *flagCase, err)
	}
	m := Memlint(&c)
	t.Logf("memlint:   %s", m.describe())
	o := oracle(t)
	res, err := o.RunCases([]*Case{&c})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("simulator: %s", res[0].describe())
	switch v := Compare(&c, m, res[0]); {
	case v.Agree:
		t.Log("they agree")
	case v.Known != "":
		t.Logf("known difference %s: %s", v.Known, v.Why)
	default:
		t.Errorf("%s", v.Why)
	}
}
