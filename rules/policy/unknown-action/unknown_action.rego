# METADATA
# title: Action matches no action of any AWS service
# description: |
#   An Action or NotAction entry names a service prefix that no AWS service
#   uses, or an action (or wildcard pattern) that matches no action of the
#   service in the Service Authorization Reference. IAM accepts such entries
#   without complaint and they match nothing: a grant never takes effect, a
#   Deny never blocks, a NotAction never excludes. The AgentCore Memory
#   cross-account guide itself lists the non-existent
#   bedrock-agentcore:StartMemoryExtractionJobs (the action is
#   StartMemoryExtractionJob), and third-party samples use invented actions
#   such as bedrock-agentcore:RetrieveMemories. When a real action is one
#   edit away (a plural, a dropped or swapped letter) the message names it.
# related_resources:
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrockagentcore.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
# custom:
#   id: ML005
#   severity: high
#   inputs: [policy]
#   access_analyzer: [INVALID_ACTION, INVALID_SERVICE_IN_ACTION]
#   remediation: |
#     Write actions as service:ActionName with the names of the Service
#     Authorization Reference, for example
#     "bedrock-agentcore:StartMemoryExtractionJob" rather than
#     "bedrock-agentcore:StartMemoryExtractionJobs". Check the service prefix
#     (bedrock-agentcore, not bedrockagentcore or bedrock-agent-core).
package rules.policy["unknown-action"]

import data.lib.policy
import data.lib.result

deny contains result.fail(v, _message(stmt, v.value)) if {
	input.policy.has.unknown_action
	some stmt in input.policy.statements
	some v in stmt.action.values
	not memlint.any_action(v.value) # first: nearly every entry matches an action
	v.value != "*"
	policy.known(v)
}

# An unknown service prefix, written without wildcards.
_message(stmt, a) := msg if {
	prefix := _prefix(a)
	not _wildcard(prefix)
	not memlint.service_known(prefix)
	msg := sprintf("The %s '%s' names the service prefix '%s', which no AWS service uses: the entry matches nothing.", [_element(stmt), a, prefix])
}

# No service prefix at all.
_message(stmt, a) := msg if {
	not contains(a, ":")
	not _wildcard(a)
	msg := sprintf("The %s '%s' has no service prefix: actions are written 'service:ActionName'.", [_element(stmt), a])
}

# A pattern that matches nothing.
_message(stmt, a) := msg if {
	_known_or_wildcard(a)
	_wildcard(a)
	msg := sprintf("The %s pattern '%s' matches no action of %s.", [_element(stmt), a, _scope(a)])
}

# A known service, no such action.
_message(stmt, a) := msg if {
	_known_or_wildcard(a)
	not _wildcard(a)
	msg := sprintf("The %s '%s' is not an action of %s: %s.", [_element(stmt), a, _scope(a), _hint(a)])
}

_element(stmt) := "NotAction" if stmt.action.not

_element(stmt) := "Action" if not stmt.action.not

_prefix(a) := split(a, ":")[0] if contains(a, ":")

_wildcard(s) if regex.match(`[*?]`, s)

# The action has a colon and its service part is known or a pattern.
_known_or_wildcard(a) if memlint.service_known(_prefix(a))

_known_or_wildcard(a) if _wildcard(_prefix(a))

# A pattern without a colon ("s3*") is matched against whole names.
_known_or_wildcard(a) if {
	not contains(a, ":")
	_wildcard(a)
}

_scope(a) := sprintf("service '%s'", [_prefix(a)]) if {
	contains(a, ":")
	not _wildcard(_prefix(a))
}

_scope(a) := "any AWS service" if _wildcard(_prefix(a))

_scope(a) := "any AWS service" if not contains(a, ":")

_hint(a) := _hint_for(_near_actions(a))

_hint_for(near) := "the entry matches nothing" if count(near) == 0

_hint_for(near) := sprintf("the closest action is '%s'", near) if count(near) == 1

_hint_for(near) := sprintf("the closest actions are %s", [concat(" and ", [sprintf("'%s'", [n]) | some n in near])]) if {
	count(near) > 1
}

# The service's actions one edit away from the written name, case ignored:
# StartMemoryExtractionJobs finds StartMemoryExtractionJob.
_near_actions(a) := [act.name |
	parts := split(a, ":")
	count(parts) == 2
	name := lower(parts[1])
	count(name) > 0
	some act in memlint.actions(sprintf("%s:*", [parts[0]]))
	_near(lower(split(act.name, ":")[1]), name)
]

# a and b are one edit apart: one character substituted, inserted or
# deleted, or two adjacent characters swapped.
_near(a, b) if {
	count(a) == count(b)
	count(_diffs(a, b)) == 1
}

_near(a, b) if {
	count(a) == count(b)
	d := _diffs(a, b)
	count(d) == 2
	d[1] == d[0] + 1
	substring(a, d[0], 1) == substring(b, d[1], 1)
	substring(a, d[1], 1) == substring(b, d[0], 1)
}

_near(a, b) if {
	count(a) == count(b) + 1
	_drops_to(a, b)
}

_near(a, b) if {
	count(b) == count(a) + 1
	_drops_to(b, a)
}

# The positions where a and b (of equal, non-zero length) differ.
_diffs(a, b) := [i |
	some i in numbers.range(0, count(a) - 1)
	substring(a, i, 1) != substring(b, i, 1)
]

# Deleting one character of long gives short.
_drops_to(long, short) if {
	some i in numbers.range(0, count(long) - 1)
	concat("", [substring(long, 0, i), substring(long, i + 1, -1)]) == short
}
