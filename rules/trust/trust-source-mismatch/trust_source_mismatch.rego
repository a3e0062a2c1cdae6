# METADATA
# title: Trust policy source condition cannot match the memory
# description: |
#   The aws:SourceArn or aws:SourceAccount condition of the statement that lets
#   bedrock-agentcore.amazonaws.com assume the role does not fit the memory
#   that uses the role, so AgentCore cannot assume it (or, for a too broad
#   value, any account's AgentCore resources can). Each value is evaluated
#   against each memory that names the role as memoryExecutionRoleArn: its ARN
#   when known, else the pattern
#   arn:<partition>:bedrock-agentcore:<region or *>:<account>:memory/* built
#   from what is known. Without a linked memory the role's account is used
#   (the execution role lives in the memory's account), and the resource type
#   is not checked, since AgentCore Runtime and Gateway roles trust the same
#   service principal.
#
#   A value is reported when it names another account, region, partition,
#   service (bedrock: instead of bedrock-agentcore:) or resource type
#   (runtime/ instead of memory/); when StringEquals or StringEqualsIgnoreCase
#   holds a '*' (compared literally, so it never equals a real ARN — ArnEquals,
#   by contrast, accepts wildcards like ArnLike); when the value is not an ARN
#   or not an account ID; when the account in aws:SourceArn differs from
#   aws:SourceAccount; or when a negated operator lists the memory itself.
#   Several values of one key are ORed, so a positive condition is reported
#   (at each value) only when none of its values can match. IfExists and the
#   set qualifiers do not change the outcome: AgentCore sends the key, so the
#   condition is evaluated.
#
#   A value so broad it names no account (arn:aws:bedrock-agentcore:*:*:*, or
#   '*') is reported too, unless another source condition of the statement
#   names the account (IAM: when aws:SourceArn holds no account ID, use
#   aws:SourceAccount as well).
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
# custom:
#   id: ML203
#   severity: high
#   inputs: [trust_policy]
#   remediation: |
#     Name the memory account, region and the memory resource type with ArnLike:
#     "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:bedrock-agentcore:<region>:<account-A-id>:memory/*"}}
#     (and, if used, "StringEquals": {"aws:SourceAccount": "<account-A-id>"} with the same account).
package rules.trust["trust-source-mismatch"]

import data.lib.policy
import data.lib.result

_service := "bedrock-agentcore.amazonaws.com"

# A positive condition none of whose values can match a memory of the role.
deny contains result.fail(v, msg) if {
	some stmt in _service_statements
	some c in stmt.conditions
	_evaluable(c)
	count(c.values) > 0
	some t in _targets
	every w in c.values {
		count(_reasons(c, w.value, t)) > 0
	}
	some v in c.values
	msg := sprintf("The %s value '%s' cannot match %s: %s.", [_key_names[lower(c.key.value)], v.value, t.desc, concat("; ", _reasons(c, v.value, t))])
}

# A value that names no account, with no other source condition naming one.
deny contains result.fail(v, msg) if {
	some stmt in _service_statements
	some c in stmt.conditions
	_evaluable(c)
	some v in c.values
	_broad(c, v.value)
	some t in _targets
	count(_reasons(c, v.value, t)) == 0
	not _account_named_elsewhere(stmt, c)
	msg := sprintf("The %s value '%s' names no account, so AgentCore resources of any account can have the service assume the role.", [_key_names[lower(c.key.value)], v.value])
}

# aws:SourceArn and aws:SourceAccount describe the same source: their accounts
# must agree. Checked when no memory account is known (otherwise the value
# that is not the memory's account is reported above).
deny contains result.fail_related(w, msg, ca.key, "The aws:SourceArn condition.") if {
	not _account_known
	some stmt in _service_statements
	some ca in stmt.conditions
	_evaluable(ca)
	lower(ca.key.value) == "aws:sourcearn"
	some cb in stmt.conditions
	_evaluable(cb)
	lower(cb.key.value) == "aws:sourceaccount"
	every v in ca.values {
		count(_reasons(ca, v.value, _unknown)) == 0
	}
	every v in cb.values {
		count(_reasons(cb, v.value, _unknown)) == 0
	}
	accounts := {_arn_account(v.value) | some v in ca.values}
	every vb in cb.values {
		every a in accounts {
			not _accounts_overlap(a, vb.value)
		}
	}
	some w in cb.values
	msg := sprintf("The aws:SourceAccount value '%s' is not the account that aws:SourceArn names ('%s'); both describe the same source, so the statement never applies.", [w.value, concat("', '", accounts)])
}

# A negated condition whose value matches the memory excludes it.
deny contains result.fail(v, msg) if {
	some stmt in _service_statements
	some c in stmt.conditions
	lower(c.key.value) in _source_keys
	policy.negated(c)
	base := _positive[c.base]
	some t in _targets
	some v in c.values
	_certainly_matches(lower(c.key.value), base, v.value, t)
	msg := sprintf("The '%s' condition on %s excludes %s: its value '%s' matches it.", [c.operator.value, _key_names[lower(c.key.value)], t.desc, v.value])
}

_service_statements contains stmt if {
	some stmt in policy.allows
	policy.grants_action(stmt, "sts:AssumeRole")
	some p in policy.principals(stmt)
	p.type == "Service"
	p.value == _service
}

_source_keys := {"aws:sourcearn", "aws:sourceaccount"}

# Keys are case-insensitive; messages spell them the documented way.
_key_names := {"aws:sourcearn": "aws:SourceArn", "aws:sourceaccount": "aws:SourceAccount"}

_exact_ops := {"StringEquals", "StringEqualsIgnoreCase"}

_like_ops := {"StringLike", "ArnLike", "ArnEquals"}

_arn_ops := {"ArnLike", "ArnEquals"}

_positive := {
	"StringNotEquals": "StringEquals",
	"StringNotEqualsIgnoreCase": "StringEqualsIgnoreCase",
	"StringNotLike": "StringLike",
	"ArnNotEquals": "ArnEquals",
	"ArnNotLike": "ArnLike",
}

# A positive condition on a source key with an operator memlint compares.
_evaluable(c) if {
	lower(c.key.value) in _source_keys
	not policy.negated(c)
	c.base in (_exact_ops | _like_ops)
	every v in c.values {
		policy.known(v) # a deploy-time value cannot be shown to mismatch
	}
}

# A memory nothing is known about.
_unknown := {"concrete": false, "partition": "*", "region": "*", "account": "*", "resource": "*"}

# --- What each memory that uses the role looks like ---------------------------

_targets contains t if {
	some m in input.memories
	a := m.arn.arn
	t := {
		"concrete": true, "arn": m.arn.value,
		"partition": a.partition, "region": a.region, "account": a.account, "resource": a.resource,
		"desc": sprintf("the memory '%s'", [m.arn.value]),
	}
}

_targets contains t if {
	some m in input.memories
	not m.arn.arn
	account := object.get(m, "account", "*")
	region := object.get(m, "region", "*")
	t := {
		"concrete": false,
		"partition": object.get(m, "partition", "*"), "region": region, "account": account, "resource": "memory/*",
		"desc": _memory_desc(account, region),
	}
}

_targets contains t if {
	count(input.memories) == 0
	account := object.get(input.role, "account", "*")
	t := {
		"concrete": false,
		"partition": object.get(input.role, ["arn", "arn", "partition"], "*"), "region": "*", "account": account, "resource": "*",
		"desc": _role_desc(account),
	}
}

_memory_desc(account, region) := sprintf("a memory of account '%s' in '%s'", [account, region]) if {
	account != "*"
	region != "*"
} else := sprintf("a memory of account '%s'", [account]) if {
	account != "*"
} else := "the memory that uses the role"

_role_desc(account) := sprintf("an AgentCore resource of the role's account '%s'", [account]) if {
	account != "*"
} else := "any AgentCore resource"

_account_known if {
	some t in _targets
	t.account != "*"
}

_pattern(t) := concat(":", ["arn", t.partition, "bedrock-agentcore", t.region, t.account, t.resource])

# --- Why a value cannot match target t ----------------------------------------

# Reasons a value can never match (whatever the memory) come first; only a
# value without them is compared with t. A policy variable (${…}) is resolved
# only at request time: such a value is taken to match.
_reasons(c, v, t) := set() if {
	contains(v, "${")
} else := r if {
	r := _never(lower(c.key.value), v) | _literal_wildcard(c, v)
	count(r) > 0
} else := _target_reasons(c, v, t)

# Dead values, whatever the operator.
_never(key, v) := ({r |
	key == "aws:sourcearn"
	not memlint.arn(v)
	not _wild(v)
	r := "it is not an ARN"
} | {r |
	key == "aws:sourcearn"
	memlint.arn(v).account == ""
	r := "its account field is empty"
}) | {r |
	key == "aws:sourceaccount"
	not _wild(v)
	not regex.match(`^[0-9]{12}$`, v)
	r := "it is not a 12-digit account ID"
}

# Dead values under this operator.
_literal_wildcard(c, v) := ({r |
	c.base in _exact_ops
	contains(v, "*")
	r := sprintf("'%s' compares '*' literally", [c.operator.value])
} | {r |
	c.base in _arn_ops
	lower(c.key.value) == "aws:sourcearn"
	not memlint.arn(v)
	_wild(v)
	v != "*"
	r := sprintf("'%s' matches nothing with fewer than six ARN fields", [c.operator.value])
}) | {r |
	c.base in _arn_ops
	lower(c.key.value) == "aws:sourceaccount"
	v != "*"
	r := sprintf("'%s' compares ARNs, and an account ID is not one", [c.operator.value])
}

# A known memory ARN: the operator decides, the differing fields explain.
_target_reasons(c, v, t) := {r |
	lower(c.key.value) == "aws:sourcearn"
	not _op_match(c.base, v, t.arn)
	r := _field_reason(c, v, t)
} | _account_reasons(c, v, t) if {
	t.concrete
} else := {r |
	# A pattern: compare field by field.
	lower(c.key.value) == "aws:sourcearn"
	fields := _fields(c, v, t)
	count(fields) > 0
	r := sprintf("it names %s", [concat(", ", fields)])
} | _account_reasons(c, v, t)

_account_reasons(c, v, t) := {r |
	lower(c.key.value) == "aws:sourceaccount"
	t.account != "*"
	not _op_match(c.base, v, t.account)
	r := "it names another account"
}

_field_reason(c, v, t) := sprintf("it names %s", [concat(", ", fields)]) if {
	fields := _fields(c, v, t)
	count(fields) > 0
} else := "it does not match that ARN"

# The ARN fields of value v that cannot match target t, as "account '…'".
_fields(c, v, t) := [sprintf("%s '%s'", [name, got]) |
	a := memlint.arn(v)
	some [name, got, want] in [
		["partition", a.partition, t.partition],
		["service", a.service, "bedrock-agentcore"],
		["region", a.region, t.region],
		["account", a.account, t.account],
		["resource", a.resource, t.resource],
	]
	got != ""
	not _overlap(c.base, got, want)
]

# _overlap: some string matched by both the value's field and the target's.
# Target fields are concrete, "*" (unknown) or "memory/*".
_overlap(_, _, want) if want == "*"

_overlap(base, got, want) if {
	not _wild(want)
	_op_field_match(base, got, want)
}

_overlap(base, got, want) if {
	want != "*"
	endswith(want, "/*")
	_prefix_overlap(base, got, trim_suffix(want, "*"))
}

_prefix_overlap(base, got, prefix) if {
	not _wild(got)
	startswith(_case(base, got), prefix)
	count(got) > count(prefix)
}

_prefix_overlap(base, got, prefix) if {
	base in _like_ops
	_wild(got)
	lit := regex.split(`[*?]`, got)[0]
	_prefix_compatible(lit, prefix)
}

_prefix_compatible(lit, prefix) if startswith(lit, prefix)

_prefix_compatible(lit, prefix) if startswith(prefix, lit)

_case("StringEqualsIgnoreCase", s) := lower(s)

_case(base, s) := s if base != "StringEqualsIgnoreCase"

_op_field_match(base, got, want) if {
	base in _like_ops
	memlint.match(got, want)
}

_op_field_match("StringEquals", got, want) if got == want

_op_field_match("StringEqualsIgnoreCase", got, want) if lower(got) == lower(want)

# The operator applied to a whole value.
_op_match("StringEquals", v, s) if v == s

_op_match("StringEqualsIgnoreCase", v, s) if lower(v) == lower(s)

_op_match("StringLike", v, s) if memlint.match(v, s)

_op_match("ArnLike", v, s) if memlint.match_arn(v, s)

_op_match("ArnEquals", v, s) if memlint.match_arn(v, s)

_wild(s) if regex.match(`[*?]`, s)

# --- Breadth and the SourceArn / SourceAccount pair -----------------------------

_broad(c, v) if {
	c.base in _like_ops
	lower(c.key.value) == "aws:sourceaccount"
	contains(v, "*")
	not contains(v, "${")
}

_broad(c, v) if {
	c.base in _like_ops
	lower(c.key.value) == "aws:sourcearn"
	contains(memlint.arn(v).account, "*")
}

_broad(c, v) if {
	c.base in _like_ops
	lower(c.key.value) == "aws:sourcearn"
	not memlint.arn(v)
	contains(v, "*")
	not contains(v, "${")
	not regex.match(`[0-9]{12}`, v)
}

# Another positive source condition of the statement names an account in
# every value (conditions are ANDed, so it narrows the broad one).
# A source condition with a deploy-time value may name the account: the
# "names no account" finding cannot be decided then.
_account_named_elsewhere(stmt, c) if {
	some other in stmt.conditions
	other != c
	lower(other.key.value) in _source_keys
	some v in other.values
	policy.unknown(v)
}

_account_named_elsewhere(stmt, c) if {
	some other in stmt.conditions
	other != c
	_evaluable(other)
	not other.if_exists
	other.qualifier != "ForAllValues"
	count(other.values) > 0
	every v in other.values {
		_names_account(lower(other.key.value), v.value)
	}
}

_names_account("aws:sourceaccount", v) if regex.match(`^[0-9]{12}$`, v)

_names_account("aws:sourcearn", v) if regex.match(`^[0-9]{12}$`, memlint.arn(v).account)

_arn_account(v) := a.account if {
	a := memlint.arn(v)
} else := "*"

_accounts_overlap(a, b) if memlint.match(a, b)

_accounts_overlap(a, b) if memlint.match(b, a)

_accounts_overlap(a, b) if {
	_wild(a)
	_wild(b)
}

# A negated condition's value certainly matches what AgentCore sends for t.
_certainly_matches("aws:sourcearn", base, v, t) if {
	t.concrete
	_op_match(base, v, t.arn)
}

_certainly_matches("aws:sourcearn", base, v, t) if {
	not t.concrete
	base in _like_ops
	memlint.covers(v, _pattern(t))
}

_certainly_matches("aws:sourceaccount", base, v, t) if {
	t.account != "*"
	_op_match(base, v, t.account)
}
