package load

import (
	"slices"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/model"
)

// TestTFPlanOrganization reads SCPs with their attachments and a role's
// permissions boundary from a plan: a literal target joins the manifest's
// organisation, a target known after apply is a note, a tag policy is not
// read, and the aws_iam_policy a role names as boundary is of that kind.
func TestTFPlanOrganization(t *testing.T) {
	scp := `"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoAgentCore\",\"Effect\":\"Deny\",\"Action\":\"bedrock-agentcore:*\",\"Resource\":\"*\"}]}"`
	boundary := `"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}"`
	trust := `"{\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"ec2.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"`
	plan := `{"format_version": "1.2", "resource_changes": [
  {"address": "aws_organizations_policy.scp", "type": "aws_organizations_policy", "change": {"after": {"type": "SERVICE_CONTROL_POLICY", "content": ` + scp + `}, "after_unknown": {"id": true}}},
  {"address": "aws_organizations_policy.tags", "type": "aws_organizations_policy", "change": {"after": {"type": "TAG_POLICY", "content": "{}"}, "after_unknown": {"id": true}}},
  {"address": "aws_organizations_policy_attachment.ou", "type": "aws_organizations_policy_attachment", "change": {"after": {"target_id": "ou-ab12-11111111"}, "after_unknown": {"policy_id": true}}},
  {"address": "aws_organizations_policy_attachment.new", "type": "aws_organizations_policy_attachment", "change": {"after": {}, "after_unknown": {"policy_id": true, "target_id": true}}},
  {"address": "aws_organizations_policy_attachment.tags", "type": "aws_organizations_policy_attachment", "change": {"after": {"target_id": "r-ab12"}, "after_unknown": {"policy_id": true}}},
  {"address": "aws_iam_role.reader", "type": "aws_iam_role", "change": {"after": {"name": "AgentMemoryReaderRole", "assume_role_policy": ` + trust + `}, "after_unknown": {"arn": true, "permissions_boundary": true}}},
  {"address": "aws_iam_policy.boundary", "type": "aws_iam_policy", "change": {"after": {"name": "b", "policy": ` + boundary + `}, "after_unknown": {"arn": true}}}
 ],
 "configuration": {"root_module": {"resources": [
  {"address": "aws_organizations_policy_attachment.ou", "expressions": {"policy_id": {"references": ["aws_organizations_policy.scp.id", "aws_organizations_policy.scp"]}}},
  {"address": "aws_organizations_policy_attachment.new", "expressions": {"policy_id": {"references": ["aws_organizations_policy.scp.id", "aws_organizations_policy.scp"]}, "target_id": {"references": ["aws_organizations_organizational_unit.x.id"]}}},
  {"address": "aws_organizations_policy_attachment.tags", "expressions": {"policy_id": {"references": ["aws_organizations_policy.tags.id", "aws_organizations_policy.tags"]}}},
  {"address": "aws_iam_role.reader", "expressions": {"permissions_boundary": {"references": ["aws_iam_policy.boundary.arn", "aws_iam_policy.boundary"]}}}
 ]}}}`
	manifest := "version: 1\norganization:\n  accounts:\n    - id: \"444455556666\"\n      path: r-ab12/ou-ab12-11111111\n"
	m, _ := loadFiles(t, map[string]string{"plan.json": plan, "memlint.yaml": manifest}, Options{})
	if m.Organization == nil || len(m.Organization.Policies) != 1 {
		t.Fatalf("organization %+v", m.Organization)
	}
	op := m.Organization.Policies[0]
	if op.Policy.Kind != model.KindSCP || len(op.Targets) != 1 || op.Targets[0].Value != "ou-ab12-11111111" || op.Policy.Address != "aws_organizations_policy.scp" {
		t.Errorf("SCP %+v targets %v", op.Policy, op.Targets)
	}
	if !slices.ContainsFunc(m.Notes, func(n string) bool { return strings.Contains(n, "aws_organizations_policy_attachment.new") }) {
		t.Errorf("no note for the target known after apply: %v", m.Notes)
	}
	var role *model.Role
	for _, r := range m.Roles {
		if r.Name() == "AgentMemoryReaderRole" {
			role = r
		}
	}
	if role == nil || role.Boundary == nil || role.Boundary.Kind != model.KindBoundary || len(role.Policies) != 0 {
		t.Fatalf("role boundary: %+v", role)
	}
}
