# METADATA
# title: Policy helpers
# description: |
#   Shared reading of normalised policy statements: effects, principals and
#   whether a statement's conditions really restrict who can call.
package lib.policy

# METADATA
# description: The statement is an Allow.
is_allow(stmt) if stmt.effect.value == "Allow"

# METADATA
# description: The statement is a Deny.
is_deny(stmt) if stmt.effect.value == "Deny"

# METADATA
# description: |
#   The Allow statements of the input policy (input.policy: the units policy,
#   memory_policy and trust_policy; read with object.get so that the role
#   unit, which imports this package for its other helpers, type-checks
#   against its own schema).
allows contains stmt if {
	some stmt in object.get(input, ["policy", "statements"], [])
	stmt.effect.value == "Allow" # is_allow(stmt), without a function call per statement
}

# METADATA
# description: |
#   Value node v (a string value or a principal) is known. Values that
#   infrastructure code computes at deploy time (a CloudFormation !GetAtt, a
#   Terraform "known after apply", a shell "$VAR") carry "unknown": true and
#   hold only the expression as written: rules never compare, parse or report
#   them, and cannot decide anything that depends on them.
known(v) if not v.unknown

# METADATA
# description: Value node v is computed at deploy time (see known).
unknown(v) if v.unknown

# METADATA
# description: The principal values a statement names with Principal (not NotPrincipal).
principals(stmt) := [p | some p in stmt.principal.values; not stmt.principal.not]

# METADATA
# description: |
#   Principal p is outside account: another account, the public, or a
#   federated identity. Service principals are not accounts and are not outside.
outside(p, _) if {
	p.class == "public"
}

outside(p, account) if {
	p.account != ""
	p.account != account
}

outside(p, _) if {
	p.class == "federated"
}

# METADATA
# description: |
#   Condition keys that, with a positive operator and a concrete value, limit
#   which principals can make the call (organisation, account, principal ARN,
#   source resource, network path). Lower-case: keys are case-insensitive.
caller_keys := {
	"aws:principalorgid",
	"aws:principalorgpaths",
	"aws:principalaccount",
	"aws:principalarn",
	"aws:sourceaccount",
	"aws:sourcearn",
	"aws:sourceowner",
	"aws:sourceorgid",
	"aws:sourceorgpaths",
	"aws:sourcevpc",
	"aws:sourcevpce",
	"aws:userid",
	"aws:sourceip",
}

# METADATA
# description: |
#   Negated operators (StringNotEquals, ArnNotLike, NotIpAddress…) allow every
#   value but the listed ones, so they never narrow callers to a known set.
negated(c) if contains(c.base, "Not")

# METADATA
# description: |
#   Condition c restricts callers: a caller key, a positive operator, not
#   ForAllValues (true when the key is absent), not IfExists (true when the key
#   is absent, which anonymous callers arrange), and a value other than a bare
#   wildcard.
restricts(c) if {
	lower(c.key.value) in caller_keys
	not negated(c)
	c.qualifier != "ForAllValues"
	not c.if_exists
	c.base != "Null"
	some v in c.values
	_concrete(v)
}

# A value that narrows callers. An unknown value (computed at deploy time)
# counts: infrastructure code almost always fills a caller key with a real
# account, organisation or ARN, and treating it as absent would report an
# unrestricted grant that the deployed policy does not have (the "no false
# finding" rule for unknowns); rules that need the value itself skip it.
_concrete(v) if unknown(v)

_concrete(v) if {
	known(v)
	not _wildcard_only(v.value)
}

# A value that matches anything under a Like or Arn operator.
_wildcard_only(v) if regex.match(`^[*?]*$`, v)

_wildcard_only(v) if v == "arn:*:*:*:*:*"

# METADATA
# description: The statement has at least one condition that restricts callers.
restricts_callers(stmt) if {
	some c in stmt.conditions
	restricts(c)
}

# METADATA
# description: |
#   The statement grants action (a catalog name such as
#   bedrock-agentcore:CreateEvent), honouring NotAction: an Action entry
#   matches it, or every NotAction entry is known (an unknown one might
#   exclude the action) and none matches it. memlint.grants_action does it
#   in Go, as the memory-policy rules ask it of 15 actions per statement.
grants_action(stmt, action) if memlint.grants_action(stmt.action, action)

# METADATA
# description: |
#   Policy input p with the input.policy.has facts that memlint builds
#   beside the statements: whether any statement holds a condition, a
#   principal, a NotPrincipal, an Action or Resource list of more than one
#   entry, or a repeated Sid (sid_first); and what a costly rule needs
#   before it can fire (rego.Guards): a ForAllValues or ForAnyValue
#   qualifier, a condition value with * or ?, an Arn operator or a String
#   operator on an ARN key, a grant of iam:PassRole, a redundant Action or
#   Resource entry, an S3 ARN-level mismatch, an action no service has, an
#   ARN memlint.arn_problems finds wrong, a statement without Principal or
#   without Resource. Rules guard the bodies that
#   read only such statements with them; tests of those rules write their
#   inputs through this function (TestHasFacts checks it against what Go
#   builds).
with_has(p) := object.union(p, {"has": {
	"condition": _any_stmt(p, "condition"),
	"principal": _any_stmt(p, "principal"),
	"not_principal": _any_stmt(p, "not_principal"),
	"list": _any_stmt(p, "list"),
	"repeated_sid": _any_stmt(p, "repeated_sid"),
	"qualifier": _any_stmt(p, "qualifier"),
	"wildcard_value": _any_stmt(p, "wildcard_value"),
	"arn_condition": _any_stmt(p, "arn_condition"),
	"passrole": _any_stmt(p, "passrole"),
	"redundant": _any_stmt(p, "redundant"),
	"s3_level": _any_stmt(p, "s3_level"),
	"unknown_action": _any_stmt(p, "unknown_action"),
	"arn_problem": _any_stmt(p, "arn_problem"),
	"no_principal": _any_stmt(p, "no_principal"),
	"no_resource": _any_stmt(p, "no_resource"),
}})

_any_stmt(p, part) := count([1 | some s in p.statements; _holds(s, part)]) > 0

_holds(s, "condition") if count(object.get(s, "conditions", [])) > 0

_holds(s, "principal") if s.principal

_holds(s, "not_principal") if s.principal.not

_holds(s, "list") if count(s.action.values) > 1

_holds(s, "list") if count(s.resource.values) > 1

_holds(s, "repeated_sid") if s.sid_first

_holds(s, "qualifier") if {
	some c in s.conditions
	c.qualifier != ""
}

_holds(s, "wildcard_value") if {
	some c in s.conditions
	some v in c.values
	regex.match(`[*?]`, v.value)
}

_holds(s, "arn_condition") if {
	some c in s.conditions
	startswith(c.base, "Arn")
}

_holds(s, "arn_condition") if {
	some c in s.conditions
	startswith(c.base, "String")
	upper(memlint.condition_key(c.key.value).type) in {"ARN", "ARRAYOFARN"}
}

_holds(s, "passrole") if memlint.grants_action(s.action, "iam:PassRole")

_holds(s, "redundant") if {
	count(s.action.values) > 1
	count(memlint.redundant_actions([v.value | some v in s.action.values])) > 0
}

_holds(s, "redundant") if {
	count(s.action.values) > 1
	count(memlint.redundant_action_sets([v.value | some v in s.action.values])) > 0
}

_holds(s, "redundant") if {
	count(s.resource.values) > 1
	count(memlint.redundant_resources([v.value | some v in s.resource.values])) > 0
}

# ML302's trigger without the policy kind and the Effect.
_holds(s, "s3_level") if {
	not s.action.not
	not s.resource.not
	s3 := [r | some r in s.resource.values; r.arn.service == "s3"]
	count(s3) > 0
	level := memlint.s3_resource_level(s3[0].arn.resource)
	every r in s3 {
		memlint.s3_resource_level(r.arn.resource) == level
	}
	other := {"object": "bucket", "bucket": "object"}[level]
	some a in s.action.values
	memlint.s3_action_level(a.value) == other
}

_holds(s, "unknown_action") if {
	some v in s.action.values
	is_string(v.value)
	not memlint.any_action(v.value)
}

_holds(s, "arn_problem") if {
	some p in s.principal.values
	p.type in {"AWS", "Federated"}
	count(memlint.arn_problems(p.value, "principal")) > 0
}

_holds(s, "arn_problem") if {
	some r in s.resource.values
	count(memlint.arn_problems(r.value, "resource")) > 0
}

_holds(s, "arn_problem") if {
	some c in s.conditions
	startswith(c.base, "Arn")
	some v in c.values
	count(memlint.arn_problems(v.value, "arn-condition")) > 0
}

_holds(s, "arn_problem") if {
	some c in s.conditions
	startswith(c.base, "String")
	upper(memlint.condition_key(c.key.value).type) in {"ARN", "ARRAYOFARN"}
	some v in c.values
	count(memlint.arn_problems(v.value, "string-condition")) > 0
}

_holds(s, "no_principal") if not s.principal

_holds(s, "no_resource") if not s.resource
