package iam_test

import (
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/iam"
)

var sink bool

func BenchmarkMatchWildcard(b *testing.B) {
	cases := []struct{ name, pattern, value string }{
		{"literal", "bedrock-agentcore:CreateEvent", "bedrock-agentcore:CreateEvent"},
		{"prefix", "bedrock-agentcore:*", "bedrock-agentcore:RetrieveMemoryRecords"},
		{"infix", "arn:aws:s3:::bucket/*/logs/*.json", "arn:aws:s3:::bucket/2026/07/logs/part-0001.json"},
		{"miss", "arn:aws:s3:::other/*", "arn:aws:s3:::bucket/2026/07/logs/part-0001.json"},
		{"worst", strings.Repeat("a*", 32) + "b", strings.Repeat("a", 256)},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				sink = iam.MatchWildcard(c.pattern, c.value)
			}
		})
	}
	b.Run("fold", func(b *testing.B) {
		for b.Loop() {
			sink = iam.MatchWildcardFold("bedrock-agentcore:Get*", "BEDROCK-AGENTCORE:getmemoryrecord")
		}
	})
}

func BenchmarkMatchARN(b *testing.B) {
	const mem = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem_a-AbCdEf1234"
	cases := []struct{ name, pattern string }{
		{"exact", mem},
		{"wildcards", "arn:aws:bedrock-agentcore:*:111122223333:memory/*"},
		{"miss-account", "arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*"},
		{"star", "*"},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				sink = iam.MatchARN(c.pattern, mem)
			}
		})
	}
}

func BenchmarkValidateARN(b *testing.B) {
	for b.Loop() {
		sink = iam.ValidateARN("arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/mem_a-AbCdEf1234", iam.ARNResource) == nil
	}
}

func BenchmarkClassifyPrincipal(b *testing.B) {
	for b.Loop() {
		sink = iam.ClassifyPrincipal("AWS", "arn:aws:iam::111122223333:role/path/Name").Class == ""
	}
}
