# METADATA
# title: Destination policy not supplied
# description: |
#   The memory delivers to a destination in another account (or an S3
#   bucket whose account memlint cannot tell) whose resource policy memlint
#   was not given, so it cannot verify that the policy lets the execution
#   role deliver. Unknown is not empty: memlint says so once and claims no
#   missing grant.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML408
#   severity: info
#   inputs: [memory]
#   remediation: Add the destination and its policy to memlint.yaml (destinations) so both sides are checked.
package rules.destination["destination-policy-unknown"]

import data.lib.result

deny contains result.fail(d.target, msg) if {
	some d in input.deliveries
	d.cross_account != "no"
	not d.policy_supplied
	msg := sprintf("memlint was not given the policy of '%s'%s: it cannot verify that the destination lets the execution role deliver.", [d.arn, _where(d)])
}

_where(d) := sprintf(" (account '%s')", [d.account]) if d.cross_account == "yes"

_where(d) := ", which may be in another account" if d.cross_account == "unknown"
