package rules.trust["trust-missing-service_test"]

import data.rules.trust["trust-missing-service"] as rule

_agentcore := {"type": "Service", "value": "bedrock-agentcore.amazonaws.com", "arn": "bedrock-agentcore.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 9}

_bedrock := {"type": "Service", "value": "bedrock.amazonaws.com", "arn": "bedrock.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 9}

_lambda := {"type": "Service", "value": "lambda.amazonaws.com", "arn": "lambda.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 9}

_public := {"type": "*", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 29}

_stmt(ref, effect, principal, actions, conditions) := {
	"index": 0, "ref": ref, "loc": 1,
	"effect": {"value": effect, "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [principal]},
	"action": {"not": false, "loc": 4, "values": [{"value": a, "loc": 5} | some a in actions]},
	"conditions": conditions,
}

_cond(op, base, if_exists, key, values) := {
	"operator": {"value": op, "loc": 14}, "base": base, "qualifier": "", "if_exists": if_exists,
	"key": {"value": key, "loc": 15},
	"values": [{"value": v, "loc": 16} | some v in values],
}

# The AWS guide's condition.
_guide_cond := _cond("ArnLike", "ArnLike", false, "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*"])

_memory := {
	"role_ref": {"value": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole", "loc": 30},
	"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 31},
	"account": "111122223333", "region": "us-east-1", "partition": "aws",
}

_role := {"name": "MemoryCrossAccountRole", "account": "111122223333"}

_input(stmts, memories) := {
	"policy": {"kind": "trust", "loc": 0, "statements": stmts},
	"role": _role,
	"memories": memories,
}

test_allow_guide_trust_policy if {
	count(rule.deny) == 0 with input as _input([_stmt("#0", "Allow", _agentcore, ["sts:AssumeRole"], [_guide_cond])], [_memory])
}

test_allow_action_wildcard if {
	count(rule.deny) == 0 with input as _input([_stmt("#0", "Allow", _agentcore, ["sts:*"], [])], [_memory])
}

# A condition that can never hold for the memory is ML203's finding: the
# service statement still exists.
test_allow_mismatched_condition_still_exists if {
	c := _cond("StringEquals", "StringEquals", false, "aws:SourceAccount", ["444455556666"])
	count(rule.deny) == 0 with input as _input([_stmt("#0", "Allow", _agentcore, ["sts:AssumeRole"], [c])], [_memory])
}

test_deny_wrong_service if {
	rule.deny == {{
		"msg": "The statement lets the service principal 'bedrock.amazonaws.com' assume the role, not 'bedrock-agentcore.amazonaws.com'.",
		"loc": 9,
	}} with input as _input([_stmt("#0", "Allow", _bedrock, ["sts:AssumeRole"], [_guide_cond])], [_memory])
}

test_deny_wrong_action if {
	rule.deny == {{
		"msg": "The statement grants 'bedrock-agentcore.amazonaws.com' 'sts:AssumeRoleWithWebIdentity' but not 'sts:AssumeRole', the action the service calls.",
		"loc": 5,
	}} with input as _input([_stmt("#0", "Allow", _agentcore, ["sts:AssumeRoleWithWebIdentity"], [])], [_memory])
}

test_deny_wrong_actions_points_at_action_key if {
	rule.deny == {{
		"msg": "The statement grants 'bedrock-agentcore.amazonaws.com' 'sts:TagSession', 'sts:SetSourceIdentity' but not 'sts:AssumeRole', the action the service calls.",
		"loc": 4,
	}} with input as _input([_stmt("#0", "Allow", _agentcore, ["sts:TagSession", "sts:SetSourceIdentity"], [])], [_memory])
}

test_deny_deny_only if {
	rule.deny == {{
		"msg": "The trust policy has no Allow statement that lets 'bedrock-agentcore.amazonaws.com' perform 'sts:AssumeRole' (only a Deny statement names it).",
		"loc": 0,
	}} with input as _input([_stmt("#0", "Deny", _agentcore, ["sts:AssumeRole"], [])], [_memory])
}

test_deny_not_principal if {
	stmt := object.union(_stmt("#0", "Allow", _agentcore, ["sts:AssumeRole"], []), {"principal": {"not": true, "loc": 3, "values": [_agentcore]}})
	rule.deny == {{
		"msg": "The statement names 'bedrock-agentcore.amazonaws.com' in NotPrincipal, which allows every principal except it.",
		"loc": 9,
	}} with input as _input([stmt], [_memory])
}

test_deny_overridden_by_unconditional_deny if {
	allow := _stmt("Trust", "Allow", _agentcore, ["sts:AssumeRole"], [_guide_cond])
	d := object.union(_stmt("Block", "Deny", _public, ["sts:*"], []), {"loc": 21})
	rule.deny == {{
		"msg": "The Deny statement 'Block' stops 'bedrock-agentcore.amazonaws.com' from assuming the role, overriding the Allow statement 'Trust'.",
		"loc": 21,
		"related": [{"loc": 9, "msg": "The Allow statement the Deny overrides."}],
	}} with input as _input([allow, d], [_memory])
}

# Edge: an IfExists negated Deny on aws:SourceAccount holds (the key is
# present and names the memory's account, not the listed one).
test_deny_overridden_by_if_exists_deny_that_holds if {
	allow := _stmt("Trust", "Allow", _agentcore, ["sts:AssumeRole"], [_guide_cond])
	c := _cond("StringNotEqualsIfExists", "StringNotEquals", true, "aws:SourceAccount", ["444455556666"])
	d := object.union(_stmt("Block", "Deny", _agentcore, ["sts:AssumeRole"], [c]), {"loc": 21})
	count(rule.deny) == 1 with input as _input([allow, d], [_memory])
}

# The usual confused-deputy guard: the Deny does not hold for the memory.
test_allow_deny_guard_for_other_accounts if {
	allow := _stmt("Trust", "Allow", _agentcore, ["sts:AssumeRole"], [_guide_cond])
	c := _cond("StringNotEquals", "StringNotEquals", false, "aws:SourceAccount", ["111122223333"])
	d := object.union(_stmt("Guard", "Deny", _public, ["sts:AssumeRole"], [c]), {"loc": 21})
	count(rule.deny) == 0 with input as _input([allow, d], [_memory])
}

# Edge: a conditional Deny when the memory is unknown cannot be decided and
# does not override the Allow.
test_allow_conditional_deny_unknown_memory if {
	allow := _stmt("Trust", "Allow", _agentcore, ["sts:AssumeRole"], [_guide_cond])
	c := _cond("StringNotEquals", "StringNotEquals", false, "aws:SourceAccount", ["444455556666"])
	d := object.union(_stmt("Guard", "Deny", _public, ["sts:AssumeRole"], [c]), {"loc": 21})
	count(rule.deny) == 0 with input as {"policy": {"kind": "trust", "loc": 0, "statements": [allow, d]}, "role": {}, "memories": []}
}

test_allow_unrelated_role if {
	count(rule.deny) == 0 with input as {
		"policy": {"kind": "trust", "loc": 0, "statements": [_stmt("#0", "Allow", _lambda, ["sts:AssumeRole"], [])]},
		"role": {}, "memories": [],
	}
}

# Edge: a loose trust policy (unknown role, no memory) that names
# bedrock-agentcore in its aws:SourceArn is a memory execution role.
test_deny_loose_policy_mentioning_agentcore if {
	rule.deny == {{
		"msg": "The statement lets the service principal 'bedrock.amazonaws.com' assume the role, not 'bedrock-agentcore.amazonaws.com'.",
		"loc": 9,
	}} with input as {
		"policy": {"kind": "trust", "loc": 0, "statements": [_stmt("#0", "Allow", _bedrock, ["sts:AssumeRole"], [_guide_cond])]},
		"role": {}, "memories": [],
	}
}

test_deny_lambda_role_used_by_memory if {
	rule.deny == {{
		"msg": "The statement lets the service principal 'lambda.amazonaws.com' assume the role, not 'bedrock-agentcore.amazonaws.com'.",
		"loc": 9,
	}} with input as _input([_stmt("#0", "Allow", _lambda, ["sts:AssumeRole"], [])], [_memory])
}

test_deny_no_statement if {
	rule.deny == {{
		"msg": "The trust policy has no Allow statement that lets 'bedrock-agentcore.amazonaws.com' perform 'sts:AssumeRole'.",
		"loc": 0,
	}} with input as _input([], [_memory])
}

# Edge: no Action element at all (ML002's grammar finding too): the statement.
test_deny_no_action if {
	stmt := object.remove(_stmt("#0", "Allow", _agentcore, [], []), ["action"])
	rule.deny == {{
		"msg": "The statement names 'bedrock-agentcore.amazonaws.com' but grants it no action; the service calls 'sts:AssumeRole'.",
		"loc": 1,
	}} with input as _input([stmt], [_memory])
}

# A service principal computed at deploy time (!Ref ServicePrincipal) may be
# AgentCore: whether it is missing cannot be decided statically.
test_allow_unknown_service_principal if {
	p := {"type": "Service", "value": "!Ref ServicePrincipal", "arn": "", "class": "unknown", "account": "", "partition": "", "loc": 9, "unknown": true}
	count(rule.deny) == 0 with input as _input([_stmt("#0", "Allow", p, ["sts:AssumeRole"], [])], [_memory])
}

# A computed AWS principal (!Ref AWS::AccountId) is an AWS principal whatever
# it resolves to, never the AgentCore service: the service is missing.
test_deny_unknown_aws_principal_only if {
	p := {"type": "AWS", "value": "!Ref AWS::AccountId", "arn": "", "class": "unknown", "account": "", "partition": "", "loc": 9, "unknown": true}
	rule.deny == {{
		"msg": "The trust policy has no Allow statement that lets 'bedrock-agentcore.amazonaws.com' perform 'sts:AssumeRole'.",
		"loc": 0,
	}} with input as _input([_stmt("#0", "Allow", p, ["sts:AssumeRole"], [])], [_memory])
}
