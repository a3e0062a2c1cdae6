package access_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/access"
	"github.com/memlint/memlint/internal/load"
)

const (
	memARN    = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/shared_memory-a1b2c3d4e5"
	readerARN = "arn:aws:iam::444455556666:role/Reader"
	execARN   = "arn:aws:iam::111122223333:role/MemoryRole"
	topicARN  = "arn:aws:sns:us-east-1:444455556666:notes"
)

// build loads files (name → content; memlint.yaml ties them together) and
// builds the view.
func build(t *testing.T, files map[string]string) *access.View {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return access.Build(m)
}

const manifest = `version: 1
memories:
  - arn: ` + memARN + `
    resource_policy: rbp.json
    definition: def.json
roles:
  - arn: ` + readerARN + `
    policies: [reader.json]
  - arn: ` + execARN + `
    trust_policy: trust.json
    policies: [perm.json]
destinations:
  - arn: ` + topicARN + `
    policy: topic.json
`

// manifestNoReader is manifest without the consumer's identity policy.
var manifestNoReader = strings.Replace(manifest, "  - arn: "+readerARN+"\n    policies: [reader.json]\n", "", 1)

// policy returns a policy document with the given statements.
func policy(stmts ...string) string {
	return `{"Version": "2012-10-17", "Statement": [` + strings.Join(stmts, ",") + `]}`
}

var (
	rbpReader = `{"Effect": "Allow", "Principal": {"AWS": "` + readerARN + `"},
		"Action": ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:GetMemoryRecord"], "Resource": "` + memARN + `"}`
	rbpRoot = `{"Effect": "Allow", "Principal": {"AWS": "444455556666"},
		"Action": "bedrock-agentcore:CreateEvent", "Resource": "` + memARN + `"}`
	readerIdentity = policy(`{"Effect": "Allow", "Action": ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:GetMemoryRecord"], "Resource": "` + memARN + `"}`)
	trust          = policy(`{"Effect": "Allow", "Principal": {"Service": "bedrock-agentcore.amazonaws.com"}, "Action": "sts:AssumeRole",
		"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"}}}`)
	perm     = policy(`{"Effect": "Allow", "Action": "sns:Publish", "Resource": "` + topicARN + `"}`)
	topicFor = func(principal string) string {
		return policy(`{"Effect": "Allow", "Principal": {"AWS": "` + principal + `"}, "Action": "sns:Publish", "Resource": "` + topicARN + `"}`)
	}
	def = `{"name": "shared_memory", "memoryExecutionRoleArn": "` + execARN + `",
		"memoryStrategies": [{"customMemoryStrategy": {"name": "s", "configuration": {"selfManagedConfiguration": {
		"triggerConditions": [{"messageBasedTrigger": {"messageCount": 5}}],
		"invocationConfiguration": {"topicArn": "` + topicARN + `", "payloadDeliveryBucketName": "b"}}}}}]}`
)

// files returns the base scenario with overrides.
func files(over map[string]string) map[string]string {
	f := map[string]string{
		"memlint.yaml": manifest,
		"rbp.json":     policy(rbpReader),
		"reader.json":  readerIdentity,
		"trust.json":   trust,
		"perm.json":    perm,
		"topic.json":   topicFor(execARN),
		"def.json":     def,
	}
	for k, v := range over {
		f[k] = v
	}
	return f
}

// cellSummary is one grant row reduced to what the tests compare.
type cellSummary struct {
	Principal, Identity, Status string
	Cells                       map[string]string // short action → decision (+ " resource-side-only")
	Details                     map[string]string
}

func summarize(g *access.Grant) cellSummary {
	s := cellSummary{Principal: g.Principal, Identity: g.Identity, Status: g.Status, Cells: map[string]string{}, Details: map[string]string{}}
	for _, c := range g.Actions {
		if c.Decision == access.Denied {
			continue // the default; listing all 15 would hide the point
		}
		_, name, _ := strings.Cut(c.Action, ":")
		d := string(c.Decision)
		if c.ResourceSideOnly {
			d += " resource-side-only"
		}
		s.Cells[name] = d
		if c.Detail != "" {
			s.Details[name] = c.Detail
		}
	}
	return s
}

func TestGrants(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		files map[string]string
		want  []cellSummary
	}{
		{
			name:  "cross-account both sides allow",
			files: files(nil),
			want: []cellSummary{{
				Principal: readerARN, Identity: access.IdentitySupplied, Status: access.StatusPartial,
				Cells:   map[string]string{"GetMemoryRecord": "allowed", "RetrieveMemoryRecords": "allowed"},
				Details: map[string]string{},
			}},
		},
		{
			name:  "identity side missing: resource side only",
			files: files(map[string]string{"memlint.yaml": manifestNoReader, "rbp.json": policy(rbpRoot)}),
			want: []cellSummary{{
				Principal: "arn:aws:iam::444455556666:root", Identity: access.IdentityMissing, Status: access.StatusPartial,
				Cells:   map[string]string{"CreateEvent": "allowed resource-side-only"},
				Details: map[string]string{},
			}},
		},
		{
			name: "identity policy does not match the grant",
			files: files(map[string]string{"reader.json": policy(`{"Effect": "Allow", "Action": "bedrock-agentcore:RetrieveMemoryRecords",
				"Resource": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_memory-a1b2c3d4e5"}`)}),
			want: []cellSummary{{
				Principal: readerARN, Identity: access.IdentitySupplied, Status: access.StatusDenied,
				Cells: map[string]string{}, Details: map[string]string{},
			}},
		},
		{
			name: "explicit deny in the resource policy",
			files: files(map[string]string{"rbp.json": policy(rbpReader, `{"Sid": "NoGet", "Effect": "Deny", "Principal": {"AWS": "*"},
				"Action": "bedrock-agentcore:GetMemoryRecord", "Resource": "*"}`)}),
			want: []cellSummary{{
				Principal: readerARN, Identity: access.IdentitySupplied, Status: access.StatusPartial,
				Cells:   map[string]string{"GetMemoryRecord": "explicit-deny", "RetrieveMemoryRecords": "allowed"},
				Details: map[string]string{"GetMemoryRecord": "explicit Deny: rbp.json:2 NoGet"},
			}},
		},
		{
			name: "explicit deny in the caller's identity policy",
			files: files(map[string]string{"reader.json": policy(
				`{"Effect": "Allow", "Action": "bedrock-agentcore:*", "Resource": "*"}`,
				`{"Sid": "NoRecords", "Effect": "Deny", "Action": "bedrock-agentcore:RetrieveMemoryRecords", "Resource": "*"}`)}),
			want: []cellSummary{{
				Principal: readerARN, Identity: access.IdentitySupplied, Status: access.StatusPartial,
				Cells:   map[string]string{"GetMemoryRecord": "allowed", "RetrieveMemoryRecords": "explicit-deny"},
				Details: map[string]string{"RetrieveMemoryRecords": "explicit Deny: reader.json:1 NoRecords"},
			}},
		},
		{
			name:  "no resource policy supplied",
			files: files(map[string]string{"memlint.yaml": strings.Replace(manifest, "    resource_policy: rbp.json\n", "", 1)}),
			want: []cellSummary{{
				Principal: readerARN, Identity: access.IdentitySupplied, Status: access.StatusUnknown,
				Cells: map[string]string{"GetMemoryRecord": "unknown", "RetrieveMemoryRecords": "unknown"},
				Details: map[string]string{"GetMemoryRecord": "resource policy not supplied",
					"RetrieveMemoryRecords": "resource policy not supplied"},
			}},
		},
		{
			name: "public principal limited to an organization",
			files: files(map[string]string{"memlint.yaml": manifestNoReader, "rbp.json": policy(`{"Effect": "Allow", "Principal": "*",
				"Action": "bedrock-agentcore:ListActors", "Resource": "` + memARN + `",
				"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}`)}),
			want: []cellSummary{{
				Principal: "*", Identity: access.IdentityMissing, Status: access.StatusUnknown,
				Cells:   map[string]string{"ListActors": "unknown resource-side-only"},
				Details: map[string]string{"ListActors": "allowed if StringEquals aws:PrincipalOrgID o-abc123"},
			}},
		},
		{
			name: "undecidable condition beside an unconditional grant",
			files: files(map[string]string{"rbp.json": policy(rbpReader, `{"Effect": "Allow", "Principal": {"AWS": "`+readerARN+`"},
				"Action": "bedrock-agentcore:*", "Resource": "`+memARN+`",
				"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}`)}),
			want: []cellSummary{{
				Principal: readerARN, Identity: access.IdentitySupplied, Status: access.StatusPartial,
				Cells:   map[string]string{"GetMemoryRecord": "allowed", "RetrieveMemoryRecords": "allowed"},
				Details: map[string]string{},
			}},
		},
		{
			name: "undecidable condition",
			files: files(map[string]string{"rbp.json": policy(`{"Effect": "Allow", "Principal": {"AWS": "` + readerARN + `"},
				"Action": "bedrock-agentcore:RetrieveMemoryRecords", "Resource": "` + memARN + `",
				"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-abc123"}}}`)}),
			want: []cellSummary{{
				Principal: readerARN, Identity: access.IdentitySupplied, Status: access.StatusUnknown,
				Cells:   map[string]string{"RetrieveMemoryRecords": "unknown"},
				Details: map[string]string{"RetrieveMemoryRecords": "allowed if StringEquals aws:PrincipalOrgID o-abc123"},
			}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := build(t, tt.files)
			if len(v.Memories) != 1 {
				t.Fatalf("got %d memories, want 1", len(v.Memories))
			}
			var got []cellSummary
			for _, g := range v.Memories[0].Grants {
				s := summarize(g)
				// Statement references carry the temporary directory.
				for k, d := range s.Details {
					s.Details[k] = stripDir(d)
				}
				got = append(got, s)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("grants (-want +got):\n%s", diff)
			}
		})
	}
}

// stripDir drops directories from "dir/file.json:line" references.
func stripDir(s string) string {
	words := strings.Fields(s)
	for i, w := range words {
		if strings.Contains(w, ".json:") {
			words[i] = filepath.Base(w)
		}
	}
	return strings.Join(words, " ")
}

func TestDeliveries(t *testing.T) {
	t.Parallel()
	type result struct{ Service, Status, Reason string }
	tests := []struct {
		name  string
		files map[string]string
		want  []result
	}{
		{
			name:  "delivers",
			files: files(nil),
			want:  []result{{"s3", "denied", "role MemoryRole is not allowed s3:PutObject on arn:aws:s3:::b/*"}, {"sns", "allowed", ""}},
		},
		{
			name:  "topic policy names another role",
			files: files(map[string]string{"topic.json": topicFor("arn:aws:iam::111122223333:role/OtherRole")}),
			want: []result{{"s3", "denied", "role MemoryRole is not allowed s3:PutObject on arn:aws:s3:::b/*"},
				{"sns", "denied", "topic policy names arn:aws:iam::111122223333:role/OtherRole, not MemoryRole"}},
		},
		{
			name:  "role lacks the permission",
			files: files(map[string]string{"perm.json": policy(`{"Effect": "Allow", "Action": "sns:GetTopicAttributes", "Resource": "` + topicARN + `"}`)}),
			want: []result{{"s3", "denied", "role MemoryRole is not allowed s3:PutObject on arn:aws:s3:::b/*"},
				{"sns", "denied", "role MemoryRole is not allowed sns:Publish on " + topicARN}},
		},
		{
			name: "bucket policy not supplied",
			files: files(map[string]string{"perm.json": policy(`{"Effect": "Allow", "Action": "sns:Publish", "Resource": "`+topicARN+`"}`,
				`{"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::b/*"}`)}),
			want: []result{{"s3", "unknown", "s3:PutObject: bucket policy not supplied"}, {"sns", "allowed", ""}},
		},
		{
			name:  "trust policy for another account's memories",
			files: files(map[string]string{"trust.json": strings.Replace(trust, "111122223333:memory", "999999999999:memory", 1)}),
			want: []result{{"s3", "denied", "trust policy does not let bedrock-agentcore.amazonaws.com assume MemoryRole for this memory"},
				{"sns", "denied", "trust policy does not let bedrock-agentcore.amazonaws.com assume MemoryRole for this memory"}},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			v := build(t, tt.files)
			var got []result
			for _, d := range v.Memories[0].Deliveries {
				got = append(got, result{d.Service, d.Status, d.Reason})
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("deliveries (-want +got):\n%s", diff)
			}
		})
	}
}

// TestJSONNoNull checks the promise of the schema: every array is present.
func TestJSONNoNull(t *testing.T) {
	t.Parallel()
	for name, f := range map[string]map[string]string{
		"full":        files(nil),
		"no policies": {"memlint.yaml": "version: 1\nmemories:\n  - arn: " + memARN + "\n    definition: def.json\n", "def.json": `{"name": "m"}`},
	} {
		var buf strings.Builder
		if err := access.WriteJSON(&buf, build(t, f)); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(buf.String(), "null") {
			t.Errorf("%s: JSON holds null:\n%s", name, buf.String())
		}
	}
}
