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
