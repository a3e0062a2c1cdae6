package cli

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// progressDir writes a directory of two policies for the progress tests.
func progressDir(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"a.json", "b.json"} {
		policy := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}`
		if err := os.WriteFile(filepath.Join(dir, name), []byte(policy), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestProgressTerminal checks that a run whose standard error is a terminal
// shows files read and units evaluated there, and erases the line at the end.
func TestProgressTerminal(t *testing.T) {
	defer func(f func(io.Writer) bool) { progressTerminal = f }(progressTerminal)
	progressTerminal = func(io.Writer) bool { return true }
	defer func(d time.Duration) { progressAfter = d }(progressAfter)
	progressAfter = 0
	var out, errb bytes.Buffer
	if code := Run(context.Background(), []string{"check", progressDir(t)}, nil, &out, &errb); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	got := errb.String()
	for _, want := range []string{"\rmemlint: 1 file read (", "\x1b[K", " units evaluated\x1b[K"} {
		if !strings.Contains(got, want) {
			t.Errorf("stderr lacks %q: %q", want, got)
		}
	}
	if !strings.HasSuffix(got, "\r\x1b[K") {
		t.Errorf("the progress line is not erased at the end: %q", got)
	}
	if strings.Contains(out.String(), "\r") {
		t.Errorf("progress reached the report: %q", out.String())
	}
}

// TestProgressPipe checks that nothing of the kind reaches a pipe (a CI log).
func TestProgressPipe(t *testing.T) {
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan []byte)
	go func() { b, _ := io.ReadAll(r); done <- b }()
	var out bytes.Buffer
	code := Run(context.Background(), []string{"check", progressDir(t)}, nil, &out, w)
	w.Close()
	if got := <-done; code != ExitOK || len(got) != 0 {
		t.Errorf("exit %d, stderr %q; want nothing on a pipe", code, got)
	}
}
