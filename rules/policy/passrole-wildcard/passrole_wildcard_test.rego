package rules.policy["passrole-wildcard_test"]

import data.lib.policy
import data.rules.policy["passrole-wildcard"] as rule

_stmt(actions, resources, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"action": {"not": false, "loc": 3, "values": [{"value": a, "loc": 10 + i} | some i, a in actions]},
	"resource": {"not": false, "loc": 4, "values": [{"value": r, "loc": 20 + i} | some i, r in resources]},
	"conditions": conditions,
}

_input(stmt) := {"policy": policy.with_has({"kind": "identity", "statements": [stmt]})}

_cond(op, base, key, values) := {
	"operator": {"value": op, "loc": 30}, "base": base, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 31},
	"values": [{"value": v, "loc": 40 + i} | some i, v in values],
}

_role := "arn:aws:iam::111122223333:role/MemoryCrossAccountRole"

test_deny_pass_role_on_star if {
	rule.deny == {{"msg": "The statement allows 'iam:PassRole' on every role ('*') without an 'iam:PassedToService' condition naming the services, so its holder can pass any role to any service.", "loc": 20}} with input as _input(_stmt(["bedrock-agentcore:CreateMemory", "iam:PassRole"], ["*"], []))
}

test_deny_through_wildcard_action_on_account_roles if {
	rule.deny == {{"msg": "The statement allows 'iam:PassRole' (through 'iam:Pass*') on every role ('arn:aws:iam::111122223333:role/*') without an 'iam:PassedToService' condition naming the services, so its holder can pass any role to any service.", "loc": 21}} with input as _input(_stmt(["iam:Pass*"], [_role, "arn:aws:iam::111122223333:role/*"], []))
}

test_deny_star_action_and_resource_reports_first_value if {
	rule.deny == {{"msg": "The statement allows 'iam:PassRole' (through '*') on every role ('*') without an 'iam:PassedToService' condition naming the services, so its holder can pass any role to any service.", "loc": 20}} with input as _input(_stmt(["*"], ["*", "arn:aws:iam::*:*"], []))
}

test_deny_not_action_not_resource if {
	stmt := object.union(_stmt(["s3:*"], ["arn:aws:s3:::b/*"], []), {"action": {"not": true}, "resource": {"not": true}})
	rule.deny == {{"msg": "The statement allows 'iam:PassRole' (through NotAction, which does not exclude it) on every resource outside NotResource without an 'iam:PassedToService' condition naming the services, so its holder can pass any role to any service.", "loc": 4}} with input as _input(stmt)
}

test_deny_condition_does_not_restrict if {
	conds := [
		_cond("StringNotEquals", "StringNotEquals", "iam:PassedToService", ["ec2.amazonaws.com"]),
		_cond("StringLike", "StringLike", "iam:PassedToService", ["*.amazonaws.com"]),
		_cond("StringEquals", "StringEquals", "aws:ResourceTag/team", ["memory"]),
	]
	count(rule.deny) == 1 with input as _input(_stmt(["iam:PassRole"], ["*"], conds))
}

test_allow_passed_to_service if {
	conds := [_cond("StringEquals", "StringEquals", "iam:PassedToService", ["bedrock-agentcore.amazonaws.com"])]
	count(rule.deny) == 0 with input as _input(_stmt(["iam:PassRole"], ["*"], conds))
}

test_allow_passed_to_service_if_exists if {
	c := object.union(_cond("StringEqualsIfExists", "StringEquals", "iam:PassedToService", ["bedrock-agentcore.amazonaws.com"]), {"if_exists": true})
	count(rule.deny) == 0 with input as _input(_stmt(["iam:PassRole"], ["*"], [c]))
}

test_allow_named_role if {
	count(rule.deny) == 0 with input as _input(_stmt(["iam:PassRole"], [_role, "arn:aws:iam::111122223333:role/memory-*"], []))
}

test_allow_not_action_excluding_pass_role if {
	stmt := object.union(_stmt(["iam:*"], ["*"], []), {"action": {"not": true}})
	count(rule.deny) == 0 with input as _input(stmt)
}

test_allow_not_resource_excluding_roles if {
	stmt := object.union(_stmt(["iam:PassRole"], ["arn:aws:iam::*:role/*"], []), {"resource": {"not": true}})
	count(rule.deny) == 0 with input as _input(stmt)
}

test_allow_deny_statement if {
	stmt := object.union(_stmt(["iam:PassRole"], ["*"], []), {"effect": {"value": "Deny"}})
	count(rule.deny) == 0 with input as _input(stmt)
}

test_allow_other_action if {
	count(rule.deny) == 0 with input as _input(_stmt(["iam:GetRole", "s3:*"], ["*"], []))
}

test_allow_no_resource_element if {
	# A statement without Resource (ML002) has nothing to point at.
	stmt := object.remove(_stmt(["iam:PassRole"], [], []), ["resource"])
	count(rule.deny) == 0 with input as _input(stmt)
}

test_deny_short_pattern_covering_every_role if {
	# In a Resource a trailing * stands for the missing fields:
	# "arn:aws:iam::*" is every IAM resource of every account.
	rule.deny == {{"msg": "The statement allows 'iam:PassRole' (through 'IAM:Pass*') on every role ('arn:aws:iam::*') without an 'iam:PassedToService' condition naming the services, so its holder can pass any role to any service.", "loc": 21}} with input as _input(_stmt(["IAM:Pass*"], [_role, "arn:aws:iam::*"], []))
}

test_deny_case_variant_action_on_all_accounts_roles if {
	rule.deny == {{"msg": "The statement allows 'iam:PassRole' on every role ('arn:aws:iam::*:role/*') without an 'iam:PassedToService' condition naming the services, so its holder can pass any role to any service.", "loc": 20}} with input as _input(_stmt(["IAM:passrole"], ["arn:aws:iam::*:role/*"], []))
}

test_deny_not_action_on_star if {
	stmt := object.union(_stmt(["s3:*", "iam:GetRole"], ["*"], []), {"action": {"not": true}})
	rule.deny == {{"msg": "The statement allows 'iam:PassRole' (through NotAction, which does not exclude it) on every role ('*') without an 'iam:PassedToService' condition naming the services, so its holder can pass any role to any service.", "loc": 20}} with input as _input(stmt)
}

test_allow_not_resource_excluding_roles_by_short_pattern if {
	stmt := object.union(_stmt(["iam:PassRole"], ["arn:aws:iam::*"], []), {"resource": {"not": true}})
	count(rule.deny) == 0 with input as _input(stmt)
}

test_allow_short_pattern_of_other_service if {
	count(rule.deny) == 0 with input as _input(_stmt(["*"], ["arn:aws:codepipeline:*"], []))
}
