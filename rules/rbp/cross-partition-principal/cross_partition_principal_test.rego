package rules.rbp["cross-partition-principal_test"]

import data.rules.rbp["cross-partition-principal"] as rule

_mem_arn := "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5"

_memory := {
	"arn": {"value": _mem_arn, "loc": 30, "arn": memlint.arn(_mem_arn)},
	"account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false,
}

_stmt(effect, principals) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": effect, "loc": 2},
	"principal": {"not": false, "loc": 3, "values": principals},
	"action": {"not": false, "loc": 4, "values": [{"value": "bedrock-agentcore:GetEvent", "loc": 5}]},
	"resource": {"not": false, "loc": 6, "values": [{"value": _mem_arn, "loc": 7}]},
	"conditions": [],
}

_input(memory, stmt) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": memory}

_p(value, class, account, partition, loc) := {"type": "AWS", "value": value, "arn": value, "class": class, "account": account, "partition": partition, "loc": loc}

_cn_role := _p("arn:aws-cn:iam::444455556666:role/Reader", "role", "444455556666", "aws-cn", 9)

_gov_root := _p("arn:aws-us-gov:iam::444455556666:root", "account", "444455556666", "aws-us-gov", 8)

_role := _p("arn:aws:iam::444455556666:role/Reader", "role", "444455556666", "aws", 10)

test_deny_china_role if {
	msg := "The principal 'arn:aws-cn:iam::444455556666:role/Reader' is in partition 'aws-cn' but the memory is in 'aws'; access cannot be delegated across partitions, so this grant never takes effect."
	rule.deny == {{"msg": msg, "loc": 9}} with input as _input(_memory, _stmt("Allow", [_role, _cn_role]))
}

test_deny_in_deny_statement if {
	msg := "The principal 'arn:aws-us-gov:iam::444455556666:root' is in partition 'aws-us-gov' but the memory is in 'aws'; access cannot be delegated across partitions, so this statement never applies to it."
	rule.deny == {{"msg": msg, "loc": 8}} with input as _input(_memory, _stmt("Deny", [_gov_root]))
}

test_deny_inferred_partition if {
	# The memory ARN is unknown; the partition comes from the policy's memory ARNs.
	msg := "The principal 'arn:aws-cn:iam::444455556666:role/Reader' is in partition 'aws-cn' but the memory is in 'aws'; access cannot be delegated across partitions, so this grant never takes effect."
	rule.deny == {{"msg": msg, "loc": 9}} with input as _input({"account": "111122223333", "partition": "aws", "region": "us-east-1", "inferred": true}, _stmt("Allow", [_cn_role]))
}

test_allow_same_partition if {
	count(rule.deny) == 0 with input as _input(_memory, _stmt("Allow", [_role]))
}

test_allow_bare_account_in_china if {
	bare := _p("444455556666", "account", "444455556666", "aws", 9)
	count(rule.deny) == 0 with input as _input({"partition": "aws-cn", "inferred": true}, _stmt("Allow", [bare]))
}

test_allow_public_and_service if {
	star := {"type": "*", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 9}
	svc := {"type": "Service", "value": "bedrock-agentcore.amazonaws.com", "arn": "bedrock-agentcore.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 10}
	count(rule.deny) == 0 with input as _input(_memory, _stmt("Allow", [star, svc]))
}

test_allow_unknown_partition if {
	count(rule.deny) == 0 with input as _input({"inferred": false}, _stmt("Allow", [_cn_role]))
}

test_allow_not_principal if {
	stmt := object.union(_stmt("Deny", [_cn_role]), {"principal": {"not": true}})
	count(rule.deny) == 0 with input as _input(_memory, stmt)
}
