package difftest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
)

// Oracle runs the simulator: node, oracle/oracle.mjs and the directory the
// simulator is installed in (npm ci of oracle/package-lock.json).
type Oracle struct {
	Node    string // the node binary; "node" when empty
	Script  string // oracle.mjs
	Install string // the directory holding node_modules/@cloud-copilot/iam-simulate
}

// ScriptPath returns the path of oracle.mjs beside this file's package.
func ScriptPath() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "oracle", "oracle.mjs")
}

// Check reports why the oracle cannot run, or nil.
func (o *Oracle) Check() error {
	if _, err := os.Stat(filepath.Join(o.Install, "node_modules", "@cloud-copilot", "iam-simulate", "package.json")); err != nil {
		return fmt.Errorf("the simulator is not installed in %s (npm ci --prefix %s of %s): %w", o.Install, o.Install, filepath.Join(filepath.Dir(o.Script), "package-lock.json"), err)
	}
	if _, err := exec.LookPath(o.node()); err != nil {
		return err
	}
	return nil
}

func (o *Oracle) node() string {
	if o.Node == "" {
		return "node"
	}
	return o.Node
}

// Run evaluates n cases with the simulator in one Node process: next(i)
// returns case i (written to the process as it reads), and each result is
// handed to got in order. It stops at the first error.
func (o *Oracle) Run(n int, next func(i int) *Case, got func(i int, out Outcome) error) error {
	cmd := exec.Command(o.node(), o.Script, o.Install)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return err
	}
	if err := cmd.Start(); err != nil {
		return err
	}
	werr := make(chan error, 1)
	go func() {
		w := bufio.NewWriterSize(stdin, 1<<16)
		enc := json.NewEncoder(w)
		var err error
		for i := 0; i < n && err == nil; i++ {
			err = enc.Encode(next(i))
		}
		if err == nil {
			err = w.Flush()
		}
		if cerr := stdin.Close(); err == nil {
			err = cerr
		}
		werr <- err
	}()
	sc := bufio.NewScanner(stdout)
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	i := 0
	var rerr error
	for sc.Scan() {
		var r struct {
			ID int `json:"id"`
			Outcome
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			rerr = fmt.Errorf("oracle output line %d: %w", i+1, err)
			break
		}
		if r.ID != next(i).ID {
			rerr = fmt.Errorf("oracle result %d is for case %d, want case %d", i, r.ID, next(i).ID)
			break
		}
		if err := got(i, r.Outcome); err != nil {
			rerr = err
			break
		}
		i++
	}
	if rerr == nil {
		rerr = sc.Err()
	}
	if rerr != nil {
		_ = cmd.Process.Kill()
	}
	waitErr := cmd.Wait()
	if err := <-werr; rerr == nil && err != nil && !errors.Is(err, os.ErrClosed) {
		rerr = err
	}
	if rerr == nil && waitErr != nil {
		rerr = fmt.Errorf("oracle: %w: %s", waitErr, stderr.Bytes())
	}
	if rerr == nil && i != n {
		rerr = fmt.Errorf("oracle answered %d of %d cases: %s", i, n, stderr.Bytes())
	}
	return rerr
}

// RunCases evaluates cases held in memory.
func (o *Oracle) RunCases(cases []*Case) ([]Outcome, error) {
	out := make([]Outcome, len(cases))
	err := o.Run(len(cases), func(i int) *Case { return cases[i] }, func(i int, r Outcome) error {
		out[i] = r
		return nil
	})
	return out, err
}
