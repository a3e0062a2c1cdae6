package lint

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
)

// TestPartsGiveTheWhole evaluates every fixture's policies in parts of one
// statement each (a very large policy is evaluated in parts of
// chunkStatements) and checks that the findings are those of the whole:
// no policy rule may read across statements except through the facts Go
// computes over the whole document.
func TestPartsGiveTheWhole(t *testing.T) {
	ctx := context.Background()
	eng, cat := loadedEngine(t)
	defer func(n int) { chunkStatements = n }(chunkStatements)
	parted := 0
	forEachFixture(t, func(path string, m *model.Model) {
		chunkStatements = 1 << 30
		whole, err := Run(ctx, eng, cat, m)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		n := len(buildUnits(eng, m))
		chunkStatements = 1
		if len(buildUnits(eng, m)) > n {
			parted++
		}
		parts, err := Run(ctx, eng, cat, m)
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if diff := cmp.Diff(whole, parts); diff != "" {
			t.Errorf("%s (-whole +in parts):\n%s", path, diff)
		}
	})
	if parted < 20 {
		t.Errorf("only %d fixtures have a policy evaluated in parts: the test no longer exercises them", parted)
	}
}

// TestLargePolicyInParts checks the parts of a policy far larger than one
// part: a Sid repeated across parts, a policy variable in a late part and
// the grammar problems of the first part are each reported once.
func TestLargePolicyInParts(t *testing.T) {
	defer func(n int) { chunkStatements = n }(chunkStatements)
	chunkStatements = 3
	var b strings.Builder
	b.WriteString(`{"Statement": [`)
	for i := range 10 {
		if i > 0 {
			b.WriteString(",\n")
		}
		sid, res := "S"+string(rune('a'+i)), "arn:aws:s3:::b/x"
		if i == 8 {
			sid = "Sb"
		}
		if i == 7 {
			res = "arn:aws:s3:::b/${aws:username}/*"
		}
		b.WriteString(`{"Sid": "` + sid + `", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "` + res + `"}`)
	}
	b.WriteString(`], "Extra": 1}`)
	file := filepath.Join(t.TempDir(), "big.json")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	m, err := load.Load([]string{file}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	eng, cat := loadedEngine(t)
	if n := len(buildUnits(eng, m)); n != 4 {
		t.Fatalf("%d units, want the policy in 4 parts", n)
	}
	fs, err := Run(context.Background(), eng, cat, m)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		line := fmt.Sprintf("%s %d:%d %s", f.RuleID, f.Loc.Line, f.Loc.Col, f.Msg)
		for _, r := range f.Related {
			line += fmt.Sprintf(" [%d:%d %s]", r.Loc.Line, r.Loc.Col, r.Msg)
		}
		got = append(got, line)
	}
	want := []string{
		"ML003 1:1 The policy has no Version, so IAM reads it with the 2008-10-17 policy language: the policy variable '${aws:username}' in the Resource of statement 'Sh' is literal text, not substituted.",
		"ML004 9:9 The Sid 'Sb' is already used by an earlier statement: Sids must be unique within a policy. [2:9 The first statement with Sid 'Sb'.]",
		"ML002 10:94 Unknown policy element 'Extra' (expected one of Version, Id, Statement).",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
