# METADATA
# title: Condition key the granted action does not support
# description: |
#   A statement conditions on a service-specific key that its action does
#   not support (bedrock-agentcore:namespace on CreateEvent,
#   bedrock-agentcore:actorId on RetrieveMemoryRecords, s3:prefix on any
#   memory action). The key is never in that action's request context, so a
#   positive operator (StringEquals, StringLike, ForAnyValue:..., Null
#   "false") is never true: an Allow never grants the action (a dead grant)
#   and a Deny never denies it. A negated operator, an ...IfExists operator,
#   ForAllValues or Null "true" is always true: the condition restricts
#   nothing for that action, and a Deny applies to every request. For a
#   wildcard action, the rule reports when none of the memory data-plane
#   actions it expands to supports the key. Global keys (aws:...) are
#   available to every action and are not checked.
# related_resources:
#   - ref: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazonbedrockagentcore.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
# custom:
#   id: ML110
#   severity: medium
#   inputs: [memory_policy]
#   remediation: |
#     Put the action in a statement whose conditions use keys it supports: for
#     memory, namespace and strategyId apply to ListMemoryRecords,
#     RetrieveMemoryRecords and (namespace) BatchCreate/BatchUpdateMemoryRecords;
#     actorId and sessionId to the event actions and StartMemoryExtractionJob.
#     The Service Authorization Reference lists each action's keys.
package rules.rbp["condition-key-not-applicable"]

import data.lib.memory
import data.lib.result

# Keys memlint's catalog does not know are skipped (memlint.condition_key is
# undefined for them). That includes bedrock-agentcore:namespacePath, which
# AWS documents for hierarchical namespace matching (memory-organization,
# StringLike on RetrieveMemoryRecords) but which is absent from the Service
# Authorization Reference: the catalog cannot say which actions support it,
# and calling it unsupported would contradict the AWS guide.
#
# NotAction statements are skipped: they cover every action but the listed
# ones, almost always including some that support the key.
deny contains result.fail(c.key, msg) if {
	some stmt in input.policy.statements
	not stmt.action.not
	some c in stmt.conditions
	k := memlint.condition_key(c.key.value)
	k.global == false
	offenders := array.concat(
		[a.value |
			some a in stmt.action.values
			not _wildcard(a.value)
			memlint.action_supports_key(a.value, c.key.value) == false
		],
		[a.value |
			some a in stmt.action.values
			_wildcard(a.value)
			_none_supports(a.value, c.key.value)
		],
	)
	count(offenders) > 0
	msg := sprintf("The condition key '%s' is not in the request context of %s, so the '%s' condition is %s.", [
		c.key.value, _quoted(offenders), c.operator.value, _consequence(stmt, c, count(offenders)),
	])
}

_wildcard(v) if regex.match(`[*?]`, v)

# The wildcard expands to memory data-plane actions and none of them supports
# the key. A wildcard that reaches no data-plane action is ML104's business.
_none_supports(pattern, key) if {
	dp := [n | some n in memory.data_plane; memlint.match_action(pattern, n)]
	count(dp) > 0
	every n in dp {
		memlint.action_supports_key(n, key) == false
	}
}

_quoted(values) := concat(", ", [sprintf("'%s'", [v]) | some v in values])

_consequence(stmt, c, n) := sprintf("never true for %s: the statement never %s %s", [_them(n), _verb(stmt), _them(n)]) if {
	not _true_when_absent(c)
}

_consequence(stmt, c, n) := sprintf("always true for %s: it does not restrict %s", [_them(n), _them(n)]) if {
	_true_when_absent(c)
	stmt.effect.value == "Allow"
}

_consequence(stmt, c, n) := sprintf("always true for %s: the statement denies %s on every request", [_them(n), _them(n)]) if {
	_true_when_absent(c)
	stmt.effect.value != "Allow"
}

_verb(stmt) := "grants" if stmt.effect.value == "Allow"

_verb(stmt) := "denies" if stmt.effect.value != "Allow"

_them(1) := "it"

_them(n) := "them" if n > 1

# What a condition evaluates to when its key is absent from the request
# (IAM User Guide, condition operators and multivalued keys): IfExists,
# ForAllValues (vacuously), negated operators and Null "true" hold;
# positive operators, ForAnyValue and Null "false" do not.
_true_when_absent(c) if c.if_exists

_true_when_absent(c) if c.qualifier == "ForAllValues"

_true_when_absent(c) if {
	c.qualifier != "ForAnyValue"
	c.base != "Null"
	contains(c.base, "Not")
}

_true_when_absent(c) if {
	c.base == "Null"
	some v in c.values
	lower(v.value) == "true"
}
