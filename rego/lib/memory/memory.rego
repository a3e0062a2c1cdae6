# METADATA
# title: Memory resource policy helpers
# description: |
#   Reading of the effective reach that Go computes for every Allow principal
#   value of a memory resource policy (internal/facts; rego/README.md, "Effective
#   reach"): who gets in through it, per action, after the statement's
#   conditions and every Deny of the policy.
package lib.memory

import data.lib.policy

# METADATA
# description: |
#   The principal values of stmt that let a caller outside the memory's
#   account call action (certainly, or with the memory's account unknown).
outside_grants(stmt, action) := {p |
	some p in policy.principals(stmt)
	grants_outside(p, action)
}

# METADATA
# description: |
#   Principal value p lets a caller outside the memory's account call
#   action: the test outside_grants applies to each principal, for a rule
#   that needs only whether one does (building the set costs more).
grants_outside(p, action) if {
	x := p.effective.actions[action]
	x.reach != "none"
	x.outside != "no"
}

# METADATA
# description: Whether memlint knows that one of ps lets a caller outside the memory's account call action.
certain(ps, action) if {
	some p in ps
	p.effective.actions[action].outside == "yes"
}

# METADATA
# description: The reach principal value p has as written, with no condition.
written(p) := "public" if p.class == "public"

written(p) := "account" if p.class == "account"

written(p) := "principals" if not p.class in {"public", "account"}

# METADATA
# description: |
#   Conditions or Denies narrow what principal value p grants for action: it
#   reaches fewer callers than the principal as written.
narrowed(p, action) if p.effective.actions[action].reach != written(p)

# METADATA
# description: |
#   The access p gives to action through stmt is scoped to caller-chosen
#   values of one of keys (lower-case): it depends on the key (the facts say
#   so), and the condition limits the values rather than excluding a few — a
#   positive operator with a concrete value in the Allow, or a negated one in
#   a Deny ("deny unless the namespace is X"). A negated condition in the
#   Allow admits every value but the listed ones and scopes nothing.
scoped_by(stmt, p, action, keys) if {
	some k in p.effective.actions[action].scoped
	k in keys
	_limits(stmt, k)
}

_limits(stmt, k) if {
	some c in stmt.conditions
	lower(c.key.value) == k
	_positive(c)
}

_limits(_, k) if {
	some s in input.policy.statements
	policy.is_deny(s)
	some c in s.conditions
	lower(c.key.value) == k
	policy.negated(c)
	not c.if_exists
}

_positive(c) if {
	not policy.negated(c)
	not c.if_exists
	c.qualifier != "ForAllValues"
	c.base != "Null"
	some v in c.values
	not regex.match(`^[*?]*$`, v.value)
}

# METADATA
# description: |
#   "'v1', 'v2', outside account 'A'," for messages: the principal values and
#   the memory's account, or a note that the account is unknown.
who(ps) := sprintf("%s, outside account '%s',", [_names(ps), input.memory.account]) if input.memory.account

who(ps) := sprintf("%s, taken to be outside the memory's unknown account,", [_names(ps)]) if not input.memory.account

_names(ps) := concat(", ", sort({_label(p) | some p in ps}))

# A principal value as written, with what it reaches when conditions or
# Denies narrow it: '*' (organisation 'o-a1b2c3d4e5').
_label(p) := sprintf("'%s'", [p.value]) if not p.effective.narrowed

_label(p) := sprintf("'%s' (%s)", [p.value, _reach_text(p)]) if p.effective.narrowed

_reach_text(p) := sprintf("organisation %s", [_list({o | some x in p.effective.actions; some o in x.orgs})]) if {
	p.effective.reach == "organization"
}

_reach_text(p) := sprintf("account %s", [_list({a | some x in p.effective.actions; x.reach == "account"; some a in x.accounts})]) if {
	p.effective.reach == "account"
}

_reach_text(p) := sprintf("named principals of account %s", [_list({a | some x in p.effective.actions; x.reach == "principals"; some a in x.accounts})]) if {
	p.effective.reach == "principals"
}

_reach_text(p) := "as its conditions allow" if not p.effective.reach in {"organization", "account", "principals"}

_list(xs) := concat(", ", [sprintf("'%s'", [x]) | some x in sort(xs)])

# METADATA
# description: Action names without the service prefix, quoted and comma-separated.
quoted(names) := concat(", ", [sprintf("'%s'", [trim_prefix(n, "bedrock-agentcore:")]) | some n in names])

# METADATA
# description: The 15 memory data-plane actions (Go's facts.DataPlaneActions, their one home).
data_plane := memlint.data_plane_actions()

# METADATA
# description: |
#   Statement stmt can apply to the memory the policy is attached to: its
#   Resource matches the memory's ARN. A statement whose Resource cannot
#   match grants nothing on it (ML103 reports the mismatch). Unknown memory
#   ARN, missing Resource or a policy variable: the statement is taken to
#   apply.
applies(_) if not input.memory.arn

applies(stmt) if {
	input.memory.arn
	not stmt.resource
}

applies(stmt) if {
	input.memory.arn
	not stmt.resource.not
	some v in stmt.resource.values
	_matches_memory(v.value)
}

applies(stmt) if {
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

# METADATA
# description: |
#   Statement stmt can never grant action: one of its conditions is on a
#   service key the action does not support, with an operator that is false
#   when the key is absent (ML110 reports it).
dead(stmt, action) if {
	some c in stmt.conditions
	k := memlint.condition_key(c.key.value)
	not k.global
	memlint.action_supports_key(action, c.key.value) == false
	false_when_absent(c)
}

# METADATA
# description: Condition c is false when its key is absent from the request.
false_when_absent(c) if {
	not c.if_exists
	c.qualifier != "ForAllValues"
	c.base != "Null"
	not _negated_each(c)
}

false_when_absent(c) if {
	not c.if_exists
	c.base == "Null"
	every v in c.values {
		lower(v.value) == "false"
	}
}

# A negated operator that holds when the key is absent (not ForAnyValue).
_negated_each(c) if {
	c.qualifier != "ForAnyValue"
	contains(c.base, "Not")
}

# METADATA
# description: |
#   Statement stmt does not grant action on the memory after all: a
#   condition can never hold for it (dead), or an unconditional Deny of the
#   policy removes it for everyone. (The rules that read the effective reach
#   get Denies and conditions from Go; this covers the rules that judge
#   actions the reach is not computed for, such as the 240 actions of
#   bedrock-agentcore:*.)
removed(stmt, action) if dead(stmt, action)

removed(_, action) if denied_for_everyone(action)

# METADATA
# description: An unconditional Deny of the policy, for every principal, removes action on the memory.
denied_for_everyone(action) if {
	some s in input.policy.statements
	policy.is_deny(s)
	count(s.conditions) == 0
	not s.principal.not
	some p in s.principal.values
	p.class == "public"
	policy.grants_action(s, action)
	applies(s)
}
