# METADATA
# title: iam:PassRole allowed on every role without iam:PassedToService
# description: |
#   An Allow statement grants iam:PassRole, directly or through a wildcard
#   action or NotAction, on Resource "*" (or every role of an account, or a
#   NotResource), with no iam:PassedToService condition naming the services
#   the roles may be passed to. Whoever holds the policy can hand any role of
#   the account, however privileged, to any service: whoever deploys a memory
#   can give it, or any other resource, an execution role far beyond its
#   own permissions.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML015
#   severity: high
#   inputs: [policy]
#   access_analyzer: [PASS_ROLE_WITH_STAR_IN_RESOURCE, PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE, PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION, PASS_ROLE_WITH_NOT_RESOURCE, PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE, PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE]
#   remediation: |
#     Name the roles that may be passed, e.g.
#     "Resource": "arn:aws:iam::111122223333:role/MemoryCrossAccountRole",
#     and add
#     "Condition": {"StringEquals": {"iam:PassedToService": "bedrock-agentcore.amazonaws.com"}}.
package rules.policy["passrole-wildcard"]

import data.lib.policy
import data.lib.result

# The finding points at the resource value that covers every role: that is
# what makes the grant a wildcard, and the action may be granted without a
# value of its own to point at (NotAction, "*"). With NotResource it points
# at the NotResource key. One finding per statement: the first such value.
deny contains result.fail(node, msg) if {
	input.policy.has.passrole
	some stmt in policy.allows
	memlint.grants_action(stmt.action, "iam:PassRole") # policy.grants_action, without a function call per statement
	not _service_restricted(stmt)
	some node, where in _every_role(stmt)
	msg := sprintf("The statement allows 'iam:PassRole'%s %s without an 'iam:PassedToService' condition naming the services, so its holder can pass any role to any service.", [_through(stmt), where])
}

_every_role(stmt) := {stmt.resource.values[i]: sprintf("on every role ('%s')", [stmt.resource.values[i].value])} if {
	not stmt.resource.not
	idx := {i | some i, r in stmt.resource.values; _all_roles(r.value)}
	count(idx) > 0
	i := min(idx)
}

_every_role(stmt) := {stmt.resource: "on every resource outside NotResource"} if {
	stmt.resource.not
	not _excludes_roles(stmt)
}

# A Resource value that matches every role of an account (or of all
# accounts): "*", "arn:aws:iam::111122223333:role/*", "arn:aws:iam::*:*",
# and the short patterns whose trailing * stands for the fields after it
# ("arn:aws:iam::*", "arn:aws:iam:*"). Narrower patterns (role/app-*) name a
# set of roles and are not reported. Access Analyzer's page speaks of
# "wildcards (*) in the resource" and exempts role names that follow a
# service's naming convention (role/Service*) without saying where the line
# is; the AWS managed policies it lists for this warning grant "*", while
# those granting name prefixes (DataScientist's role/kinesis-*) are not
# listed, so memlint reports only patterns that cover every role.
_all_roles(v) if regex.match(`^\*+$`, v)

_all_roles(v) if {
	a := memlint.arn(v)
	memlint.covers(v, sprintf("arn:%s:iam::%s:role/*", [a.partition, a.account]))
}

_all_roles(v) if {
	not memlint.arn(v) # fewer than six fields
	parts := split(v, ":")
	parts[0] == "arn"
	count(parts) > 2
	memlint.covers(v, sprintf("arn:%s:iam::%s:role/*", [parts[1], _field(parts, 4)]))
}

_field(parts, i) := parts[i] if count(parts) > i

_field(parts, i) := "*" if count(parts) <= i

# A NotResource that lists every role leaves no role to pass. Access
# Analyzer's NotResource checks recommend iam:PassedToService besides naming
# the roles; whether they stay quiet when the statement has it is not
# documented, and memlint, like for Resource, does not report such a
# statement.
_excludes_roles(stmt) if {
	some r in stmt.resource.values
	_all_roles(r.value)
}

_through(stmt) := "" if {
	not stmt.action.not
	_named(stmt)
}

_through(stmt) := sprintf(" (through '%s')", [_pattern(stmt)]) if {
	not stmt.action.not
	not _named(stmt)
}

_through(stmt) := " (through NotAction, which does not exclude it)" if stmt.action.not

_named(stmt) if {
	some a in stmt.action.values
	lower(a.value) == "iam:passrole"
}

_pattern(stmt) := [a.value |
	some a in stmt.action.values
	memlint.match_action(a.value, "iam:PassRole")
][0]

# A condition on iam:PassedToService restricts when it is positive (not
# StringNotEquals…, not Null), not ForAllValues (true when the key is
# absent), and has a value that does not match every service. IfExists is
# accepted: memlint takes iam:PassedToService to be present whenever a role
# is passed to a service, where IfExists changes nothing.
_service_restricted(stmt) if {
	some c in stmt.conditions
	lower(c.key.value) == "iam:passedtoservice"
	not contains(c.base, "Not")
	c.base != "Null"
	c.qualifier != "ForAllValues"
	some v in c.values
	not _any_service(c, v.value)
}

# Under a Like operator a value matches every service principal when it
# matches the text "*.amazonaws.com" itself: its wildcard then stands where
# the service name is ("*", "*.amazonaws.com", "*amazonaws*").
_any_service(c, v) if {
	c.base == "StringLike"
	memlint.match(v, "*.amazonaws.com")
}
