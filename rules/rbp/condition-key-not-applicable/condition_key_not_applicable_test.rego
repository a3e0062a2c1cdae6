package rules.rbp["condition-key-not-applicable_test"]

import data.rules.rbp["condition-key-not-applicable"] as rule

_stmt(effect, not_action, actions, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": effect, "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [{"type": "AWS", "value": "arn:aws:iam::444455556666:role/Writer", "arn": "arn:aws:iam::444455556666:role/Writer", "class": "role", "account": "444455556666", "partition": "aws", "loc": 9}]},
	"action": {"not": not_action, "loc": 4, "values": [{"value": v, "loc": 10 + i} | some i, v in actions]},
	"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 7}]},
	"conditions": conditions,
}

_input(stmt) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": true}}

_cond(op, key, values) := {
	"operator": {"value": op, "loc": 20},
	"base": trim_suffix(split(op, ":")[count(split(op, ":")) - 1], "IfExists"),
	"qualifier": _qualifier(op),
	"if_exists": endswith(op, "IfExists"),
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 22} | some v in values],
}

_qualifier(op) := split(op, ":")[0] if contains(op, ":")

_qualifier(op) := "" if not contains(op, ":")

test_deny_namespace_on_create_event if {
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/actors/agent-b/"])
	msg := "The condition key 'bedrock-agentcore:namespace' is not in the request context of 'bedrock-agentcore:CreateEvent', so the 'StringEquals' condition is never true for it: the statement never grants it."
	rule.deny == {{"msg": msg, "loc": 21}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:RetrieveMemoryRecords"], [c]))
}

test_deny_actor_on_record_actions if {
	c := _cond("StringLike", "bedrock-agentcore:actorId", ["agent-b-*"])
	msg := "The condition key 'bedrock-agentcore:actorId' is not in the request context of 'bedrock-agentcore:RetrieveMemoryRecords', 'bedrock-agentcore:GetMemoryRecord', so the 'StringLike' condition is never true for them: the statement never grants them."
	rule.deny == {{"msg": msg, "loc": 21}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:GetMemoryRecord"], [c]))
}

test_deny_negated_in_allow if {
	c := _cond("StringNotEquals", "bedrock-agentcore:namespace", ["/admin/"])
	msg := "The condition key 'bedrock-agentcore:namespace' is not in the request context of 'bedrock-agentcore:CreateEvent', so the 'StringNotEquals' condition is always true for it: it does not restrict it."
	rule.deny == {{"msg": msg, "loc": 21}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:CreateEvent"], [c]))
}

test_deny_negated_in_deny if {
	c := _cond("StringNotEquals", "bedrock-agentcore:actorId", ["agent-b"])
	msg := "The condition key 'bedrock-agentcore:actorId' is not in the request context of 'bedrock-agentcore:DeleteMemoryRecord', so the 'StringNotEquals' condition is always true for it: the statement denies it on every request."
	rule.deny == {{"msg": msg, "loc": 21}} with input as _input(_stmt("Deny", false, ["bedrock-agentcore:DeleteMemoryRecord"], [c]))
}

test_deny_positive_in_deny if {
	c := _cond("StringEquals", "bedrock-agentcore:actorId", ["intruder"])
	msg := "The condition key 'bedrock-agentcore:actorId' is not in the request context of 'bedrock-agentcore:BatchDeleteMemoryRecords', so the 'StringEquals' condition is never true for it: the statement never denies it."
	rule.deny == {{"msg": msg, "loc": 21}} with input as _input(_stmt("Deny", false, ["bedrock-agentcore:BatchDeleteMemoryRecords"], [c]))
}

test_deny_if_exists if {
	c := _cond("StringEqualsIfExists", "bedrock-agentcore:sessionId", ["s-1"])
	msg := "The condition key 'bedrock-agentcore:sessionId' is not in the request context of 'bedrock-agentcore:ListMemoryRecords', so the 'StringEqualsIfExists' condition is always true for it: it does not restrict it."
	rule.deny == {{"msg": msg, "loc": 21}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:ListMemoryRecords"], [c]))
}

test_deny_wildcard_none_supports if {
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/actors/agent-b/"])
	msg := "The condition key 'bedrock-agentcore:namespace' is not in the request context of 'bedrock-agentcore:*Event', so the 'StringEquals' condition is never true for it: the statement never grants it."
	rule.deny == {{"msg": msg, "loc": 21}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:*Event"], [c]))
}

test_deny_other_service_key if {
	c := _cond("StringLike", "s3:prefix", ["home/*"])
	msg := "The condition key 's3:prefix' is not in the request context of 'bedrock-agentcore:*', so the 'StringLike' condition is never true for it: the statement never grants it."
	rule.deny == {{"msg": msg, "loc": 21}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:*"], [c]))
}

test_allow_wildcard_some_support if {
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/actors/agent-b/"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:*"], [c]))
}

test_allow_supported_keys if {
	c1 := _cond("StringEquals", "bedrock-agentcore:actorId", ["agent-b"])
	c2 := _cond("StringEquals", "bedrock-agentcore:sessionId", ["s-1"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:GetEvent"], [c1, c2]))
}

test_allow_global_key if {
	c := _cond("ArnEquals", "aws:SourceArn", ["arn:aws:bedrock-agentcore:us-east-1:111122223333:gateway/gw-a1b2c3d4e5"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:CreateEvent"], [c]))
}

test_allow_namespace_path if {
	# Documented by AWS, absent from the catalog: not judged.
	c := _cond("StringLike", "bedrock-agentcore:namespacePath", ["summaries/agent1/*"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:CreateEvent"], [c]))
}

test_allow_unknown_action if {
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/x/"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:StartMemoryExtractionJobs"], [c]))
}

test_allow_not_action if {
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/x/"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", true, ["bedrock-agentcore:CreateEvent"], [c]))
}
