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

deny contains result.fail(v, msg) if {
	input.policy.kind in {"identity", "s3"}
	some stmt in policy.allows
	not stmt.action.not
	not stmt.resource.not
	s3 := [r | some r in stmt.resource.values; _s3(r)] # before the catalog lookups
	count(s3) > 0
	some level in ["object", "bucket"]
	actions := _actions(stmt, level)
	count(actions) > 0
	every r in s3 {
		_level(r) == _other[level]
	}
	v := s3[0]
	msg := sprintf("'%s' is %s ARN, but %s applies to %s ARNs: the statement never matches.", [v.value, _article[_other[level]], _list(actions), level])
}

_other := {"object": "bucket", "bucket": "object"}

_article := {"object": "an object", "bucket": "a bucket"}

# Non-wildcard S3 actions of the statement whose only resource type is level.
_actions(stmt, level) := sort([a.value |
	some a in stmt.action.values
	not contains(a.value, "*")
	not contains(a.value, "?")
	act := memlint.action(a.value)
	act.service == "s3"
	count(act.resources) > 0
	level in {r.type | some r in act.resources}
	every r in act.resources {
		r.type in _types[level]
	}
])

# Access points stand beside buckets and objects in the catalog.
_types := {"object": {"object", "accesspointobject"}, "bucket": {"bucket", "accesspoint"}}

_s3(r) if r.arn.service == "s3"

_level(r) := "bucket" if {
	not contains(_plain(r), "/")
	not contains(_plain(r), "*")
}

_level(r) := "object" if contains(_plain(r), "/")

# The resource part with policy variables blanked: the "/" inside
# ${aws:PrincipalTag/DomainBucketName} names a tag, not an object key.
_plain(r) := regex.replace(r.arn.resource, `\$\{[^}]*\}`, "v")

_list(actions) := sprintf("'%s'", [actions[0]]) if count(actions) == 1

_list(actions) := sprintf("'%s'", [concat("', '", actions)]) if count(actions) > 1
