package load_test

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"

	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/schematest"
	"github.com/memlint/memlint/internal/txtardir"
)

// TestManifestSchema validates every manifest of the repository against
// docs/manifest.schema.json: the bundled examples, the memlint.yaml of every
// scenario under fixtures/ and the examples of docs/manifest.md and
// docs/inputs.md. The schema and the loader agree: a manifest the loader
// reads is valid, and one the schema refuses the loader refuses too.
func TestManifestSchema(t *testing.T) {
	root := filepath.Join("..", "..")
	raw, err := os.ReadFile(filepath.Join(root, "docs", "manifest.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	schema := schematest.Compile(t, raw)
	validate := func(_ *testing.T, data []byte) error { return schematest.ValidateYAML(schema, data) }
	n, refused := 0, 0
	// check validates a manifest and loads the directory holding it.
	check := func(t *testing.T, name, dir string) {
		data, err := os.ReadFile(filepath.Join(dir, load.ManifestName))
		if err != nil {
			t.Fatal(err)
		}
		n++
		serr := validate(t, data)
		_, lerr := load.Load([]string{dir}, load.Options{})
		var ue *load.UsageError
		manifestErr := errors.As(lerr, &ue) && strings.Contains(ue.Msg, "memlint: manifest ")
		switch {
		case serr != nil && !manifestErr:
			t.Errorf("%s: the schema refuses what the loader reads: %v", name, serr)
		// What the named files are (missing, outside the tree, a manifest)
		// is the loader's to say, not the schema's.
		case serr == nil && lerr != nil && !strings.Contains(lerr.Error(), ": file "):
			t.Errorf("%s: valid by the schema but the loader refuses it: %v", name, lerr)
		case serr != nil:
			refused++
		}
	}
	err = filepath.WalkDir(filepath.Join(root, "fixtures"), func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch {
		case d.Name() == load.ManifestName:
			check(t, p, filepath.Dir(p))
		case strings.HasSuffix(p, ".txtar"):
			ar, err := txtar.ParseFile(p)
			if err != nil {
				return err
			}
			has := false
			for _, f := range ar.Files {
				has = has || f.Name == load.ManifestName
			}
			if !has {
				return nil
			}
			dir := t.TempDir()
			for _, f := range ar.Files {
				switch f.Name {
				case "want", "stdout", "stderr", "exit", "then", "stdin":
					continue
				}
				if !strings.HasPrefix(f.Name, "then/") {
					txtardir.Write(t, dir, f)
				}
			}
			check(t, p, dir)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	// The documentation's examples: every yaml block that starts with
	// "version: 1" and has a manifest section.
	block := regexp.MustCompile("(?s)```yaml\n(version: 1\n.*?)```")
	for _, page := range []string{"manifest.md", "inputs.md"} {
		text, err := os.ReadFile(filepath.Join(root, "docs", page))
		if err != nil {
			t.Fatal(err)
		}
		found := 0
		for _, m := range block.FindAllSubmatch(text, -1) {
			if !regexp.MustCompile(`(?m)^(memories|roles|destinations|keys):`).Match(m[1]) {
				continue
			}
			found++
			n++
			if err := validate(t, m[1]); err != nil {
				t.Errorf("docs/%s: example %d: %v", page, found, err)
			}
		}
		if found == 0 {
			t.Errorf("docs/%s: no manifest example", page)
		}
	}
	if n < 20 || refused == 0 {
		t.Errorf("%d manifests checked, %d refused: the walk found too few", n, refused)
	}
	t.Logf("%d manifests checked, %d refused by both the schema and the loader", n, refused)
}
