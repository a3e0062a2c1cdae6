package lib.policy_test

import data.lib.policy

test_restricts_org_id if {
	policy.restricts({"key": {"value": "aws:PrincipalOrgID"}, "base": "StringEquals", "qualifier": "", "if_exists": false, "values": [{"value": "o-abc123"}]})
}

test_not_restricts_wildcard if {
	not policy.restricts({"key": {"value": "aws:PrincipalArn"}, "base": "ArnLike", "qualifier": "", "if_exists": false, "values": [{"value": "*"}]})
}

test_not_restricts_negated if {
	not policy.restricts({"key": {"value": "aws:PrincipalAccount"}, "base": "StringNotEquals", "qualifier": "", "if_exists": false, "values": [{"value": "111122223333"}]})
}

test_not_restricts_if_exists if {
	not policy.restricts({"key": {"value": "aws:SourceAccount"}, "base": "StringEquals", "qualifier": "", "if_exists": true, "values": [{"value": "111122223333"}]})
}

test_not_restricts_for_all_values if {
	not policy.restricts({"key": {"value": "aws:PrincipalOrgPaths"}, "base": "StringLike", "qualifier": "ForAllValues", "if_exists": false, "values": [{"value": "o-1/*"}]})
}

test_not_restricts_other_key if {
	not policy.restricts({"key": {"value": "aws:SecureTransport"}, "base": "Bool", "qualifier": "", "if_exists": false, "values": [{"value": "true"}]})
}

test_outside if {
	policy.outside({"class": "account", "account": "444455556666"}, "111122223333")
	policy.outside({"class": "public", "account": ""}, "111122223333")
	not policy.outside({"class": "role", "account": "111122223333"}, "111122223333")
	not policy.outside({"class": "service", "account": ""}, "111122223333")
}

test_grants_action if {
	policy.grants_action({"action": {"not": false, "values": [{"value": "bedrock-agentcore:Get*"}]}}, "bedrock-agentcore:GetEvent")
	not policy.grants_action({"action": {"not": false, "values": [{"value": "bedrock-agentcore:Get*"}]}}, "bedrock-agentcore:CreateEvent")
	policy.grants_action({"action": {"not": true, "values": [{"value": "bedrock-agentcore:Get*"}]}}, "bedrock-agentcore:CreateEvent")
}

test_known if {
	policy.known({"value": "arn:aws:s3:::b"})
	not policy.known({"value": "!GetAtt Role.Arn", "unknown": true})
	policy.unknown({"value": "!GetAtt Role.Arn", "unknown": true})
}

# An unknown value in a caller-key condition counts as restricting: the
# deployed policy almost always fills it with a real account or ARN.
test_restricts_unknown_value if {
	policy.restricts({"key": {"value": "aws:SourceAccount"}, "base": "StringEquals", "qualifier": "", "if_exists": false, "values": [{"value": "!Ref AWS::AccountId", "unknown": true}]})
}

test_not_grants_action_unknown_not_action if {
	not policy.grants_action({"action": {"not": true, "values": [{"value": "!Ref Excluded", "unknown": true}]}}, "bedrock-agentcore:CreateEvent")
}
