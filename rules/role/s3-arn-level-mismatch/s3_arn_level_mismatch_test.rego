package rules.role["s3-arn-level-mismatch_test"]

import data.lib.policy
import data.rules.role["s3-arn-level-mismatch"] as rule

_input(kind, actions, resources) := {"policy": policy.with_has({"kind": kind, "statements": [{
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"action": {"not": false, "loc": 3, "values": [{"value": a, "loc": 4} | some a in actions]},
	"resource": {"not": false, "loc": 5, "values": [{"value": r, "loc": 6, "arn": memlint.arn(r)} | some r in resources]},
	"conditions": [],
}]})}

test_deny_object_actions_on_bucket if {
	rule.deny == {{"msg": "'arn:aws:s3:::payloads' is a bucket ARN, but 's3:GetObject', 's3:PutObject' applies to object ARNs: the statement never matches.", "loc": 6}} with input as _input("identity", ["s3:PutObject", "s3:GetObject"], ["arn:aws:s3:::payloads"])
}

test_deny_bucket_action_on_objects if {
	rule.deny == {{"msg": "'arn:aws:s3:::payloads/*' is an object ARN, but 's3:ListBucket' applies to bucket ARNs: the statement never matches.", "loc": 6}} with input as _input("s3", ["s3:ListBucket"], ["arn:aws:s3:::payloads/*"])
}

test_allow_object_arn if {
	count(rule.deny) == 0 with input as _input("identity", ["s3:PutObject"], ["arn:aws:s3:::payloads/*"])
}

test_allow_both_levels if {
	count(rule.deny) == 0 with input as _input("identity", ["s3:PutObject", "s3:ListBucket"], ["arn:aws:s3:::payloads", "arn:aws:s3:::payloads/*"])
}

test_allow_wildcard_action_unknown if {
	count(rule.deny) == 0 with input as _input("identity", ["s3:*"], ["arn:aws:s3:::payloads"])
}

test_allow_other_kind if {
	count(rule.deny) == 0 with input as _input("sns", ["s3:PutObject"], ["arn:aws:s3:::payloads"])
}

test_allow_policy_variable_with_slash_in_bucket_name if {
	count(rule.deny) == 0 with input as _input("identity", ["s3:ListBucket"], ["arn:aws:s3:::${aws:PrincipalTag/DomainBucketName}"])
}

test_deny_s3_resource_after_another_service if {
	rule.deny == {{"msg": "'arn:aws:s3:::payloads' is a bucket ARN, but 's3:GetObject' applies to object ARNs: the statement never matches.", "loc": 6}} with input as _input("identity", ["s3:GetObject"], ["arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:s3:::payloads"])
}

test_deny_once_for_several_buckets if {
	rule.deny == {{"msg": "'arn:aws:s3:::one' is a bucket ARN, but 's3:GetObject' applies to object ARNs: the statement never matches.", "loc": 6}} with input as _input("identity", ["s3:GetObject"], ["arn:aws:s3:::one", "arn:aws:sns:us-east-1:111122223333:topic", "arn:aws:s3:::two"])
}
