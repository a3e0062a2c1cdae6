package rules.rbp["non-data-plane-action_test"]

import data.rules.rbp["non-data-plane-action"] as rule

_stmt(effect, not_action, actions, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": effect, "loc": 2},
	"principal": {"not": false, "loc": 3, "values": [{"type": "AWS", "value": "arn:aws:iam::444455556666:role/Reader", "arn": "arn:aws:iam::444455556666:role/Reader", "class": "role", "account": "444455556666", "partition": "aws", "loc": 9}]},
	"action": {"not": not_action, "loc": 4, "values": [{"value": v, "loc": 10 + i} | some i, v in actions]},
	"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 7}]},
	"conditions": conditions,
}

_input(stmt) := {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": true}}

_cond(op, key, values) := {
	"operator": {"value": op, "loc": 20}, "base": op, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 21},
	"values": [{"value": v, "loc": 22} | some v in values],
}

test_deny_update_memory if {
	rule.deny == {{"msg": "The action 'bedrock-agentcore:UpdateMemory' is a memory control-plane action, not a memory data-plane action.", "loc": 11}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:GetEvent", "bedrock-agentcore:UpdateMemory"], []))
}

test_deny_put_resource_policy_any_case if {
	rule.deny == {{"msg": "The action 'Bedrock-AgentCore:putresourcepolicy' is a memory control-plane action, not a memory data-plane action.", "loc": 10}} with input as _input(_stmt("Allow", false, ["Bedrock-AgentCore:putresourcepolicy"], []))
}

test_deny_other_service if {
	rule.deny == {{"msg": "The action 's3:GetObject' is an action of another service ('s3'), not a memory data-plane action.", "loc": 10}} with input as _input(_stmt("Allow", false, ["s3:GetObject"], []))
}

test_deny_other_agentcore_resource if {
	rule.deny == {{"msg": "The action 'bedrock-agentcore:InvokeAgentRuntime' is an action on other AgentCore resources ('runtime', 'runtime-endpoint'), not a memory data-plane action.", "loc": 10}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:InvokeAgentRuntime"], []))
}

test_allow_record_wildcard if {
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:*MemoryRecord*"], []))
}

test_deny_wildcard_get if {
	msg := "The action 'bedrock-agentcore:GetMemory*' grants 'bedrock-agentcore:GetMemory', which is not a memory data-plane action."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:GetMemory*"], []))
}

test_deny_service_wildcard if {
	n := count([x | some x in memlint.actions("bedrock-agentcore:*")]) - 15
	msg := sprintf("The action 'bedrock-agentcore:*' grants %d actions that are not memory data-plane actions, among them 'bedrock-agentcore:UpdateMemory', 'bedrock-agentcore:DeleteMemory', 'bedrock-agentcore:PutResourcePolicy'.", [n])
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:*"], []))
}

test_deny_not_action if {
	msg := "The NotAction element grants every action it does not list, not only memory data-plane actions; among them 'bedrock-agentcore:UpdateMemory', 'bedrock-agentcore:PutResourcePolicy', 'bedrock-agentcore:DeleteResourcePolicy'."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_stmt("Allow", true, ["bedrock-agentcore:DeleteMemory"], []))
}

test_deny_star if {
	msg := "The action '*' grants every action of every AWS service, not only memory data-plane actions; among them 'bedrock-agentcore:UpdateMemory', 'bedrock-agentcore:DeleteMemory', 'bedrock-agentcore:PutResourcePolicy'."
	rule.deny == {{"msg": msg, "loc": 10}} with input as _input(_stmt("Allow", false, ["*"], []))
}

test_allow_star_scoped_to_namespace_actions if {
	# Only actions with the namespace key are granted: all data-plane ones.
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/actors/agent-b/"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["*"], [c]))
}

test_deny_star_scoped_to_kms_key if {
	# bedrock-agentcore:KmsKeyArn keeps CreateMemory only.
	c := _cond("StringEquals", "bedrock-agentcore:KmsKeyArn", ["arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"])
	rule.deny == {{"msg": "The action '*' grants 'bedrock-agentcore:CreateMemory', which is not a memory data-plane action.", "loc": 10}} with input as _input(_stmt("Allow", false, ["*"], [c]))
}

test_allow_data_plane if {
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:RetrieveMemoryRecords", "bedrock-agentcore:BatchCreateMemoryRecords", "bedrock-agentcore:*Event", "bedrock-agentcore:List*MemoryRecords"], []))
}

test_allow_unknown_action if {
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:StartMemoryExtractionJobs", "bedrock-agentcore:RetrieveMemories*"], []))
}

test_allow_deny_statement if {
	count(rule.deny) == 0 with input as _input(_stmt("Deny", false, ["bedrock-agentcore:UpdateMemory", "bedrock-agentcore:*"], []))
}

test_allow_dead_by_condition if {
	# UpdateMemory has no namespace key: StringEquals on it is never true.
	c := _cond("StringEquals", "bedrock-agentcore:namespace", ["/actors/agent-b/"])
	count(rule.deny) == 0 with input as _input(_stmt("Allow", false, ["bedrock-agentcore:UpdateMemory"], [c]))
}

test_deny_negated_condition_not_dead if {
	c := _cond("StringNotEquals", "bedrock-agentcore:namespace", ["/actors/admin/"])
	rule.deny == {{"msg": "The action 'bedrock-agentcore:UpdateMemory' is a memory control-plane action, not a memory data-plane action.", "loc": 10}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:UpdateMemory"], [c]))
}

test_deny_restricting_condition_still_fires if {
	c := _cond("StringEquals", "aws:PrincipalAccount", ["444455556666"])
	rule.deny == {{"msg": "The action 'bedrock-agentcore:DeleteMemory' is a memory control-plane action, not a memory data-plane action.", "loc": 10}} with input as _input(_stmt("Allow", false, ["bedrock-agentcore:DeleteMemory"], [c]))
}

test_allow_statement_for_another_memory if {
	stmt := object.union(_stmt("Allow", false, ["bedrock-agentcore:UpdateMemory"], []), {"resource": {"not": false, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5", "loc": 7}]}})
	count(rule.deny) == 0 with input as {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 30}, "account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false}}
}

test_deny_not_resource_keeps_this_memory if {
	stmt := object.union(_stmt("Allow", false, ["bedrock-agentcore:UpdateMemory"], []), {"resource": {"not": true, "loc": 6, "values": [{"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/other_mem-a1b2c3d4e5", "loc": 7}]}})
	rule.deny == {{"msg": "The action 'bedrock-agentcore:UpdateMemory' is a memory control-plane action, not a memory data-plane action.", "loc": 10}} with input as {"policy": {"kind": "memory", "statements": [stmt]}, "memory": {"arn": {"value": "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/support_mem-a1b2c3d4e5", "loc": 30}, "account": "111122223333", "region": "us-east-1", "partition": "aws", "inferred": false}}
}

test_allow_not_action_star if {
	count(rule.deny) == 0 with input as _input(_stmt("Allow", true, ["*"], []))
}

test_deny_not_action_all_agentcore if {
	msg := "The NotAction element grants every action it does not list, not only memory data-plane actions."
	rule.deny == {{"msg": msg, "loc": 4}} with input as _input(_stmt("Allow", true, ["bedrock-agentcore:*"], []))
}
