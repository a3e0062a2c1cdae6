package cloudtrail

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

const mem = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"

// rec builds one record as CloudTrail writes it.
func rec(t time.Time, role, action, errorCode string) map[string]any {
	r := map[string]any{
		"eventVersion": "1.09",
		"eventTime":    t.UTC().Format(time.RFC3339),
		"eventSource":  EventSource,
		"eventName":    action,
		"userIdentity": map[string]any{
			"type":      "AssumedRole",
			"arn":       strings.Replace(strings.Replace(role, ":iam::", ":sts::", 1), ":role/", ":assumed-role/", 1) + "/session",
			"accountId": "444455556666",
			"sessionContext": map[string]any{
				"sessionIssuer": map[string]any{"type": "Role", "arn": role, "accountId": "444455556666"},
			},
		},
		"recipientAccountId": "111122223333",
		"resources":          []any{map[string]any{"ARN": mem, "accountId": "111122223333", "type": MemoryResourceType}},
	}
	if errorCode != "" {
		r["errorCode"] = errorCode
	}
	return r
}

func write(t *testing.T, dir, name string, data []byte, gz bool) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if gz {
		var b bytes.Buffer
		w := gzip.NewWriter(&b)
		w.Write(data)
		w.Close()
		data = b.Bytes()
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

var (
	now    = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	reader = "arn:aws:iam::444455556666:role/Reader"
)

func TestShapes(t *testing.T) {
	dir := t.TempDir()
	recs := []any{
		rec(now.Add(-48*time.Hour), reader, "RetrieveMemoryRecords", ""),
		rec(now.Add(-24*time.Hour), reader, "RetrieveMemoryRecords", ""),
		rec(now.Add(-12*time.Hour), reader, "RetrieveMemoryRecords", "AccessDenied"),
		rec(now.Add(-200*24*time.Hour), reader, "RetrieveMemoryRecords", ""), // outside the window
	}
	s3, _ := json.Marshal(map[string]any{"Records": recs})
	var events []any
	for _, r := range recs {
		b, _ := json.Marshal(r)
		events = append(events, map[string]any{"EventId": "x", "CloudTrailEvent": string(b)})
	}
	lookup, _ := json.Marshal(map[string]any{"Events": events, "NextToken": "t"})
	bare, _ := json.Marshal(recs)
	for _, tc := range []struct {
		name string
		data []byte
		gz   bool
	}{{"s3.json", s3, false}, {"s3.json.gz", s3, true}, {"lookup.json", lookup, false}, {"bare.json", bare, false}} {
		t.Run(tc.name, func(t *testing.T) {
			e := New(now.Add(-90*24*time.Hour), now)
			e.ReadFile(write(t, dir, tc.name, tc.data, tc.gz), Options{})
			if len(e.Problems) > 0 {
				t.Fatalf("problems: %v", e.Problems)
			}
			u := e.Uses[Key{Memory: mem, Caller: reader, Action: "RetrieveMemoryRecords"}]
			if u == nil {
				t.Fatalf("no use aggregated: %v", e.Uses)
			}
			if u.Success != 2 || u.Denied != 1 || !u.LastSuccess.Equal(now.Add(-24*time.Hour)) || e.Outside != 1 || e.Records != 4 || e.Source != 3 {
				t.Errorf("got %+v, outside %d, records %d, source %d", u, e.Outside, e.Records, e.Source)
			}
		})
	}
}

func TestMemoryID(t *testing.T) {
	r := rec(now.Add(-time.Hour), reader, "CreateEvent", "")
	delete(r, "resources")
	r["requestParameters"] = map[string]any{"memoryId": "m-a1b2c3d4e5", "actorId": "a"}
	b, _ := json.Marshal(map[string]any{"Records": []any{r}})
	e := New(now.Add(-time.Hour*24), now)
	e.ReadFile(write(t, t.TempDir(), "x.json", b, false), Options{})
	if e.Uses[Key{Memory: "m-a1b2c3d4e5", Caller: reader, Action: "CreateEvent"}] == nil {
		t.Errorf("memoryId not used: %v", e.Uses)
	}
}

func TestProblems(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name, data, want string
	}{
		{"trunc.json", "{\"Records\": [\n  {\"eventTime\": \"2026-11-30T00:00:00Z\",", "trunc.json:2:"},
		{"comma.json", "{\"Records\": [\n {},\n]}", "comma.json:2:4: invalid JSON"},
		{"other.json", `{"Statement": []}`, `no "Records" or "Events" array`},
		{"str.json", `"x"`, "found a string"},
		{"empty.json", "  \n", "empty file"},
		{"badtime.json", "{\"Records\": [\n  {\"eventSource\": \"x\", \"eventTime\": \"yesterday\"}]}", `badtime.json:2:3: eventTime "yesterday"`},
		{"badtype.json", "{\"Records\": [{\"eventSource\": 3}]}", `badtype.json:1:14: not a CloudTrail record`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := New(now.Add(-90*24*time.Hour), now)
			e.ReadFile(write(t, dir, tc.name, []byte(tc.data), false), Options{})
			var got []string
			for _, p := range e.Problems {
				got = append(got, p.String())
			}
			if !strings.Contains(strings.Join(got, "\n"), tc.want) {
				t.Errorf("problems %q lack %q", got, tc.want)
			}
		})
	}
	e := New(now, now)
	e.ReadFile(filepath.Join(dir, "missing.json"), Options{})
	if len(e.Problems) != 1 || !strings.Contains(e.Problems[0].String(), "cannot read") {
		t.Errorf("missing file: %v", e.Problems)
	}
	write(t, dir, "bad.json.gz", []byte{0x1f, 0x8b, 1, 2, 3}, false)
	e.ReadFile(filepath.Join(dir, "bad.json.gz"), Options{})
	if len(e.Problems) != 2 {
		t.Errorf("corrupt gzip: %v", e.Problems)
	}
}

// TestProgress checks the progress callback sees every byte and record.
func TestProgress(t *testing.T) {
	var recs []any
	for i := range 10 {
		recs = append(recs, rec(now.Add(-time.Duration(i)*time.Hour), reader, "ListEvents", ""))
	}
	b, _ := json.Marshal(map[string]any{"Records": recs})
	var n, r int64
	e := New(now.Add(-24*time.Hour), now)
	e.ReadFile(write(t, t.TempDir(), "p.json", b, false), Options{Progress: func(bytes, records int64) { n += bytes; r += records }})
	if n != int64(len(b)) || r != 10 {
		t.Errorf("progress saw %d bytes, %d records; want %d, 10", n, r, len(b))
	}
}

func FuzzRead(f *testing.F) {
	r, _ := json.Marshal(map[string]any{"Records": []any{rec(now, reader, "GetEvent", "")}})
	f.Add(r)
	f.Add([]byte(`{"Events":[{"CloudTrailEvent":"{\"eventTime\":\"2026-01-01T00:00:00Z\",\"eventSource\":\"bedrock-agentcore.amazonaws.com\",\"eventName\":\"GetEvent\",\"requestParameters\":{\"memoryId\":\"m\"}}"}]}`))
	f.Add([]byte(`[{"eventTime":"x"}] [1,2] {"Records":[null]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		e := New(time.Time{}, time.Time{})
		e.Read("fuzz", bytes.NewReader(data), Options{})
		var total int
		for _, u := range e.Uses {
			total += u.Success + u.Denied + u.Failed
		}
		if int64(total) > e.Records {
			t.Fatalf("%d calls from %d records", total, e.Records)
		}
		_ = fmt.Sprint(e.Problems)
	})
}
