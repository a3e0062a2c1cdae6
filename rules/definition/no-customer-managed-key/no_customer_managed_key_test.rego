package rules.definition["no-customer-managed-key_test"]

import data.rules.definition["no-customer-managed-key"] as rule

test_deny_no_key if {
	rule.deny == {{"msg": "The memory definition sets no encryptionKeyArn: the memory is encrypted with an AWS owned key.", "loc": 2}} with input as {"definition": {"loc": 1, "name": {"value": "m", "loc": 2}}}
}

test_deny_no_key_no_name if {
	rule.deny == {{"msg": "The memory definition sets no encryptionKeyArn: the memory is encrypted with an AWS owned key.", "loc": 1}} with input as {"definition": {"loc": 1}}
}

test_allow_key if {
	count(rule.deny) == 0 with input as {"definition": {"loc": 1, "encryption_key": {"value": "arn:aws:kms:us-east-1:111122223333:key/k", "loc": 3}}}
}

test_allow_definition_unknown if {
	count(rule.deny) == 0 with input as {"memory": {}}
}
