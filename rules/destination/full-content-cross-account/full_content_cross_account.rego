# METADATA
# title: Full record content streamed to another account
# description: |
#   Stream delivery with level FULL_CONTENT to a Kinesis stream in another
#   account: the stream events carry memoryRecordText, so record bodies leave
#   the memory's account.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML407
#   severity: low
#   inputs: [memory]
#   remediation: Use level METADATA_ONLY unless the other account must receive record text.
package rules.destination["full-content-cross-account"]

import data.lib.result

deny contains result.fail(d.level, sprintf("Record text is streamed to '%s' in account '%s', another account than the memory's.", [d.arn, d.account])) if {
	some d in input.deliveries
	d.service == "kinesis"
	d.level.value == "FULL_CONTENT"
	d.cross_account == "yes"
}
