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
#   A principal computed at deploy time (a CloudFormation !Ref or !Sub, a
#   Terraform unknown, a shell "$VAR") is extra when its type settles it: an
#   AWS, federated or canonical-user principal is never the AgentCore service,
#   whatever it resolves to. One built on AWS::AccountId names the role's own
#   account (medium); any other is high. Only a computed Service principal may
#   still be AgentCore and is not reported.
#
#   A federated principal (an OIDC provider such as
#   token.actions.githubusercontent.com, or a SAML or OIDC provider ARN) lets
#   the provider's users and workloads assume the role: it is never "of the
#   role's own account", even when the provider is registered there. With no
#   condition on the token's subject ('sub'; an 'aud' condition only checks
#   the audience, which every GitHub Actions workflow can request) the finding
#   is high: any workload the provider issues a token to can take the role.
#   With a concrete 'sub' condition (not '*' or 'repo:*') it is medium: the
#   named workloads are still extra principals of the memory's execution role.
#
#   A principal with a wildcard inside its value (arn:aws:iam::B:role/*) is
#   not reported here: IAM rejects the policy, which malformed-arn (ML012) or
#   policy-grammar (ML002) reports.
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
	some p in policy.principals(stmt)
	_extra(p)
	_unrestricted(stmt, p)
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

# Nothing narrows who p lets assume the role. For an AWS principal the
# effective reach says (Go probes the statement and the policy's Denies: a
# condition counts by what it admits, so "o-*" restricts nobody); for the
# others (federated, computed values) a condition that restricts callers
# does.
_unrestricted(_, p) if {
	p.effective
	not p.effective.narrowed
	p.effective.reach != "none"
}

_unrestricted(stmt, p) if {
	not p.effective
	not policy.restricts_callers(stmt)
}

_assumes(stmt) if {
	some a in _assume_actions
	policy.grants_action(stmt, a)
}

_is_agentcore(p) if {
	p.type == "Service"
	p.value == _service
}

_extra(p) if {
	policy.known(p)
	p.type != "Service"
	not _rejected(p)
}

# A wildcard inside a principal value: IAM rejects the whole policy
# (malformed-arn or policy-grammar says so), so it lets no one assume the role.
_rejected(p) if {
	p.class == "other"
	regex.match(`[*?]`, p.value)
}

# A principal computed at deploy time whose type settles it: an AWS, federated
# or canonical-user principal is never the AgentCore service, whatever it
# resolves to. A computed Service principal may be AgentCore: not extra.
_extra(p) if {
	policy.unknown(p)
	p.type != "Service"
}

# Another service: only when AgentCore itself is allowed (else ML201 says
# the service is wrong).
_extra(p) if {
	policy.known(p)
	p.type == "Service"
	not _is_agentcore(p)
	not _rejected(p)
	_agentcore_allowed
}

_agentcore_allowed if {
	some stmt in policy.allows
	policy.grants_action(stmt, "sts:AssumeRole")
	some p in policy.principals(stmt)
	_is_agentcore(p)
}

_finding(p, msg) := result.with_severity(result.fail(p, msg), "medium") if {
	_medium(p)
} else := result.fail(p, msg)

_medium(p) if _same_account(p)

# Federated workloads narrowed by their token's subject.
_medium(p) if {
	p.type == "Federated"
	some stmt in policy.allows
	p in policy.principals(stmt)
	_subject_restricted(stmt)
}

# A federated provider's identities are not the account's, even when the
# provider is registered in the role's account.
_same_account(p) if {
	p.type != "Federated"
	p.account != ""
	p.account == _role_account
}

# Built on the AWS::AccountId pseudo parameter: the account the stack (and so
# the role) is deployed to.
_same_account(p) if {
	policy.unknown(p)
	p.type == "AWS"
	contains(p.value, "AWS::AccountId")
}

# A positive condition on the token's subject ('sub' of an OIDC provider, or
# saml:sub) whose every value names something: not only wildcards, and not a
# bare prefix such as 'repo:*' that admits every repository.
_subject_restricted(stmt) if {
	some c in stmt.conditions
	_subject_key(lower(c.key.value))
	not policy.negated(c)
	c.qualifier != "ForAllValues"
	not c.if_exists
	c.base != "Null"
	count(c.values) > 0
	every v in c.values {
		policy.known(v)
		not regex.match(`^[^:*?]*:?[*?]`, v.value)
		not regex.match(`^[*?]*$`, v.value)
	}
}

_subject_key(k) if endswith(k, ":sub")

_subject_key(k) if k == "saml:sub"

# The role's account: its ARN, else the one account of the memories using it.
_role_account := input.role.account

_role_account := account if {
	not input.role.account
	accounts := {m.account | some m in input.memories; m.account != ""}
	count(accounts) == 1
	some account in accounts
}

_describe(p) := "anyone ('*')" if p.class == "public"

_describe(p) := sprintf("'%s' (computed at deploy time, but %s whatever it resolves to)%s", [p.value, _type_nouns[p.type], _own(p)]) if policy.unknown(p)

_describe(p) := sprintf("the identities of the federated provider '%s' that its 'sub' condition admits", [p.value]) if {
	policy.known(p)
	p.type == "Federated"
	_medium(p)
}

_describe(p) := sprintf("every identity of the federated provider '%s' (no condition on the token's subject, 'sub', says which)", [p.value]) if {
	policy.known(p)
	p.type == "Federated"
	not _medium(p)
}

_describe(p) := sprintf("the whole account '%s'%s", [p.account, _own(p)]) if p.class == "account"

_describe(p) := sprintf("the %s '%s'%s", [_kinds[p.class], p.value, _own(p)]) if {
	_kinds[p.class]
	p.type != "Federated"
}

_describe(p) := sprintf("the service '%s'", [p.value]) if p.type == "Service"

_describe(p) := sprintf("'%s'", [p.value]) if {
	policy.known(p)
	p.type != "Service"
	p.type != "Federated"
	not p.class in {"public", "account"}
	not _kinds[p.class]
}

_type_nouns := {
	"AWS": "an AWS principal",
	"Federated": "a federated identity",
	"CanonicalUser": "an S3 canonical user",
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
