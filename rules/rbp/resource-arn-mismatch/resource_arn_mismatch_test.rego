package rules.rbp["resource-arn-mismatch_test"]

import data.rules.rbp["resource-arn-mismatch"] as rule

_mem_arn := "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5"

_memory := {
	"arn": {"value": _mem_arn, "loc": 30, "arn": memlint.arn(_mem_arn)},
	"account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false,
}

_inferred := {"account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": true}

_res(v, loc) := {"value": v, "loc": loc, "arn": memlint.arn(v)} if memlint.arn(v)

_res(v, loc) := {"value": v, "loc": loc} if not memlint.arn(v)

_stmt(effect, resources) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": effect, "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [{"type": "AWS", "value": "arn:aws:iam::444455556666:role/Reader", "arn": "arn:aws:iam::444455556666:role/Reader", "class": "role", "account": "444455556666", "partition": "aws", "loc": 9}]},
	"action": {"not": false, "loc": 4, "values": [{"value": "bedrock-agentcore:GetEvent", "loc": 5}]},
	"resource": {"not": false, "loc": 6, "values": [_res(v, 10 + i) | some i, v in resources]},
	"conditions": [],
}

_input(memory, stmts) := {"policy": {"kind": "memory", "statements": stmts}, "memory": memory}

test_deny_other_account if {
	r := "arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/support_mem-a1b2c3d4e5"
	msg := "The resource 'arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/support_mem-a1b2c3d4e5' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5' the policy is attached to: its account is '444455556666' (the memory's: '111122223333'). The statement never applies to it."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, [_stmt("Allow", [r])])
}

test_deny_runtime_type if {
	r := "arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/support_mem-a1b2c3d4e5"
	msg := "The resource 'arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/support_mem-a1b2c3d4e5' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5' the policy is attached to: its resource type is 'runtime' (the memory's: 'memory'). The statement never applies to it."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, [_stmt("Allow", [r])])
}

test_deny_other_id_and_region if {
	r := "arn:aws:bedrock-agentcore:us-west-2:111122223333:memory/other_mem-a1b2c3d4e5"
	msg := "The resource 'arn:aws:bedrock-agentcore:us-west-2:111122223333:memory/other_mem-a1b2c3d4e5' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5' the policy is attached to: its region is 'us-west-2' (the memory's: 'us-east-1'), its memory id is 'other_mem-a1b2c3d4e5' (the memory's: 'support_mem-a1b2c3d4e5'). The statement never applies to it."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, [_stmt("Allow", [r])])
}

test_deny_partition_in_deny_statement if {
	r := "arn:aws-cn:bedrock-agentcore:us-east-1:111122223333:memory/*"
	msg := "The resource 'arn:aws-cn:bedrock-agentcore:us-east-1:111122223333:memory/*' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5' the policy is attached to: its partition is 'aws-cn' (the memory's: 'aws'). The statement never applies to it."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, [_stmt("Deny", [r])])
}

test_deny_not_an_arn if {
	msg := "The resource 'support_mem-a1b2c3d4e5' is not an ARN, so it cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5' the policy is attached to. The statement never applies to it."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, [_stmt("Allow", ["support_mem-a1b2c3d4e5"])])
}

test_deny_star_low if {
	msg := "The resource '*' matches every resource rather than naming the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5' the policy is attached to."
	rule.deny == {{"msg": msg, "loc": 10, "severity": "low"}} with input as _input(_memory, [_stmt("Allow", ["*"])])
}

test_deny_only_the_mismatching_value if {
	r := "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5"
	msg := "The resource 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5' the policy is attached to: its memory id is 'other_mem-a1b2c3d4e5' (the memory's: 'support_mem-a1b2c3d4e5'). The entry is dead: the statement applies to the memory only through its other resources."
	rule.deny == {{"msg": msg, "loc": 11}} with input as _input(_memory, [_stmt("Allow", [_mem_arn, r])])
}

test_allow_exact_arn if {
	count(rule.deny) == 0 with input as _input(_memory, [_stmt("Allow", [_mem_arn])])
}

test_allow_wildcard_pattern if {
	count(rule.deny) == 0 with input as _input(_memory, [_stmt("Allow", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*", "arn:*:bedrock-agentcore:*:*:*"])])
}

test_allow_star_in_deny_statement if {
	count(rule.deny) == 0 with input as _input(_memory, [_stmt("Deny", ["*"])])
}

test_allow_not_resource if {
	stmt := object.union(_stmt("Allow", ["arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/other_mem-a1b2c3d4e5"]), {"resource": {"not": true}})
	count(rule.deny) == 0 with input as _input(_memory, [stmt])
}

test_allow_policy_variable if {
	count(rule.deny) == 0 with input as _input(_memory, [_stmt("Allow", ["arn:aws:bedrock-agentcore:us-east-1:${aws:PrincipalAccount}:memory/*"])])
}

test_deny_unknown_arn_inferred_runtime if {
	r := "arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/agent-a1b2c3d4e5"
	msg := "The resource 'arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/agent-a1b2c3d4e5' cannot be the memory this policy is attached to: its resource type is 'runtime' (a memory's: 'memory')."
	rule.deny == {{"msg": msg, "loc": 11}} with input as _input(_inferred, [_stmt("Allow", [_mem_arn, r])])
}

test_deny_unknown_arn_inferred_other_service if {
	r := "arn:aws:s3:::memory-payloads/*"
	msg := "The resource 'arn:aws:s3:::memory-payloads/*' cannot be the memory this policy is attached to: its service is 's3' (a memory's: 'bedrock-agentcore')."
	rule.deny == {{"msg": msg, "loc": 11}} with input as _input(_inferred, [_stmt("Allow", [_mem_arn, r])])
}

test_allow_unknown_arn_inferred_agreeing if {
	count(rule.deny) == 0 with input as _input(_inferred, [_stmt("Allow", [_mem_arn, "*", "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5"])])
}

test_deny_known_arn_other_service if {
	r := "arn:aws:s3:::memory-payloads/*"
	msg := "The resource 'arn:aws:s3:::memory-payloads/*' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5' the policy is attached to: its service is 's3' (the memory's: 'bedrock-agentcore'). The statement never applies to it."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_memory, [_stmt("Allow", [r])])
}

test_deny_unknown_arn_inferred_other_account if {
	r := "arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*"
	msg := "The resource 'arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*' cannot be the memory this policy is attached to: its account is '444455556666' (the policy's other memory ARNs: '111122223333')."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_inferred, [_stmt("Allow", [r])])
}

test_allow_nothing_known if {
	count(rule.deny) == 0 with input as _input({"inferred": false}, [_stmt("Allow", ["*", "arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/agent-a1b2c3d4e5"])])
}

# A deploy-time Resource value (!GetAtt Memory.MemoryArn) is never a mismatch.
test_allow_unknown_resource if {
	stmt := object.union(_stmt("Allow", []), {"resource": {"not": false, "loc": 6, "values": [{"value": "!GetAtt Memory.MemoryArn", "loc": 10, "unknown": true}]}})
	count(rule.deny) == 0 with input as _input(_memory, [stmt])
	count(rule.deny) == 0 with input as _input(_inferred, [stmt])
}

# A known mismatching entry beside an unknown one: reported, and the tail
# says the statement may still apply through the unknown entry.
test_deny_known_beside_unknown if {
	r := "arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/support_mem-a1b2c3d4e5"
	base := _stmt("Allow", [r])
	stmt := object.union(base, {"resource": {"not": false, "loc": 6, "values": array.concat(base.resource.values, [{"value": "!GetAtt Memory.MemoryArn", "loc": 11, "unknown": true}])}})
	some f in rule.deny with input as _input(_memory, [stmt])
	f.loc == 10
	endswith(f.msg, "cannot be decided statically.")
}
