package rules.policy["set-operator-misuse_test"]

import data.lib.policy
import data.rules.policy["set-operator-misuse"] as rule

# Condition number i: operator at loc 20+i, key at 40+i, value at 60+i.
_cond(i, op, qualifier, base, key, value) := {
	"operator": {"value": op, "loc": 20 + i},
	"base": base, "qualifier": qualifier, "if_exists": false,
	"key": {"value": key, "loc": 40 + i},
	"values": [{"value": value, "loc": 60 + i}],
}

_input(effect, conds) := {"policy": policy.with_has({
	"file": "p.json", "kind": "memory", "kind_inferred": false, "loc": 0,
	"version": {"value": "2012-10-17", "loc": 1}, "problems": [],
	"statements": [{
		"index": 0, "ref": "#0", "loc": 2,
		"effect": {"value": effect, "loc": 3},
		"action": {"not": false, "loc": 4, "values": [{"value": "bedrock-agentcore:GetEvent", "loc": 5}]},
		"resource": {"not": false, "loc": 6, "values": [{"value": "*", "loc": 7}]},
		"conditions": conds,
		"condition_loc": 8,
	}],
})}

test_deny_for_all_values_on_single_valued_key if {
	c := _cond(0, "ForAllValues:ArnLike", "ForAllValues", "ArnLike", "aws:SourceArn", "arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/*")
	rule.deny == {{"msg": "'ForAllValues:ArnLike' on the single-valued key 'aws:SourceArn' is also true when the key is absent from the request: drop the qualifier and write 'ArnLike'.", "loc": 20}} with input as _input("Allow", [c])
}

# Even with a Null guard and in a Deny, the qualifier on a single-valued key is wrong.
test_deny_for_any_value_on_memory_key if {
	c := _cond(0, "ForAnyValue:StringEqualsIfExists", "ForAnyValue", "StringEquals", "bedrock-agentcore:namespace", "support/")
	guard := _cond(1, "Null", "", "Null", "bedrock-agentcore:namespace", "false")
	rule.deny == {{"msg": "'ForAnyValue:StringEqualsIfExists' applies a set qualifier to the single-valued key 'bedrock-agentcore:namespace': drop the qualifier and write 'StringEqualsIfExists'.", "loc": 20}} with input as _input("Deny", [c, guard])
}

test_deny_for_all_values_in_allow_on_multivalued_key if {
	c := _cond(0, "ForAllValues:StringLike", "ForAllValues", "StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*")
	rule.deny == {{"msg": "'ForAllValues:StringLike' in an Allow is true when 'aws:PrincipalOrgPaths' is absent from the request, so the statement also allows requests without the key: add a Null condition with 'aws:PrincipalOrgPaths' set to 'false', or use 'ForAnyValue'.", "loc": 20}} with input as _input("Allow", [c])
}

# The documented safe pattern: Null {key: "false"} beside ForAllValues (key case ignored).
test_allow_for_all_values_with_null_guard if {
	c := _cond(0, "ForAllValues:StringEquals", "ForAllValues", "StringEquals", "aws:PrincipalOrgPaths", "team")
	guard := _cond(1, "Null", "", "Null", "aws:principalorgpaths", "false")
	count(rule.deny) == 0 with input as _input("Allow", [c, guard])
}

test_deny_null_guard_that_allows_absence if {
	c := _cond(0, "ForAllValues:StringEquals", "ForAllValues", "StringEquals", "aws:PrincipalOrgPaths", "team")
	guard := _cond(1, "Null", "", "Null", "aws:PrincipalOrgPaths", "true")
	rule.deny == {{"msg": "'ForAllValues:StringEquals' in an Allow is true when 'aws:PrincipalOrgPaths' is absent from the request, so the statement also allows requests without the key: add a Null condition with 'aws:PrincipalOrgPaths' set to 'false', or use 'ForAnyValue'.", "loc": 20}} with input as _input("Allow", [c, guard])
}

test_allow_for_all_values_in_deny_on_multivalued_key if {
	c := _cond(0, "ForAllValues:StringEquals", "ForAllValues", "StringEquals", "aws:PrincipalOrgPaths", "team")
	count(rule.deny) == 0 with input as _input("Deny", [c])
}

test_allow_for_any_value_on_multivalued_key if {
	c := _cond(0, "ForAnyValue:StringLike", "ForAnyValue", "StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/*")
	count(rule.deny) == 0 with input as _input("Allow", [c])
}

test_allow_plain_operator_on_single_valued_key if {
	c := _cond(0, "ArnLike", "", "ArnLike", "aws:SourceArn", "arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/*")
	count(rule.deny) == 0 with input as _input("Allow", [c])
}

# A key the catalog does not know is not judged single-valued: only the
# ForAllValues-in-Allow check applies to it.
test_allow_unknown_key_for_any_value if {
	c := _cond(0, "ForAnyValue:StringLike", "ForAnyValue", "StringLike", "bedrock-agentcore:namespacePath", "summaries/*")
	count(rule.deny) == 0 with input as _input("Allow", [c])
}

test_deny_unknown_key_for_all_values_in_allow if {
	c := _cond(0, "ForAllValues:StringLike", "ForAllValues", "StringLike", "bedrock-agentcore:namespacePath", "summaries/*")
	rule.deny == {{"msg": "'ForAllValues:StringLike' in an Allow is true when 'bedrock-agentcore:namespacePath' is absent from the request, so the statement also allows requests without the key: add a Null condition with 'bedrock-agentcore:namespacePath' set to 'false', or use 'ForAnyValue'.", "loc": 20}} with input as _input("Allow", [c])
}

test_allow_forallvalues_on_tag_keys if {
	c := {"operator": {"value": "ForAllValues:StringEquals", "loc": 30}, "base": "StringEquals", "qualifier": "ForAllValues", "if_exists": false, "key": {"value": "aws:TagKeys", "loc": 31}, "values": [{"value": "team", "loc": 32}]}
	stmt := {"index": 0, "ref": "#0", "loc": 1, "effect": {"value": "Allow", "loc": 2}, "conditions": [c]}
	count(rule.deny) == 0 with input as {"policy": policy.with_has({"kind": "identity", "statements": [stmt]})}
}
