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

// TestProgressCloudTrail checks that memlint audit --cloudtrail shows the
// CloudTrail files, bytes and records read on a terminal, and erases the
// line before the report.
func TestProgressCloudTrail(t *testing.T) {
	defer func(f func(io.Writer) bool) { progressTerminal = f }(progressTerminal)
	progressTerminal = func(io.Writer) bool { return true }
	defer func(d time.Duration) { progressAfter = d }(progressAfter)
	progressAfter = 0
	dir := t.TempDir()
	const mem = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"
	os.WriteFile(filepath.Join(dir, "memlint.yaml"), []byte("version: 1\nmemories:\n  - arn: "+mem+"\n    resource_policy: rbp.json\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "rbp.json"), []byte(`{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "bedrock-agentcore:GetEvent", "Resource": "`+mem+`"}]}`), 0o644)
	os.Mkdir(filepath.Join(dir, "trail"), 0o755)
	for _, name := range []string{"a.json", "b.json"} {
		os.WriteFile(filepath.Join(dir, "trail", name), []byte(`{"Records": [{"eventTime": "2026-11-01T00:00:00Z", "eventSource": "s3.amazonaws.com", "eventName": "GetObject"}]}`), 0o644)
	}
	var out, errb bytes.Buffer
	args := []string{"audit", "--remove", filepath.Join(dir, "rbp.json"), "--cloudtrail", filepath.Join(dir, "trail"), "--now", "2026-12-01", dir}
	if code := Run(context.Background(), args, nil, &out, &errb); code != ExitOK {
		t.Fatalf("exit %d\n%s%s", code, out.String(), errb.String())
	}
	got := errb.String()
	if !strings.Contains(got, "\rmemlint: CloudTrail: 2 of 2 files, ") || !strings.Contains(got, " read, 2 records\x1b[K") {
		t.Errorf("stderr lacks the CloudTrail progress: %q", got)
	}
	if !strings.HasSuffix(got, "\r\x1b[K") || strings.Contains(out.String(), "\r") {
		t.Errorf("the progress line is not erased, or reached the report: %q / %q", got, out.String())
	}
}
