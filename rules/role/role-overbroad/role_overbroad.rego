# METADATA
# title: Execution role allows more than delivery needs
# description: |
#   The memory execution role (a role a memory definition names, or one
#   that trusts bedrock-agentcore.amazonaws.com) allows every action ('*'),
#   every action of a delivery service (s3:*, sns:*, kinesis:*) or a
#   delivery service's actions on every resource (Resource '*'). A confused
#   or compromised memory could then write anywhere the role reaches.
# related_resources:
#   - ref: https://docs.aws.amazon.com/bedrock-agentcore/latest/devguide/memory-cross-account-access.html
# custom:
#   id: ML303
#   severity: medium
#   inputs: [role]
#   remediation: |
#     Grant only the delivery actions on the destinations the memory names:
#     s3:PutObject/s3:GetObject on arn:aws:s3:::<bucket>/*, sns:Publish on the
#     topic ARN, kinesis:PutRecords/kinesis:DescribeStream on the stream ARN.
package rules.role["role-overbroad"]

import data.lib.result

_services := {"s3", "sns", "kinesis"}

_allows contains stmt if {
	input.role.execution
	some p in input.policies
	some stmt in p.statements
	stmt.effect.value == "Allow"
}

deny contains result.fail(a, sprintf("The execution role allows '%s': every action of %s.", [a.value, _what(a.value)])) if {
	some stmt in _allows
	not stmt.action.not
	some a in stmt.action.values
	_broad(lower(a.value))
}

deny contains result.fail(r, sprintf("The execution role allows '%s' on every resource ('*').", [a.value])) if {
	some stmt in _allows
	not stmt.action.not
	not stmt.resource.not
	some r in stmt.resource.values
	r.value == "*"
	some a in stmt.action.values
	not _broad(lower(a.value))
	split(lower(a.value), ":")[0] in _services
}

# "*" and "<service>:*" for each of _services, written out: a set lookup,
# where a function over _services cost a loop per action.
_broad_actions := {"*", "s3:*", "sns:*", "kinesis:*"}

_broad(a) if a in _broad_actions

_what("*") := "every service"

_what(a) := sprintf("'%s'", [split(a, ":")[0]]) if a != "*"
