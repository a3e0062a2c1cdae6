# METADATA
# title: Action or resource already covered in the same statement
# description: |
#   An entry of a statement's Action (NotAction) or Resource (NotResource)
#   list matches nothing another entry of the same list does not already
#   match: s3:GetObject beside s3:Get*, S3:getobject beside s3:GetObject,
#   arn:aws:s3:::b/x beside arn:aws:s3:::b/*, or the same value written
#   twice. An action pattern is also redundant when the other entries
#   together match every action it matches in the Service Authorization
#   Reference, as Access Analyzer judges it: iam:*CredentialReport beside
#   iam:Get* and iam:Generate*. The entry changes nothing the policy allows
#   or denies; it only makes the policy longer and suggests a narrower grant
#   than the one in force.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
# custom:
#   id: ML009
#   severity: info
#   inputs: [policy]
#   access_analyzer: [REDUNDANT_ACTION, REDUNDANT_RESOURCE]
#   remediation: |
#     Remove the covered entry. If the narrower entry is what was meant,
#     remove or narrow the wildcard that covers it instead, e.g. keep
#     "s3:GetObject" and drop "s3:Get*".
package rules.policy["redundant-element"]

import data.lib.policy
import data.lib.result

deny contains result.fail(elem.values[i], _message(elem, elem.values[i], elem.values[j])) if {
	input.policy.has.redundant
	some stmt in input.policy.statements
	some name in ["action", "resource"]
	count(stmt[name].values) > 1 # before building the element: most lists have one entry
	some pair in _redundant(name, stmt[name])
	[i, j] := pair
	elem := object.union(stmt[name], {"kind": name}) # for the message, once a pair is found

	# Two deploy-time values may differ even when written alike.
	policy.known(elem.values[i])
	policy.known(elem.values[j])
}

# An action pattern whose catalog actions the other entries match together,
# no single one covering it as a pattern (memlint.redundant_action_sets
# leaves those to the rule above). The finding names at most three of the
# covering entries.
deny contains result.fail(elem.values[i], msg) if {
	input.policy.has.redundant
	some stmt in input.policy.statements
	count(stmt.action.values) > 1
	_any_wildcard(stmt.action.values) # as memlint.redundant_action_sets: without one, only duplicates (above)
	every v in stmt.action.values {
		policy.known(v) # an unknown entry might be anything
	}
	some [i, by] in memlint.redundant_action_sets([v.value | some v in stmt.action.values])
	elem := object.union(stmt.action, {"kind": "action"})
	names := [sprintf("'%s'", [elem.values[j].value]) | some j in array.slice(by, 0, 3)]
	msg := sprintf("Every action that '%s' matches today is already matched by %s in %s of the same statement; remove it.", [elem.values[i].value, _or(names, count(by)), _element_name(elem)])
}

_any_wildcard(values) if {
	some v in values
	regex.match(`[*?]`, v.value)
}

_or(names, n) := names[0] if n == 1

_or(names, n) := sprintf("%s or %s", [names[0], names[1]]) if n == 2

_or(names, n) := sprintf("%s, %s or %s", names) if n == 3

_or(names, n) := sprintf("%s, %s, %s or %d other entries", array.concat(names, [n - 3])) if n > 3

# The pairwise comparison runs in Go: statements of real policies list
# thousands of actions, and a quadratic loop in Rego takes seconds on them.
# Each pair [i, j] says entry i is covered by entry j, j being the broadest
# covering entry; of two equivalent entries (actions compare
# case-insensitively) the later one is redundant.
_redundant("action", e) := memlint.redundant_actions([v.value | some v in e.values])

_redundant("resource", e) := memlint.redundant_resources([v.value | some v in e.values])

_message(elem, v, by) := sprintf("The %s '%s' is listed twice in %s; remove the second.", [elem.kind, v.value, _element_name(elem)]) if {
	v.value == by.value
}

_message(elem, v, by) := sprintf("The %s '%s' is already covered by '%s' in %s of the same statement; remove it.", [elem.kind, v.value, by.value, _element_name(elem)]) if {
	v.value != by.value
}

_element_name(elem) := "NotAction" if {
	elem.kind == "action"
	elem.not
}

_element_name(elem) := "Action" if {
	elem.kind == "action"
	not elem.not
}

_element_name(elem) := "NotResource" if {
	elem.kind == "resource"
	elem.not
}

_element_name(elem) := "Resource" if {
	elem.kind == "resource"
	not elem.not
}
