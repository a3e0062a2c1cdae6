package rules.destination["destination-aws-managed-key_test"]

import data.rules.destination["destination-aws-managed-key"] as rule

_input(cross, key) := {
	"memory": {"account": "111122223333"},
	"deliveries": [{
		"service": "sns", "arn": "arn:aws:sns:us-east-1:444455556666:t", "account": "444455556666", "cross_account": cross,
		"target": {"value": "arn:aws:sns:us-east-1:444455556666:t", "loc": 10},
		"key": key,
	}],
}

_key(value, managed, account) := {"ref": {"value": value, "loc": 11}, "implied": false, "arn": "", "account": account, "aws_managed": managed, "checks": []}

test_deny_alias_cross_account if {
	rule.deny == {{
		"msg": "The sns destination 'arn:aws:sns:us-east-1:444455556666:t' in account '444455556666' is encrypted with the AWS managed key 'alias/aws/sns', whose key policy cannot be changed to admit the execution role of account '111122223333': delivery from the memory always fails.",
		"loc": 11, "related": [{"loc": 10, "msg": "The memory definition names the destination here."}],
	}} with input as _input("yes", _key("alias/aws/sns", true, "444455556666"))
}

test_deny_alias_arn_names_other_account if {
	count(rule.deny) == 1 with input as _input("unknown", _key("arn:aws:kms:us-east-1:444455556666:alias/aws/sns", true, "444455556666"))
}

test_deny_s3_implied if {
	inp := {
		"memory": {"account": "111122223333"},
		"deliveries": [{
			"service": "s3", "arn": "arn:aws:s3:::b", "account": "", "cross_account": "yes",
			"target": {"value": "b", "loc": 10},
			"key": {"ref": {"value": "alias/aws/s3", "loc": 11}, "implied": true, "arn": "", "account": "", "aws_managed": true, "checks": []},
		}],
	}
	rule.deny == {{
		"msg": "The s3 destination 'arn:aws:s3:::b' is encrypted with the AWS managed key 'alias/aws/s3' (SSE-KMS without a KMSMasterKeyID uses it), whose key policy cannot be changed to admit the execution role of account '111122223333': delivery from the memory always fails.",
		"loc": 11, "related": [{"loc": 10, "msg": "The memory definition names the destination here."}],
	}} with input as inp
}

test_allow_same_account if {
	count(rule.deny) == 0 with input as _input("no", _key("alias/aws/sns", true, "111122223333"))
}

test_allow_customer_key if {
	count(rule.deny) == 0 with input as _input("yes", _key("arn:aws:kms:us-east-1:444455556666:key/k", false, "444455556666"))
}

test_allow_unknown_key if {
	inp := _input("yes", object.union(_key("!GetAtt Key.Arn", false, ""), {"ref": {"value": "!GetAtt Key.Arn", "loc": 11, "unknown": true}}))
	count(rule.deny) == 0 with input as inp
}
