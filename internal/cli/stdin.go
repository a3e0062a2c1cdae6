package cli

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/memlint/memlint/internal/identity"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/rules"
)

// stdinInput is memlint check's "-": the policy read from standard input,
// kept in a temporary file for the loader and shown as identity.Stdin.
type stdinInput struct {
	paths []string // the paths with "-" replaced by file
	dir   string   // the temporary directory ("" when no "-" was given)
	file  string
	data  []byte
}

// readStdin reads standard input when paths hold "-" (once at most).
func readStdin(paths []string, stdin io.Reader) (*stdinInput, error) {
	in := &stdinInput{paths: slices.Clone(paths)}
	i := slices.Index(paths, "-")
	if i < 0 {
		return in, nil
	}
	if slices.Index(paths[i+1:], "-") >= 0 {
		return nil, fmt.Errorf("- (standard input) given twice")
	}
	if stdin == nil {
		stdin = strings.NewReader("")
	}
	data, err := io.ReadAll(io.LimitReader(stdin, load.MaxFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read standard input: %w", err)
	}
	if len(data) > load.MaxFileSize {
		return nil, fmt.Errorf("standard input is over memlint's limit of %d bytes", load.MaxFileSize)
	}
	if in.dir, err = os.MkdirTemp("", "memlint-stdin-"); err != nil {
		return nil, err
	}
	// The loader tells JSON from YAML by the name: a policy in JSON starts
	// with "{" (after blanks or a byte order mark).
	name := "stdin.yaml"
	if t := bytes.TrimLeft(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")), " \t\r\n"); len(t) > 0 && t[0] == '{' {
		name = "stdin.json"
	}
	in.file, in.data = filepath.Join(in.dir, name), data
	if err := os.WriteFile(in.file, data, 0o600); err != nil {
		in.close()
		return nil, err
	}
	in.paths[i] = in.file
	return in, nil
}

func (in *stdinInput) close() {
	if in.dir != "" {
		os.RemoveAll(in.dir)
	}
}

// shown is paths as the user gave them ("-", not the temporary file).
func (in *stdinInput) shown(paths []string) []string {
	out := slices.Clone(paths)
	for i, p := range out {
		if in.file != "" && p == in.file {
			out[i] = "-"
		}
	}
	return out
}

// rename gives the findings and notes about standard input its name.
func (in *stdinInput) rename(fs []rules.Finding, notes []string) ([]rules.Finding, []string) {
	if in.file == "" {
		return fs, notes
	}
	for i := range fs {
		if fs[i].Loc.File == in.file {
			fs[i].Loc.File = identity.Stdin
		}
		if fs[i].Resource == in.file {
			fs[i].Resource = identity.Stdin
		}
		for j := range fs[i].Related {
			if fs[i].Related[j].Loc.File == in.file {
				fs[i].Related[j].Loc.File = identity.Stdin
			}
		}
	}
	for i, n := range notes {
		notes[i] = strings.ReplaceAll(n, in.file, identity.Stdin)
	}
	return fs, notes
}

// readSource reads a file for the text format's source lines and for its
// inline memlint:ignore comments; standard input is what was read.
func (in *stdinInput) readSource(file string) ([]byte, error) {
	if file == identity.Stdin && in.file != "" {
		return in.data, nil
	}
	return os.ReadFile(file)
}

// ext is a file's extension; standard input's is the syntax it was read
// as (.json or .yaml).
func (in *stdinInput) ext(file string) string {
	if file == identity.Stdin && in.file != "" {
		return filepath.Ext(in.file)
	}
	return filepath.Ext(file)
}
