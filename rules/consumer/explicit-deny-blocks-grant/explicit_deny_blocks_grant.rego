# METADATA
# title: Explicit Deny removes what the other side grants
# description: |
#   An explicit Deny in one account's documents removes an action that the
#   other side grants: a consumer's identity policy denying what the
#   memory's resource policy grants it (or the reverse), or the execution
#   role's policies and a destination policy denying each other's delivery
#   grant. Explicit Deny wins over any Allow, so the grant is dead. Only
#   Denies that apply for certain are reported.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html
# custom:
#   id: ML504
#   severity: medium
#   inputs: [memory]
#   remediation: Narrow the Deny statement, or remove the grant it cancels.
package rules.consumer["explicit-deny-blocks-grant"]

import data.lib.result

_other := {"identity": "resource", "resource": "identity"}

deny contains result.fail_related(dn, msg, g, "The grant it removes is here.") if {
	some c in input.consumers
	some pos in {dn.pos | some k in c.checks; some dn in k.denies; dn.match == "yes"}
	blocked := [[k.action, dn, g] |
		some k in c.checks
		some dn in k.denies
		dn.pos == pos
		dn.match == "yes"
		k[_other[dn.side]].allow == "yes"
		some g in k.grants
		g.side == _other[dn.side]
	]
	count(blocked) > 0
	actions := sort({b[0] | some b in blocked})
	dn := blocked[0][1]
	g := blocked[0][2]
	msg := sprintf("This Deny in the %s policy removes '%s' for '%s', which the %s policy grants.", [_doc[dn.side], concat("', '", actions), c.arn, _doc[_other[dn.side]]])
}

_doc := {"identity": "identity", "resource": "memory's resource"}

deny contains result.fail_related(dn, msg, other, "The grant it removes is here.") if {
	some d in input.deliveries
	some c in d.checks
	some side in ["role", "destination"]
	c[side].deny == "yes"
	c[_pair[side]].allow == "yes"
	some dn in c[side].denies
	dn.match == "yes"
	other := c[_pair[side]].grants[0]
	msg := sprintf("This Deny in the %s removes '%s' on '%s', which the %s grants.", [_name[side], c.action, c.resource, _name[_pair[side]]])
}

_pair := {"role": "destination", "destination": "role"}

_name := {"role": "execution role's policies", "destination": "destination's policy"}
