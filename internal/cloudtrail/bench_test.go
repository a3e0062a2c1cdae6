package cloudtrail

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// benchSize is the uncompressed size of the generated CloudTrail set:
// 1 GB, or MEMLINT_CT_BENCH_MB megabytes.
func benchSize() int64 {
	if s := os.Getenv("MEMLINT_CT_BENCH_MB"); s != "" {
		if n, err := strconv.Atoi(s); err == nil && n > 0 {
			return int64(n) << 20
		}
	}
	return 1 << 30
}

// generate writes a month of gzipped CloudTrail log files holding size
// bytes of JSON in all: S3-shaped files of 32 MB each, records of 40 roles
// calling the data plane of 20 memories (and other services' records).
func generate(tb testing.TB, dir string, size int64) (files int, records int64) {
	tb.Helper()
	const perFile = 32 << 20
	start := time.Date(2026, 11, 1, 0, 0, 0, 0, time.UTC)
	var written int64
	for written < size {
		p := filepath.Join(dir, fmt.Sprintf("111122223333_CloudTrail_us-east-1_%05d.json.gz", files))
		f, err := os.Create(p)
		if err != nil {
			tb.Fatal(err)
		}
		zw, _ := gzip.NewWriterLevel(f, gzip.BestSpeed)
		w := bufio.NewWriterSize(zw, 1<<20)
		n, _ := w.WriteString("{\"Records\":[")
		var inFile int64 = int64(n)
		for first := true; inFile < perFile && written+inFile < size; first = false {
			if !first {
				w.WriteByte(',')
				inFile++
			}
			t := start.Add(time.Duration(records) * 97 * time.Millisecond).Format(time.RFC3339)
			role := fmt.Sprintf("arn:aws:iam::444455556666:role/Consumer%02d", records%40)
			source, name := EventSource, Actions[records%int64(len(Actions))]
			if records%5 == 4 {
				source, name = "s3.amazonaws.com", "GetObject"
			}
			errCode := ""
			if records%17 == 0 {
				errCode = `"errorCode":"AccessDenied","errorMessage":"User is not authorized",`
			}
			n, _ := fmt.Fprintf(w, `{"eventVersion":"1.09","userIdentity":{"type":"AssumedRole","principalId":"AROAEXAMPLE:s","arn":"%s/s","accountId":"444455556666","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AROAEXAMPLE","arn":"%s","accountId":"444455556666","userName":"c"},"attributes":{"creationDate":"%s","mfaAuthenticated":"false"}}},"eventTime":"%s","eventSource":"%s","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.10","userAgent":"aws-sdk-go-v2/1.30.0","requestParameters":{"memoryId":"m%02d-a1b2c3d4e5","maxResults":20},%s"responseElements":null,"requestID":"%016x","eventID":"%016x","readOnly":true,"resources":[{"accountId":"111122223333","type":"AWS::BedrockAgentCore::Memory","ARN":"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m%02d-a1b2c3d4e5"}],"eventType":"AwsApiCall","managementEvent":false,"recipientAccountId":"111122223333","eventCategory":"Data"}`,
				strings.Replace(strings.Replace(role, ":iam::", ":sts::", 1), ":role/", ":assumed-role/", 1), role, t, t, source, name, records%20, errCode, records, records, records%20)
			inFile += int64(n)
			records++
		}
		w.WriteString("]}\n")
		inFile += 3
		if err := w.Flush(); err != nil {
			tb.Fatal(err)
		}
		zw.Close()
		f.Close()
		written += inFile
		files++
	}
	return files, records
}

// BenchmarkReadMonth reads a generated month of CloudTrail files (1 GB of
// JSON uncompressed; MEMLINT_CT_BENCH_MB for another size) in a child
// process and reports its throughput and peak resident memory, which must
// stay under 200 MB: files are streamed one record at a time.
//
//	go test -run XXX -bench ReadMonth -benchtime 1x ./internal/cloudtrail
func BenchmarkReadMonth(b *testing.B) {
	if dir := os.Getenv("MEMLINT_CT_BENCH_CHILD"); dir != "" {
		b.Skip("child")
	}
	dir := b.TempDir()
	size := benchSize()
	files, records := generate(b, dir, size)
	b.ResetTimer()
	for range b.N {
		cmd := exec.Command(os.Args[0], "-test.run", "^TestBenchChild$", "-test.count", "1")
		cmd.Env = append(os.Environ(), "MEMLINT_CT_BENCH_CHILD="+dir)
		out, err := cmd.CombinedOutput()
		if err != nil {
			b.Fatalf("child: %v\n%s", err, out)
		}
		if !strings.Contains(string(out), fmt.Sprintf("records=%d ", records)) {
			b.Fatalf("child read a different number of records than the %d written:\n%s", records, out)
		}
		ru := cmd.ProcessState.SysUsage().(*syscall.Rusage)
		peak := float64(ru.Maxrss) / 1024 // kB on Linux
		b.ReportMetric(peak, "peak-RSS-MB")
		b.ReportMetric(float64(size)/(1<<20)/b.Elapsed().Seconds()*float64(b.N), "MB/s")
		b.Logf("%d files, %d records, %.0f MB of JSON; peak RSS %.1f MB", files, records, float64(size)/(1<<20), peak)
		if peak > 200 {
			b.Errorf("peak RSS %.1f MB, want under 200 MB", peak)
		}
	}
}

// TestBenchChild is BenchmarkReadMonth's child: it reads every file of the
// directory MEMLINT_CT_BENCH_CHILD names.
func TestBenchChild(t *testing.T) {
	dir := os.Getenv("MEMLINT_CT_BENCH_CHILD")
	if dir == "" {
		t.Skip("run by BenchmarkReadMonth")
	}
	names, _ := filepath.Glob(filepath.Join(dir, "*.json.gz"))
	e := New(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC))
	for _, n := range names {
		e.ReadFile(n, Options{})
	}
	if len(e.Problems) > 0 {
		t.Fatalf("problems: %v", e.Problems)
	}
	fmt.Printf("records=%d source=%d keys=%d\n", e.Records, e.Source, len(e.Uses))
}
