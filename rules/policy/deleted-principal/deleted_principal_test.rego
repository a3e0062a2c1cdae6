package rules.policy["deleted-principal_test"]

import data.lib.policy
import data.rules.policy["deleted-principal"] as rule

_p(value, class, loc) := {"type": "AWS", "value": value, "arn": value, "class": class, "account": "", "partition": "", "loc": loc}

_role := {"type": "AWS", "value": "arn:aws:iam::444455556666:role/Reader", "arn": "arn:aws:iam::444455556666:role/Reader", "class": "role", "account": "444455556666", "partition": "aws", "loc": 8}

_stmt(effect, not_principal, principals) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": effect, "loc": 2},
	"principal": {"not": not_principal, "loc": 3, "values": principals},
	"action": {"not": false, "loc": 4, "values": [{"value": "bedrock-agentcore:GetEvent", "loc": 5}]},
	"conditions": [],
}

_input(stmt) := {"policy": policy.with_has({"kind": "memory", "statements": [stmt]})}

test_deny_deleted_role if {
	rule.deny == {{"msg": "The principal 'AROA1234567890EXAMPLE' is the unique ID of a deleted role; the grant is dead and a re-created role of the same name does not get it.", "loc": 9}} with input as _input(_stmt("Allow", false, [_role, _p("AROA1234567890EXAMPLE", "unique-id", 9)]))
}

test_deny_deleted_user_in_deny if {
	rule.deny == {{"msg": "The principal 'AIDA1234567890EXAMPLE' is the unique ID of a deleted user; the Deny no longer applies to a re-created user of the same name.", "loc": 9}} with input as _input(_stmt("Deny", false, [_p("AIDA1234567890EXAMPLE", "unique-id", 9)]))
}

test_deny_deleted_role_in_not_principal if {
	rule.deny == {{"msg": "The principal 'AROA1234567890EXAMPLE' is the unique ID of a deleted role; a re-created role of the same name is not excepted by NotPrincipal.", "loc": 9}} with input as _input(_stmt("Deny", true, [_p("AROA1234567890EXAMPLE", "unique-id", 9)]))
}

test_deny_other_unique_id if {
	rule.deny == {{"msg": "The principal 'AGPA1234567890EXAMPLE' is an IAM unique ID of something that is neither a role nor a user (prefix 'AGPA'); it matches no caller.", "loc": 9}} with input as _input(_stmt("Allow", false, [_p("AGPA1234567890EXAMPLE", "unique-id", 9)]))
}

test_deny_missing_effect if {
	# No Effect (ML002): not an Allow, so the Deny wording is used.
	stmt := object.remove(_stmt("Allow", false, [_p("AROA1234567890EXAMPLE", "unique-id", 9)]), ["effect"])
	count(rule.deny) == 1 with input as _input(stmt)
}

test_allow_role_arn if {
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, [_role]))
}

test_allow_id_like_value_not_classified if {
	# Too short to be a unique ID: the loader classifies it "other".
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, [_p("AROASHORT", "other", 9)]))
}
