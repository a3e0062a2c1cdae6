# METADATA
# title: Memory resource policy grants an account root
# description: |
#   The memory's resource-based policy allows a whole account — written as
#   arn:aws:iam::<account>:root or as a bare 12-digit account ID — rather than
#   specific roles. That delegates the decision to every identity the other
#   account's administrators choose to allow; the AWS guide's least-privilege
#   advice is to "grant access to specific IAM roles rather than the entire
#   account root to limit blast radius".
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML101
#   severity: medium
#   inputs: [memory_policy]
#   remediation: |
#     Name the roles that call the data plane, e.g.
#     "Principal": {"AWS": "arn:aws:iam::<account-B-id>:role/AgentMemoryReaderRole"},
#     instead of the account. If the account root is intended, add a condition on
#     aws:PrincipalArn naming the roles.
package rules.rbp["root-principal-grant"]

import data.lib.policy
import data.lib.result

deny contains result.fail(p, _message(p)) if {
	some stmt in policy.allows
	some p in policy.principals(stmt)
	p.class == "account"
	not _scoped_to_principals(stmt)
}

_message(p) := sprintf("The statement grants the whole account '%s' (%s) instead of specific roles.", [p.account, _spelling(p)])

_spelling(p) := "written as a bare account ID" if p.value == p.account

_spelling(p) := "its root ARN" if p.value != p.account

# A condition on aws:PrincipalArn (positive, concrete) narrows the account
# grant to named roles: then the account principal is the documented pattern.
_scoped_to_principals(stmt) if {
	some c in stmt.conditions
	lower(c.key.value) == "aws:principalarn"
	policy.restricts(c)
}
