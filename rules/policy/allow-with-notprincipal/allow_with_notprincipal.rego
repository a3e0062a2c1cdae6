# METADATA
# title: Allow statement with NotPrincipal
# description: |
#   A statement with Effect Allow and NotPrincipal allows every principal
#   except the ones listed, including principals of every other account and,
#   in a resource policy, anonymous callers. IAM documents NotPrincipal only
#   for Deny: "Using it with Allow is not supported", and it is not allowed
#   at all in identity policies and role trust policies.
# related_resources:
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html
#   - ref: https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html
# custom:
#   id: ML010
#   severity: critical
#   inputs: [policy]
#   access_analyzer: [ALLOW_WITH_NOT_PRINCIPAL]
#   remediation: |
#     Name the principals to allow in Principal. To allow everyone but a few
#     principals, allow them with Principal and a condition on
#     aws:PrincipalArn using ArnNotEquals, or add a Deny statement with
#     NotPrincipal.
package rules.policy["allow-with-notprincipal"]

import data.lib.policy
import data.lib.result

# The finding points at the NotPrincipal key: the whole element is the
# defect, not one of the principals it lists. Conditions do not make the
# statement valid (Allow with NotPrincipal is unsupported whatever they say),
# so the rule fires with them too and says when they narrow the callers.
deny contains result.fail(stmt.principal, _message(stmt)) if {
	input.policy.has.not_principal
	some stmt in policy.allows
	stmt.principal.not
}

_message(stmt) := sprintf("The statement allows every principal except %s; Allow with NotPrincipal is not supported: name the allowed principals in Principal.", [_listed(stmt)]) if {
	not policy.restricts_callers(stmt)
}

_message(stmt) := sprintf("The statement allows every principal except %s that its conditions let through; Allow with NotPrincipal is not supported: name the allowed principals in Principal.", [_listed(stmt)]) if {
	policy.restricts_callers(stmt)
}

_listed(stmt) := concat(", ", [sprintf("'%s'", [p.value]) | some p in stmt.principal.values])
