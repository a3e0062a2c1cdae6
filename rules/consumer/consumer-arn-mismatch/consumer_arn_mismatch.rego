# METADATA
# title: Identity policy targets a memory ARN with a typo
# description: |
#   An identity policy names a memory ARN that matches no known memory but
#   differs from exactly one known memory only by its account, region or
#   memory id: most likely a typo, and the grant reaches nothing. Go finds
#   these near misses across every input with maps keyed by the other
#   fields.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML503
#   severity: high
#   inputs: [memory]
#   remediation: Use the memory's exact ARN in the identity policy's Resource.
package rules.consumer["consumer-arn-mismatch"]

import data.lib.result

deny contains result.fail_related(mm, msg, mm.memory, "The memory's ARN is here.") if {
	some mm in input.arn_mismatches
	msg := sprintf("'%s' differs from the memory '%s' only by its %s: the grant reaches no memory.", [mm.value, mm.memory.value, mm.field])
}
