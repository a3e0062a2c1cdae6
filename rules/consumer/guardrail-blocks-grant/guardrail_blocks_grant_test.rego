package rules.consumer["guardrail-blocks-grant_test"]

import data.rules.consumer["guardrail-blocks-grant"] as rule

_scp_deny := {"kind": "scp", "target": "r-ab12", "implicit": false, "file": "org/scp.json", "ref": "NoMemory", "loc": 40, "pos": "org/scp.json:4:5"}

_boundary := {"kind": "permissions-boundary", "target": "", "implicit": true, "file": "b.json", "ref": "", "loc": 41, "pos": "b.json:1:1"}

_check(action, id_allow, before, decision, blocked) := {
	"action": action,
	"identity": {"allow": id_allow, "deny": "no"}, "resource": {"allow": "yes", "deny": "no"},
	"denies": [], "grants": [{"side": "resource", "loc": 9}],
	"guardrail": {"before": before, "decision": decision, "unknown": false, "blocked": blocked, "maybe": []},
}

_input(checks) := {"consumers": [{
	"arn": "arn:aws:iam::444455556666:role/Reader",
	"named": [{"loc": 3, "value": "arn:aws:iam::444455556666:role/Reader"}],
	"checks": checks,
}], "deliveries": []}

test_deny_scp if {
	rule.deny == {{
		"msg": "The Deny 'NoMemory' of a service control policy attached to 'r-ab12' denies 'bedrock-agentcore:GetEvent', 'bedrock-agentcore:ListEvents' for 'arn:aws:iam::444455556666:role/Reader', which both its identity policies and the memory's resource policy grant: the grant can never be used.",
		"loc": 3, "related": [{"loc": 40, "msg": "The guardrail that blocks it is here."}],
	}} with input as _input([
		_check("bedrock-agentcore:ListEvents", "yes", "Allow", "ExplicitDeny", [_scp_deny]),
		_check("bedrock-agentcore:GetEvent", "yes", "Allow", "ExplicitDeny", [_scp_deny]),
	])
}

test_deny_boundary if {
	rule.deny == {{
		"msg": "The role's permissions boundary does not allow 'bedrock-agentcore:GetEvent' for 'arn:aws:iam::444455556666:role/Reader', which both its identity policies and the memory's resource policy grant: the grant can never be used.",
		"loc": 3, "related": [{"loc": 41, "msg": "The guardrail that blocks it is here."}],
	}} with input as _input([_check("bedrock-agentcore:GetEvent", "yes", "Allow", "ImplicitDeny", [_boundary])])
}

test_allow_identity_not_granting if {
	count(rule.deny) == 0 with input as _input([_check("bedrock-agentcore:GetEvent", "maybe", "Allow", "ExplicitDeny", [_scp_deny])])
}

test_allow_already_denied if {
	count(rule.deny) == 0 with input as _input([_check("bedrock-agentcore:GetEvent", "yes", "ExplicitDeny", "ExplicitDeny", [_scp_deny])])
}

test_allow_not_blocked if {
	count(rule.deny) == 0 with input as _input([_check("bedrock-agentcore:GetEvent", "yes", "Allow", "Allow", [])])
}

test_deny_delivery_rcp if {
	blk := {"kind": "rcp", "target": "r-ab12", "implicit": false, "file": "org/rcp.json", "ref": "OrgOnly", "loc": 50, "pos": "org/rcp.json:5:5"}
	inp := {"consumers": [], "deliveries": [{
		"arn": "arn:aws:s3:::payloads", "target": {"value": "payloads", "loc": 7},
		"checks": [{
			"action": "s3:PutObject", "resource": "arn:aws:s3:::payloads/*",
			"role": {"allow": "yes", "deny": "no"}, "destination": {"allow": "yes", "deny": "no"},
			"guardrail": {"before": "Allow", "decision": "ExplicitDeny", "unknown": false, "blocked": [blk], "maybe": []},
		}],
	}]}
	rule.deny == {{
		"msg": "The Deny 'OrgOnly' of a resource control policy attached to 'r-ab12' denies 's3:PutObject' on 'arn:aws:s3:::payloads/*' for the execution role, which its policies and the destination's policy grant: delivery to 'arn:aws:s3:::payloads' can never succeed.",
		"loc": 7, "related": [{"loc": 50, "msg": "The guardrail that blocks it is here."}],
	}} with input as inp
}

test_deny_scp_allow_list if {
	blk := {"kind": "scp", "target": "ou-ab12-11111111", "implicit": true, "file": "org/allow.json", "ref": "", "loc": 42, "pos": "org/allow.json:1:1"}
	rule.deny == {{
		"msg": "No service control policy attached to 'ou-ab12-11111111' allows 'bedrock-agentcore:GetEvent' for 'arn:aws:iam::444455556666:role/Reader', which both its identity policies and the memory's resource policy grant: the grant can never be used (an Allow must be present at every level of the organisation path).",
		"loc": 3, "related": [{"loc": 42, "msg": "The guardrail that blocks it is here."}],
	}} with input as _input([_check("bedrock-agentcore:GetEvent", "yes", "Allow", "ImplicitDeny", [blk])])
}

_key_blk := {"kind": "rcp", "target": "ou-ab12-33333333", "implicit": false, "file": "org/rcp.json", "ref": "Keys", "loc": 60, "pos": "org/rcp.json:5:5"}

_key_check(action, needed) := {
	"action": action, "resource": "arn:aws:kms:us-east-1:444455556666:key/k", "role_needed": needed,
	"role": {"allow": "yes", "deny": "no"}, "key": {"allow": "yes", "deny": "no"},
	"guardrail": {"before": "Allow", "decision": "ExplicitDeny", "unknown": false, "blocked": [_key_blk], "maybe": []},
}

_key_input(needed) := {"consumers": [], "deliveries": [{
	"arn": "arn:aws:sns:us-east-1:444455556666:t", "target": {"value": "t", "loc": 7}, "checks": [],
	"key": {"ref": {"value": "k", "loc": 8}, "checks": [_key_check("kms:GenerateDataKey", needed), _key_check("kms:Decrypt", needed)]},
}]}

test_deny_key_rcp_grouped if {
	rule.deny == {{
		"msg": "The Deny 'Keys' of a resource control policy attached to 'ou-ab12-33333333' denies 'kms:Decrypt', 'kms:GenerateDataKey' on the key 'arn:aws:kms:us-east-1:444455556666:key/k' for the execution role, which its policies and the key policy grant: delivery to 'arn:aws:sns:us-east-1:444455556666:t' can never succeed.",
		"loc": 8, "related": [{"loc": 60, "msg": "The guardrail that blocks it is here."}],
	}} with input as _key_input("yes")
	rule.deny == {{
		"msg": "The Deny 'Keys' of a resource control policy attached to 'ou-ab12-33333333' denies 'kms:Decrypt', 'kms:GenerateDataKey' on the key 'arn:aws:kms:us-east-1:444455556666:key/k' for the execution role, which the key policy grants: delivery to 'arn:aws:sns:us-east-1:444455556666:t' can never succeed.",
		"loc": 8, "related": [{"loc": 60, "msg": "The guardrail that blocks it is here."}],
	}} with input as _key_input("no")
}

test_deny_trust_rcp if {
	blk := {"kind": "rcp", "target": "ou-ab12-22222222", "implicit": false, "file": "org/rcp.json", "ref": "OrgOnly", "loc": 70, "pos": "org/rcp.json:5:5"}
	inp := {"consumers": [], "deliveries": [],
		"definition": {"role_ref": {"value": "arn:aws:iam::111122223333:role/R", "loc": 4}},
		"role": {"arn": "arn:aws:iam::111122223333:role/R", "trust_guardrail": {"before": "Allow", "decision": "ExplicitDeny", "unknown": false, "blocked": [blk], "maybe": []}},
	}
	rule.deny == {{
		"msg": "The Deny 'OrgOnly' of a resource control policy attached to 'ou-ab12-22222222' denies 'sts:AssumeRole' on 'arn:aws:iam::111122223333:role/R' for bedrock-agentcore.amazonaws.com, which the role's trust policy allows: the memory can never assume its execution role.",
		"loc": 4, "related": [{"loc": 70, "msg": "The guardrail that blocks it is here."}],
	}} with input as inp
}
