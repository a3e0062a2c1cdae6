package fetch

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/memlint/memlint/internal/cloudtrail"
)

const trailMemory = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_memory-a1b2c3d4e5"

// readTrail reads a file memlint fetch cloudtrail wrote, as memlint diff
// --cloudtrail does.
func readTrail(t *testing.T, file string) *cloudtrail.Evidence {
	t.Helper()
	ev := cloudtrail.New(time.Date(2026, 9, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC))
	ev.ReadFile(file, cloudtrail.Options{})
	if len(ev.Problems) > 0 {
		t.Fatalf("the file does not read back: %v", ev.Problems)
	}
	return ev
}

// TestFetchCloudTrailLookup: LookupEvents through the SDK, both pages,
// written as a CloudTrail log file. moto does not implement LookupEvents;
// the proxy answers it from fixtures/live/cloudtrail.
func TestFetchCloudTrailLookup(t *testing.T) {
	e := newEmulator(t)
	e.on(func(op operation) bool { return op.name == "LookupEvents" && strings.Contains(op.body, "page-2") }, 200, "cloudtrail/lookup-events-2.json", 0)
	e.on(func(op operation) bool {
		return op.name == "LookupEvents" && strings.Contains(op.body, `"AttributeKey":"EventSource"`) && strings.Contains(op.body, "bedrock-agentcore.amazonaws.com")
	}, 200, "cloudtrail/lookup-events-1.json", 0)
	out := filepath.Join(t.TempDir(), "records.json")
	stdout, stderr, code := runFetch(t, "cloudtrail", "--memory", trailMemory, "--since", "2026-09-01T00:00:00Z", "--until", "2026-12-01T00:00:00Z", "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, "3 records of bedrock-agentcore.amazonaws.com from LookupEvents in us-east-1") {
		t.Errorf("stdout: %s", stdout)
	}
	ev := readTrail(t, out)
	reader := "arn:aws:iam::444455556666:role/AgentMemoryReaderRole"
	if u := ev.Uses[cloudtrail.Key{Memory: trailMemory, Caller: reader, Action: "RetrieveMemoryRecords"}]; u == nil || u.Success != 2 {
		t.Errorf("RetrieveMemoryRecords: %+v", u)
	}
	if u := ev.Uses[cloudtrail.Key{Memory: trailMemory, Caller: reader, Action: "ListMemoryRecords"}]; u == nil || u.Denied != 1 {
		t.Errorf("ListMemoryRecords: %+v", u)
	}
}

// TestFetchCloudTrailLake: a CloudTrail Lake query, polled until it
// finishes, its rows written as records. moto implements no Lake API.
func TestFetchCloudTrailLake(t *testing.T) {
	lakePoll = time.Millisecond
	e := newEmulator(t)
	var sql string
	e.on(func(op operation) bool {
		if op.name == "StartQuery" {
			sql = op.body
			return true
		}
		return false
	}, 200, "cloudtrail/start-query.json", 0)
	e.on(func(op operation) bool { return op.name == "GetQueryResults" }, 200, "cloudtrail/get-query-results-running.json", 1)
	e.on(func(op operation) bool { return op.name == "GetQueryResults" }, 200, "cloudtrail/get-query-results-finished.json", 0)
	out := filepath.Join(t.TempDir(), "records.json")
	eds := "arn:aws:cloudtrail:us-east-1:111122223333:eventdatastore/EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE"
	_, stderr, code := runFetch(t, "cloudtrail", "--memory", trailMemory, "--since", "2026-09-01T00:00:00Z", "--until", "2026-12-01T00:00:00Z",
		"--event-data-store", eds, "--out", out)
	if code != ExitOK {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	for _, want := range []string{"FROM EXAMPLE-f852-4e8f-8bd1-bcf6cEXAMPLE", "eventSource = 'bedrock-agentcore.amazonaws.com'", "eventTime >= '2026-09-01 00:00:00'"} {
		if !strings.Contains(sql, want) {
			t.Errorf("query lacks %q: %s", want, sql)
		}
	}
	ev := readTrail(t, out)
	u := ev.Uses[cloudtrail.Key{Memory: trailMemory, Caller: "arn:aws:iam::444455556666:role/AgentMemoryReaderRole", Action: "CreateEvent"}]
	if u == nil || u.Success != 1 || u.Denied != 1 || !u.LastSuccess.Equal(time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)) {
		t.Errorf("CreateEvent: %+v", u)
	}
}

func TestFetchCloudTrailUsage(t *testing.T) {
	for _, args := range [][]string{
		{"cloudtrail", "--out", "x.json"},
		{"cloudtrail", "--memory", "not-an-arn", "--since", "2026-09-01T00:00:00Z", "--out", "x.json"},
		{"cloudtrail", "--memory", trailMemory, "--since", "90d", "--out", "x.json"},
	} {
		if _, stderr, code := runFetch(t, args...); code != ExitUsage || !strings.Contains(stderr, "memlint fetch cloudtrail:") {
			t.Errorf("%v: exit %d, stderr %q", args, code, stderr)
		}
	}
}
