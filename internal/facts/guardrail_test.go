package facts_test

import (
	"slices"
	"testing"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
)

// TestGuardrailContext: a role's request is from no AWS service and goes to
// the resource's region; a service's has no principal account or
// organisation; keys the context sets are kept.
func TestGuardrailContext(t *testing.T) {
	req := iam.Request{Principal: "arn:aws:iam::444455556666:role/R", Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m",
		Context: map[string][]string{"aws:RequestedRegion": {"eu-west-1"}}}
	facts.GuardrailContext(&req, req.Resource)
	if got := req.Context["aws:principalisawsservice"]; len(got) != 1 || got[0] != "false" {
		t.Errorf("aws:PrincipalIsAWSService = %v, want false", got)
	}
	if got := req.Context["aws:RequestedRegion"]; len(got) != 1 || got[0] != "eu-west-1" {
		t.Errorf("a region the context sets was replaced: %v", req.Context)
	}
	if _, set := req.Context["aws:requestedregion"]; set {
		t.Errorf("region set twice: %v", req.Context)
	}
	bucket := iam.Request{Principal: "arn:aws:iam::444455556666:role/R", Resource: "arn:aws:s3:::b/*"}
	facts.GuardrailContext(&bucket, bucket.Resource)
	if _, set := bucket.Context["aws:requestedregion"]; set {
		t.Error("an S3 ARN names no region")
	}
	svc := iam.Request{Principal: "bedrock-agentcore.amazonaws.com", Service: true, Resource: "arn:aws:iam::111122223333:role/R"}
	facts.GuardrailContext(&svc, svc.Resource)
	if got := svc.Context["aws:principalisawsservice"]; len(got) != 1 || got[0] != "true" {
		t.Errorf("service: aws:PrincipalIsAWSService = %v, want true", got)
	}
	if !slices.Contains(svc.Absent, "aws:principalorgid") || !slices.Contains(svc.Absent, "aws:principalaccount") {
		t.Errorf("service: principal keys not absent: %v", svc.Absent)
	}
}
