# METADATA
# title: Policy document breaks the IAM policy grammar
# description: |
#   The document does not follow the IAM policy grammar, so AWS rejects it
#   with MalformedPolicyDocument or reads something other than what was
#   written: an unknown top-level or statement element (element names are
#   case-sensitive), a missing Statement or Effect, an Effect other than Allow
#   or Deny, both Action and NotAction (or neither), an empty array or object
#   where a value is required, or a value of the wrong JSON type.
#
#   Some elements depend on the kind of policy. An identity policy cannot name
#   a Principal or NotPrincipal: it applies to the identity it is attached to.
#   A resource-based policy (memory, S3 bucket, SNS topic, Kinesis stream) and
#   a role trust policy must name a principal in every statement. Identity and
#   resource-based policies need Resource or NotResource in every statement,
#   while a role trust policy can have neither Resource nor NotResource (the
#   resource is the role itself) nor NotPrincipal. A permissions boundary is
#   an identity policy. A service control policy names no principal (it
#   applies to the principals of the accounts it is attached to); a resource
#   control policy names the principal "*" in every statement, never
#   NotPrincipal, and only the AWS managed RCPFullAWSAccess may Allow.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML002
#   severity: high
#   inputs: [policy]
#   access_analyzer:
#     - MISSING_STATEMENT
#     - MISSING_EFFECT
#     - INVALID_EFFECT
#     - MISSING_ACTION
#     - MISSING_RESOURCE
#     - MISSING_PRINCIPAL
#     - UNSUPPORTED_PRINCIPAL
#     - INVALID_POLICY_ELEMENT
#     - UNSUPPORTED_ELEMENT_COMBINATION
#     - DATA_TYPE_MISMATCH
#     - INVALID_VERSION
#     - ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL
#     - ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE
#   remediation: |
#     Write the document in the grammar of the IAM User Guide: top-level
#     Version, Id and Statement only; in each statement Sid, Effect ("Allow" or
#     "Deny"), one of Principal/NotPrincipal, one of Action/NotAction, one of
#     Resource/NotResource and Condition, spelled with that exact case. Give
#     every resource-based and trust policy statement a Principal, remove
#     Principal from identity policies, give identity and resource-based
#     statements a Resource, and remove Resource and NotPrincipal from role
#     trust policies.
package rules.policy["policy-grammar"]

import data.lib.result

# The problems the Go decoder found while reading the document (unknown
# elements, wrong JSON types, missing Statement/Effect/Action, conflicting
# pairs, empty arrays): reported as they are, at their position.
deny contains result.fail(p, p.msg) if {
	some p in input.policy.problems
}

# Principal or NotPrincipal in a policy known to be an identity policy (or
# a permissions boundary, which is one). An inferred identity policy has no
# principal by definition.
deny contains result.fail(stmt.principal, msg) if {
	input.policy.kind in {"identity", "permissions-boundary"}
	not input.policy.kind_inferred
	input.policy.has.principal
	some stmt in input.policy.statements
	stmt.principal
	msg := sprintf("An identity policy cannot have '%s': it applies to the user or role it is attached to.", [_principal_key(stmt)])
}

# Service control policies: "SCP syntax error principal" (Access Analyzer
# policy checks); AWS Organizations User Guide, orgs_manage_policies_scps_syntax.html.
deny contains result.fail(stmt.principal, msg) if {
	input.policy.kind == "scp"
	input.policy.has.principal
	some stmt in input.policy.statements
	stmt.principal
	msg := sprintf("A service control policy cannot have '%s': it applies to the principals of the accounts it is attached to.", [_principal_key(stmt)])
}

# Resource control policies: the principal is "*" and only RCPFullAWSAccess
# allows (orgs_manage_policies_rcps_syntax.html).
deny contains result.fail(v, msg) if {
	input.policy.kind == "rcp"
	some stmt in input.policy.statements
	not stmt.principal.not
	some v in stmt.principal.values
	v.class != "public"
	not v.unknown
	msg := sprintf("A resource control policy must name the principal '*', not '%s': narrow it with conditions (aws:PrincipalArn, aws:PrincipalOrgID).", [v.value])
}

deny contains result.fail(stmt.principal, "A resource control policy cannot use 'NotPrincipal': name the principal '*' and narrow it with conditions.") if {
	input.policy.kind == "rcp"
	input.policy.has.not_principal
	some stmt in input.policy.statements
	stmt.principal.not
}

deny contains result.fail(stmt.effect, "Only the AWS managed RCPFullAWSAccess policy may Allow in a resource control policy: write Deny statements.") if {
	input.policy.kind == "rcp"
	some stmt in input.policy.statements
	stmt.effect.value == "Allow"
}

deny contains result.fail(stmt, msg) if {
	input.policy.has.no_principal
	input.policy.kind in _principal_required
	some stmt in input.policy.statements
	not stmt.principal
	msg := sprintf("The statement names no principal, which every statement of %s must.", [_kind_names[input.policy.kind]])
}

deny contains result.fail(stmt, msg) if {
	input.policy.has.no_resource
	input.policy.kind in _resource_required
	some stmt in input.policy.statements
	not stmt.resource
	msg := sprintf("The statement has neither Resource nor NotResource, which every statement of %s must have.", [_kind_names[input.policy.kind]])
}

deny contains result.fail(stmt.resource, msg) if {
	input.policy.kind == "trust"
	some stmt in input.policy.statements
	stmt.resource
	msg := sprintf("A role trust policy cannot have '%s': the resource is the role itself.", [_resource_key(stmt)])
}

deny contains result.fail(stmt.principal, msg) if {
	input.policy.kind == "trust"
	input.policy.has.not_principal
	some stmt in input.policy.statements
	stmt.principal.not
	msg := "A role trust policy cannot use 'NotPrincipal': name the principals that may assume the role with 'Principal'."
}

# The resource-based kinds, and those with trust and rcp: written out, as
# OPA computes a set expression again on every evaluation (a union here
# was a sixth of the rule's time).
_principal_required := {"memory", "s3", "sns", "kinesis", "kms", "trust", "rcp"}

# Whether an RCP statement must have Resource is UNCONFIRMED (the RCP syntax
# page lists the element without saying): not required here.
_resource_required := {"memory", "s3", "sns", "kinesis", "kms", "identity", "permissions-boundary"}

_kind_names := {
	"identity": "an identity policy",
	"trust": "a role trust policy",
	"memory": "a memory resource-based policy",
	"s3": "an S3 bucket policy",
	"sns": "an SNS topic policy",
	"kinesis": "a Kinesis resource policy",
	"kms": "a KMS key policy",
	"rcp": "a resource control policy",
	"permissions-boundary": "a permissions boundary",
}

_principal_key(stmt) := "NotPrincipal" if stmt.principal.not

_principal_key(stmt) := "Principal" if not stmt.principal.not

_resource_key(stmt) := "NotResource" if stmt.resource.not

_resource_key(stmt) := "Resource" if not stmt.resource.not
