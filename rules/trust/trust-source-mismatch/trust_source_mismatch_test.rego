package rules.trust["trust-source-mismatch_test"]

import data.rules.trust["trust-source-mismatch"] as rule

_agentcore := {"type": "Service", "value": "bedrock-agentcore.amazonaws.com", "arn": "bedrock-agentcore.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 9}

_stmt(conditions) := {
	"index": 0, "ref": "#0", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [_agentcore]},
	"action": {"not": false, "loc": 4, "values": [{"value": "sts:AssumeRole", "loc": 5}]},
	"conditions": conditions,
}

# values get locs 16, 17, …; a second condition is offset with _cond2.
_cond(op, base, if_exists, key, values) := {
	"operator": {"value": op, "loc": 14}, "base": base, "qualifier": "", "if_exists": if_exists,
	"key": {"value": key, "loc": 15},
	"values": [{"value": v, "loc": 16 + i} | some i, v in values],
}

_cond2(op, base, key, values) := {
	"operator": {"value": op, "loc": 24}, "base": base, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 25},
	"values": [{"value": v, "loc": 26 + i} | some i, v in values],
}

_arn_like(values) := _cond("ArnLike", "ArnLike", false, "aws:SourceArn", values)

_memory_arn := "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5"

# A memory whose ARN is known (manifest).
_memory := {
	"role_ref": {"value": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole", "loc": 30},
	"arn": {"value": _memory_arn, "loc": 31, "arn": {
		"partition": "aws", "service": "bedrock-agentcore", "region": "us-east-1", "account": "111122223333",
		"resource": "memory/support_mem-a1b2c3d4e5", "type": "memory", "id": "support_mem-a1b2c3d4e5",
	}},
	"account": "111122223333", "region": "us-east-1", "partition": "aws",
}

# A memory known only from its CreateMemory input: account from the role ARN.
_memory_unknown_arn := {
	"role_ref": {"value": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole", "loc": 30},
	"account": "111122223333", "partition": "aws",
}

_role := {"name": "MemoryCrossAccountRole", "account": "111122223333"}

_input(conditions, memories) := {
	"policy": {"kind": "trust", "loc": 0, "statements": [_stmt(conditions)]},
	"role": _role,
	"memories": memories,
}

_loose(conditions) := {
	"policy": {"kind": "trust", "loc": 0, "statements": [_stmt(conditions)]},
	"role": {},
	"memories": [],
}

test_allow_guide_condition if {
	count(rule.deny) == 0 with input as _input([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])], [_memory])
}

test_allow_exact_memory_arn if {
	c := _cond("StringEquals", "StringEquals", false, "aws:SourceArn", [_memory_arn])
	count(rule.deny) == 0 with input as _input([c], [_memory_unknown_arn])
}

test_allow_source_account if {
	c := _cond("StringEquals", "StringEquals", false, "aws:SourceAccount", ["111122223333"])
	count(rule.deny) == 0 with input as _input([c], [_memory])
}

# ArnEquals accepts wildcards like ArnLike.
test_allow_arn_equals_wildcard if {
	c := _cond("ArnEquals", "ArnEquals", false, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])
	count(rule.deny) == 0 with input as _input([c], [_memory])
}

test_deny_other_account if {
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5': it names account '444455556666'.",
		"loc": 16,
	}} with input as _input([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*"])], [_memory])
}

test_deny_other_region_and_partition if {
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws-cn:bedrock-agentcore:cn-north-1:111122223333:memory/*' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5': it names partition 'aws-cn', region 'cn-north-1'.",
		"loc": 16,
	}} with input as _input([_arn_like(["arn:aws-cn:bedrock-agentcore:cn-north-1:111122223333:memory/*"])], [_memory])
}

test_deny_bedrock_service_unknown_memory_arn if {
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws:bedrock:us-east-1:111122223333:memory/*' cannot match a memory of account '111122223333': it names service 'bedrock'.",
		"loc": 16,
	}} with input as _input([_arn_like(["arn:aws:bedrock:us-east-1:111122223333:memory/*"])], [_memory_unknown_arn])
}

test_deny_runtime_resource_type if {
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/*' cannot match a memory of account '111122223333': it names resource 'runtime/*'.",
		"loc": 16,
	}} with input as _input([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/*"])], [_memory_unknown_arn])
}

test_deny_string_equals_wildcard if {
	c := _cond("StringEquals", "StringEquals", false, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5': 'StringEquals' compares '*' literally.",
		"loc": 16,
	}} with input as _input([c], [_memory])
}

test_deny_source_account_other_account if {
	c := _cond("StringEquals", "StringEquals", false, "aws:SourceAccount", ["444455556666"])
	rule.deny == {{
		"msg": "The aws:SourceAccount value '444455556666' cannot match a memory of account '111122223333': it names another account.",
		"loc": 16,
	}} with input as _input([c], [_memory_unknown_arn])
}

# Several values are ORed: one that matches is enough.
test_allow_one_of_several_values_matches if {
	count(rule.deny) == 0 with input as _input(
		[_arn_like([
			"arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*",
			"arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*",
		])],
		[_memory],
	)
}

test_deny_every_value_mismatches if {
	rule.deny == {
		{
			"msg": "The aws:SourceArn value 'arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5': it names account '444455556666'.",
			"loc": 16,
		},
		{
			"msg": "The aws:SourceArn value 'arn:aws:bedrock-agentcore:eu-west-1:111122223333:memory/*' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5': it names region 'eu-west-1'.",
			"loc": 17,
		},
	} with input as _input(
		[_arn_like([
			"arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*",
			"arn:aws:bedrock-agentcore:eu-west-1:111122223333:memory/*",
		])],
		[_memory],
	)
}

# Edge: IfExists does not save a mismatch — AgentCore sends the key.
test_deny_if_exists_mismatch if {
	c := _cond("ArnLikeIfExists", "ArnLike", true, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*"])
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5': it names account '444455556666'.",
		"loc": 16,
	}} with input as _input([c], [_memory])
}

test_deny_broad_arn if {
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws:bedrock-agentcore:*:*:*' names no account, so AgentCore resources of any account can have the service assume the role.",
		"loc": 16,
	}} with input as _input([_arn_like(["arn:aws:bedrock-agentcore:*:*:*"])], [_memory])
}

test_deny_bare_wildcard if {
	c := _cond("StringLike", "StringLike", false, "aws:SourceArn", ["*"])
	rule.deny == {{
		"msg": "The aws:SourceArn value '*' names no account, so AgentCore resources of any account can have the service assume the role.",
		"loc": 16,
	}} with input as _input([c], [_memory])
}

# IAM: when aws:SourceArn names no account, add aws:SourceAccount.
test_allow_broad_arn_with_source_account if {
	c2 := _cond2("StringEquals", "StringEquals", "aws:SourceAccount", ["111122223333"])
	count(rule.deny) == 0 with input as _input([_arn_like(["arn:aws:bedrock-agentcore:*:*:memory/*"]), c2], [_memory])
}

# Edge: nothing known about the role or its memory — SourceArn and
# SourceAccount must still agree with each other.
test_deny_source_arn_and_account_disagree_unknown_memory if {
	c2 := _cond2("StringEquals", "StringEquals", "aws:SourceAccount", ["444455556666"])
	rule.deny == {{
		"msg": "The aws:SourceAccount value '444455556666' is not the account that aws:SourceArn names ('111122223333'); both describe the same source, so the statement never applies.",
		"loc": 26,
		"related": [{"loc": 15, "msg": "The aws:SourceArn condition."}],
	}} with input as _loose([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"]), c2])
}

test_allow_source_arn_and_account_agree_unknown_memory if {
	c2 := _cond2("StringEquals", "StringEquals", "aws:SourceAccount", ["111122223333"])
	count(rule.deny) == 0 with input as _loose([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"]), c2])
}

# Edge: without a linked memory the resource type is not checked (Runtime and
# Gateway roles trust the same service principal), the service still is.
test_allow_runtime_type_unknown_memory if {
	count(rule.deny) == 0 with input as _loose([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:111122223333:runtime/*"])])
}

test_deny_bedrock_service_unknown_memory if {
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws:bedrock:us-east-1:111122223333:memory/*' cannot match any AgentCore resource: it names service 'bedrock'.",
		"loc": 16,
	}} with input as _loose([_arn_like(["arn:aws:bedrock:us-east-1:111122223333:memory/*"])])
}

test_deny_role_account_only if {
	rule.deny == {{
		"msg": "The aws:SourceArn value 'arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*' cannot match an AgentCore resource of the role's account '111122223333': it names account '444455556666'.",
		"loc": 16,
	}} with input as _input([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*"])], [])
}

test_deny_negated_excludes_memory if {
	c := _cond("StringNotEquals", "StringNotEquals", false, "aws:SourceAccount", ["111122223333"])
	rule.deny == {{
		"msg": "The 'StringNotEquals' condition on aws:SourceAccount excludes a memory of account '111122223333': its value '111122223333' matches it.",
		"loc": 16,
	}} with input as _input([c], [_memory_unknown_arn])
}

test_allow_negated_other_account if {
	c := _cond("StringNotEquals", "StringNotEquals", false, "aws:SourceAccount", ["444455556666"])
	count(rule.deny) == 0 with input as _input([c], [_memory])
}

test_deny_not_an_arn if {
	rule.deny == {{
		"msg": "The aws:SourceArn value '111122223333' cannot match the memory 'arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5': it is not an ARN.",
		"loc": 16,
	}} with input as _input([_arn_like(["111122223333"])], [_memory])
}

test_allow_other_principal_statement if {
	stmt := object.union(_stmt([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:444455556666:memory/*"])]), {"principal": {"not": false, "loc": 3, "values": [{"type": "Service", "value": "lambda.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 9}]}})
	count(rule.deny) == 0 with input as {"policy": {"kind": "trust", "loc": 0, "statements": [stmt]}, "role": _role, "memories": [_memory]}
}

# Edge: a policy variable is resolved at request time; it is not judged.
test_allow_policy_variable if {
	count(rule.deny) == 0 with input as _input([_arn_like(["arn:aws:bedrock-agentcore:us-east-1:${aws:PrincipalAccount}:memory/*"])], [_memory])
}

# A deploy-time aws:SourceArn (!GetAtt Memory.MemoryArn) cannot be shown to
# mismatch, nor to name no account.
test_allow_unknown_source_arn if {
	c := {
		"operator": {"value": "ArnLike", "loc": 14}, "base": "ArnLike", "qualifier": "", "if_exists": false,
		"key": {"value": "aws:SourceArn", "loc": 15},
		"values": [{"value": "!GetAtt Memory.MemoryArn", "loc": 16, "unknown": true}],
	}
	count(rule.deny) == 0 with input as _input([c], [_memory])
	count(rule.deny) == 0 with input as _loose([c])
}

# A deploy-time aws:SourceAccount may name the account a broad SourceArn leaves open.
test_allow_broad_arn_with_unknown_account if {
	a := _arn_like(["arn:aws:bedrock-agentcore:*:*:memory/*"])
	c := {
		"operator": {"value": "StringEquals", "loc": 24}, "base": "StringEquals", "qualifier": "", "if_exists": false,
		"key": {"value": "aws:SourceAccount", "loc": 25},
		"values": [{"value": "!Ref AWS::AccountId", "loc": 26, "unknown": true}],
	}
	count(rule.deny) == 0 with input as _loose([a, c])
}
