# METADATA
# title: Destination policy not supplied
# description: |
#   The memory delivers to a destination in another account (or an S3
#   bucket whose account memlint cannot tell) whose resource policy memlint
#   was not given, so it cannot verify that the policy lets the execution
#   role deliver. Unknown is not empty: memlint says so once and claims no
#   missing grant. A snapshot written by memlint fetch says what the fetch
#   found instead (the manifest's policy_status): a policy that could not be
#   read keeps this finding at info; a policy (or destination) that does not
#   exist is known to be empty, and delivery to another account will fail,
#   so the finding is high.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML408
#   severity: info
#   inputs: [memory]
#   remediation: Add the destination and its policy to memlint.yaml (destinations) so both sides are checked; for a destination fetched live without a policy, attach one that lets the execution role deliver.
package rules.destination["destination-policy-unknown"]

import data.lib.result

deny contains result.fail(d.target, msg) if {
	some d in input.deliveries
	d.cross_account != "no"
	not d.policy_supplied
	not d.policy_status
	msg := sprintf("memlint was not given the policy of '%s'%s: it cannot verify that the destination lets the execution role deliver.", [d.arn, _where(d)])
}

deny contains result.fail(d.target, msg) if {
	some d in input.deliveries
	d.cross_account != "no"
	d.policy_status == "not_readable"
	msg := sprintf("memlint fetch could not read the policy of '%s'%s: memlint cannot verify that the destination lets the execution role deliver.", [d.arn, _where(d)])
}

deny contains result.with_severity(result.fail(d.target, msg), "high") if {
	some d in input.deliveries
	d.cross_account != "no"
	d.policy_status == "absent"
	msg := sprintf("memlint fetch found no resource policy on '%s'%s, or no such destination: delivery from the execution role in another account will fail.", [d.arn, _where(d)])
}

_where(d) := sprintf(" (account '%s')", [d.account]) if d.cross_account == "yes"

_where(d) := ", which may be in another account" if d.cross_account == "unknown"
