# METADATA
# title: Memory without a customer managed key
# description: |
#   The definition sets no encryptionKeyArn, so the memory is encrypted with
#   an AWS owned key: its owner cannot audit or revoke key use (AWS Config's
#   BEDROCK_AGENTCORE_MEMORY_ENCRYPTION_ENABLED reports it NON_COMPLIANT).
# related_resources:
#   - ref: https://docs.aws.amazon.com/config/latest/developerguide/bedrock-agentcore-memory-encryption-enabled.html
# custom:
#   id: ML602
#   severity: info
#   inputs: [memory]
#   remediation: Set encryptionKeyArn to a customer managed KMS key when creating the memory (it cannot be changed later).
package rules.definition["no-customer-managed-key"]

import data.lib.result

deny contains result.fail(_at, "The memory definition sets no encryptionKeyArn: the memory is encrypted with an AWS owned key.") if {
	input.definition
	not input.definition.encryption_key
}

_at := input.definition.name

_at := input.definition if not input.definition.name
