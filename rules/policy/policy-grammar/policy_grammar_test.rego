package rules.policy["policy-grammar_test"]

import data.lib.policy
import data.rules.policy["policy-grammar"] as rule

_principal := {"not": false, "loc": 3, "values": [{"type": "AWS", "value": "arn:aws:iam::444455556666:role/Reader", "arn": "arn:aws:iam::444455556666:role/Reader", "class": "role", "account": "444455556666", "partition": "aws", "loc": 4}]}

_not_principal := object.union(_principal, {"not": true})

_service := {"not": false, "loc": 3, "values": [{"type": "Service", "value": "bedrock-agentcore.amazonaws.com", "arn": "", "class": "service", "account": "", "partition": "", "loc": 4}]}

_action(name) := {"not": false, "loc": 5, "values": [{"value": name, "loc": 6}]}

_resource := {"not": false, "loc": 7, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5", "loc": 8}]}

# A statement with the given optional elements (null leaves one out).
_stmt(principal, resource, action) := object.union(
	{
		"index": 0, "ref": "#0", "loc": 1,
		"effect": {"value": "Allow", "loc": 2},
		"action": _action(action),
		"conditions": [],
	},
	object.union(_opt("principal", principal), _opt("resource", resource)),
)

_opt(_, v) := {} if v == null

_opt(k, v) := {k: v} if v != null

_input(kind, inferred, stmt, problems) := {"policy": policy.with_has({
	"file": "p.json", "kind": kind, "kind_inferred": inferred, "loc": 0,
	"version": {"value": "2012-10-17", "loc": 9},
	"problems": problems, "statements": [stmt],
})}

test_deny_decoder_problems if {
	problems := [
		{"msg": "Unknown statement element 'Actions' (expected one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition).", "loc": 20},
		{"msg": "The statement has neither Action nor NotAction.", "loc": 1},
	]
	rule.deny == {
		{"msg": "Unknown statement element 'Actions' (expected one of Sid, Effect, Principal, NotPrincipal, Action, NotAction, Resource, NotResource, Condition).", "loc": 20},
		{"msg": "The statement has neither Action nor NotAction.", "loc": 1},
	} with input as _input("identity", true, _stmt(null, _resource, "s3:GetObject"), problems)
}

test_deny_principal_in_identity_policy if {
	rule.deny == {{"msg": "An identity policy cannot have 'Principal': it applies to the user or role it is attached to.", "loc": 3}} with input as _input("identity", false, _stmt(_principal, _resource, "s3:GetObject"), [])
}

test_deny_not_principal_in_identity_policy if {
	rule.deny == {{"msg": "An identity policy cannot have 'NotPrincipal': it applies to the user or role it is attached to.", "loc": 3}} with input as _input("identity", false, _stmt(_not_principal, _resource, "s3:GetObject"), [])
}

test_deny_missing_resource_in_identity_policy if {
	rule.deny == {{"msg": "The statement has neither Resource nor NotResource, which every statement of an identity policy must have.", "loc": 1}} with input as _input("identity", true, _stmt(null, null, "s3:GetObject"), [])
}

test_deny_missing_principal_in_memory_policy if {
	rule.deny == {{"msg": "The statement names no principal, which every statement of a memory resource-based policy must.", "loc": 1}} with input as _input("memory", false, _stmt(null, _resource, "bedrock-agentcore:GetEvent"), [])
}

test_deny_missing_principal_and_resource_in_s3_policy if {
	rule.deny == {
		{"msg": "The statement names no principal, which every statement of an S3 bucket policy must.", "loc": 1},
		{"msg": "The statement has neither Resource nor NotResource, which every statement of an S3 bucket policy must have.", "loc": 1},
	} with input as _input("s3", false, _stmt(null, null, "s3:PutObject"), [])
}

test_deny_missing_principal_in_trust_policy if {
	rule.deny == {{"msg": "The statement names no principal, which every statement of a role trust policy must.", "loc": 1}} with input as _input("trust", false, _stmt(null, null, "sts:AssumeRole"), [])
}

test_deny_resource_in_trust_policy if {
	rule.deny == {{"msg": "A role trust policy cannot have 'Resource': the resource is the role itself.", "loc": 7}} with input as _input("trust", false, _stmt(_service, _resource, "sts:AssumeRole"), [])
}

test_deny_not_principal_in_trust_policy if {
	rule.deny == {{"msg": "A role trust policy cannot use 'NotPrincipal': name the principals that may assume the role with 'Principal'.", "loc": 3}} with input as _input("trust", false, _stmt(_not_principal, null, "sts:AssumeRole"), [])
}

test_allow_trust_policy if {
	count(rule.deny) == 0 with input as _input("trust", false, _stmt(_service, null, "sts:AssumeRole"), [])
}

test_allow_memory_policy if {
	count(rule.deny) == 0 with input as _input("memory", false, _stmt(_principal, _resource, "bedrock-agentcore:GetEvent"), [])
}

test_allow_identity_policy if {
	count(rule.deny) == 0 with input as _input("identity", false, _stmt(null, _resource, "bedrock-agentcore:GetEvent"), [])
}

# A document of unknown kind gets only the decoder's problems: neither a
# principal nor a resource can be required of it.
test_allow_unknown_kind if {
	count(rule.deny) == 0 with input as _input("unknown", false, _stmt(null, null, "bedrock-agentcore:GetEvent"), [])
	count(rule.deny) == 0 with input as _input("unknown", false, _stmt(_not_principal, _resource, "bedrock-agentcore:GetEvent"), [])
}

test_deny_missing_principal_in_kms_key_policy if {
	rule.deny == {{"msg": "The statement names no principal, which every statement of a KMS key policy must.", "loc": 1}} with input as _input("kms", false, _stmt(null, _resource, "kms:Decrypt"), [])
}

_public := {"not": false, "loc": 3, "values": [{"type": "*", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 4}]}

_deny(stmt) := object.union(stmt, {"effect": {"value": "Deny", "loc": 2}})

test_deny_principal_in_scp if {
	rule.deny == {{"msg": "A service control policy cannot have 'Principal': it applies to the principals of the accounts it is attached to.", "loc": 3}} with input as _input("scp", false, _deny(_stmt(_principal, _resource, "bedrock-agentcore:GetEvent")), [])
}

test_allow_scp if {
	count(rule.deny) == 0 with input as _input("scp", false, _deny(_stmt(null, null, "bedrock-agentcore:*")), [])
}

test_deny_rcp_named_principal if {
	rule.deny == {{"msg": "A resource control policy must name the principal '*', not 'arn:aws:iam::444455556666:role/Reader': narrow it with conditions (aws:PrincipalArn, aws:PrincipalOrgID).", "loc": 4}} with input as _input("rcp", false, _deny(_stmt(_principal, _resource, "s3:*")), [])
}

test_deny_rcp_allow_and_missing if {
	rule.deny == {
		{"msg": "Only the AWS managed RCPFullAWSAccess policy may Allow in a resource control policy: write Deny statements.", "loc": 2},
		{"msg": "The statement names no principal, which every statement of a resource control policy must.", "loc": 1},
	} with input as _input("rcp", false, _stmt(null, null, "s3:*"), [])
}

test_allow_rcp if {
	count(rule.deny) == 0 with input as _input("rcp", false, _deny(_stmt(_public, _resource, "s3:*")), [])
}

test_deny_principal_in_boundary if {
	rule.deny == {{"msg": "An identity policy cannot have 'Principal': it applies to the user or role it is attached to.", "loc": 3}} with input as _input("permissions-boundary", false, _stmt(_principal, _resource, "s3:GetObject"), [])
}
