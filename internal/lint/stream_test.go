package lint_test

import (
	"context"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/rogpeppe/go-internal/txtar"

	"github.com/memlint/memlint/internal/benchtree"
	"github.com/memlint/memlint/internal/lint"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/txtardir"
	"github.com/memlint/memlint/rules"
)

// outcome is what a run reports: findings, notes, files, or the error.
type outcome struct {
	Findings []rules.Finding
	Notes    []string
	Files    []string
	Err      string
}

func wholeRun(t *testing.T, dir string) outcome {
	t.Helper()
	eng, cat := engine(t)
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		return outcome{Err: err.Error()}
	}
	fs, err := lint.Run(context.Background(), eng, cat, m)
	if err != nil {
		t.Fatal(err)
	}
	return outcome{fs, m.Notes, m.Files, ""}
}

func streamRun(t *testing.T, dir string, so load.StreamOptions) (outcome, *load.Streamed) {
	t.Helper()
	eng, cat := engine(t)
	byPart := map[int][]rules.Finding{}
	s, err := load.Stream([]string{dir}, load.Options{}, so,
		func(p *load.Part) error {
			if _, ok := byPart[p.ID]; ok {
				t.Errorf("part %d evaluated twice without being forgotten", p.ID)
			}
			fs, err := lint.Run(context.Background(), eng, cat, p.Model)
			byPart[p.ID] = fs
			return err
		},
		func(id int) {
			if _, ok := byPart[id]; !ok {
				t.Errorf("part %d forgotten but not evaluated", id)
			}
			delete(byPart, id)
		})
	if err != nil {
		return outcome{Err: err.Error()}, nil
	}
	var fs []rules.Finding
	for _, id := range slices.Sorted(maps.Keys(byPart)) {
		fs = append(fs, byPart[id]...)
	}
	return outcome{rules.Sort(fs), s.Model.Notes, s.Model.Files, ""}, s
}

// sameAsWhole checks that a tree streamed in parts of each size (files,
// or bytes when negative) gives exactly what loading it whole gives.
func sameAsWhole(t *testing.T, dir string, parts ...int) []*load.Streamed {
	t.Helper()
	want := wholeRun(t, dir)
	var out []*load.Streamed
	for _, part := range parts {
		so := load.StreamOptions{Part: part}
		if part < 0 {
			so = load.StreamOptions{Part: 1 << 20, PartBytes: int64(-part)}
		}
		got, s := streamRun(t, dir, so)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("%s in parts of %+v: streamed differs from whole (-whole +streamed):\n%s", dir, so, diff)
		}
		out = append(out, s)
	}
	return out
}

// writeFiles writes files (path → contents; "symlink:TARGET" makes a
// symbolic link) under dir.
func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for f, body := range files {
		p := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if target, ok := strings.CutPrefix(body, "symlink:"); ok {
			if err := os.Symlink(target, p); err != nil {
				t.Skip(err)
			}
			continue
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// scenarios lists the per-rule scenario archives.
func scenarios(t *testing.T) []string {
	files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*", "*", "*.txtar"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no scenarios: %v", err)
	}
	return files
}

func extract(t *testing.T, file, dir string) string {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		if f.Name != "want" {
			txtardir.Write(t, dir, f)
		}
	}
	return string(txtar.Format(ar))
}

// TestStreamGivesTheWhole loads trees part by part (load.Stream) and whole
// (load.Load) and compares what lint reports: every scenario alone, every
// scenario side by side in one tree (they reuse the guide's ARNs, role
// names and keys, so their parts join), with and without organisation
// guardrails (which join every part), and the bundled examples.
func TestStreamGivesTheWhole(t *testing.T) {
	files := scenarios(t)
	for _, file := range files {
		dir := t.TempDir()
		extract(t, file, dir)
		sameAsWhole(t, dir, 1)
	}
	for _, withOrg := range []bool{false, true} {
		dir := t.TempDir()
		n := 0
		for _, file := range files {
			sub := filepath.Join(dir, fmt.Sprintf("s%03d", n))
			text := extract(t, file, sub)
			if !withOrg && (strings.Contains(text, "organization") || strings.Contains(text, "Organizations")) {
				if err := os.RemoveAll(sub); err != nil {
					t.Fatal(err)
				}
				continue
			}
			n++
		}
		ss := sameAsWhole(t, dir, 1, 7, 64, -4096)
		if s := ss[0]; s != nil {
			t.Logf("all scenarios (organisations %v): %d parts, %d read again", withOrg, s.Parts, s.Again)
			if !withOrg && (s.Again == 0 || s.Again == s.Parts) {
				t.Errorf("scenarios side by side: %d of %d parts read again; want some joined, not all", s.Again, s.Parts)
			}
		}
	}
	examples, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "examples", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range append(examples, filepath.Join("..", "..", "fixtures", "examples")) {
		if st, err := os.Stat(ex); err == nil && st.IsDir() {
			sameAsWhole(t, ex, 1, 5)
		}
	}
}

// TestStreamJoins builds a generated tree whose setups do not meet, then
// adds, one at a time, documents that join two setups through each kind of
// key; each tree streamed must give the whole tree's findings, and only the
// joined setups may be read again.
func TestStreamJoins(t *testing.T) {
	const setups = 12
	acct := func(i int) string { return fmt.Sprintf("1%011d", i) }
	mem := func(i int) string {
		return fmt.Sprintf("arn:aws:bedrock-agentcore:us-east-1:%s:memory/mem%05d-a1b2c3d4e5", acct(i), i)
	}
	role := func(i int) string { return fmt.Sprintf("arn:aws:iam::%s:role/MemoryRole%05d", acct(i), i) }
	joins := map[string]map[string]string{
		"none": {},
		// The role setup 4's memory policy grants, with an identity policy.
		"consumer role": {
			"zz/memlint.yaml": "version: 1\nroles:\n  - arn: arn:aws:iam::200000000004:role/Reader\n    policies: [reader.json]\n",
			"zz/reader.json":  `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:ListMemoryRecords","Resource":"*"}]}`,
		},
		// An identity policy naming setup 8's memory.
		"identity names memory": {
			"zz/reader.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:RetrieveMemoryRecords","Resource":"` + mem(8) + `"}]}`,
		},
		// An identity policy one field off setup 5's memory ARN.
		"near miss": {
			"zz/reader.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:RetrieveMemoryRecords","Resource":"` + strings.Replace(mem(5), "us-east-1", "us-west-2", 1) + `"}]}`,
		},
		// An identity policy naming a memory of setup 5's account and
		// region that no setup has: one ID off setup 5's.
		"near miss by ID": {
			"zz/reader.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"bedrock-agentcore:RetrieveMemoryRecords","Resource":"` + strings.Replace(mem(5), "mem00005", "mem00050", 1) + `"}]}`,
		},
		// A second resource policy for setup 10's memory.
		"memory by ARN": {
			"zz/memlint.yaml": "version: 1\nmemories:\n  - arn: " + mem(10) + "\n    resource_policy: rbp.json\n",
			"zz/rbp.json":     `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::300000000010:role/Other"},"Action":"bedrock-agentcore:ListMemoryRecords","Resource":"` + mem(10) + `"}]}`,
		},
		// A second permission policy for setup 7's execution role.
		"role by ARN": {
			"zz/memlint.yaml": "version: 1\nroles:\n  - arn: " + role(7) + "\n    policies: [extra.json]\n",
			"zz/extra.json":   `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:PutObject","Resource":"*"}]}`,
		},
		// A role known only by name, in a script: setup 9's execution role.
		"role by name": {
			"zz/attach.sh": "#!/bin/sh\naws iam put-role-policy --role-name MemoryRole00009 --policy-name extra --policy-document '{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sns:Publish\",\"Resource\":\"*\"}]}'\n",
		},
		// Setup 2's bucket policy, again.
		"destination": {
			"zz/memlint.yaml": "version: 1\ndestinations:\n  - arn: arn:aws:s3:::payloads-00002\n    policy: bucket.json\n",
			"zz/bucket.json":  `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:PutObject","Resource":"arn:aws:s3:::payloads-00002/*"}]}`,
		},
		// A second manifest naming setup 4's memory policy file.
		"file": {
			"zz/memlint.yaml": "version: 1\nmemories:\n  - arn: " + mem(99) + "\n    resource_policy: ../team000/setup00004/memory-policy.json\n",
		},
		// A manifest that is refused: the run fails as a whole run does.
		"broken manifest": {
			"zz/memlint.yaml": "version: 2\n",
		},
		// An organisation: the tree is read whole (load.Stream looks for
		// the section in every manifest first).
		"organisation": {
			"zz/memlint.yaml": "version: 1\norganization:\n  accounts:\n    - id: \"" + acct(1) + "\"\n      path: r-ab12/ou-ab12-11111111\n",
		},
		// The same through a symbolic link, which the look for the word
		// passes over: the part that reads it joins every part.
		"organisation in a linked manifest": {
			"org.yaml":        "version: 1\norganization:\n  accounts:\n    - id: \"" + acct(1) + "\"\n      path: r-ab12/ou-ab12-11111111\n",
			"zz/memlint.yaml": "symlink:../org.yaml",
		},
		// An SCP from infrastructure code, without an organisation
		// section: a document, joined to nothing, in the stream's note.
		"organisation policy in a template": {
			"zz/scp.yaml": "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  NoAgentCore:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: no-agentcore\n      Type: SERVICE_CONTROL_POLICY\n      TargetIds: [ou-ab12-11111111]\n      Content:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Deny\n            Action: \"bedrock-agentcore:*\"\n            Resource: \"*\"\n",
		},
	}
	for _, name := range slices.Sorted(maps.Keys(joins)) {
		t.Run(strings.ReplaceAll(name, " ", "-"), func(t *testing.T) {
			dir := t.TempDir()
			if _, err := benchtree.Write(dir, setups); err != nil {
				t.Fatal(err)
			}
			writeFiles(t, dir, joins[name])
			// Parts of one manifest's files: one setup each.
			s := sameAsWhole(t, dir, benchtree.DocsPerSetup)[0]
			if s == nil {
				if name != "broken manifest" {
					t.Errorf("the run failed")
				}
				return
			}
			want, ok := map[string][2]int{"none": {0, 0}, "organisation": {0, 0},
				"organisation in a linked manifest": {s.Parts, s.Parts}, "organisation policy in a template": {0, 0}}[name]
			if !ok {
				want = [2]int{2, 2}
			}
			if name == "organisation" && s.Parts != 0 {
				t.Errorf("a tree with an organisation section was streamed in %d parts", s.Parts)
			}
			if s.Again < want[0] || s.Again > want[1] {
				t.Errorf("%d of %d parts read again; want %d to %d", s.Again, s.Parts, want[0], want[1])
			}
		})
	}
	// Every join but the organisations at once, each document in a
	// directory of its own, in parts of every size from one file to
	// three setups.
	dir := t.TempDir()
	if _, err := benchtree.Write(dir, setups); err != nil {
		t.Fatal(err)
	}
	for name, docs := range joins {
		if strings.Contains(name, "organisation in") || name == "organisation" || name == "broken manifest" {
			continue
		}
		for f, body := range docs {
			writeFiles(t, dir, map[string]string{strings.Replace(f, "zz/", "zz-"+strings.ReplaceAll(name, " ", "-")+"/", 1): body})
		}
	}
	sameAsWhole(t, dir, 1, 3, 5, benchtree.DocsPerSetup, 3*benchtree.DocsPerSetup, -2000)
}

// TestStreamEdges are trees at the edges of the keys: values the rules
// match that a key must match too (empty names and buckets, a memory ARN
// written with a colon, a definition's own ARN beside the manifest's), an
// organisation the look for the word misses, and joins that must not
// happen (provenance.json beside every snapshot, one account's memories
// near-missed by nothing). Every tree is read in parts of one file; again
// bounds the parts read a second time.
func TestStreamEdges(t *testing.T) {
	const (
		memY        = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/cross_account_memory-a1b2c3d4e5"
		memZ        = "arn:aws:bedrock-agentcore:us-west-2:111122223333:memory/cross_account_memory-a1b2c3d4e5"
		memX        = "arn:aws:bedrock-agentcore:eu-west-1:999988887777:memory/other_memory-zzzzzzzzzz"
		scp         = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  NoAgentCore:\n    Type: AWS::Organizations::Policy\n    Properties:\n      Name: no-agentcore\n      Type: SERVICE_CONTROL_POLICY\n      TargetIds: [ou-ab12-11111111]\n      Content:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Deny\n            Action: \"bedrock-agentcore:*\"\n            Resource: \"*\"\n"
		org         = "version: 1\norganization:\n  accounts:\n    - id: \"111122223333\"\n      path: r-ab12/ou-ab12-11111111\n"
		lambdaTrust = `{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"lambda.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}`
	)
	identity := func(res string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"Read","Effect":"Allow","Action":["bedrock-agentcore:RetrieveMemoryRecords"],"Resource":"` + res + `"}]}`
	}
	grant := func(mem, principal string) string {
		return `{"Version":"2012-10-17","Statement":[{"Sid":"Grant","Effect":"Allow","Principal":{"AWS":"` + principal + `"},"Action":["bedrock-agentcore:RetrieveMemoryRecords"],"Resource":"` + mem + `"}]}`
	}
	utf16 := func(s string) string {
		u := []byte{0xFF, 0xFE}
		for _, r := range s {
			u = append(u, byte(r), 0)
		}
		return string(u)
	}
	snapshots := func(n int, extra string) map[string]string {
		files := map[string]string{}
		for i := range n {
			d := fmt.Sprintf("s%02d", i)
			arn := strings.Replace(strings.Replace(memY, "cross_account", d, 1), "111122223333", fmt.Sprintf("1111222233%02d", i), 1)
			files[d+"/memlint.yaml"] = "version: 1\nmemories:\n  - arn: " + arn + "\n    resource_policy: rbp.json\n"
			files[d+"/rbp.json"] = grant(arn, "arn:aws:iam::444455556666:role/Reader")
			if extra != "" {
				files[d+"/"+extra] = `{"tool":"memlint fetch","documents":[]}`
			}
		}
		return files
	}
	oneAccount := map[string]string{
		"zz/memlint.yaml": "version: 1\nroles:\n  - arn: arn:aws:iam::999955556666:role/Other\n    policies: [id.json]\n",
		"zz/id.json":      identity(strings.Replace(memY, "cross_account", "m1", 1)),
	}
	for _, d := range []string{"m1", "m2", "m3", "m4", "m5"} {
		arn := strings.Replace(memY, "cross_account", d, 1)
		oneAccount[d+"/memlint.yaml"] = "version: 1\nmemories:\n  - arn: " + arn + "\n    resource_policy: rbp.json\n"
		oneAccount[d+"/rbp.json"] = grant(arn, "arn:aws:iam::444455556666:role/Reader")
	}
	for _, tc := range []struct {
		name  string
		files map[string]string
		again int
	}{
		{"near miss of a definition's own ARN", map[string]string{
			"a/memlint.yaml": "version: 1\nmemories:\n  - arn: " + memX + "\n    definition: def.json\nroles:\n  - arn: arn:aws:iam::444455556666:role/Reader\n    policies: [id.json]\n",
			"a/def.json":     `{"arn":"` + memY + `","name":"m","memoryExecutionRoleArn":"arn:aws:iam::999988887777:role/Exec"}`,
			"a/id.json":      identity(memY),
			"b/memlint.yaml": "version: 1\nmemories:\n  - arn: " + memZ + "\n    resource_policy: rbp.json\n",
			"b/rbp.json":     grant(memZ, "arn:aws:iam::555555555555:role/Other"),
		}, 1 << 10},
		{"near miss of a memory ARN with a colon", map[string]string{
			"a/memlint.yaml": "version: 1\nroles:\n  - arn: arn:aws:iam::444455556666:role/Reader\n    policies: [id.json]\n",
			"a/id.json":      identity(strings.Replace(memZ, "memory/", "memory:", 1)),
			"b/memlint.yaml": "version: 1\nmemories:\n  - arn: " + memY + "\n    resource_policy: rbp.json\n",
			"b/rbp.json":     grant(memY, "arn:aws:iam::555555555555:role/Other"),
		}, 1 << 10},
		{"empty execution role ARN and a role of no ARN", map[string]string{
			"a/create-memory.json": `{"name":"m","memoryExecutionRoleArn":""}`,
			"b/create-role.json":   `{"RoleName":"LambdaRole","AssumeRolePolicyDocument":"` + lambdaTrust + `"}`,
			"c/create-role.json":   `{"RoleName":"","AssumeRolePolicyDocument":"` + lambdaTrust + `"}`,
			"d/create-role.json":   `{"RoleName":"","AssumeRolePolicyDocument":"` + lambdaTrust + `"}`,
		}, 1 << 10},
		{"empty bucket name", map[string]string{
			"a/create-memory.json": `{"name":"m","memoryExecutionRoleArn":"arn:aws:iam::111122223333:role/Exec","memoryStrategies":[{"customMemoryStrategy":{"name":"c","configuration":{"selfManagedConfiguration":{"invocationConfiguration":{"topicArn":"arn:aws:sns:us-east-1:111122223333:t","payloadDeliveryBucketName":""}}}}}]}`,
			"b/bucket.json":        `{"Bucket":"","Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}]}"}`,
		}, 1 << 10},
		{"organisation behind a link, and an SCP template", map[string]string{
			"org.yaml": org, "zz/memlint.yaml": "symlink:../org.yaml", "a/scp.yaml": scp,
			"b/memlint.yaml": "version: 1\nmemories:\n  - arn: " + memZ + "\n    resource_policy: rbp.json\n",
			"b/rbp.json":     grant(memZ, "arn:aws:iam::555555555555:role/Other"),
		}, 1 << 10},
		{"organisation in UTF-16, and an SCP template", map[string]string{"zz/memlint.yaml": utf16(org), "a/scp.yaml": scp}, 0},
		{"provenance beside every snapshot", snapshots(12, "provenance.json"), 0},
		{"one account's memories, one named exactly", oneAccount, 2},
	} {
		t.Run(strings.ReplaceAll(tc.name, " ", "-"), func(t *testing.T) {
			dir := t.TempDir()
			writeFiles(t, dir, tc.files)
			s := sameAsWhole(t, dir, 1)[0]
			if s != nil && s.Again > tc.again {
				t.Errorf("%d of %d parts read again; want at most %d", s.Again, s.Parts, tc.again)
			}
		})
	}
}

// FuzzStream reads a fuzzed tree (a txtar archive: file names and
// contents) whole and part by part, a file a part, and wants the same
// findings, notes and files. The seeds are every scenario, and pairs of
// scenarios side by side (they share the guide's ARNs and names).
func FuzzStream(f *testing.F) {
	files, err := filepath.Glob(filepath.Join("..", "..", "fixtures", "*", "*", "*.txtar"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no scenarios: %v", err)
	}
	archive := func(file, prefix string) []txtar.File {
		ar, err := txtar.ParseFile(file)
		if err != nil {
			f.Fatal(err)
		}
		var out []txtar.File
		for _, fl := range ar.Files {
			if fl.Name != "want" {
				out = append(out, txtar.File{Name: prefix + fl.Name, Data: fl.Data})
			}
		}
		return out
	}
	for i, file := range files {
		f.Add(txtar.Format(&txtar.Archive{Files: archive(file, "a/")}))
		other := files[(i*7+3)%len(files)]
		f.Add(txtar.Format(&txtar.Archive{Files: append(archive(file, "a/"), archive(other, "b/")...)}))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ar, ok := parseArchive(data)
		if !ok || len(ar.Files) == 0 || len(ar.Files) > 40 {
			return
		}
		dir := t.TempDir()
		for _, fl := range ar.Files {
			name := filepath.Clean(filepath.FromSlash(fl.Name))
			if name == "." || filepath.IsAbs(name) || strings.HasPrefix(name, "..") || strings.ContainsAny(fl.Name, "\x00\\:") {
				return
			}
			p := filepath.Join(dir, name)
			if os.MkdirAll(filepath.Dir(p), 0o755) != nil || os.WriteFile(p, fl.Data, 0o644) != nil {
				return // a name that is a directory of another, or unwritable
			}
		}
		want := wholeRun(t, dir)
		got, _ := streamRun(t, dir, load.StreamOptions{Part: 1})
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("streamed differs from whole (-whole +streamed):\n%s", diff)
		}
	})
}

// parseArchive is txtar.Parse, which panics on a marker without a name
// ("-- --", go-internal v1.16.0): the fuzzer's archive, not memlint's input.
func parseArchive(data []byte) (ar *txtar.Archive, ok bool) {
	defer func() {
		if recover() != nil {
			ar, ok = nil, false
		}
	}()
	return txtar.Parse(data), true
}
