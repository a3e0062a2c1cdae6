package load

import (
	"bytes"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/benchtree"
	"github.com/memlint/memlint/internal/model"
)

// TestPrefetchGivesTheSame loads trees with the files read ahead (several
// cores) and without (one core) and compares the models: the bundled
// examples, and a generated tree of setups with odd files beside them (a
// byte-order mark, a NUL byte, one that does not parse, one over the size
// read ahead, a manifest naming a file of another directory).
func TestPrefetchGivesTheSame(t *testing.T) {
	dir := t.TempDir()
	if _, err := benchtree.Write(dir, 30); err != nil {
		t.Fatal(err)
	}
	odd := map[string][]byte{
		"odd/bom.json":           append([]byte("\xef\xbb\xbf"), `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`...),
		"odd/nul.json":           []byte("{\"Statement\": \x00}"),
		"odd/broken.json":        []byte(`{"Version": "2012-10-17", "Statement": [`),
		"odd/big.json":           append(append([]byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Sid": "`), bytes.Repeat([]byte("x"), prefetchMaxSize)...), `"}]}`...),
		"odd/other/memlint.yaml": []byte("version: 1\nroles:\n  - arn: arn:aws:iam::111122223333:role/R\n    trust_policy: ../../team000/setup00003/trust.json\n"),
	}
	for name, data := range odd {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, root := range []string{dir, filepath.Join("..", "..", "fixtures", "examples")} {
		load := func(procs int) *model.Model {
			defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
			m, err := Load([]string{root}, Options{})
			if err != nil {
				t.Fatal(err)
			}
			return m
		}
		alone, ahead := load(1), load(3)
		if len(alone.Files) == 0 {
			t.Fatalf("%s: no files", root)
		}
		if diff := cmp.Diff(alone, ahead); diff != "" {
			t.Errorf("%s: the models differ (-alone +ahead):\n%s", root, diff)
		}
	}
}
