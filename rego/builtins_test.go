package rego

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/memlint/memlint/internal/iam"
)

func TestRedundant(t *testing.T) {
	fold := func(a, b string) bool { return iam.Covers(a, b, true) }
	tests := []struct {
		name   string
		vals   []string
		covers func(a, b string) bool
		group  func(string) string
		want   [][2]int
	}{
		{"wildcard covers", []string{"s3:GetObject", "s3:Get*"}, fold, actionService, [][2]int{{0, 1}}},
		{"duplicate: later", []string{"s3:GetObject", "sns:Publish", "s3:GetObject"}, fold, actionService, [][2]int{{2, 0}}},
		{"case spellings: later", []string{"s3:getobject", "S3:GetObject"}, fold, actionService, [][2]int{{1, 0}}},
		{"star covers all", []string{"*", "kinesis:PutRecords"}, fold, actionService, [][2]int{{1, 0}}},
		{"chain names the root", []string{"s3:GetObject", "s3:Get*", "s3:*"}, fold, actionService, [][2]int{{0, 2}, {1, 2}}},
		{"other service", []string{"s3:Get*", "sns:GetTopicAttributes"}, fold, actionService, nil},
		{"resources", []string{"arn:aws:s3:::b/x", "arn:aws:s3:::b/*", "arn:aws:s3:::c/*"}, iam.CoversResource, resourceService, [][2]int{{0, 1}}},
		{"bucket not covered by objects", []string{"arn:aws:s3:::b", "arn:aws:s3:::b/*"}, iam.CoversResource, resourceService, nil},
		{"short resource pattern covers", []string{"arn:aws:codepipeline:us-east-1:111122223333:p", "arn:aws:codepipeline:*"}, iam.CoversResource, resourceService, [][2]int{{0, 1}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redundant(tt.vals, tt.group, tt.covers)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}

func TestRedundantActionSets(t *testing.T) {
	tests := []struct {
		name string
		vals []string
		want [][]int
	}{
		// Access Analyzer's example: iam:GenerateCredentialReport is left.
		{"not all contents covered", []string{"iam:Get*", "iam:List*", "iam:*CredentialReport"}, nil},
		{"covered together", []string{"iam:Get*", "iam:Generate*", "iam:*CredentialReport"}, [][]int{{2, 0, 1}}},
		{"covered together, any order", []string{"iam:*CredentialReport", "iam:Generate*", "iam:Get*"}, [][]int{{0, 1, 2}}},
		{"a pattern cover is left to redundant", []string{"s3:Get*", "s3:GetObjectAcl"}, nil},
		// As patterns s3:Get* does not cover s3:*BucketPolicyStatus, but the
		// only catalog action of the second is s3:GetBucketPolicyStatus.
		{"one entry, by the catalog", []string{"s3:Get*", "s3:*BucketPolicyStatus"}, [][]int{{1, 0}}},
		{"equal sets: the later goes", []string{"s3:*BucketPolicyStatus", "s3:GetBucketPolicyStat*"}, [][]int{{1, 0}}},
		{"unknown actions take no part", []string{"iam:GetCredentialReportX", "iam:Get*"}, nil},
		{"pattern-redundant entries do not cover", []string{"iam:Get*", "iam:GetCredentialReport", "iam:Generate*", "iam:*CredentialReport"}, [][]int{{3, 0, 2}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := redundantActionSets(tt.vals)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("(-want +got)\n%s", diff)
			}
		})
	}
}
