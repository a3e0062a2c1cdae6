# METADATA
# title: Execution role can be assumed by principals other than Bedrock AgentCore
# description: |
#   The memory execution role should be assumable only by the service principal
#   bedrock-agentcore.amazonaws.com. An Allow of sts:AssumeRole (or
#   AssumeRoleWithWebIdentity / AssumeRoleWithSAML) to anyone else — '*',
#   another account's root, roles, users, federated identities, or an Allow
#   with NotPrincipal (everyone but the listed principals) — lets that
#   principal obtain the role's permissions on the delivery destinations in
#   the other account, unless a condition restricts the callers
#   (aws:PrincipalArn, aws:PrincipalOrgID, aws:SourceArn…, positive and
#   concrete).
#
#   Principals in the role's own account are still extra, but the finding is
#   lowered to medium: they stay inside the account that owns the memory. The
#   role's account comes from its ARN, else from the memories that use it.
#   Another service principal is reported only when the policy does allow
#   AgentCore; otherwise trust-missing-service (ML201) reports it as the wrong
#   service.
#
#   Like ML201, the rule fires only on the trust policy of a memory execution
#   role (a memory uses it, or it mentions bedrock-agentcore).
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
# custom:
#   id: ML204
#   severity: high
#   inputs: [trust_policy]
#   remediation: |
#     Keep only {"Service": "bedrock-agentcore.amazonaws.com"} in the execution role's
#     trust policy and give other callers their own role. If another principal must
#     assume it, add a condition that names it (aws:PrincipalArn with ArnEquals).
package rules.trust["trust-extra-principal"]

import data.lib.policy
import data.lib.result

_service := "bedrock-agentcore.amazonaws.com"

_assume_actions := ["sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"]

deny contains _finding(p, msg) if {
	_memory_role
	some stmt in policy.allows
	_assumes(stmt)
	not policy.restricts_callers(stmt)
	some p in policy.principals(stmt)
	_extra(p)
	msg := sprintf("The statement also lets %s assume the role; only '%s' should.", [_describe(p), _service])
}

deny contains result.fail(stmt.principal, msg) if {
	_memory_role
	some stmt in policy.allows
	stmt.principal.not
	_assumes(stmt)
	not policy.restricts_callers(stmt)
	msg := sprintf("The statement uses NotPrincipal with Allow, which lets every principal except %s assume the role; only '%s' should.", [_listed(stmt), _service])
}

_assumes(stmt) if {
	some a in _assume_actions
	policy.grants_action(stmt, a)
}

_is_agentcore(p) if {
	p.type == "Service"
	p.value == _service
}

# A principal computed at deploy time may well be the right one: never extra.
_extra(p) if {
	policy.known(p)
	p.type != "Service"
}

# Another service: only when AgentCore itself is allowed (else ML201 says
# the service is wrong).
_extra(p) if {
	policy.known(p)
	p.type == "Service"
	not _is_agentcore(p)
	_agentcore_allowed
}

_agentcore_allowed if {
	some stmt in policy.allows
	policy.grants_action(stmt, "sts:AssumeRole")
	some p in policy.principals(stmt)
	_is_agentcore(p)
}

_finding(p, msg) := result.with_severity(result.fail(p, msg), "medium") if {
	_same_account(p)
} else := result.fail(p, msg)

_same_account(p) if {
	p.account != ""
	p.account == _role_account
}

# The role's account: its ARN, else the one account of the memories using it.
_role_account := input.role.account

_role_account := account if {
	not input.role.account
	accounts := {m.account | some m in input.memories; m.account != ""}
	count(accounts) == 1
	some account in accounts
}

_describe(p) := "anyone ('*')" if p.class == "public"

_describe(p) := sprintf("the whole account '%s'%s", [p.account, _own(p)]) if p.class == "account"

_describe(p) := sprintf("the %s '%s'%s", [_kinds[p.class], p.value, _own(p)]) if _kinds[p.class]

_describe(p) := sprintf("the service '%s'", [p.value]) if p.type == "Service"

_describe(p) := sprintf("'%s'", [p.value]) if {
	p.type != "Service"
	not p.class in {"public", "account"}
	not _kinds[p.class]
}

_kinds := {
	"role": "role",
	"assumed-role": "role session",
	"user": "IAM user",
	"unique-id": "deleted principal",
	"federated": "federated identity",
	"canonical": "canonical user",
}

_own(p) := " of the role's own account" if _same_account(p)

_own(p) := "" if not _same_account(p)

_listed(stmt) := sprintf("'%s'", [concat("', '", [p.value | some p in stmt.principal.values])]) if {
	count(stmt.principal.values) > 0
} else := "no one"

# The trust policy belongs to a memory execution role: a memory uses the role,
# or the document mentions bedrock-agentcore (a principal or an aws:SourceArn
# value).
_memory_role if count(input.memories) > 0

_memory_role if {
	some stmt in input.policy.statements
	some p in stmt.principal.values
	contains(lower(p.value), "bedrock-agentcore")
}

_memory_role if {
	some stmt in input.policy.statements
	some c in stmt.conditions
	lower(c.key.value) == "aws:sourcearn"
	some v in c.values
	contains(lower(v.value), "bedrock-agentcore")
}
