package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/go-json-experiment/json/jsontext"
)

// benchPolicy returns a pretty-printed policy document of n statements
// (about 5 KB at n = 7).
func benchPolicy(n int, indent bool) []byte {
	type stmt struct {
		Sid       string
		Effect    string
		Principal map[string]any
		Action    []string
		Resource  []string
		Condition map[string]map[string]any
	}
	doc := struct {
		Version   string
		Statement []stmt
	}{Version: "2012-10-17"}
	for i := range n {
		doc.Statement = append(doc.Statement, stmt{
			Sid:       fmt.Sprintf("CrossAccountMemoryRead%d", i),
			Effect:    "Allow",
			Principal: map[string]any{"AWS": []string{fmt.Sprintf("arn:aws:iam::%012d:role/AgentMemoryReaderRole", 444455556666+i)}},
			Action:    []string{"bedrock-agentcore:GetMemoryRecord", "bedrock-agentcore:ListMemoryRecords", "bedrock-agentcore:RetrieveMemoryRecords"},
			Resource:  []string{fmt.Sprintf("arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-%010d", i)},
			Condition: map[string]map[string]any{
				"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5", "aws:SourceAccount": "444455556666"},
				"Bool":         {"aws:SecureTransport": true},
			},
		})
	}
	var b []byte
	if indent {
		b, _ = json.MarshalIndent(doc, "", "  ")
	} else {
		b, _ = json.Marshal(doc)
	}
	return b
}

func benchInputs() []struct {
	name string
	data []byte
} {
	return []struct {
		name string
		data []byte
	}{
		{"policy-5KB", benchPolicy(7, true)},
		{"minified-1MB", benchPolicy(2100, false)},
	}
}

func BenchmarkParseJSON(b *testing.B) {
	for _, in := range benchInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := ParseJSON("b.json", in.data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkJSONTextTokens is the baseline ParseJSON is measured against:
// jsontext reading the same tokens, decoding strings, building nothing.
func BenchmarkJSONTextTokens(b *testing.B) {
	for _, in := range benchInputs() {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.data)))
			b.ReportAllocs()
			for b.Loop() {
				d := jsontext.NewDecoder(bytes.NewBuffer(in.data))
				for {
					tok, err := d.ReadToken()
					if err == io.EOF {
						break
					}
					if err != nil {
						b.Fatal(err)
					}
					if tok.Kind() == '"' {
						_ = tok.String()
					}
				}
			}
		})
	}
}

func BenchmarkEmbedded(b *testing.B) {
	policy := benchPolicy(12, false)
	quoted, _ := json.Marshal(string(policy))
	data := []byte(`{"resourceArn": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m", "policy": ` + string(quoted) + `}`)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		n, err := ParseJSON("b.json", data)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := n.Get("policy").Embedded(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseYAML(b *testing.B) {
	data := []byte(template)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseYAML("b.yaml", data); err != nil {
			b.Fatal(err)
		}
	}
}
