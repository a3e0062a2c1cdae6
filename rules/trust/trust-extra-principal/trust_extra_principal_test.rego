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

# A principal computed at deploy time whose type is AWS is never the AgentCore
# service, whatever it resolves to: extra (high, its account is unknown).
test_deny_unknown_aws_principal if {
	p := {"type": "AWS", "value": "!GetAtt Consumer.Arn", "arn": "", "class": "unknown", "account": "", "partition": "", "loc": 19, "unknown": true}
	rule.deny == {{
		"msg": "The statement also lets '!GetAtt Consumer.Arn' (computed at deploy time, but an AWS principal whatever it resolves to) assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
	}} with input as _input([_stmt([_agentcore, p], ["sts:AssumeRole"], [])])
}

# Built on AWS::AccountId: the role's own account, medium.
test_deny_unknown_own_account_root_medium if {
	p := {"type": "AWS", "value": "!Sub arn:aws:iam::${AWS::AccountId}:root", "arn": "", "class": "unknown", "account": "", "partition": "", "loc": 19, "unknown": true}
	rule.deny == {{
		"msg": "The statement also lets '!Sub arn:aws:iam::${AWS::AccountId}:root' (computed at deploy time, but an AWS principal whatever it resolves to) of the role's own account assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
		"severity": "medium",
	}} with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([p], ["sts:AssumeRole"], [])])
}

# A computed Service principal may be AgentCore itself: the value matters.
test_allow_unknown_service_principal if {
	p := {"type": "Service", "value": "!Ref ServicePrincipal", "arn": "", "class": "unknown", "account": "", "partition": "", "loc": 19, "unknown": true}
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore, p], ["sts:AssumeRole"], [])])
}

# A restricting condition still restricts a computed principal.
test_allow_unknown_principal_restricted if {
	p := {"type": "AWS", "value": "!Ref Caller", "arn": "", "class": "unknown", "account": "", "partition": "", "loc": 19, "unknown": true}
	c := {
		"operator": {"value": "ArnEquals", "loc": 24}, "base": "ArnEquals", "qualifier": "", "if_exists": false,
		"key": {"value": "aws:PrincipalArn", "loc": 25},
		"values": [{"value": "arn:aws:iam::444455556666:role/Deployer", "loc": 26}],
	}
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([p], ["sts:AssumeRole"], [c])])
}

_github := {"type": "Federated", "value": "token.actions.githubusercontent.com", "arn": "token.actions.githubusercontent.com", "class": "federated", "account": "", "partition": "", "loc": 19}

_own_oidc := {"type": "Federated", "value": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "arn": "arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", "class": "federated", "account": "111122223333", "partition": "aws", "loc": 19}

_token_cond(op, key, values) := {
	"operator": {"value": op, "loc": 24}, "base": op, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 25},
	"values": [{"value": v, "loc": 26} | some v in values],
}

_aud := _token_cond("StringEquals", "token.actions.githubusercontent.com:aud", ["sts.amazonaws.com"])

# An audience check admits every GitHub Actions workflow: high.
test_deny_federated_audience_only if {
	rule.deny == {{
		"msg": "The statement also lets every identity of the federated provider 'token.actions.githubusercontent.com' (no condition on the token's subject, 'sub', says which) assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
	}} with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([_github], ["sts:AssumeRoleWithWebIdentity"], [_aud])])
}

# A provider registered in the role's account is not "of the role's own
# account": its users are the provider's.
test_deny_federated_own_account_provider_high if {
	rule.deny == {{
		"msg": "The statement also lets every identity of the federated provider 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' (no condition on the token's subject, 'sub', says which) assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
	}} with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([_own_oidc], ["sts:AssumeRoleWithWebIdentity"], [_aud])])
}

# A concrete subject names the workloads: still extra, medium.
test_deny_federated_subject_medium if {
	sub := _token_cond("StringLike", "token.actions.githubusercontent.com:sub", ["repo:example-org/memory-app:ref:refs/heads/main"])
	rule.deny == {{
		"msg": "The statement also lets the identities of the federated provider 'arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com' that its 'sub' condition admits assume the role; only 'bedrock-agentcore.amazonaws.com' should.",
		"loc": 19,
		"severity": "medium",
	}} with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([_own_oidc], ["sts:AssumeRoleWithWebIdentity"], [_aud, sub])])
}

# Edge: a subject pattern that admits every repository does not narrow it.
test_deny_federated_wildcard_subject_high if {
	sub := _token_cond("StringLike", "token.actions.githubusercontent.com:sub", ["repo:*"])
	d := rule.deny with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([_github], ["sts:AssumeRoleWithWebIdentity"], [_aud, sub])])
	count(d) == 1
	every f in d {
		not f.severity
	}
}

# A wildcard inside a principal ARN: IAM rejects the policy (ML012), so the
# principal lets no one assume the role.
test_allow_rejected_wildcard_principal if {
	p := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/*", "arn": "arn:aws:iam::444455556666:role/*", "class": "other", "account": "444455556666", "partition": "aws", "loc": 19}
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([p], ["sts:AssumeRole"], [])])
}

# The effective reach Go computes for AWS principals (internal/facts) decides
# whether conditions and Denies narrow them.
_eff(reach, narrowed) := {"reach": reach, "narrowed": narrowed, "actions": {"sts:AssumeRole": {"reach": reach, "outside": "yes", "accounts": [], "orgs": [], "scoped": [], "via_service": false}}}

test_deny_public_despite_a_condition_that_admits_everyone if {
	# e.g. StringLike aws:PrincipalOrgID "o-*": the condition's shape
	# restricts, its meaning does not.
	p := object.union(_public, {"effective": _eff("public", false)})
	count(rule.deny) == 1 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([p], ["sts:AssumeRole"], [])])
}

test_allow_public_narrowed_to_an_organisation if {
	p := object.union(_public, {"effective": _eff("organization", true)})
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([p], ["sts:AssumeRole"], [])])
}

test_allow_denied_to_everyone if {
	p := object.union(_other_root, {"effective": _eff("none", true)})
	count(rule.deny) == 0 with input as _input([_stmt([_agentcore], ["sts:AssumeRole"], [_guide_cond]), _stmt([p], ["sts:AssumeRole"], [])])
}
