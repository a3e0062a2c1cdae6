# METADATA
# title: Memory definition the CreateMemory API rejects
# description: |
#   Shape and range errors in a CreateMemory/UpdateMemory input or GetMemory
#   output that the API would reject: a union object (a memoryStrategies
#   element, a customMemoryStrategy configuration, a trigger condition, a
#   stream delivery resource) with zero or several members; messageCount
#   outside 1..50, tokenCount outside 100..500000, idleSessionTimeout
#   outside 10..3000, historicalContextWindowSize outside 0..50; more than
#   one stream delivery resource; contentConfigurations with other than
#   one element; payloadDeliveryBucketName given as an ARN; a memory name
#   not matching [a-zA-Z][a-zA-Z0-9_]{0,47} (no hyphens). A value computed at
#   deploy time (a CloudFormation parameter without default, a shell
#   variable, a Terraform value known after apply) is not judged.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore-control/latest/APIReference/API_CreateMemory.html
# custom:
#   id: ML601
#   severity: high
#   inputs: [memory]
#   remediation: Fix the field as the message says; the AWS CLI and SDKs send the definition unchanged and CreateMemory fails with ValidationException.
package rules.definition["definition-invalid"]

import data.lib.result

_ranges := {
	"messageCount": [1, 50],
	"tokenCount": [100, 500000],
	"idleSessionTimeout": [10, 3000],
	"historicalContextWindowSize": [0, 50],
}

deny contains result.fail(u, msg) if {
	some u in input.definition.unions
	count(u.members) != 1
	msg := sprintf("A %s object must set exactly one member; it sets %d%s.", [u.kind, count(u.members), _members(u)])
}

deny contains result.fail(n, msg) if {
	some n in input.definition.numbers
	not n.unknown # computed at deploy time: nothing to judge
	r := _ranges[n.field]
	not _within(n.value, r)
	msg := sprintf("%s is %s; the API accepts %d to %d.", [n.field, n.text, r[0], r[1]])
}

deny contains result.fail(l, sprintf("streamDeliveryResources.resources holds %d resources; the API accepts one.", [l.count])) if {
	some l in input.definition.lists
	l.field == "resources"
	l.count > 1
}

deny contains result.fail(l, sprintf("contentConfigurations holds %d elements; the API requires exactly one.", [l.count])) if {
	some l in input.definition.lists
	l.field == "contentConfigurations"
	l.count != 1
}

deny contains result.fail(b, sprintf("payloadDeliveryBucketName '%s' is an ARN; the API wants the bucket name.", [b.value])) if {
	some b in input.definition.buckets
	not b.unknown
	startswith(b.value, "arn:")
}

deny contains result.fail(n, sprintf("The memory name '%s' does not match [a-zA-Z][a-zA-Z0-9_]{0,47} (letters, digits and underscores, no hyphens).", [n.value])) if {
	n := input.definition.name
	not n.unknown # computed at deploy time: nothing to judge
	not regex.match(`^[a-zA-Z][a-zA-Z0-9_]{0,47}$`, n.value)
}

_within(v, r) if {
	is_number(v)
	v >= r[0]
	v <= r[1]
}

_members(u) := "" if count(u.members) == 0

_members(u) := sprintf(" ('%s')", [concat("', '", [m.value | some m in u.members])]) if count(u.members) > 0
