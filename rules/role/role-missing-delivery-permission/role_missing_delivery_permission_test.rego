package rules.role["role-missing-delivery-permission_test"]

import data.rules.role["role-missing-delivery-permission"] as rule

_side(allow, deny, undecided) := {
	"allow": allow, "deny": deny, "undecided": undecided, "grants": [], "via_account": [], "policy_loc": 30, "undecided_loc": 32,
	"denies": [{"loc": 40, "ref": "DenyPublish", "match": "yes", "file": "p.json"}],
	"near": {"kind": "action", "loc": 31, "value": ""},
}

_input(role, supplied) := {
	"role": {"arn": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole", "account": "111122223333", "policies_supplied": supplied},
	"deliveries": [{
		"service": "sns", "target": {"value": "arn:aws:sns:us-east-1:444455556666:t", "loc": 10},
		"checks": [{"action": "sns:Publish", "resource": "arn:aws:sns:us-east-1:444455556666:t", "role": role}],
	}],
}

_related := [{"loc": 10, "msg": "The memory definition names the destination here."}]

test_deny_missing_action if {
	rule.deny == {{
		"msg": "The execution role 'arn:aws:iam::111122223333:role/MemoryCrossAccountRole' is not allowed 'sns:Publish' on 'arn:aws:sns:us-east-1:444455556666:t', which delivery to the sns destination needs.",
		"loc": 31, "related": _related,
	}} with input as _input(_side("no", "no", []), true)
}

test_deny_explicit_deny if {
	rule.deny == {{
		"msg": "Statement 'DenyPublish' explicitly denies the execution role 'sns:Publish' on 'arn:aws:sns:us-east-1:444455556666:t', which delivery to the sns destination needs.",
		"loc": 40, "related": _related,
	}} with input as _input(_side("yes", "yes", []), true)
}

test_allow_granted if {
	count(rule.deny) == 0 with input as _input(_side("yes", "no", []), true)
}

test_info_policies_not_supplied if {
	inp := object.union(_input(_side("no", "no", []), false), {"definition": {"role_ref": {"value": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole", "loc": 5}}})
	rule.deny == {{
		"msg": "memlint was not given the permission policies of the execution role 'arn:aws:iam::111122223333:role/MemoryCrossAccountRole': it cannot verify that the role may deliver.",
		"loc": 5, "severity": "info",
	}} with input as inp
}

# Object actions granted only on the bucket ARN: ML302 says why the
# statement never matches, and delivery still fails, so this rule fires too.
test_deny_arn_level_beside_ml302 if {
	side := object.union(_side("no", "no", []), {"near": {"kind": "arn-level", "loc": 31, "value": "arn:aws:s3:::b"}})
	rule.deny == {{
		"msg": "The execution role 'arn:aws:iam::111122223333:role/MemoryCrossAccountRole' is not allowed 'sns:Publish' on 'arn:aws:sns:us-east-1:444455556666:t', which delivery to the sns destination needs. The statement that comes closest names the bucket, not its objects (bucket/*).",
		"loc": 31, "related": _related,
	}} with input as _input(side, true)
}

test_unknown_condition_is_note if {
	rule.deny == {{
		"msg": "Whether the execution role may call 'sns:Publish' on 'arn:aws:sns:us-east-1:444455556666:t' depends on conditions memlint cannot decide statically (aws:SourceArn).",
		"loc": 32, "related": _related, "severity": "low",
	}} with input as _input(_side("maybe", "no", ["aws:SourceArn"]), true)
}

test_deny_role_linked_by_reference if {
	inp := object.union(_input(_side("no", "no", []), true), {"role": {"arn": "", "account": "", "policies_supplied": true}})
	rule.deny == {{
		"msg": "The execution role is not allowed 'sns:Publish' on 'arn:aws:sns:us-east-1:444455556666:t', which delivery to the sns destination needs.",
		"loc": 31, "related": _related,
	}} with input as inp
}
