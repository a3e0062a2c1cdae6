package rules.policy["redundant-element_test"]

import data.lib.policy
import data.rules.policy["redundant-element"] as rule

_stmt(actions, resources) := {
	"index": 0, "ref": "S", "loc": 1,
	"effect": {"value": "Allow", "loc": 2},
	"action": {"not": false, "loc": 3, "values": [{"value": a, "loc": 10 + i} | some i, a in actions]},
	"resource": {"not": false, "loc": 4, "values": [{"value": r, "loc": 20 + i} | some i, r in resources]},
	"conditions": [],
}

_input(stmt) := {"policy": policy.with_has({"kind": "identity", "statements": [stmt]})}

test_deny_action_covered_by_wildcard if {
	rule.deny == {{"msg": "The action 's3:GetObject' is already covered by 's3:Get*' in Action of the same statement; remove it.", "loc": 10}} with input as _input(_stmt(["s3:GetObject", "s3:Get*"], ["arn:aws:s3:::b/*"]))
}

test_deny_resource_covered_by_wildcard if {
	rule.deny == {{"msg": "The resource 'arn:aws:s3:::b/x' is already covered by 'arn:aws:s3:::b/*' in Resource of the same statement; remove it.", "loc": 21}} with input as _input(_stmt(["s3:GetObject"], ["arn:aws:s3:::b/*", "arn:aws:s3:::b/x"]))
}

test_deny_exact_duplicate_reports_the_second if {
	rule.deny == {{"msg": "The action 's3:PutObject' is listed twice in Action; remove the second.", "loc": 12}} with input as _input(_stmt(["s3:PutObject", "s3:GetObject", "s3:PutObject"], ["*"]))
}

test_deny_case_variant_reports_the_second if {
	rule.deny == {{"msg": "The action 'S3:putobject' is already covered by 's3:PutObject' in Action of the same statement; remove it.", "loc": 11}} with input as _input(_stmt(["s3:PutObject", "S3:putobject"], ["*"]))
}

test_deny_chain_names_the_broadest if {
	rule.deny == {
		{"msg": "The action 's3:Get*' is already covered by 's3:*' in Action of the same statement; remove it.", "loc": 11},
		{"msg": "The action 's3:GetObject' is already covered by 's3:*' in Action of the same statement; remove it.", "loc": 12},
	} with input as _input(_stmt(["s3:*", "s3:Get*", "s3:GetObject"], ["*"]))
}

test_deny_star_resource_covers_arn if {
	rule.deny == {{"msg": "The resource 'arn:aws:sns:us-east-1:444455556666:t' is already covered by '*' in Resource of the same statement; remove it.", "loc": 20}} with input as _input(_stmt(["sns:Publish"], ["arn:aws:sns:us-east-1:444455556666:t", "*"]))
}

test_deny_not_action if {
	stmt := object.union(_stmt(["iam:*", "iam:PassRole"], ["*"]), {"action": {"not": true}})
	rule.deny == {{"msg": "The action 'iam:PassRole' is already covered by 'iam:*' in NotAction of the same statement; remove it.", "loc": 11}} with input as _input(stmt)
}

test_allow_distinct_entries if {
	count(rule.deny) == 0 with input as _input(_stmt(["s3:GetObject", "s3:PutObject", "s3:List*"], ["arn:aws:s3:::b", "arn:aws:s3:::b/*"]))
}

test_allow_overlapping_but_not_covering if {
	# s3:Get* and s3:*Object overlap (s3:GetObject) but neither covers the other.
	count(rule.deny) == 0 with input as _input(_stmt(["s3:Get*", "s3:*Object"], ["arn:aws:s3:::b/a*", "arn:aws:s3:::b/*z"]))
}

test_allow_same_value_in_other_statement if {
	p := {"policy": policy.with_has({"kind": "identity", "statements": [
		_stmt(["s3:GetObject"], ["*"]),
		object.union(_stmt(["s3:Get*"], ["*"]), {"index": 1, "ref": "#1"}),
	]})}
	count(rule.deny) == 0 with input as p
}

test_allow_no_resource_element if {
	stmt := object.remove(_stmt(["sts:AssumeRole", "sts:TagSession"], []), ["resource"])
	count(rule.deny) == 0 with input as _input(stmt)
}

test_deny_duplicate_non_arn_resource if {
	rule.deny == {{"msg": "The resource 'my-bucket' is listed twice in Resource; remove the second.", "loc": 21}} with input as _input(_stmt(["s3:GetObject"], ["my-bucket", "my-bucket"]))
}

test_deny_action_covered_by_entries_together if {
	rule.deny == {{"msg": "Every action that 'iam:*CredentialReport' matches today is already matched by 'iam:Get*' or 'iam:Generate*' in Action of the same statement; remove it.", "loc": 12}} with input as _input(_stmt(["iam:Get*", "iam:Generate*", "iam:*CredentialReport"], ["*"]))
}

test_deny_action_covered_in_catalog_by_one_entry if {
	rule.deny == {{"msg": "Every action that 's3:*BucketPolicyStatus' matches today is already matched by 's3:Get*' in NotAction of the same statement; remove it.", "loc": 12}} with input as _input(object.union(_stmt(["s3:Get*", "s3:PutObject", "s3:*BucketPolicyStatus"], ["*"]), {"action": {"not": true}}))
}

test_allow_action_partly_covered if {
	# Access Analyzer's own example: iam:GenerateCredentialReport is left.
	count(rule.deny) == 0 with input as _input(_stmt(["iam:Get*", "iam:List*", "iam:*CredentialReport"], ["*"]))
}

test_deny_short_resource_pattern_covers if {
	rule.deny == {{"msg": "The resource 'arn:aws:codepipeline:us-east-1:111122223333:memory-pipeline' is already covered by 'arn:aws:codepipeline:*' in Resource of the same statement; remove it.", "loc": 21}} with input as _input(_stmt(["codepipeline:GetPipeline"], ["arn:aws:codepipeline:*", "arn:aws:codepipeline:us-east-1:111122223333:memory-pipeline"]))
}

test_allow_unknown_entry_in_union if {
	stmt := _stmt(["iam:Get*", "iam:Generate*", "iam:*CredentialReport"], ["*"])
	unknown := json.patch(stmt, [{"op": "add", "path": "/action/values/0/unknown", "value": true}])
	count(rule.deny) == 0 with input as _input(unknown)
}
