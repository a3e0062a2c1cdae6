package rules.policy["unknown-action_test"]

import data.lib.policy
import data.rules.policy["unknown-action"] as rule

# One statement whose Action (or NotAction) lists actions; action i is at loc 10+i.
_input(not_action, actions) := {"policy": policy.with_has({
	"file": "p.json", "kind": "identity", "kind_inferred": true, "loc": 0,
	"version": {"value": "2012-10-17", "loc": 1}, "problems": [],
	"statements": [{
		"index": 0, "ref": "#0", "loc": 2,
		"effect": {"value": "Allow", "loc": 3},
		"action": {"not": not_action, "loc": 4, "values": [{"value": a, "loc": 10 + i} | some i, a in actions]},
		"resource": {"not": false, "loc": 5, "values": [{"value": "*", "loc": 6}]},
		"conditions": [],
	}],
})}

test_deny_plural_suggests_singular if {
	rule.deny == {{"msg": "The Action 'bedrock-agentcore:StartMemoryExtractionJobs' is not an action of service 'bedrock-agentcore': the closest action is 'bedrock-agentcore:StartMemoryExtractionJob'.", "loc": 10}} with input as _input(false, ["bedrock-agentcore:StartMemoryExtractionJobs"])
}

test_deny_swapped_letters_suggests_action if {
	rule.deny == {{"msg": "The Action 'bedrock-agentcore:GetEvnet' is not an action of service 'bedrock-agentcore': the closest action is 'bedrock-agentcore:GetEvent'.", "loc": 10}} with input as _input(false, ["bedrock-agentcore:GetEvnet"])
}

test_deny_typo_with_two_neighbours if {
	rule.deny == {{"msg": "The Action 's3:PetObject' is not an action of service 's3': the closest actions are 's3:GetObject' and 's3:PutObject'.", "loc": 10}} with input as _input(false, ["s3:PetObject"])
}

test_deny_invented_action if {
	rule.deny == {{"msg": "The Action 'bedrock-agentcore:RetrieveMemories' is not an action of service 'bedrock-agentcore': the entry matches nothing.", "loc": 11}} with input as _input(false, ["bedrock-agentcore:GetEvent", "bedrock-agentcore:RetrieveMemories"])
}

test_deny_unknown_service if {
	rule.deny == {{"msg": "The NotAction 'bedrockagentcore:GetEvent' names the service prefix 'bedrockagentcore', which no AWS service uses: the entry matches nothing.", "loc": 10}} with input as _input(true, ["bedrockagentcore:GetEvent"])
}

test_deny_no_service_prefix if {
	rule.deny == {{"msg": "The Action 'GetEvent' has no service prefix: actions are written 'service:ActionName'.", "loc": 10}} with input as _input(false, ["GetEvent"])
}

test_deny_pattern_matching_nothing if {
	rule.deny == {
		{"msg": "The Action pattern 'bedrock-agentcore:*Memorys*' matches no action of service 'bedrock-agentcore'.", "loc": 10},
		{"msg": "The Action pattern 'nosuch*:Get*' matches no action of any AWS service.", "loc": 11},
	} with input as _input(false, ["bedrock-agentcore:*Memorys*", "nosuch*:Get*"])
}

# Actions and service prefixes are case-insensitive; "*" and patterns that
# match something are fine.
test_allow_real_actions if {
	count(rule.deny) == 0 with input as _input(false, ["*", "bedrock-agentcore:StartMemoryExtractionJob", "BEDROCK-AGENTCORE:getevent", "bedrock-agentcore:Get*", "s3:*", "bedrock*:Retrieve*"])
}

test_allow_no_action_element if {
	doc := {"policy": {"kind": "identity", "loc": 0, "problems": [], "statements": [{"index": 0, "ref": "#0", "loc": 2, "conditions": []}]}}
	count(rule.deny) == 0 with input as doc
}

test_allow_unknown_action if {
	inp := _input(false, ["x"])
	stmt := object.union(inp.policy.statements[0], {"action": {"not": false, "loc": 4, "values": [{"value": "!Ref ActionParam", "loc": 10, "unknown": true}]}})
	count(rule.deny) == 0 with input as {"policy": object.union(inp.policy, {"statements": [stmt]})}
}
