# METADATA
# title: Principal given as a unique ID
# description: |
#   A principal value such as AROA1234567890EXAMPLE (a role) or
#   AIDA1234567890EXAMPLE (a user) is an IAM unique ID. IAM stores the
#   principal ARN of a trust or resource policy as the principal's unique ID
#   and shows the ID instead of the ARN once the role or user was deleted,
#   because it can no longer map it back to an ARN. The statement therefore
#   names an identity that no longer exists: a role or user re-created with
#   the same name has a new unique ID and is not matched.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html
# custom:
#   id: ML011
#   severity: medium
#   inputs: [policy]
#   access_analyzer: [INVALID_ROLE_REFERENCE, INVALID_USER_REFERENCE]
#   remediation: |
#     Remove the unique ID, or replace it with the ARN of the role or user
#     meant (re-saving the policy with the ARN binds it to the current
#     principal). To keep matching a role across deletion and re-creation,
#     name it in a condition on aws:PrincipalArn, which is not converted to
#     a unique ID.
package rules.policy["deleted-principal"]

import data.lib.result

# Conditions do not matter here: whatever they say, the principal value
# itself matches no caller any more.
deny contains result.fail(p, _message(stmt, p)) if {
	input.policy.has.principal
	some stmt in input.policy.statements
	some p in stmt.principal.values
	p.class == "unique-id"
}

_entities := {
	"AROA": "role",
	"AIDA": "user",
}

_entity(p) := _entities[substring(p.value, 0, 4)]

_effect(stmt) := stmt.effect.value

_effect(stmt) := "" if not stmt.effect

_message(stmt, p) := sprintf("The principal '%s' is the unique ID of a deleted %s; %s", [p.value, _entity(p), _consequence(stmt, _entity(p))])

# Other unique-ID prefixes (AGPA group, ANPA policy, AKIA access key, …)
# never name a principal: IAM cannot have written them for a live one.
_message(_, p) := sprintf("The principal '%s' is an IAM unique ID of something that is neither a role nor a user (prefix '%s'); it matches no caller.", [p.value, substring(p.value, 0, 4)]) if {
	not _entity(p)
}

_consequence(stmt, entity) := sprintf("the grant is dead and a re-created %s of the same name does not get it.", [entity]) if {
	not stmt.principal.not
	_effect(stmt) == "Allow"
}

_consequence(stmt, entity) := sprintf("the Deny no longer applies to a re-created %s of the same name.", [entity]) if {
	not stmt.principal.not
	_effect(stmt) != "Allow"
}

_consequence(stmt, entity) := sprintf("a re-created %s of the same name is not excepted by NotPrincipal.", [entity]) if {
	stmt.principal.not
}
