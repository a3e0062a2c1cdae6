# METADATA
# title: S3 action granted on the wrong ARN level
# description: |
#   S3 object actions (s3:PutObject, s3:GetObject, …) authorise against
#   object ARNs arn:aws:s3:::bucket/key, bucket actions (s3:ListBucket,
#   s3:GetBucketLocation, …) against the bucket ARN arn:aws:s3:::bucket. A
#   statement that grants object actions only on bucket ARNs (no /*), or
#   bucket actions only on object ARNs, never matches: delivery of memory
#   payloads fails. Checked in identity policies (the execution role's
#   permissions) and S3 bucket policies. The action's resource type comes
#   from the Service Authorization Reference; wildcard actions are not
#   judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
# custom:
#   id: ML302
#   severity: high
#   inputs: [policy]
#   remediation: |
#     Grant object actions on "arn:aws:s3:::<bucket>/*" and bucket actions on
#     "arn:aws:s3:::<bucket>"; list both ARNs when a statement mixes them.
package rules.role["s3-arn-level-mismatch"]

import data.lib.policy
import data.lib.result

# The resources' level is read first: only a statement whose S3 resources
# are all of one level can grant actions of the other level only, and the
# catalog is then asked about that level alone (memlint.s3_action_level,
# cached per action).
deny contains result.fail(v, msg) if {
	input.policy.has.s3_level
	input.policy.kind in {"identity", "s3"}
	some stmt in policy.allows
	some first in stmt.resource.values # a cheap test before collecting: most statements name no S3 resource
	first.arn.service == "s3"
	not stmt.action.not
	not stmt.resource.not
	s3 := [r | some r in stmt.resource.values; r.arn.service == "s3"]
	first == s3[0] # once per statement
	resource_level := memlint.s3_resource_level(first.arn.resource)
	every r in s3 {
		memlint.s3_resource_level(r.arn.resource) == resource_level
	}
	level := _other[resource_level]
	actions := sort([a.value | some a in stmt.action.values; memlint.s3_action_level(a.value) == level])
	count(actions) > 0
	v := s3[0]
	msg := sprintf("'%s' is %s ARN, but %s applies to %s ARNs: the statement never matches.", [v.value, _article[resource_level], _list(actions), level])
}

_other := {"object": "bucket", "bucket": "object"}

_article := {"object": "an object", "bucket": "a bucket"}

_list(actions) := sprintf("'%s'", [actions[0]]) if count(actions) == 1

_list(actions) := sprintf("'%s'", [concat("', '", actions)]) if count(actions) > 1
