package rules.policy["missing-version_test"]

import data.rules.policy["missing-version"] as rule

_stmt(ref, resource, conditions) := {
	"index": 0, "ref": ref, "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"action": {"not": false, "loc": 3, "values": [{"value": "s3:GetObject", "loc": 4}]},
	"resource": {"not": false, "loc": 5, "values": [{"value": resource, "loc": 6}]},
	"conditions": conditions,
}

_plain := _stmt("#0", "arn:aws:s3:::bucket/shared/*", [])

_input(version, stmts) := {"policy": object.union(
	{"file": "p.json", "kind": "identity", "kind_inferred": true, "loc": 0, "problems": [], "statements": stmts},
	version,
)}

_v(value) := {"version": {"value": value, "loc": 9}}

test_deny_missing if {
	rule.deny == {{"msg": "The policy has no Version, so IAM reads it with the 2008-10-17 policy language, where policy variables such as '${aws:username}' are literal text.", "loc": 0}} with input as _input({}, [_plain])
}

test_deny_legacy_version if {
	rule.deny == {{"msg": "Version '2008-10-17' is the legacy policy language, where policy variables such as '${aws:username}' are literal text.", "loc": 9}} with input as _input(_v("2008-10-17"), [_plain])
}

test_deny_missing_with_variable_in_resource if {
	stmt := _stmt("OwnFolder", "arn:aws:s3:::bucket/home/${aws:username}/*", [])
	vars := {"variables": {"count": 1, "first": "${aws:username}", "where": "the Resource of statement 'OwnFolder'"}}
	rule.deny == {{"msg": "The policy has no Version, so IAM reads it with the 2008-10-17 policy language: the policy variable '${aws:username}' in the Resource of statement 'OwnFolder' is literal text, not substituted.", "loc": 0}} with input as _input(vars, [stmt])
}

test_deny_legacy_version_with_variables_in_conditions if {
	cond := {
		"operator": {"value": "StringEquals", "loc": 20}, "base": "StringEquals", "qualifier": "", "if_exists": false,
		"key": {"value": "bedrock-agentcore:actorId", "loc": 21},
		"values": [{"value": "${aws:PrincipalTag/actor}", "loc": 22}, {"value": "x-${aws:userid}", "loc": 23}],
	}
	stmt := _stmt("#0", "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5", [cond])
	vars := {"variables": {"count": 2, "first": "${aws:PrincipalTag/actor}", "where": "the 'bedrock-agentcore:actorId' condition of statement '#0'"}}
	rule.deny == {{"msg": "Version '2008-10-17' is the legacy policy language: the policy variable '${aws:PrincipalTag/actor}' in the 'bedrock-agentcore:actorId' condition of statement '#0' is literal text, not substituted (and 1 more use of a variable).", "loc": 9}} with input as _input(object.union(_v("2008-10-17"), vars), [stmt])
}

test_deny_many_variables if {
	vars := {"variables": {"count": 5, "first": "${aws:userid}", "where": "the Resource of statement 'A'"}}
	rule.deny == {{"msg": "The policy has no Version, so IAM reads it with the 2008-10-17 policy language: the policy variable '${aws:userid}' in the Resource of statement 'A' is literal text, not substituted (and 4 more uses of variables).", "loc": 0}} with input as _input(vars, [_plain])
}

test_allow_current_version if {
	count(rule.deny) == 0 with input as _input(_v("2012-10-17"), [_stmt("#0", "arn:aws:s3:::bucket/home/${aws:username}/*", [])])
}

# Any other value is a grammar error (ML002), not this rule's.
test_allow_other_version if {
	count(rule.deny) == 0 with input as _input(_v("2012-10-18"), [_plain])
}

# A manifest-named file whose top level is not an object: ML001 reports it and
# the document Rego sees has neither statements nor problems.
test_allow_not_a_document if {
	count(rule.deny) == 0 with input as _input({}, [])
}

test_deny_missing_without_statements if {
	doc := object.union(_input({}, []), {"policy": {"problems": [{"msg": "The policy has no Statement.", "loc": 0}]}})
	rule.deny == {{"msg": "The policy has no Version, so IAM reads it with the 2008-10-17 policy language, where policy variables such as '${aws:username}' are literal text.", "loc": 0}} with input as doc
}
