# METADATA
# title: Wildcard action grants another account memory writes
# description: |
#   An Allow gives a principal outside the memory's account an action pattern
#   ("*", "bedrock-agentcore:*", "bedrock-agentcore:Batch*", or NotAction)
#   that expands to memory data-plane actions that write or delete
#   (access level Write: CreateEvent, DeleteEvent, DeleteMemoryRecord,
#   BatchCreateMemoryRecords, BatchUpdateMemoryRecords,
#   BatchDeleteMemoryRecords, StartMemoryExtractionJob). A pattern also grants
#   every action AWS adds later that matches it; the AWS guide's advice is to
#   "only grant the specific actions needed by the cross-account principal".
#   When the memory's account is unknown, every principal that names an
#   account is taken to be outside it (a memory resource policy exists to
#   grant other accounts; same-account callers need only their identity
#   policy) and the finding is lowered to low, except for "*" and federated
#   principals, which are outside any account.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML105
#   severity: medium
#   inputs: [memory_policy]
#   remediation: |
#     Replace the pattern with the data-plane actions the other account needs,
#     e.g. "Action": ["bedrock-agentcore:CreateEvent", "bedrock-agentcore:ListEvents"],
#     and give writers a separate statement from readers.
package rules.rbp["wildcard-action-grant"]

import data.lib.policy
import data.lib.result

# A wildcard Action value.
deny contains _finding(a, sprintf("The pattern '%s'", [a.value]), granted, outs) if {
	some stmt in policy.allows
	_applies(stmt)
	not stmt.action.not
	outs := _outside(stmt)
	count(outs) > 0
	some a in stmt.action.values
	regex.match(`[*?]`, a.value)
	granted := [n |
		some n in _data_plane
		memlint.match_action(a.value, n)
		not _dead(stmt, n)
	]
	count(_writes(granted)) > 0
}

# NotAction in an Allow is a wildcard too: every action it does not list.
deny contains _finding(stmt.action, "The NotAction element", granted, outs) if {
	some stmt in policy.allows
	_applies(stmt)
	stmt.action.not
	outs := _outside(stmt)
	count(outs) > 0
	granted := [n |
		some n in _data_plane
		policy.grants_action(stmt, n)
		not _dead(stmt, n)
	]
	count(_writes(granted)) > 0
}

_finding(node, what, granted, outs) := result.fail(node, _message(what, granted, outs)) if _certain(outs)

_finding(node, what, granted, outs) := result.with_severity(result.fail(node, _message(what, granted, outs)), "low") if {
	not _certain(outs)
}

_message(what, granted, outs) := sprintf("%s grants %s %s, including the writes %s.", [
	what, _who(outs), _expansion(granted), _quoted(_writes(granted)),
])

_expansion(granted) := "all 15 memory data-plane actions" if count(granted) == 15

_expansion(granted) := sprintf("the memory data-plane actions %s", [_quoted(granted)]) if count(granted) < 15

_writes(granted) := [n | some n in granted; memlint.action(n).access_level == "Write"]

_quoted(names) := concat(", ", [sprintf("'%s'", [trim_prefix(n, "bedrock-agentcore:")]) | some n in names])

# The 15 memory data-plane actions (aws-reference §1.2), in catalog order.
_data_plane := [
	"bedrock-agentcore:BatchCreateMemoryRecords",
	"bedrock-agentcore:BatchDeleteMemoryRecords",
	"bedrock-agentcore:BatchUpdateMemoryRecords",
	"bedrock-agentcore:CreateEvent",
	"bedrock-agentcore:DeleteEvent",
	"bedrock-agentcore:DeleteMemoryRecord",
	"bedrock-agentcore:GetEvent",
	"bedrock-agentcore:GetMemoryRecord",
	"bedrock-agentcore:ListActors",
	"bedrock-agentcore:ListEvents",
	"bedrock-agentcore:ListMemoryExtractionJobs",
	"bedrock-agentcore:ListMemoryRecords",
	"bedrock-agentcore:ListSessions",
	"bedrock-agentcore:RetrieveMemoryRecords",
	"bedrock-agentcore:StartMemoryExtractionJob",
]

# Principals of the statement outside the memory's account. With the
# account unknown, policy.outside(p, "") counts every principal that names an
# account, "*" and federated principals; _certain says whether memlint knows.
# A "*" whose statement pins the caller to the memory's own account (a
# restricting aws:PrincipalAccount, aws:SourceAccount or aws:PrincipalArn
# condition) is not outside.
_outside(stmt) := {p |
	some p in policy.principals(stmt)
	policy.outside(p, object.get(input.memory, "account", ""))
	not _pinned_inside(stmt, p)
}

_certain(_) if input.memory.account

_certain(outs) if {
	not input.memory.account
	some p in outs
	p.class in {"public", "federated"}
}

_who(outs) := sprintf("%s, outside account '%s',", [_names(outs), input.memory.account]) if input.memory.account

_who(outs) := sprintf("%s, taken to be outside the memory's unknown account,", [_names(outs)]) if not input.memory.account

_names(outs) := concat(", ", [sprintf("'%s'", [v]) | some v in {p.value | some p in outs}])

_pinned_inside(stmt, p) if {
	p.class == "public"
	some c in stmt.conditions
	policy.restricts(c)
	lower(c.key.value) in {"aws:principalaccount", "aws:sourceaccount"}
	every v in c.values {
		_own_account(v)
	}
}

_pinned_inside(stmt, p) if {
	p.class == "public"
	some c in stmt.conditions
	policy.restricts(c)
	lower(c.key.value) == "aws:principalarn"
	every v in c.values {
		_own_arn(v)
	}
}

# A condition on a service key the action does not support, with an operator
# that is false when the key is absent: the statement never grants the
# action (ML110 reports it).
_dead(stmt, action) if {
	some c in stmt.conditions
	k := memlint.condition_key(c.key.value)
	not k.global
	memlint.action_supports_key(action, c.key.value) == false
	_false_when_absent(c)
}

_false_when_absent(c) if {
	not c.if_exists
	c.qualifier != "ForAllValues"
	c.base != "Null"
	not _negated(c)
}

_false_when_absent(c) if {
	not c.if_exists
	c.base == "Null"
	every v in c.values {
		lower(v.value) == "false"
	}
}

_negated(c) if {
	c.qualifier != "ForAnyValue"
	contains(c.base, "Not")
}

# A statement whose Resource cannot match the memory the policy is attached
# to grants nothing on it (ML103 reports the mismatch). Unknown memory ARN,
# missing Resource or a policy variable: the statement is taken to apply.
_applies(_) if not input.memory.arn

_applies(stmt) if {
	input.memory.arn
	not stmt.resource
}

_applies(stmt) if {
	input.memory.arn
	not stmt.resource.not
	some v in stmt.resource.values
	_matches_memory(v.value)
}

_applies(stmt) if {
	input.memory.arn
	stmt.resource.not
	not _excludes_memory(stmt)
}

_excludes_memory(stmt) if {
	some v in stmt.resource.values
	memlint.match_resource(v.value, input.memory.arn.value)
}

_matches_memory(v) if memlint.match_resource(v, input.memory.arn.value)

_matches_memory(v) if contains(v, "${")

# A value computed at deploy time (unknown) may well name the memory's own
# account: whether the grant leaves the account cannot be decided statically,
# so it is taken to pin the caller inside (no finding).
_own_account(v) if policy.unknown(v)

_own_account(v) if v.value == input.memory.account

_own_arn(v) if policy.unknown(v)

_own_arn(v) if memlint.arn(v.value).account == input.memory.account
