# METADATA
# title: Memory resource policy grants a whole account
# description: |
#   After its conditions and every Deny of the policy, an Allow lets any role
#   or user of another account call the memory: it names the account root
#   (arn:aws:iam::<account>:root or a bare 12-digit account ID), or "*" with
#   a condition that admits a whole account (aws:PrincipalAccount, or an
#   aws:PrincipalArn pattern such as arn:aws:iam::<account>:role/*).
#   A whole-account grant delegates the decision to every identity the other
#   account's administrators choose to allow; the AWS guide's least-privilege advice is
#   to "grant access to specific IAM roles rather than the entire account
#   root to limit blast radius". A condition or Deny on aws:PrincipalArn that
#   narrows the grant to named roles is the documented pattern and passes;
#   the memory's own account is not a cross-account grant.
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

deny contains result.fail(p, _message(p, accounts)) if {
	some stmt in policy.allows
	some p in policy.principals(stmt)
	p.class in {"account", "public"}
	accounts := sort({a |
		some x in p.effective.actions
		x.reach == "account"
		not x.via_service
		some a in x.accounts
		a != object.get(input.memory, "account", "")
	})
	count(accounts) > 0
}

_message(p, _) := sprintf("The statement grants the whole account '%s' (%s) instead of specific roles.", [p.account, _spelling(p)]) if {
	p.class == "account"
}

_message(p, accounts) := sprintf("The principal '*' with the statement's conditions grants every role and user of %s instead of specific roles.", [_accounts(accounts)]) if {
	p.class == "public"
}

_accounts(accounts) := sprintf("account '%s'", [accounts[0]]) if count(accounts) == 1

_accounts(accounts) := sprintf("the accounts '%s'", [concat("', '", accounts)]) if count(accounts) > 1

_spelling(p) := "written as a bare account ID" if p.value == p.account

_spelling(p) := "its root ARN" if p.value != p.account
