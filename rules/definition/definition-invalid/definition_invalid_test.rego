package rules.definition["definition-invalid_test"]

import data.rules.definition["definition-invalid"] as rule

_def(extra) := {"definition": object.union({"loc": 1, "unions": [], "numbers": [], "lists": [], "buckets": [], "name": {"value": "support_memory", "loc": 2}}, extra)}

test_deny_name_with_hyphen if {
	rule.deny == {{"msg": "The memory name 'cross-account-memory' does not match [a-zA-Z][a-zA-Z0-9_]{0,47} (letters, digits and underscores, no hyphens).", "loc": 2}} with input as _def({"name": {"value": "cross-account-memory", "loc": 2}})
}

test_deny_union_two_members if {
	rule.deny == {{"msg": "A triggerCondition object must set exactly one member; it sets 2 ('messageBasedTrigger', 'tokenBasedTrigger').", "loc": 5}} with input as _def({"unions": [{"kind": "triggerCondition", "loc": 5, "members": [{"value": "messageBasedTrigger", "loc": 6}, {"value": "tokenBasedTrigger", "loc": 7}]}]})
}

test_deny_range if {
	rule.deny == {{"msg": "messageCount is 51; the API accepts 1 to 50.", "loc": 8}} with input as _def({"numbers": [{"field": "messageCount", "value": 51, "text": "51", "loc": 8}]})
}

test_deny_unreadable_number if {
	rule.deny == {{"msg": "tokenCount is 1e9; the API accepts 100 to 500000.", "loc": 8}} with input as _def({"numbers": [{"field": "tokenCount", "value": null, "text": "1e9", "loc": 8}]})
}

test_deny_lists_and_bucket if {
	rule.deny == {
		{"msg": "streamDeliveryResources.resources holds 2 resources; the API accepts one.", "loc": 9},
		{"msg": "contentConfigurations holds 0 elements; the API requires exactly one.", "loc": 10},
		{"msg": "payloadDeliveryBucketName 'arn:aws:s3:::b' is an ARN; the API wants the bucket name.", "loc": 11},
	} with input as _def({
		"lists": [{"field": "resources", "count": 2, "loc": 9}, {"field": "contentConfigurations", "count": 0, "loc": 10}],
		"buckets": [{"value": "arn:aws:s3:::b", "loc": 11}],
	})
}

test_allow_valid if {
	count(rule.deny) == 0 with input as _def({
		"unions": [{"kind": "memoryStrategy", "loc": 5, "members": [{"value": "customMemoryStrategy", "loc": 6}]}],
		"numbers": [{"field": "historicalContextWindowSize", "value": 0, "text": "0", "loc": 8}],
		"lists": [{"field": "contentConfigurations", "count": 1, "loc": 10}],
	})
}

test_allow_no_definition if {
	count(rule.deny) == 0 with input as {"memory": {}}
}
