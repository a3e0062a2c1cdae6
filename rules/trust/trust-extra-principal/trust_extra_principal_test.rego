package rules.trust["trust-extra-principal_test"]

import data.rules.trust["trust-extra-principal"] as rule

_agentcore := {"type": "Service", "value": "bedrock-agentcore.amazonaws.com", "arn": "bedrock-agentcore.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 9}

_lambda := {"type": "Service", "value": "lambda.amazonaws.com", "arn": "lambda.amazonaws.com", "class": "service", "account": "", "partition": "", "loc": 19}

_public := {"type": "AWS", "value": "*", "arn": "*", "class": "public", "account": "", "partition": "", "loc": 19}

_other_root := {"type": "AWS", "value": "arn:aws:iam::444455556666:root", "arn": "arn:aws:iam::444455556666:root", "class": "account", "account": "444455556666", "partition": "aws", "loc": 19}

_own_role := {"type": "AWS", "value": "arn:aws:iam::111122223333:role/Admin", "arn": "arn:aws:iam::111122223333:role/Admin", "class": "role", "account": "111122223333", "partition": "aws", "loc": 19}

_stmt(principals, actions, conditions) := {
	"index": 0, "ref": "#0", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": principals},
	"action": {"not": false, "loc": 4, "values": [{"value": a, "loc": 5} | some a in actions]},
	"conditions": conditions,
}

_guide_cond := {
	"operator": {"value": "ArnLike", "loc": 14}, "base": "ArnLike", "qualifier": "", "if_exists": false,
	"key": {"value": "aws:SourceArn", "loc": 15},
	"values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/*", "loc": 16}],
}

_memory := {
	"role_ref": {"value": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole", "loc": 30},
	"account": "111122223333", "partition": "aws",
}

_input(stmts) := {
	"policy": {"kind": "trust", "loc": 0, "statements": stmts},
	"role": {"name": "MemoryCrossAccountRole", "account": "111122223333"},
	"memories": [_memory],
}

test_allow_guide_trust_policy if {
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond])])
}

test_deny_other_account_root if {
	rule.deny == {{
		"msg": "The statement also lets the whole account '444455556666' assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
	}} with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([_other_root], ["sts:AssumeRole"], [])])
}

test_deny_public if {
	rule.deny == {{
		"msg": "The statement also lets anyone ('*') assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
	}} with input as _input([_stmt([_agentcore, _public], ["sts:AssumeRole"], [])])
}

# Same account: still extra, lowered to medium.
test_deny_own_account_role_medium if {
	rule.deny == {{
		"msg": "The statement also lets the role 'arn:aws:iam::111122223333:role/Admin' of the role's own account assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
		"severity": "medium",
	}} with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], []), _stmt([_own_role], ["sts:AssumeRole"], [])])
}

# Edge: the role's ARN is unknown; its account comes from the memory using it.
test_deny_own_account_from_memory if {
	rule.deny == {{
		"msg": "The statement also lets the role 'arn:aws:iam::111122223333:role/Admin' of the role's own account assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
		"severity": "medium",
	}} with input as {
		"policy": {"kind": "trust", "loc": 0, "statements": [_stmt([_agentcore, _own_role], ["sts:AssumeRole"], [])]},
		"role": {"name": "MemoryCrossAccountRole"},
		"memories": [_memory],
	}
}

# Edge: nothing known about the role: another account cannot be told from
# the own one, so the finding stays high.
test_deny_loose_policy_unknown_account if {
	rule.deny == {{
		"msg": "The statement also lets the role 'arn:aws:iam::111122223333:role/Admin' assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
	}} with input as {
		"policy": {"kind": "trust", "loc": 0, "statements": [_stmt([_agentcore, _own_role], ["sts:AssumeRole"], [])]},
		"role": {}, "memories": [],
	}
}

test_allow_restricted_by_principal_arn if {
	c := {
		"operator": {"value": "ArnEquals", "loc": 24}, "base": "ArnEquals", "qualifier": "", "if_exists": false,
		"key": {"value": "aws:PrincipalArn", "loc": 25},
		"values": [{"value": "arn:aws:iam::444455556666:role/Deployer", "loc": 26}],
	}
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], []), _stmt([_other_root], ["sts:AssumeRole"], [c])])
}

# Edge: an IfExists condition does not restrict callers.
test_deny_if_exists_condition_does_not_restrict if {
	c := {
		"operator": {"value": "ArnEqualsIfExists", "loc": 24}, "base": "ArnEquals", "qualifier": "", "if_exists": true,
		"key": {"value": "aws:PrincipalArn", "loc": 25},
		"values": [{"value": "arn:aws:iam::444455556666:role/Deployer", "loc": 26}],
	}
	count(rule.deny) == 1 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], []), _stmt([_other_root], ["sts:AssumeRole"], [c])])
}

test_deny_other_service_next_to_agentcore if {
	rule.deny == {{
		"msg": "The statement also lets the service 'lambda.amazonaws.com' assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
	}} with input as _input([_stmt([_agentcore, _lambda], ["sts:AssumeRole"], [])])
}

# Without AgentCore, another service is ML201's wrong service, not extra.
test_allow_other_service_alone if {
	count(rule.deny) == 0 with input as _input([_stmt([_lambda], ["sts:AssumeRole"], [])])
}

test_deny_not_principal if {
	stmt := object.union(_stmt([_agentcore], ["sts:AssumeRole"], []), {"principal": {"not": true, "loc": 3, "values": [_agentcore]}})
	rule.deny == {{
		"msg": "The statement uses NotPrincipal with Allow, which lets every principal except 'bedrock-agentcore.amazonaws.com' assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 3,
	}} with input as _input([stmt])
}

test_allow_unrelated_role if {
	count(rule.deny) == 0 with input as {
		"policy": {"kind": "trust", "loc": 0, "statements": [_stmt([_lambda, _other_root], ["sts:AssumeRole"], [])]},
		"role": {}, "memories": [],
	}
}

test_allow_deny_statement if {
	stmt := object.union(_stmt([_public], ["sts:AssumeRole"], []), {"effect": {"value": "Deny", "loc": 2}})
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], []), stmt])
}

test_allow_other_action if {
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], []), _stmt([_other_root], ["sts:TagSession"], [])])
}

# A principal computed at deploy time is never reported as extra.
test_allow_unknown_principal if {
	p := {"type": "AWS", "value": "!GetAtt Consumer.Arn", "arn": "", "class": "unknown", "account": "", "partition": "", "loc": 19, "unknown": true}
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore, p], ["sts:AssumeRole"], [_guide_cond])])
}
