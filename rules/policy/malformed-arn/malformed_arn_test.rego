package rules.policy["malformed-arn_test"]

import data.lib.policy
import data.rules.policy["malformed-arn"] as rule

_stmt(principals, resources, conditions) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"principal": {"not": false, "loc": 3, "values": principals},
	"action": {"not": false, "loc": 4, "values": [{"value": "bedrock-agentcore:GetEvent", "loc": 5}]},
	"resource": {"not": false, "loc": 6, "values": [{"value": r, "loc": 10 + i} | some i, r in resources]},
	"conditions": conditions,
}

_input(stmt) := {"policy": policy.with_has({"kind": "memory", "statements": [stmt]})}

_aws(value, loc) := {"type": "AWS", "value": value, "arn": value, "class": "other", "account": "", "partition": "", "loc": loc}

_memory := "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/m-a1b2c3d4e5"

_cond(op, key, values) := {
	"operator": {"value": op, "loc": 30}, "base": op, "qualifier": "", "if_exists": false,
	"key": {"value": key, "loc": 31},
	"values": [{"value": v, "loc": 40 + i} | some i, v in values],
}

test_deny_short_account_in_resource if {
	rule.deny == {{"msg": "The account '11112222333' in the ARN 'arn:aws:bedrock-agentcore:us-east-1:11112222333:memory/m-a1b2c3d4e5' is not a 12-digit account ID.", "loc": 10}} with input as _input(_stmt([], ["arn:aws:bedrock-agentcore:us-east-1:11112222333:memory/m-a1b2c3d4e5"], []))
}

test_deny_s3_arn_with_region_and_account_lists_both if {
	rule.deny == {{"msg": "The region 'us-east-1' is not allowed in the ARN 'arn:aws:s3:us-east-1:444455556666:b/*': S3 bucket and object ARNs have an empty region. The account '444455556666' is not allowed in the ARN 'arn:aws:s3:us-east-1:444455556666:b/*': S3 bucket and object ARNs have an empty account.", "loc": 10}} with input as _input(_stmt([], ["arn:aws:s3:us-east-1:444455556666:b/*"], []))
}

test_deny_principal_too_few_fields if {
	rule.deny == {{"msg": "The ARN 'arn:aws:iam::444455556666' does not have the six colon-separated fields arn:partition:service:region:account:resource.", "loc": 9}} with input as _input(_stmt([_aws("arn:aws:iam::444455556666", 9)], [_memory], []))
}

test_deny_arn_condition_value if {
	rule.deny == {{"msg": "The partition 'aws-us-east-1' is not an AWS partition; use one of aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b, aws-iso-e, aws-iso-f, aws-eusc. The ARN 'arn:aws-us-east-1:bedrock-agentcore::111122223333:memory/*' has an empty region; AgentCore ARNs name one.", "loc": 41}} with input as _input(_stmt([], [_memory], [_cond("ArnLike", "aws:SourceArn", ["arn:aws:bedrock-agentcore:*:111122223333:*", "arn:aws-us-east-1:bedrock-agentcore::111122223333:memory/*"])]))
}

test_deny_string_operator_on_arn_key if {
	rule.deny == {{"msg": "The service 'bedrock-*' holds a wildcard; IAM does not allow wildcards in the service of an ARN.", "loc": 40}} with input as _input(_stmt([], [_memory], [_cond("StringLike", "aws:PrincipalArn", ["arn:aws:bedrock-*:us-east-1:111122223333:memory/*"])]))
}

test_deny_resource_not_an_arn if {
	rule.deny == {{"msg": "The ARN 'my-bucket/*' does not start with 'arn:'.", "loc": 10}} with input as _input(_stmt([], ["my-bucket/*"], []))
}

test_allow_wellformed if {
	count(rule.deny) == 0 with input as _input(_stmt(
		[_aws("arn:aws:iam::444455556666:role/Reader", 9), _aws("444455556666", 8)],
		[_memory, "arn:aws:s3:::b/*", "arn:aws:iam::111122223333:role/${aws:username}"],
		[_cond("ArnEquals", "aws:SourceArn", [_memory])],
	))
}

test_allow_wildcards_and_variables if {
	count(rule.deny) == 0 with input as _input(_stmt(
		[], [
			"*",
			"arn:aws:bedrock-agentcore:*:*:memory/*",
			"arn:${aws:partition}:s3:::b/${aws:PrincipalAccount}/*",
		],
		[_cond("ArnLike", "aws:SourceArn", ["*", "${aws:PrincipalArn}"])],
	))
}

test_allow_string_operator_on_string_key if {
	# aws:SourceAccount is a String key: its values are account IDs, not ARNs.
	count(rule.deny) == 0 with input as _input(_stmt([], [_memory], [_cond("StringEquals", "aws:SourceAccount", ["111122223333"])]))
}

test_allow_null_on_arn_key if {
	count(rule.deny) == 0 with input as _input(_stmt([], [_memory], [_cond("Null", "aws:SourceArn", ["false"])]))
}

test_allow_unknown_values if {
	stmt := object.union(_stmt([object.union(_aws("!Sub arn:aws:iam::${Other}:role/r", 3), {"unknown": true})], [], []), {"resource": {"not": false, "loc": 6, "values": [{"value": "!GetAtt Memory.MemoryArn", "loc": 10, "unknown": true}]}})
	count(rule.deny) == 0 with input as _input(stmt)
}

test_allow_principal_wildcard_left_to_the_loader if {
	# The loader reports a wildcard in a principal ARN as IAM rejecting the
	# policy (ML012 from Go); the rule does not report it twice.
	count(rule.deny) == 0 with input as _input(_stmt([_aws("arn:aws:iam::444455556666:role/*", 9)], [_memory], []))
}

test_deny_short_pattern_in_condition if {
	# ArnLike compares the six fields one by one: a trailing * does not stand
	# for missing fields there, as it does in a Resource.
	rule.deny == {{"msg": "The ARN 'arn:aws:bedrock-agentcore:*' does not have the six colon-separated fields arn:partition:service:region:account:resource.", "loc": 40}} with input as _input(_stmt([], [_memory], [_cond("ArnLike", "aws:SourceArn", ["arn:aws:bedrock-agentcore:*"])]))
}

test_deny_empty_region_in_pattern if {
	# Every CloudWatch Logs ARN has a region and an account: an empty field
	# matches only an empty field, wildcard elsewhere or not.
	rule.deny == {{"msg": "The ARN 'arn:aws:logs:::log-group:app*' has an empty region; CloudWatch Logs ARNs name one. The ARN 'arn:aws:logs:::log-group:app*' has an empty account; CloudWatch Logs ARNs name a 12-digit account.", "loc": 10}} with input as _input(_stmt([], ["arn:aws:logs:::log-group:app*"], []))
}

test_allow_trailing_wildcard_spans_fields if {
	count(rule.deny) == 0 with input as _input(_stmt(
		[], [
			"arn:aws:codepipeline:*",
			"arn:aws:kms:*::*",
			"arn:*:kms:*:::*",
			"arn:aws:organizations::*:",
			"arn:aws:iam::*",
		],
		[],
	))
}

test_allow_partner_policy_in_condition if {
	count(rule.deny) == 0 with input as _input(_stmt([], [_memory], [_cond("StringEquals", "iam:PermissionsBoundary", ["arn:aws:iam::partner:policy/permissions-boundary/example.com/Boundary"])]))
}

test_allow_short_pattern_in_string_condition if {
	# StringLike compares text: the * crosses the colons.
	count(rule.deny) == 0 with input as _input(_stmt([], [_memory], [_cond("StringLike", "aws:SourceArn", ["arn:aws:bedrock-agentcore:*"])]))
}
