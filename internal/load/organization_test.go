package load_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/memlint/memlint/internal/facts"
	"github.com/memlint/memlint/internal/iam"
	"github.com/memlint/memlint/internal/load"
	"github.com/memlint/memlint/internal/model"
)

const orgManifest = `version: 1
roles:
  - arn: arn:aws:iam::444455556666:role/Reader
    permissions_boundary: boundary.json
destinations:
  - arn: arn:aws:s3:::payloads
    account: "444455556666"
organization:
  management_account: "999988887777"
  accounts:
    - id: 444455556666
      path: o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/
    - id: "111122223333"
      path: r-ab12
  full_access_detached: [ou-ab12-11111111]
  policies:
    - type: scp
      file: scp.json
      targets: [ou-ab12-11111111, "111122223333"]
    - type: rcp
      file: rcp.json
      targets: [r-ab12]
`

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestOrganization loads a manifest's organization section and a role's
// permissions boundary into the model and builds the guardrail chains.
func TestOrganization(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"memlint.yaml":  orgManifest,
		"scp.json":      `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
		"rcp.json":      `{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Principal":"*","Action":"s3:*","Resource":"*"}]}`,
		"boundary.json": `{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}`,
	})
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	org := m.Organization
	if org == nil {
		t.Fatal("no organization loaded")
	}
	if org.Management != "999988887777" || org.Partial {
		t.Errorf("management %q partial %v", org.Management, org.Partial)
	}
	if a := org.Accounts["444455556666"]; a == nil || len(a.Path) != 2 || a.Path[0] != "r-ab12" || a.Path[1] != "ou-ab12-11111111" {
		t.Errorf("account 444455556666 = %+v", a)
	}
	kinds := map[model.Kind]int{}
	for _, p := range org.Policies {
		if p.Policy == nil {
			t.Errorf("%s policy not loaded", p.Kind)
			continue
		}
		kinds[p.Policy.Kind]++
	}
	if kinds[model.KindSCP] != 1 || kinds[model.KindRCP] != 1 {
		t.Errorf("policy kinds %v", kinds)
	}
	var role *model.Role
	for _, r := range m.Roles {
		if r.ARN.Value == "arn:aws:iam::444455556666:role/Reader" {
			role = r
		}
	}
	if role == nil || role.Boundary == nil || role.Boundary.Kind != model.KindBoundary {
		t.Fatalf("role boundary not loaded: %+v", role)
	}
	if len(m.Destinations) != 1 || m.Destinations[0].Account != "444455556666" {
		t.Errorf("destination account not loaded")
	}

	g := facts.Guardrails(org, "444455556666", role, false, "s3", "444455556666")
	if g == nil || g.SCP == nil || g.RCP == nil || g.Boundary != role.Boundary {
		t.Fatalf("guardrails %+v", g)
	}
	var targets []string
	for _, lv := range g.SCP.Levels {
		targets = append(targets, lv.Target)
	}
	if len(targets) != 3 || targets[1] != "ou-ab12-11111111" || targets[2] != "444455556666" {
		t.Errorf("SCP chain levels %v", targets)
	}
	if lv := g.SCP.Levels[1]; lv.FullAccess || len(lv.Policies) != 1 {
		t.Errorf("OU level %+v: want FullAWSAccess detached and the SCP attached", lv)
	}
	if !g.SCP.Levels[0].FullAccess || !g.SCP.Levels[2].FullAccess {
		t.Error("root and account levels keep FullAWSAccess")
	}
	// The management account is not restricted; an account the section
	// does not list is outside the organisation.
	if g := facts.Guardrails(org, "999988887777", nil, false, "s3", "999988887777"); g != nil {
		t.Errorf("management account guardrails %+v", g)
	}
	if g := facts.Guardrails(org, "777777777777", nil, false, "bedrock-agentcore", "111122223333"); g != nil {
		t.Errorf("outside account guardrails %+v", g)
	}
	// AgentCore does not support RCPs; a service principal has no SCPs.
	if g := facts.Guardrails(org, "", nil, true, "bedrock-agentcore", "444455556666"); g != nil {
		t.Errorf("service principal on a memory: %+v", g)
	}
	org.Partial = true
	if g := facts.Guardrails(org, "777777777777", nil, false, "s3", ""); g == nil || g.SCP == nil || !g.SCP.Unknown {
		t.Errorf("partial organization: unlisted account's SCPs must be unknown, got %+v", g)
	}
	r := iam.Evaluate(iam.Request{Principal: "arn:aws:iam::444455556666:role/Reader", Action: "bedrock-agentcore:GetEvent",
		Resource: "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5", ResourceUnknown: true, IdentityUnknown: true,
		Guardrails: facts.Guardrails(org, "444455556666", role, false, "bedrock-agentcore", "111122223333")}, nil, nil)
	if r.Decision != iam.ImplicitDeny || len(r.Guardrail.Blocked) == 0 {
		t.Errorf("allow-list OU and S3-only boundary: %v %+v", r.Decision, r.Guardrail.Blocked)
	}
}

// TestCFNOrganization reads AWS::Organizations::Policy and a role's
// PermissionsBoundary from a template: the SCP joins the manifest's
// organisation at its literal targets; a computed target is a note, a
// malformed one an ML001 at its position; a tag policy is not read.
func TestCFNOrganization(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"memlint.yaml": "version: 1\norganization:\n  accounts:\n    - id: \"444455556666\"\n      path: r-ab12/ou-ab12-11111111\n",
		"stack.yaml": `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Scp:
    Type: AWS::Organizations::Policy
    Properties:
      Type: SERVICE_CONTROL_POLICY
      TargetIds: [ou-ab12-11111111, !Ref Ou, not-an-id]
      Content:
        Statement: [{Effect: Deny, Action: "bedrock-agentcore:*", Resource: "*"}]
  Tags:
    Type: AWS::Organizations::Policy
    Properties:
      Type: TAG_POLICY
      TargetIds: [r-ab12]
      Content: {tags: {}}
  Ou:
    Type: AWS::Organizations::OrganizationalUnit
    Properties: {Name: x, ParentId: r-ab12}
  Role:
    Type: AWS::IAM::Role
    Properties:
      RoleName: Reader
      PermissionsBoundary: !Ref Boundary
  Boundary:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      PolicyDocument: {Statement: [{Effect: Allow, Action: "s3:*", Resource: "*"}]}
`,
	})
	m, err := load.Load([]string{dir}, load.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if m.Organization == nil || len(m.Organization.Policies) != 1 {
		t.Fatalf("organization %+v", m.Organization)
	}
	op := m.Organization.Policies[0]
	if op.Kind != model.KindSCP || op.Policy == nil || op.Policy.Kind != model.KindSCP || len(op.Targets) != 1 || op.Targets[0].Value != "ou-ab12-11111111" {
		t.Errorf("SCP %+v targets %v", op, op.Targets)
	}
	if op.Targets[0].Loc.Line != 7 {
		t.Errorf("target at %v, want line 7", op.Targets[0].Loc)
	}
	found := false
	for _, p := range m.Problems {
		if p.Loc.Line == 7 && strings.Contains(p.Msg, "not-an-id") {
			found = true
		}
	}
	if !found {
		t.Errorf("no problem for the malformed target: %+v", m.Problems)
	}
	if !slices.ContainsFunc(m.Notes, func(n string) bool { return strings.Contains(n, "computed at deploy time") }) {
		t.Errorf("no note for the computed target: %v", m.Notes)
	}
	var boundary *model.Policy
	for _, r := range m.Roles {
		if r.Name() == "Reader" || r.Boundary != nil {
			boundary = r.Boundary
		}
	}
	if boundary == nil || boundary.Kind != model.KindBoundary {
		t.Errorf("role boundary %+v", boundary)
	}
}
